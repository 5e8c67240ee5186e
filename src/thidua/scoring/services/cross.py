"""Cross-scoring: assignments (all-score-all or the leader's rotation), conflicts of interest,
saving and submitting scores (locked on submission, unlocked only by the leader), evidence queries."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from thidua.clusters.enums import YearState
from thidua.core import clock
from thidua.core.audit import record_audit, snapshot
from thidua.core.errors import Conflict, Forbidden, InvalidInput
from thidua.core.rules import allows, require
from thidua.covenants.models import Criterion
from thidua.covenants.selectors import member_units
from thidua.organisations.models import Unit
from thidua.scoring.enums import AssignmentMode, SheetStatus
from thidua.scoring.models import (
    ConflictOfInterest,
    CrossAssignment,
    CrossScore,
    EvidenceQuery,
    Review,
)
from thidua.scoring.outcomes import mark_inputs_changed
from thidua.scoring.selectors import criteria_of

from .common import check_revision, criterion_label, read_points, read_text, require_state


def _members(review: Review) -> dict[int, Unit]:
    return {u.pk: u for u in member_units(review.emulation_year)}


@transaction.atomic
def declare_conflict(
    *, actor: Any, review: Review, scorer: Unit, unit: Unit, reason: str
) -> ConflictOfInterest:
    """`scorer` will not score `unit` (declared by the scorer or recorded by the leader)."""
    if not (
        allows(actor, "scoring.lead_review", review)
        or allows(actor, "scoring.act_for_unit", (review, scorer))
    ):
        raise Forbidden("Anh/chị không có quyền khai báo xung đột lợi ích cho đơn vị này.")
    members = _members(review)
    if scorer.pk not in members or unit.pk not in members or scorer.pk == unit.pk:
        raise InvalidInput(
            "Hai đơn vị phải khác nhau và cùng là thành viên của cụm năm này.", fields={"unit": "invalid"}
        )
    text = read_text(reason, field="reason", label="Lý do", required=True)
    started = CrossAssignment.objects.filter(review=review, scorer=scorer, unit=unit)
    if started.filter(status=SheetStatus.SUBMITTED).exists():
        raise Conflict(
            "Đơn vị đã nộp điểm chấm chéo cho đơn vị này; trưởng cụm cần mở khóa trước.",
            fields={"unit": "locked"},
        )
    conflict, _ = ConflictOfInterest.objects.update_or_create(
        review=review, scorer=scorer, unit=unit, defaults={"reason": text}
    )
    started.delete()  # an unsubmitted sheet of a conflicted pair never counts
    mark_inputs_changed(review)
    record_audit(actor=actor, action="scoring.conflict.declare", target=conflict, after=snapshot(conflict))
    return conflict


@transaction.atomic
def assign_cross_scoring(
    *, actor: Any, review: Review, pairs: Iterable[tuple[Unit, Unit]] | None = None
) -> list[CrossAssignment]:
    """All-score-all (pairs None) or the leader's rotation: every (scorer, unit) pair listed.
    Nobody scores itself; declared conflicts are left out. Replaces unsubmitted assignments."""
    require(actor, "scoring.lead_review", review)
    require_state(review, YearState.CROSS_SCORING, doing="phân công chấm chéo")
    if CrossAssignment.objects.filter(review=review, status=SheetStatus.SUBMITTED).exists():
        raise Conflict(
            "Đã có đơn vị nộp điểm chấm chéo; không thể phân công lại.", fields={"pairs": "started"}
        )
    members = _members(review)
    conflicts = set(ConflictOfInterest.objects.filter(review=review).values_list("scorer_id", "unit_id"))
    if pairs is None:
        wanted = [(s, u) for s in members for u in members if s != u]
        mode = AssignmentMode.ALL
    else:
        wanted = []
        for scorer, unit in pairs:
            if scorer.pk not in members or unit.pk not in members:
                raise InvalidInput(
                    f"«{scorer}» hoặc «{unit}» không là thành viên của cụm năm này.",
                    fields={"pairs": "not_member"},
                )
            if scorer.pk == unit.pk:
                raise InvalidInput(f"«{scorer}» không thể tự chấm chéo chính mình.", fields={"pairs": "self"})
            wanted.append((scorer.pk, unit.pk))
        mode = AssignmentMode.ROTATION
    wanted = sorted({p for p in wanted if p not in conflicts})
    before = {"mode": review.mode, "assignments": CrossAssignment.objects.filter(review=review).count()}
    CrossAssignment.objects.filter(review=review).delete()
    created = CrossAssignment.objects.bulk_create(
        [CrossAssignment(review=review, scorer_id=s, unit_id=u) for s, u in wanted]
    )
    review.mode = mode
    review.save(update_fields=["mode"])
    mark_inputs_changed(review)
    record_audit(
        actor=actor,
        action="scoring.assignments.set",
        target=review,
        before=before,
        after={"mode": mode, "assignments": len(created)},
    )
    return created


def _locked_assignment(assignment: CrossAssignment) -> CrossAssignment:
    return (
        CrossAssignment.objects.select_for_update()
        .select_related("review__emulation_year__cluster__authority", "review__covenant", "scorer", "unit")
        .get(pk=assignment.pk)
    )


def _assignment_snapshot(assignment: CrossAssignment) -> dict[str, Any]:
    data = snapshot(assignment)
    data["scores"] = {str(c): str(s) for c, s in assignment.scores.values_list("criterion_id", "score")}
    return data


@transaction.atomic
def save_cross_scores(
    *, actor: Any, assignment: CrossAssignment, revision: int, scores: Mapping[int, tuple[Any, str]]
) -> CrossAssignment:
    locked = _locked_assignment(assignment)
    review = locked.review
    require(actor, "scoring.act_for_unit", (review, locked.scorer))
    require_state(review, YearState.CROSS_SCORING, doing="lưu điểm chấm chéo")
    if locked.is_locked or review.finalised_at is not None:
        raise Conflict(
            "Bảng chấm chéo đã nộp nên đã khóa; chỉ trưởng cụm có thể mở khóa.", fields={"status": "locked"}
        )
    check_revision(locked.revision, revision, what="Bảng chấm chéo")
    criteria = {c.pk: c for c in criteria_of(review.covenant)}
    clean = {}
    for criterion_id, (value, comment) in scores.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            raise InvalidInput("Tiêu chí không thuộc giao ước đang chấm.", fields={"criterion": "unknown"})
        label = criterion_label(criterion)
        clean[criterion.pk] = (
            read_points(value, field=f"score_{criterion.pk}", maximum=criterion.max_points, label=label),
            read_text(comment, field=f"comment_{criterion.pk}", label=f"{label}: nhận xét"),
        )
    before = _assignment_snapshot(locked)
    for criterion_id, (score, comment) in clean.items():
        CrossScore.objects.update_or_create(
            assignment=locked, criterion_id=criterion_id, defaults={"score": score, "comment": comment}
        )
    locked.revision += 1
    locked.save(update_fields=["revision"])
    record_audit(
        actor=actor,
        action="scoring.cross.save",
        target=locked,
        before=before,
        after=_assignment_snapshot(locked),
    )
    assignment.revision = locked.revision
    return locked


@transaction.atomic
def submit_cross_scores(*, actor: Any, assignment: CrossAssignment, revision: int) -> CrossAssignment:
    locked = _locked_assignment(assignment)
    review = locked.review
    require(actor, "scoring.act_for_unit", (review, locked.scorer))
    require_state(review, YearState.CROSS_SCORING, doing="nộp điểm chấm chéo")
    if locked.is_locked:
        raise Conflict("Bảng chấm chéo đã được nộp và khóa.", fields={"status": "locked"})
    check_revision(locked.revision, revision, what="Bảng chấm chéo")
    scored = set(locked.scores.values_list("criterion_id", flat=True))
    missing = [c for c in criteria_of(review.covenant) if c.pk not in scored]
    if missing:
        raise InvalidInput(
            f"Còn {len(missing)} tiêu chí chưa chấm, ví dụ {criterion_label(missing[0])}.",
            fields={"scores": "incomplete"},
        )
    before = snapshot(locked)
    moment = clock.now()
    locked.status, locked.submitted_at = SheetStatus.SUBMITTED, moment
    locked.is_late = review.cross_deadline is not None and timezone.localdate(moment) > review.cross_deadline
    locked.revision += 1
    locked.save(update_fields=["status", "submitted_at", "is_late", "revision"])
    mark_inputs_changed(review)
    record_audit(
        actor=actor, action="scoring.cross.submit", target=locked, before=before, after=snapshot(locked)
    )
    return locked


@transaction.atomic
def unlock_cross_scores(*, actor: Any, assignment: CrossAssignment, reason: str) -> CrossAssignment:
    locked = _locked_assignment(assignment)
    require(actor, "scoring.lead_review", locked.review)
    require_state(locked.review, YearState.CROSS_SCORING, doing="mở khóa bảng chấm chéo")
    if locked.review.finalised_at is not None:
        raise Conflict("Kết quả đã công bố chính thức; không thể mở khóa.", fields={"status": "final"})
    if not locked.is_locked:
        raise Conflict("Bảng chấm chéo chưa nộp nên không cần mở khóa.", fields={"status": "not_locked"})
    text = read_text(reason, field="reason", label="Lý do mở khóa", required=True)
    before = snapshot(locked)
    locked.status, locked.submitted_at = SheetStatus.DRAFT, None
    locked.revision += 1
    locked.save(update_fields=["status", "submitted_at", "revision"])
    mark_inputs_changed(locked.review)
    record_audit(
        actor=actor,
        action="scoring.cross.unlock",
        target=locked,
        before=before,
        after={**snapshot(locked), "reason": text},
    )
    return locked


@transaction.atomic
def ask_evidence_query(
    *,
    actor: Any,
    review: Review,
    unit: Unit,
    criterion: Criterion,
    question: str,
    deadline: datetime.date,
    asker_unit: Unit | None = None,
) -> EvidenceQuery:
    """The leader, or a unit assigned to score `unit`, asks about its evidence for one criterion."""
    if asker_unit is None:
        require(actor, "scoring.lead_review", review)
    else:
        require(actor, "scoring.act_for_unit", (review, asker_unit))
        if not CrossAssignment.objects.filter(review=review, scorer=asker_unit, unit=unit).exists():
            raise Forbidden("Chỉ đơn vị được phân công chấm đơn vị này mới được hỏi về minh chứng của họ.")
    if criterion.group.covenant_id != review.covenant_id:
        raise InvalidInput("Tiêu chí không thuộc giao ước đang chấm.", fields={"criterion": "unknown"})
    moment = clock.now()
    if deadline < timezone.localdate(moment):
        raise InvalidInput("Hạn trả lời phải từ hôm nay trở đi.", fields={"deadline": "past"})
    query = EvidenceQuery.objects.create(
        review=review,
        unit=unit,
        criterion=criterion,
        asked_by=actor,
        asker_unit=asker_unit,
        question=read_text(question, field="question", label="Câu hỏi", required=True),
        asked_at=moment,
        deadline=deadline,
    )
    record_audit(actor=actor, action="scoring.query.ask", target=query, after=snapshot(query))
    return query


@transaction.atomic
def answer_evidence_query(*, actor: Any, query: EvidenceQuery, answer: str) -> EvidenceQuery:
    locked = (
        EvidenceQuery.objects.select_for_update()
        .select_related("review__emulation_year__cluster", "unit")
        .get(pk=query.pk)
    )
    require(actor, "scoring.act_for_unit", (locked.review, locked.unit))
    moment = clock.now()
    if locked.answered_at is not None:
        raise Conflict("Câu hỏi này đã được trả lời.", fields={"answer": "answered"})
    if timezone.localdate(moment) > locked.deadline:
        raise Conflict(f"Đã quá hạn trả lời ({locked.deadline:%d/%m/%Y}).", fields={"answer": "late"})
    before = snapshot(locked)
    locked.answer = read_text(answer, field="answer", label="Câu trả lời", required=True)
    locked.answered_by, locked.answered_at = actor, moment
    locked.save(update_fields=["answer", "answered_by", "answered_at"])
    record_audit(
        actor=actor, action="scoring.query.answer", target=locked, before=before, after=snapshot(locked)
    )
    return locked
