"""Movements, clusters and blocs, their members and leaders per year, and their conferences."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from thidua.clusters.enums import ClusterKind, ConferenceKind, MeetingRole, OutcomeKind, YearState
from thidua.organisations.models import Person, Unit


class Movement(models.Model):
    """An emulation drive (phong trào thi đua) launched by an authority, with a theme and a period."""

    authority = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="movements")
    name = models.CharField(max_length=300)
    theme = models.TextField(blank=True)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    legal_basis = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="movement_period"
            )
        ]
        verbose_name = "phong trào thi đua"
        verbose_name_plural = "phong trào thi đua"

    def __str__(self) -> str:
        return self.name


class Cluster(models.Model):
    """A cluster or bloc of comparable units under an authority (a ministry or a province)."""

    authority = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="clusters")
    kind = models.CharField(max_length=10, choices=ClusterKind.choices, default=ClusterKind.CLUSTER)
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    sort_key = models.CharField(max_length=600, db_index=True)

    class Meta:
        ordering = ["authority__sort_key", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "kind", "number"], name="cluster_number_per_authority"
            )
        ]
        verbose_name = "cụm, khối thi đua"
        verbose_name_plural = "cụm, khối thi đua"

    def __str__(self) -> str:
        return self.name


class ClusterMembership(models.Model):
    """A unit is a member of a cluster for one year. `authority` repeats the cluster's so the
    database itself refuses a unit in two clusters of one authority in the same year."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="memberships")
    authority = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cluster_memberships")
    year = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["year", "unit__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "unit", "year"], name="one_cluster_per_authority_year"
            )
        ]
        indexes = [models.Index(fields=["cluster", "year"])]
        verbose_name = "thành viên cụm"
        verbose_name_plural = "thành viên cụm"

    def __str__(self) -> str:
        return f"{self.unit} – {self.cluster} ({self.year})"


class ClusterLeadership(models.Model):
    """The leader (trưởng cụm) and deputy (phó trưởng cụm) of a cluster for one year."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="leaderships")
    year = models.PositiveSmallIntegerField()
    leader = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    deputy = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_by = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["cluster", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="one_leadership_per_cluster_year"),
            models.CheckConstraint(condition=~Q(leader=models.F("deputy")), name="leader_is_not_deputy"),
        ]
        verbose_name = "trưởng cụm, phó trưởng cụm"
        verbose_name_plural = "trưởng cụm, phó trưởng cụm"

    def __str__(self) -> str:
        return f"{self.cluster} {self.year}: {self.leader}"


class Conference(models.Model):
    """A meeting of the cluster: where, when, who hosted, who came, what was decided."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="conferences")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=ConferenceKind.choices)
    title = models.CharField(max_length=300)
    date = models.DateField()
    place = models.CharField(max_length=255)
    host = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(blank=True)
    # Start and end times, local (Asia/Ho_Chi_Minh): the minutes state both (Decree 30 form).
    starts_at = models.TimeField(null=True, blank=True)
    ends_at = models.TimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "id"]
        verbose_name = "hội nghị"
        verbose_name_plural = "hội nghị"

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"


class ConferenceAttendee(models.Model):
    """Someone present: a person of a unit, or a guest described by name, position and organisation."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attendees")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=150)
    position = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=255, blank=True)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    is_guest = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)
    role = models.CharField(max_length=10, choices=MeetingRole.choices, default=MeetingRole.NONE, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "đại biểu dự hội nghị"
        verbose_name_plural = "đại biểu dự hội nghị"

    def __str__(self) -> str:
        return self.name


# --- Emulation year and conference extensions (issue 3) -------------------------------------------


class EmulationYear(models.Model):
    """One cluster's cycle for one calendar year (năm thi đua). Its state moves only through
    `clusters.services.advance_year` and `reopen_year`, each audited."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="emulation_years")
    year = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=20, choices=YearState.choices, default=YearState.PLANNING)
    state_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cluster", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="one_emulation_year_per_cluster")
        ]
        verbose_name = "năm thi đua"
        verbose_name_plural = "năm thi đua"

    def __str__(self) -> str:
        return f"{self.cluster} – năm {self.year}"

    @property
    def cluster_year(self) -> tuple[Cluster, int]:
        return (self.cluster, self.year)


class YearTransition(models.Model):
    """The history of an emulation year's states: every advance and every reopening, with reason."""

    emulation_year = models.ForeignKey(EmulationYear, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=YearState.choices)
    to_state = models.CharField(max_length=20, choices=YearState.choices)
    is_reopening = models.BooleanField(default=False)
    reason = models.TextField(blank=True)
    at = models.DateTimeField()
    actor_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "chuyển trạng thái năm thi đua"
        verbose_name_plural = "chuyển trạng thái năm thi đua"

    def __str__(self) -> str:
        return f"{self.emulation_year}: {self.from_state} → {self.to_state}"


class ConferenceAgendaItem(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    presenter = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "nội dung chương trình hội nghị"
        verbose_name_plural = "chương trình hội nghị"

    def __str__(self) -> str:
        return self.title


class ConferenceOutcome(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(max_length=30, choices=OutcomeKind.choices)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "kết quả hội nghị"
        verbose_name_plural = "kết quả hội nghị"

    def __str__(self) -> str:
        return self.get_kind_display()


class ConferencePhoto(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="conferences/%Y/")
    caption = models.CharField(max_length=300)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "ảnh hội nghị"
        verbose_name_plural = "ảnh hội nghị"

    def __str__(self) -> str:
        return self.caption
