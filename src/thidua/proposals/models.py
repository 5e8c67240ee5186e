"""Proposal dossiers (hồ sơ đề nghị khen thưởng), council sessions (phiên họp Hội đồng Thi đua –
Khen thưởng) and award decisions (quyết định khen thưởng) that write the registry.

Two kinds of dossier share one model: a cluster's dossier to its authority (entries from the
cluster's selection) and a unit's dossier for its own people (entries picked from the registry),
addressed either to a higher authority or to the unit's own head. A decision may be issued by any
body; once issued it points at the registry's `awards.Decision` (one registry, no second copy) and
each of its entries at the `awards.Conferral` it wrote.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from thidua.organisations.models import Person, Unit

from .enums import CouncilState, DecisionState, DossierKind, DossierState, EntryDecision, EntrySource

ONE_SUBJECT = (Q(person__isnull=False) & Q(unit__isnull=True)) | (
    Q(person__isnull=True) & Q(unit__isnull=False)
)


class Dossier(models.Model):
    kind = models.CharField(max_length=10, choices=DossierKind.choices)
    sender = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="sent_dossiers")
    authority = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="received_dossiers")
    cluster = models.ForeignKey(
        "clusters.Cluster", null=True, blank=True, on_delete=models.PROTECT, related_name="dossiers"
    )
    year = models.PositiveSmallIntegerField()  # the achievement year
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)  # the submission's (tờ trình) body
    state = models.CharField(max_length=12, choices=DossierState.choices, default=DossierState.DRAFT)
    submission_number = models.PositiveIntegerField(null=True, blank=True)  # of the tờ trình
    submitted_on = models.DateField(null=True, blank=True)
    submissions = models.PositiveSmallIntegerField(default=0)  # 2 and more: resubmitted
    return_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-year", "sender__sort_key", "id"]
        indexes = [models.Index(fields=["authority", "year", "state"])]
        verbose_name = "hồ sơ đề nghị khen thưởng"
        verbose_name_plural = "hồ sơ đề nghị khen thưởng"

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.state in (DossierState.DRAFT, DossierState.RETURNED)


class DossierEntry(models.Model):
    """One subject proposed for one title or award form, with its eligibility as checked."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveSmallIntegerField(default=0)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=20)  # from the catalogue (awards.eligibility.codes)
    source = models.CharField(max_length=10, choices=EntrySource.choices, default=EntrySource.REGISTRY)
    selection_session = models.ForeignKey(
        "voting.VotingSession", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=1000, blank=True)  # achievements in short, the ranking
    # the eligibility engine's answer when last checked (at adding and at submission)
    verdict = models.CharField(max_length=16, blank=True)
    rule_set = models.CharField(max_length=80, blank=True)
    reasons = models.JSONField(default=list)  # sentences of the conditions not met or not known
    checked_at = models.DateTimeField(null=True, blank=True)
    # a person's reasoned decision where the engine answers needs_decision / needs_rule
    decision = models.CharField(max_length=8, choices=EntryDecision.choices, blank=True, default="")
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # the council's vote
    candidate_key = models.CharField(max_length=20, blank=True)
    recommended = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["dossier", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=ONE_SUBJECT, name="dossier_entry_one_subject"),
            models.UniqueConstraint(
                fields=["dossier", "person", "code"],
                condition=Q(person__isnull=False),
                name="dossier_entry_person_code",
            ),
            models.UniqueConstraint(
                fields=["dossier", "unit", "code"],
                condition=Q(unit__isnull=False),
                name="dossier_entry_unit_code",
            ),
        ]
        verbose_name = "đối tượng đề nghị"
        verbose_name_plural = "đối tượng đề nghị"

    def __str__(self) -> str:
        return f"{self.subject} – {self.code}"

    @property
    def subject(self) -> Person | Unit:
        return self.person or self.unit  # type: ignore[return-value]

    @property
    def subject_name(self) -> str:
        return self.person.full_name if self.person_id else self.unit.name  # type: ignore[union-attr]

    @property
    def verdict_label(self) -> str:
        from thidua.awards.enums import Verdict

        return str(Verdict(self.verdict).label) if self.verdict in Verdict.values else "Chưa xét"


class DossierEvent(models.Model):
    """The status history the sender sees: every submission, return (with its reason) and step."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=12, choices=DossierState.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=DossierState.choices)
    at = models.DateTimeField()
    actor_label = models.CharField(max_length=200)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["dossier", "at", "id"]
        verbose_name = "lịch sử hồ sơ"
        verbose_name_plural = "lịch sử hồ sơ"

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.from_state} → {self.to_state}"


class DossierAttachment(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="proposals/attachments/")
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["dossier", "uploaded_at", "id"]
        verbose_name = "tài liệu kèm theo"
        verbose_name_plural = "tài liệu kèm theo"

    def __str__(self) -> str:
        return self.name


class CouncilSession(models.Model):
    """A meeting of the authority's emulation and commendation council on an agenda of dossiers."""

    authority = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="council_sessions")
    year = models.PositiveSmallIntegerField()  # the achievement year reviewed
    title = models.CharField(max_length=300)
    held_on = models.DateField()
    place = models.CharField(max_length=255, blank=True)
    chair = models.CharField(max_length=200)
    secretary = models.CharField(max_length=200)
    state = models.CharField(max_length=10, choices=CouncilState.choices, default=CouncilState.PREPARING)
    vote = models.OneToOneField(
        "voting.VotingSession",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="council_session",
    )
    minutes = models.TextField(blank=True)  # the conclusions written into the minutes
    minuted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "id"]
        verbose_name = "phiên họp Hội đồng Thi đua – Khen thưởng"
        verbose_name_plural = "phiên họp Hội đồng Thi đua – Khen thưởng"

    def __str__(self) -> str:
        return self.title


