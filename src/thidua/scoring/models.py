"""The year-end review: self-assessment sheets, cross-scoring, evidence queries, appeals, ranks.

A `Review` belongs to one emulation year and scores one covenant version; every sheet points at that
version, so a sheet of another version can never be mixed in. Sheets carry a `revision` counter for
optimistic concurrency (a save names the revision it started from; a stale one is refused).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from thidua.clusters.models import EmulationYear
from thidua.covenants.models import POINTS, Covenant, Criterion, ScoreLine
from thidua.organisations.models import Unit
from thidua.scoring.enums import AssignmentMode, EvidenceKind, ReviewStage, SheetStatus


class Review(models.Model):
    emulation_year = models.OneToOneField(EmulationYear, on_delete=models.CASCADE, related_name="review")
    covenant = models.ForeignKey(Covenant, on_delete=models.PROTECT, related_name="+")
    self_deadline = models.DateField()
    cross_deadline = models.DateField(null=True, blank=True)
    mode = models.CharField(max_length=10, choices=AssignmentMode.choices, default=AssignmentMode.ALL)
    stage = models.CharField(max_length=10, choices=ReviewStage.choices, default=ReviewStage.SCORING)
    appeal_deadline = models.DateField(null=True, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every write that can change the outcome (scores, claims, assignments, appeals): a
    # stored outcome computed at another value is stale (see ReviewOutcome).
    inputs_revision = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "đợt chấm điểm thi đua"
        verbose_name_plural = "đợt chấm điểm thi đua"

    def __str__(self) -> str:
        return f"Chấm điểm thi đua năm {self.emulation_year.year} – {self.emulation_year.cluster}"


class SelfAssessment(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="sheets")
    covenant = models.ForeignKey(Covenant, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    revision = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    is_late = models.BooleanField(default=False)
    return_reason = models.TextField(blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["unit__sort_key", "id"]
        constraints = [models.UniqueConstraint(fields=["review", "unit"], name="one_sheet_per_unit")]
        verbose_name = "bảng tự chấm điểm"
        verbose_name_plural = "bảng tự chấm điểm"

    def __str__(self) -> str:
        return f"Bảng tự chấm điểm của {self.unit}"


class SelfScore(models.Model):
    sheet = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(**POINTS)
    explanation = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="one_self_score_per_criterion"),
            models.CheckConstraint(condition=Q(score__gte=0), name="self_score_not_negative"),
        ]
        verbose_name = "điểm tự chấm"
        verbose_name_plural = "điểm tự chấm"


class SelfLine(models.Model):
    """A bonus or penalty line the unit claims (penalties declared honestly count too)."""

    sheet = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey(ScoreLine, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(**POINTS)
    explanation = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sheet", "line"], name="one_claim_per_line"),
            models.CheckConstraint(condition=Q(points__gte=0), name="line_points_not_negative"),
        ]
        verbose_name = "điểm thưởng, điểm trừ kê khai"
        verbose_name_plural = "điểm thưởng, điểm trừ kê khai"


class Evidence(models.Model):
    sheet = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.ForeignKey(
        Criterion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    line = models.ForeignKey(ScoreLine, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=6, choices=EvidenceKind.choices)
    description = models.CharField(max_length=500)
    file = models.FileField(upload_to="scoring/evidence/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    size = models.PositiveIntegerField(default=0)
    link = models.URLField(max_length=500, blank=True)
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        verbose_name = "minh chứng"
        verbose_name_plural = "minh chứng"

    def __str__(self) -> str:
        return self.description


class ConflictOfInterest(models.Model):
    """A declared conflict: `scorer` does not score `unit` this year."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="conflicts")
    scorer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "scorer", "unit"], name="one_conflict_per_pair")
        ]
        verbose_name = "xung đột lợi ích"
        verbose_name_plural = "xung đột lợi ích"


class CrossAssignment(models.Model):
    """`scorer` scores `unit`; locked on submission until the leader unlocks it."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="assignments")
    scorer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    revision = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    is_late = models.BooleanField(default=False)

    class Meta:
        ordering = ["scorer__sort_key", "unit__sort_key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "scorer", "unit"], name="one_assignment_per_pair"),
            models.CheckConstraint(condition=~Q(scorer=F("unit")), name="nobody_scores_itself"),
        ]
        verbose_name = "phân công chấm chéo"
        verbose_name_plural = "phân công chấm chéo"

    def __str__(self) -> str:
        return f"{self.scorer} chấm {self.unit}"

    @property
    def is_locked(self) -> bool:
        return self.status == SheetStatus.SUBMITTED


class CrossScore(models.Model):
    assignment = models.ForeignKey(CrossAssignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(**POINTS)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="one_cross_score_per_criterion"),
            models.CheckConstraint(condition=Q(score__gte=0), name="cross_score_not_negative"),
        ]
        verbose_name = "điểm chấm chéo"
        verbose_name_plural = "điểm chấm chéo"


class EvidenceQuery(models.Model):
    """A question about a unit's evidence for one criterion; the unit answers before `deadline`."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="queries")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    asker_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    question = models.TextField()
    asked_at = models.DateTimeField()
    deadline = models.DateField()
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]
        verbose_name = "yêu cầu làm rõ minh chứng"
        verbose_name_plural = "yêu cầu làm rõ minh chứng"


class Appeal(models.Model):
    """A unit's appeal against the provisional ranking, recorded and answered by the leader."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="appeals")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    received_on = models.DateField()
    answer = models.TextField(blank=True)
    answered_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["received_on", "id"]
        verbose_name = "kiến nghị về kết quả chấm điểm"
        verbose_name_plural = "kiến nghị về kết quả chấm điểm"


class FinalRank(models.Model):
    """The final ranking, frozen when the leader finalises (read by the voting app)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="ranks")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField(**POINTS)
    rank = models.PositiveSmallIntegerField()
    tie_group = models.PositiveSmallIntegerField(null=True, blank=True)  # same number: a vote decides

    class Meta:
        ordering = ["rank", "unit__sort_key", "id"]
        constraints = [models.UniqueConstraint(fields=["review", "unit"], name="one_final_rank_per_unit")]
        verbose_name = "xếp hạng chính thức"
        verbose_name_plural = "xếp hạng chính thức"


class ReviewOutcome(models.Model):
    """The engine's outcome of a review, stored when first read after its inputs changed (or on an
    explicit compute), so the ranking page reads one row instead of recomputing ~140,000 scores.

    Valid only while `revision` equals the review's `inputs_revision` and `settings_key` the
    thresholds in force; `problem` holds why it could not be computed (then `summary` is empty)."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="outcome")
    revision = models.PositiveIntegerField()
    settings_key = models.CharField(max_length=500)
    computed_at = models.DateTimeField()
    problem = models.TextField(blank=True)
    summary = models.JSONField(default=dict)

    class Meta:
        verbose_name = "kết quả tính điểm đã lưu"
        verbose_name_plural = "kết quả tính điểm đã lưu"


class UnitOutcome(models.Model):
    """One unit's full result (each scorer's score) of a stored outcome: the "explain my rank" page."""

    outcome = models.ForeignKey(ReviewOutcome, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    result = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["outcome", "unit"], name="one_result_per_unit")]
        verbose_name = "kết quả tính điểm của đơn vị"
        verbose_name_plural = "kết quả tính điểm của đơn vị"
