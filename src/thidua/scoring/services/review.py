"""The review as a whole: the year's transitions (in_progress → self_assessment → cross_scoring →
voting) through `clusters.services.advance_year`, the appeal window and the final ranking."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from thidua.clusters import services as cluster_services
from thidua.clusters.enums import YearState
from thidua.clusters.models import EmulationYear
from thidua.core import clock
from thidua.core.audit import record_audit, snapshot
from thidua.core.errors import Conflict, InvalidInput
from thidua.core.rules import require
from thidua.covenants.enums import CovenantStatus
from thidua.covenants.selectors import current_covenant, member_units
from thidua.organisations.models import Unit
from thidua.scoring import aggregation as engine
from thidua.scoring.enums import ReviewStage, SheetStatus
from thidua.scoring.models import Appeal, CrossAssignment, FinalRank, Review, SelfAssessment
from thidua.scoring.outcomes import mark_inputs_changed, stored_outcome
from thidua.scoring.selectors import points

from .common import read_text, require_state
from .cross import assign_cross_scoring

# --- preconditions registered with clusters.services (see apps.py) --------------------------------


def review_opened_check(emulation_year: EmulationYear) -> str | None:
    if not Review.objects.filter(emulation_year=emulation_year).exists():
        return "Trưởng cụm chưa mở đợt tự chấm điểm (hạn nộp, giao ước áp dụng)."
    return None


def sheets_submitted_check(emulation_year: EmulationYear) -> str | None:
    pending = SelfAssessment.objects.filter(review__emulation_year=emulation_year).exclude(
        status=SheetStatus.SUBMITTED
    )
    count = pending.count()
    if count:
        names = ", ".join(s.unit.name for s in pending.select_related("unit")[:5])
        return f"Còn {count} đơn vị chưa nộp bảng tự chấm: {names}."
    return None


def ranking_final_check(emulation_year: EmulationYear) -> str | None:
    if not Review.objects.filter(emulation_year=emulation_year, finalised_at__isnull=False).exists():
        return "Kết quả chấm điểm chưa được công bố chính thức."
    return None


# --- transitions -----------------------------------------------------------------------------------


@transaction.atomic
def start_self_assessment(
    *, actor: Any, emulation_year: EmulationYear, self_deadline: datetime.date
) -> Review:
    """Open the review on the covenant in force, one sheet per member, and move the year on."""
    require(actor, "covenants.lead_year", emulation_year)
    if Review.objects.filter(emulation_year=emulation_year).exists():
        raise Conflict("Đợt tự chấm điểm của năm này đã được mở.", fields={"year": "opened"})
    covenant = current_covenant(emulation_year)
    if covenant is None or covenant.status != CovenantStatus.IN_FORCE:
        raise Conflict(
            "Năm thi đua chưa có giao ước có hiệu lực để chấm điểm.", fields={"covenant": "not_in_force"}
        )
    if self_deadline.year not in (emulation_year.year, emulation_year.year + 1):
        raise InvalidInput(
            f"Hạn nộp bảng tự chấm phải trong năm {emulation_year.year} hoặc đầu năm sau.",
            fields={"self_deadline": "out_of_range"},
        )
    review = Review.objects.create(
        emulation_year=emulation_year, covenant=covenant, self_deadline=self_deadline
    )
    SelfAssessment.objects.bulk_create(
        [SelfAssessment(review=review, covenant=covenant, unit=unit) for unit in member_units(emulation_year)]
    )
    cluster_services.advance_year(
        actor=actor, emulation_year=emulation_year, to_state=YearState.SELF_ASSESSMENT
    )
    record_audit(actor=actor, action="scoring.review.open", target=review, after=snapshot(review))
    return review


@transaction.atomic
def start_cross_scoring(
    *,
    actor: Any,
    review: Review,
    cross_deadline: datetime.date,
    pairs: list[tuple[Unit, Unit]] | None = None,
) -> Review:
    """Every sheet submitted (the registered precondition); assign all-score-all or the rotation."""
    require(actor, "scoring.lead_review", review)
    before = snapshot(review)
    cluster_services.advance_year(
        actor=actor, emulation_year=review.emulation_year, to_state=YearState.CROSS_SCORING
    )
    review.cross_deadline = cross_deadline
    review.save(update_fields=["cross_deadline"])
    assign_cross_scoring(actor=actor, review=review, pairs=pairs)
    record_audit(
        actor=actor,
        action="scoring.review.cross_scoring",
        target=review,
        before=before,
        after=snapshot(review),
    )
    return review


@transaction.atomic
def open_appeals(*, actor: Any, review: Review, appeal_deadline: datetime.date) -> Review:
    """Publish the provisional ranking: every cross-score sheet must be submitted."""
    given = review
    review = (
        Review.objects.select_for_update()
        .select_related("emulation_year__cluster__authority", "covenant")
        .get(pk=review.pk)
    )
    require(actor, "scoring.lead_review", review)
    require_state(review, YearState.CROSS_SCORING, doing="mở thời gian nhận kiến nghị")
    if review.stage != ReviewStage.SCORING:
        raise Conflict("Thời gian nhận kiến nghị đã được mở.", fields={"stage": "not_scoring"})
    pending = CrossAssignment.objects.filter(review=review).exclude(status=SheetStatus.SUBMITTED).count()
    if pending:
        raise Conflict(f"Còn {pending} bảng chấm chéo chưa nộp.", fields={"stage": "pending"})
    computed = stored_outcome(review)
    if computed.outcome is None:
        raise Conflict(f"Chưa tính được kết quả: {computed.problem}", fields={"stage": "incomplete"})
    before = snapshot(review)
    review.stage, review.appeal_deadline = ReviewStage.APPEALS, appeal_deadline
    review.save(update_fields=["stage", "appeal_deadline"])
    record_audit(
        actor=actor, action="scoring.review.appeals", target=review, before=before, after=snapshot(review)
    )
    given.stage, given.appeal_deadline = review.stage, review.appeal_deadline
    return review


@transaction.atomic
def record_appeal(*, actor: Any, review: Review, unit: Unit, text: str, received_on: datetime.date) -> Appeal:
    require(actor, "scoring.lead_review", review)
    review = Review.objects.select_for_update().select_related("emulation_year__cluster").get(pk=review.pk)
    if review.stage != ReviewStage.APPEALS:
        raise Conflict("Chỉ ghi nhận kiến nghị trong thời gian nhận kiến nghị.", fields={"stage": "closed"})
    if not any(u.pk == unit.pk for u in member_units(review.emulation_year)):
        raise InvalidInput(f"«{unit}» không là thành viên của cụm năm này.", fields={"unit": "not_member"})
    if review.appeal_deadline is not None and received_on > review.appeal_deadline:
        raise InvalidInput(
            f"Kiến nghị nhận sau hạn {review.appeal_deadline:%d/%m/%Y}.", fields={"received_on": "late"}
        )
    appeal = Appeal.objects.create(
        review=review,
        unit=unit,
        received_on=received_on,
        text=read_text(text, field="text", label="Nội dung kiến nghị", required=True),
    )
    mark_inputs_changed(review)
    record_audit(actor=actor, action="scoring.appeal.record", target=appeal, after=snapshot(appeal))
    return appeal


@transaction.atomic
def answer_appeal(*, actor: Any, appeal: Appeal, answer: str, answered_on: datetime.date) -> Appeal:
    locked = (
        Appeal.objects.select_for_update().select_related("review__emulation_year__cluster").get(pk=appeal.pk)
    )
    require(actor, "scoring.lead_review", locked.review)
    if locked.review.stage != ReviewStage.APPEALS:
        raise Conflict("Kết quả đã công bố chính thức; không thể trả lời thêm.", fields={"stage": "closed"})
    before = snapshot(locked)
    locked.answer = read_text(answer, field="answer", label="Trả lời kiến nghị", required=True)
    locked.answered_on = answered_on
    locked.save(update_fields=["answer", "answered_on"])
    mark_inputs_changed(locked.review)
    record_audit(
        actor=actor, action="scoring.appeal.answer", target=locked, before=before, after=snapshot(locked)
    )
    return locked


@transaction.atomic
def finalise_ranking(*, actor: Any, review: Review) -> list[FinalRank]:
    """Close the appeal window (every appeal answered) and freeze the ranking the engine computes."""
    given = review
    review = (
        Review.objects.select_for_update()
        .select_related("emulation_year__cluster__authority", "covenant")
        .get(pk=review.pk)
    )
    require(actor, "scoring.lead_review", review)
    if review.stage != ReviewStage.APPEALS:
        raise Conflict(
            "Cần mở và kết thúc thời gian nhận kiến nghị trước khi công bố kết quả.",
            fields={"stage": "not_appeals"},
        )
    unanswered = Appeal.objects.filter(review=review, answered_on__isnull=True).count()
    if unanswered:
        raise Conflict(f"Còn {unanswered} kiến nghị chưa được trả lời.", fields={"stage": "appeals_open"})
    # The review row is locked: no write can change the inputs while the stored outcome is read.
    computed = stored_outcome(review)
    if computed.outcome is None:
        raise Conflict(f"Chưa tính được kết quả: {computed.problem}", fields={"stage": "incomplete"})
    outcome = computed.outcome
    groups = {unit: index + 1 for index, group in enumerate(outcome.ranking.needs_vote) for unit in group}
    ranks = FinalRank.objects.bulk_create(
        [
            FinalRank(
                review=review,
                unit_id=int(entry.unit),
                total=points(entry.result.total),
                rank=entry.rank,
                tie_group=groups.get(entry.unit),
            )
            for entry in outcome.ranking.entries
        ]
    )
    before = snapshot(review)
    review.stage, review.finalised_at = ReviewStage.FINAL, clock.now()
    review.save(update_fields=["stage", "finalised_at"])
    mark_inputs_changed(review)
    given.stage, given.finalised_at = review.stage, review.finalised_at
    record_audit(
        actor=actor,
        action="scoring.review.finalise",
        target=review,
        before=before,
        after={
            **snapshot(review),
            "ranking": [[e.unit, engine.show(e.result.total), e.rank] for e in outcome.ranking.entries],
        },
    )
    return ranks


@transaction.atomic
def start_voting(*, actor: Any, review: Review) -> EmulationYear:
    """The final ranking exists (the registered precondition): the year moves to `voting`."""
    require(actor, "scoring.lead_review", review)
    return cluster_services.advance_year(
        actor=actor, emulation_year=review.emulation_year, to_state=YearState.VOTING
    )