class CouncilMember(models.Model):
    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="members")
    label = models.CharField(max_length=300)  # "Ông Nguyễn Văn A, Thứ trưởng — Chủ tịch Hội đồng"
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["session", "position", "id"]
        verbose_name = "thành viên Hội đồng"
        verbose_name_plural = "thành viên Hội đồng"

    def __str__(self) -> str:
        return self.label


class AgendaItem(models.Model):
    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="agenda")
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["session", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "dossier"], name="agenda_dossier_once")]
        verbose_name = "hồ sơ trong chương trình họp"
        verbose_name_plural = "hồ sơ trong chương trình họp"

    def __str__(self) -> str:
        return f"{self.session_id}: {self.dossier_id}"


class AwardDecision(models.Model):
    """A decision as drafted and issued (number, symbol, signer, grounds, the attached list).

    `registry` is the registry's record of it, created when the decision is issued."""

    body = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="award_decisions")
    issuer = models.CharField(max_length=255)  # "Bộ trưởng Bộ Tài nguyên và Môi trường"
    year = models.PositiveSmallIntegerField()  # the achievement year it commends
    subject_line = models.CharField(max_length=300)  # "Về việc tặng Cờ thi đua và Bằng khen …"
    symbol = models.CharField(max_length=30)  # "QĐ-BTNMT"
    number = models.PositiveIntegerField(null=True, blank=True)
    number_year = models.PositiveSmallIntegerField(null=True, blank=True)  # numbering restarts yearly
    issued_on = models.DateField(null=True, blank=True)
    place = models.CharField(max_length=100, blank=True)  # "Hà Nội"
    signer_name = models.CharField(max_length=200, blank=True)
    signer_title = models.CharField(max_length=200, blank=True)  # "BỘ TRƯỞNG"
    legal_grounds = models.TextField(blank=True)  # one ground a line ("Căn cứ …")
    state = models.CharField(max_length=8, choices=DecisionState.choices, default=DecisionState.DRAFT)
    registry = models.OneToOneField(
        "awards.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="award_decision"
    )
    dossiers = models.ManyToManyField(Dossier, blank=True, related_name="decisions")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    revoked_on = models.DateField(null=True, blank=True)
    revocation_basis = models.CharField(max_length=255, blank=True)
    revocation_reason = models.TextField(blank=True)
    # folded (no diacritics, lower case) number, subject line, issuer and recipients: public search
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-issued_on", "-number", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "number_year", "number"],
                condition=Q(number__isnull=False),
                name="award_decision_number_per_body_year",
            )
        ]
        verbose_name = "quyết định khen thưởng (văn bản)"
        verbose_name_plural = "quyết định khen thưởng (văn bản)"

    def __str__(self) -> str:
        if self.number is None:
            return f"Dự thảo quyết định {self.subject_line}"
        return f"Quyết định số {self.full_number}"

    @property
    def full_number(self) -> str:
        return f"{self.number}/{self.symbol}" if self.number is not None else ""


class DecisionEntry(models.Model):
    """One line of the decision's list: who receives what, and the registry entry it wrote."""

    decision = models.ForeignKey(AwardDecision, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveIntegerField(default=0)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=300)  # the name as printed
    unit_label = models.CharField(max_length=300, blank=True)  # a person's unit, as printed
    dossier_entry = models.ForeignKey(
        DossierEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="decision_entries"
    )
    conferral = models.OneToOneField(
        "awards.Conferral", null=True, blank=True, on_delete=models.PROTECT, related_name="decision_entry"
    )
    search_text = models.CharField(max_length=700, blank=True, editable=False)  # folded label + unit

    class Meta:
        ordering = ["decision", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=ONE_SUBJECT, name="decision_entry_one_subject"),
            models.UniqueConstraint(
                fields=["decision", "person", "code"],
                condition=Q(person__isnull=False),
                name="decision_entry_person_code",
            ),
            models.UniqueConstraint(
                fields=["decision", "unit", "code"],
                condition=Q(unit__isnull=False),
                name="decision_entry_unit_code",
            ),
        ]
        verbose_name = "người, tập thể được khen"
        verbose_name_plural = "người, tập thể được khen"

    def __str__(self) -> str:
        return f"{self.label} – {self.code}"

    @property
    def subject(self) -> Person | Unit:
        return self.person or self.unit  # type: ignore[return-value]
