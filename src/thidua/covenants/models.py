"""The first half of an emulation year: plan, covenant (criteria, signatures), registrations."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from thidua.clusters.models import Conference, EmulationYear
from thidua.covenants.enums import (
    Aggregation,
    CovenantStatus,
    LineKind,
    PlanItemKind,
    PlanStatus,
    SubjectKind,
    TaskStatus,
    TieBreak,
)
from thidua.organisations.models import Unit

POINTS = {"max_digits": 7, "decimal_places": 2}


class Plan(models.Model):
    """The year's plan for emulation, commendation and outreach; read-only once adopted."""

    emulation_year = models.OneToOneField(EmulationYear, on_delete=models.CASCADE, related_name="plan")
    title = models.CharField(max_length=300)
    introduction = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    adopted_at = models.ForeignKey(
        Conference, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    adopted_on = models.DateField(null=True, blank=True)
    adopted_place = models.CharField(max_length=255, blank=True)
    adopted_by = models.CharField(max_length=500, blank=True)  # who adopted it ("các đơn vị thành viên …")
    number = models.PositiveIntegerField(null=True, blank=True)  # document number, given at adoption

    class Meta:
        verbose_name = "kế hoạch thi đua"
        verbose_name_plural = "kế hoạch thi đua"

    def __str__(self) -> str:
        return self.title

    @property
    def is_adopted(self) -> bool:
        return self.status == PlanStatus.ADOPTED


class PlanItem(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=10, choices=PlanItemKind.choices)
    order = models.PositiveSmallIntegerField()
    text = models.TextField()
    responsible_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED)

    class Meta:
        ordering = ["kind", "order", "id"]
        verbose_name = "nội dung kế hoạch"
        verbose_name_plural = "nội dung kế hoạch"

    def __str__(self) -> str:
        return self.text[:80]


class PlanComment(models.Model):
    """A member's comment on one item of a draft plan."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "góp ý kế hoạch"
        verbose_name_plural = "góp ý kế hoạch"

    def __str__(self) -> str:
        return self.text[:80]


class Covenant(models.Model):
    """One version of the year's covenant. Frozen from the first signature; a change makes a new
    version (the old one `superseded`) that every member signs again."""

    emulation_year = models.ForeignKey(EmulationYear, on_delete=models.CASCADE, related_name="covenants")
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=12, choices=CovenantStatus.choices, default=CovenantStatus.DRAFT)
    theme = models.TextField()
    commitments = models.TextField(blank=True)  # one commitment per line
    total_points = models.DecimalField(**POINTS, default=Decimal(100))
    bonus_cap = models.DecimalField(**POINTS, default=Decimal(0))
    penalty_cap = models.DecimalField(**POINTS, default=Decimal(0))
    aggregation = models.CharField(max_length=15, choices=Aggregation.choices, default=Aggregation.MEAN)
    trim_count = models.PositiveSmallIntegerField(default=1)  # scores dropped at each end (trimmed mean)
    self_score_counts = models.BooleanField(default=False)
    self_score_weight = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal(0))
    normalise = models.BooleanField(default=False)
    tie_break = models.CharField(max_length=20, choices=TieBreak.choices, default=TieBreak.VOTE)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    frozen_at = models.DateTimeField(null=True, blank=True)
    number = models.PositiveIntegerField(null=True, blank=True)
    signed_pdf = models.FileField(upload_to="covenants/signed/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["emulation_year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["emulation_year", "version"], name="one_covenant_per_version"),
            models.CheckConstraint(condition=Q(total_points__gt=0), name="covenant_total_positive"),
            models.CheckConstraint(
                condition=Q(self_score_weight__gte=0) & Q(self_score_weight__lte=1), name="self_weight_0_1"
            ),
        ]
        verbose_name = "giao ước thi đua"
        verbose_name_plural = "giao ước thi đua"

    def __str__(self) -> str:
        return f"Giao ước thi đua năm {self.emulation_year.year} (phiên bản {self.version})"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None or self.status != CovenantStatus.DRAFT

    @property
    def commitment_lines(self) -> list[str]:
        return [line.strip() for line in self.commitments.splitlines() if line.strip()]


class CriterionGroup(models.Model):
    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="groups")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=300)
    max_points = models.DecimalField(**POINTS)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "nhóm tiêu chí"
        verbose_name_plural = "nhóm tiêu chí"

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    group = models.ForeignKey(CriterionGroup, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField()
    name = models.TextField()
    max_points = models.DecimalField(**POINTS)
    guidance = models.TextField(blank=True)
    evidence = models.TextField(blank=True)
    legal_basis = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "tiêu chí"
        verbose_name_plural = "tiêu chí"

    def __str__(self) -> str:
        return self.name[:80]


class ScoreLine(models.Model):
    """A bonus or penalty line outside the criteria; `points` is positive, the kind gives the sign."""

    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(max_length=10, choices=LineKind.choices)
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=300)
    points = models.DecimalField(**POINTS)

    class Meta:
        ordering = ["kind", "order", "id"]
        verbose_name = "điểm thưởng, điểm trừ"
        verbose_name_plural = "điểm thưởng, điểm trừ"

    def __str__(self) -> str:
        return self.name


class Signature(models.Model):
    """One member's signature of one covenant version, by its head or an officer acting for them."""

    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="signatures")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(max_length=150)
    signer_position = models.CharField(max_length=200)
    signed_on = models.DateField()
    place = models.CharField(max_length=255)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acting_for_head = models.BooleanField(default=False)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["unit__sort_key"]
        constraints = [models.UniqueConstraint(fields=["covenant", "unit"], name="one_signature_per_unit")]
        verbose_name = "chữ ký giao ước"
        verbose_name_plural = "chữ ký giao ước"

    def __str__(self) -> str:
        return f"{self.signer_name} ({self.unit})"


class RegistrationCall(models.Model):
    """The leader's call to register, with its deadline."""

    emulation_year = models.OneToOneField(
        EmulationYear, on_delete=models.CASCADE, related_name="registration_call"
    )
    deadline = models.DateField()

    class Meta:
        verbose_name = "thời hạn đăng ký thi đua"
        verbose_name_plural = "thời hạn đăng ký thi đua"

    def __str__(self) -> str:
        return f"{self.emulation_year}: hạn {self.deadline:%d/%m/%Y}"


class Registration(models.Model):
    """A member unit's registration (đăng ký thi đua) for the year."""

    emulation_year = models.ForeignKey(EmulationYear, on_delete=models.CASCADE, related_name="registrations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["unit__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["emulation_year", "unit"], name="one_registration_per_unit")
        ]
        verbose_name = "đăng ký thi đua"
        verbose_name_plural = "đăng ký thi đua"

    def __str__(self) -> str:
        return f"{self.unit} – {self.emulation_year.year}"


class RegistrationEntry(models.Model):
    """One registered target: the collective's own, or one person's."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="entries")
    subject_kind = models.CharField(max_length=10, choices=SubjectKind.choices)
    person_name = models.CharField(max_length=150, blank=True)
    person_position = models.CharField(max_length=200, blank=True)
    target = models.CharField(max_length=12)  # a glossary code
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["subject_kind", "order", "id"]
        verbose_name = "nội dung đăng ký"
        verbose_name_plural = "nội dung đăng ký"

    def __str__(self) -> str:
        return f"{self.person_name or 'Tập thể'}: {self.target}"
