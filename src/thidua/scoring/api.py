"""API of the year-end review; thin: calls the services, the selectors and the same engine as the CLI."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from thidua.core.errors import InvalidInput
from thidua.core.json_input import UnreadableJSON, loads_contract, read_body
from thidua.core.rules import allows, require
from thidua.covenants.models import Criterion
from thidua.covenants.selectors import member_units
from thidua.organisations.models import Unit
from thidua.scoring import aggregation as engine
from thidua.scoring import services
from thidua.scoring.explain import explain_unit_code
from thidua.scoring.models import (
    Appeal,
    ConflictOfInterest,
    CrossAssignment,
    EvidenceQuery,
    Review,
    SelfAssessment,
)
from thidua.scoring.outcomes import stored_outcome
from thidua.scoring.rules import visible_review
from thidua.scoring.selectors import appeals_of, conflicts_of, progress_of, queries_of

router = Router(tags=["Chấm điểm thi đua"])


class ScoreIn(Schema):
    criterion: int
    score: str
    text: str = ""


class SheetIn(Schema):
    revision: int
    scores: list[ScoreIn]
    summary: str | None = None


class RevisionIn(Schema):
    revision: int


class ReasonIn(Schema):
    reason: str


class SheetOut(Schema):
    id: int
    unit: str
    status: str
    revision: int
    is_late: bool
    return_reason: str
    scores: dict[str, str]


class AssignmentOut(Schema):
    id: int
    status: str
    revision: int


def _review(request: HttpRequest, review_id: int) -> Review:
    return visible_review(request.user, review_id)


def _assignment_out(assignment: CrossAssignment) -> dict[str, Any]:
    return {"id": assignment.pk, "status": assignment.status, "revision": assignment.revision}


def _sheet_out(sheet: SelfAssessment) -> dict[str, Any]:
    return {
        "id": sheet.pk,
        "unit": sheet.unit.code,
        "status": sheet.status,
        "revision": sheet.revision,
        "is_late": sheet.is_late,
        "return_reason": sheet.return_reason,
        "scores": {str(c): str(s) for c, s in sheet.scores.values_list("criterion_id", "score")},
    }


@router.post(
    "/scoring/compute",
    url_name="scoring_compute",
    summary="Tính điểm, tín hiệu và xếp hạng từ JSON (như thidua scoring compute)",
)
def compute(request: HttpRequest) -> dict[str, object]:
    try:
        data = loads_contract(read_body(request) or b"null", parse_float=Decimal)
    except UnreadableJSON as exc:
        raise InvalidInput(str(exc), fields={"input": "json"}) from None
    try:
        return engine.compute(engine.parse_input(data)).as_dict()
    except engine.ScoringInputError as exc:
        raise InvalidInput(exc.message, fields={exc.field: "invalid"}) from None


@router.get("/scoring/reviews/{review_id}/progress", summary="Tiến độ nộp bảng tự chấm và chấm chéo")
def progress(request: HttpRequest, review_id: int) -> dict[str, object]:
    return dataclasses.asdict(progress_of(_review(request, review_id)))


@router.get("/scoring/reviews/{review_id}/ranking", summary="Xếp hạng (tạm thời hoặc chính thức) và tín hiệu")
def ranking(request: HttpRequest, review_id: int) -> dict[str, object]:
    review = _review(request, review_id)
    stored = stored_outcome(review)
    if stored.outcome is None:
        raise InvalidInput(f"Chưa tính được kết quả: {stored.problem}", fields={"ranking": "incomplete"})
    outcome = stored.outcome
    codes = {str(u.pk): u.code for u in Unit.objects.filter(pk__in=[int(k) for k in outcome.results])}
    data: dict[str, object] = {
        "ranking": [
            {
                "unit": codes[e.unit],
                "total": engine.show(e.result.total),
                "rank": e.rank,
                "bonus": engine.show(e.result.bonus),
                "penalty": engine.show(e.result.penalty),
            }
            for e in outcome.ranking.entries
        ],
        "needs_vote": [[codes[u] for u in group] for group in outcome.ranking.needs_vote],
    }
    if allows(request.user, "scoring.lead_review", review):  # the leader's tool before the ranking is final
        data["signals"] = [{**s.as_dict(), "units": [codes[u] for u in s.units]} for s in outcome.signals]
    data["stage"] = review.stage
    return data


@router.get(
    "/scoring/reviews/{review_id}/units/{unit_code}/explain", summary="Giải thích thứ hạng của một đơn vị"
)
def explain(request: HttpRequest, review_id: int, unit_code: str) -> dict[str, object]:
    review = _review(request, review_id)
    stored = stored_outcome(review)
    if stored.outcome is None:
        raise InvalidInput(f"Chưa tính được kết quả: {stored.problem}", fields={"ranking": "incomplete"})
    result = explain_unit_code(user=request.user, review=review, stored=stored, unit_code=unit_code)
    data = dataclasses.asdict(result)
    data["unit"] = result.unit.code
    return data


@router.get("/scoring/sheets/{sheet_id}", response=SheetOut, summary="Một bảng tự chấm")
def get_sheet(request: HttpRequest, sheet_id: int) -> dict[str, Any]:
    sheet = get_object_or_404(
        SelfAssessment.objects.select_related("review__emulation_year__cluster", "unit"), pk=sheet_id
    )
    if not (
        allows(request.user, "scoring.act_for_unit", (sheet.review, sheet.unit))
        or allows(request.user, "scoring.lead_review", sheet.review)
    ):
        raise Http404
    return _sheet_out(sheet)


@router.put("/scoring/sheets/{sheet_id}", response=SheetOut, summary="Lưu bảng tự chấm (bản nháp)")
def save_sheet(request: HttpRequest, sheet_id: int, payload: SheetIn) -> dict[str, Any]:
    sheet = get_object_or_404(SelfAssessment.objects.select_related("unit"), pk=sheet_id)
    saved = services.save_self_assessment(
        actor=request.user,
        sheet=sheet,
        revision=payload.revision,
        scores={s.criterion: (s.score, s.text) for s in payload.scores},
        summary=payload.summary,
    )
    return _sheet_out(saved)


@router.post("/scoring/sheets/{sheet_id}/submit", response=SheetOut, summary="Nộp bảng tự chấm")
def submit_sheet(request: HttpRequest, sheet_id: int, payload: RevisionIn) -> dict[str, Any]:
    sheet = get_object_or_404(SelfAssessment.objects.select_related("unit"), pk=sheet_id)
    return _sheet_out(
        services.submit_self_assessment(actor=request.user, sheet=sheet, revision=payload.revision)
    )


@router.post(
    "/scoring/sheets/{sheet_id}/return", response=SheetOut, summary="Trả lại bảng tự chấm (trưởng cụm)"
)
def return_sheet(request: HttpRequest, sheet_id: int, payload: ReasonIn) -> dict[str, Any]:
    sheet = get_object_or_404(SelfAssessment.objects.select_related("unit"), pk=sheet_id)
    return _sheet_out(services.return_self_assessment(actor=request.user, sheet=sheet, reason=payload.reason))


@router.put("/scoring/assignments/{assignment_id}", response=AssignmentOut, summary="Lưu điểm chấm chéo")
def save_cross(request: HttpRequest, assignment_id: int, payload: SheetIn) -> dict[str, object]:
    assignment = get_object_or_404(CrossAssignment, pk=assignment_id)
    saved = services.save_cross_scores(
        actor=request.user,
        assignment=assignment,
        revision=payload.revision,
        scores={s.criterion: (s.score, s.text) for s in payload.scores},
    )
    return _assignment_out(saved)


@router.post(
    "/scoring/assignments/{assignment_id}/submit",
    response=AssignmentOut,
    summary="Nộp điểm chấm chéo (khóa bảng chấm)",
)
def submit_cross(request: HttpRequest, assignment_id: int, payload: RevisionIn) -> dict[str, object]:
    assignment = get_object_or_404(CrossAssignment, pk=assignment_id)
    saved = services.submit_cross_scores(actor=request.user, assignment=assignment, revision=payload.revision)
    return _assignment_out(saved)


@router.post(
    "/scoring/reviews/{review_id}/finalise", summary="Kết thúc nhận kiến nghị, công bố kết quả chính thức"
)
def finalise(request: HttpRequest, review_id: int) -> dict[str, object]:
    review = get_object_or_404(
        Review.objects.select_related("emulation_year__cluster__authority", "covenant"), pk=review_id
    )
    require(request.user, "scoring.lead_review", review)
    ranks = services.finalise_ranking(actor=request.user, review=review)
    return {"ranking": [{"unit": r.unit.code, "total": str(r.total), "rank": r.rank} for r in ranks]}


# --- conflicts of interest, evidence queries, appeals, unlocking: the same services as the pages ------


class ConflictIn(Schema):
    scorer: str
    unit: str
    reason: str


class ConflictOut(Schema):
    id: int
    scorer: str
    unit: str
    reason: str


class QueryIn(Schema):
    unit: str
    criterion: int
    question: str
    deadline: datetime.date
    asker_unit: str | None = None  # the scorer asking; none: the leader asks


class AnswerIn(Schema):
    answer: str


class QueryOut(Schema):
    id: int
    unit: str
    criterion: int
    asker_unit: str | None
    question: str
    asked_at: datetime.datetime
    deadline: datetime.date
    answer: str
    answered_at: datetime.datetime | None


class AppealIn(Schema):
    unit: str
    text: str
    received_on: datetime.date


class AppealAnswerIn(Schema):
    answer: str
    answered_on: datetime.date


class AppealOut(Schema):
    id: int
    unit: str
    text: str
    received_on: datetime.date
    answer: str
    answered_on: datetime.date | None


def _member(review: Review, code: str, field: str) -> Unit:
    for unit in member_units(review.emulation_year):
        if unit.code == code:
            return unit
    raise InvalidInput(
        f"{field}: «{code[:30]}» không phải đơn vị thành viên của cụm năm này.", fields={field: "not_member"}
    )


def _own_units(request: HttpRequest, review: Review) -> list[int]:
    return [
        u.pk
        for u in member_units(review.emulation_year)
        if allows(request.user, "scoring.act_for_unit", (review, u))
    ]


def _conflict_out(c: ConflictOfInterest) -> dict[str, Any]:
    return {"id": c.pk, "scorer": c.scorer.code, "unit": c.unit.code, "reason": c.reason}


def _query_out(q: EvidenceQuery) -> dict[str, Any]:
    return {
        "id": q.pk,
        "unit": q.unit.code,
        "criterion": q.criterion_id,
        "asker_unit": q.asker_unit.code if q.asker_unit else None,
        "question": q.question,
        "asked_at": q.asked_at,
        "deadline": q.deadline,
        "answer": q.answer,
        "answered_at": q.answered_at,
    }


def _appeal_out(a: Appeal) -> dict[str, Any]:
    return {
        "id": a.pk,
        "unit": a.unit.code,
        "text": a.text,
        "received_on": a.received_on,
        "answer": a.answer,
        "answered_on": a.answered_on,
    }


@router.post(
    "/scoring/assignments/{assignment_id}/unlock",
    response=AssignmentOut,
    summary="Mở khóa bảng chấm chéo đã nộp (trưởng cụm, có lý do)",
)
def unlock_cross(request: HttpRequest, assignment_id: int, payload: ReasonIn) -> dict[str, object]:
    assignment = get_object_or_404(CrossAssignment, pk=assignment_id)
    saved = services.unlock_cross_scores(actor=request.user, assignment=assignment, reason=payload.reason)
    return _assignment_out(saved)


@router.get(
    "/scoring/reviews/{review_id}/conflicts",
    response=list[ConflictOut],
    summary="Xung đột lợi ích đã khai báo (trưởng cụm: tất cả; đơn vị: của mình)",
)
def conflict_list(request: HttpRequest, review_id: int) -> list[dict[str, Any]]:
    review = _review(request, review_id)
    conflicts = conflicts_of(review)
    if not allows(request.user, "scoring.lead_review", review):
        conflicts = conflicts.filter(scorer__in=_own_units(request, review))
    return [_conflict_out(c) for c in conflicts.order_by("scorer__sort_key", "unit__sort_key", "id")]


@router.post(
    "/scoring/reviews/{review_id}/conflicts",
    response={201: ConflictOut},
    summary="Khai báo xung đột lợi ích: đơn vị chấm không chấm đơn vị này",
)
def declare_conflict(request: HttpRequest, review_id: int, payload: ConflictIn) -> Status:
    review = _review(request, review_id)
    conflict = services.declare_conflict(
        actor=request.user,
        review=review,
        scorer=_member(review, payload.scorer, "scorer"),
        unit=_member(review, payload.unit, "unit"),
        reason=payload.reason,
    )
    return Status(201, _conflict_out(conflict))


@router.get(
    "/scoring/reviews/{review_id}/queries",
    response=list[QueryOut],
    summary="Yêu cầu làm rõ minh chứng (trưởng cụm: tất cả; đơn vị: về mình hoặc do mình hỏi)",
)
def query_list(request: HttpRequest, review_id: int) -> list[dict[str, Any]]:
    review = _review(request, review_id)
    queries = queries_of(review)
    if not allows(request.user, "scoring.lead_review", review):
        own = _own_units(request, review)
        queries = queries.filter(Q(unit__in=own) | Q(asker_unit__in=own))
    return [_query_out(q) for q in queries]


@router.post(
    "/scoring/reviews/{review_id}/queries",
    response={201: QueryOut},
    summary="Hỏi đơn vị về minh chứng của một tiêu chí (trưởng cụm hoặc đơn vị chấm chéo)",
)
def ask_query(request: HttpRequest, review_id: int, payload: QueryIn) -> Status:
    review = _review(request, review_id)
    criterion = (
        Criterion.objects.select_related("group")
        .filter(pk=payload.criterion, group__covenant=review.covenant)
        .first()
    )
    if criterion is None:
        raise InvalidInput(
            "criterion: tiêu chí không thuộc giao ước đang chấm.", fields={"criterion": "unknown"}
        )
    query = services.ask_evidence_query(
        actor=request.user,
        review=review,
        unit=_member(review, payload.unit, "unit"),
        criterion=criterion,
        question=payload.question,
        deadline=payload.deadline,
        asker_unit=None if payload.asker_unit is None else _member(review, payload.asker_unit, "asker_unit"),
    )
    return Status(201, _query_out(query))


@router.post(
    "/scoring/queries/{query_id}/answer",
    response=QueryOut,
    summary="Đơn vị trả lời yêu cầu làm rõ minh chứng (trước hạn)",
)
def answer_query(request: HttpRequest, query_id: int, payload: AnswerIn) -> dict[str, Any]:
    query = get_object_or_404(EvidenceQuery, pk=query_id)
    return _query_out(services.answer_evidence_query(actor=request.user, query=query, answer=payload.answer))


@router.get(
    "/scoring/reviews/{review_id}/appeals",
    response=list[AppealOut],
    summary="Kiến nghị về kết quả tạm thời (trưởng cụm: tất cả; đơn vị: của mình)",
)
def appeal_list(request: HttpRequest, review_id: int) -> list[dict[str, Any]]:
    review = _review(request, review_id)
    appeals = appeals_of(review)
    if not allows(request.user, "scoring.lead_review", review):
        appeals = appeals.filter(unit__in=_own_units(request, review))
    return [_appeal_out(a) for a in appeals]


@router.post(
    "/scoring/reviews/{review_id}/appeals",
    response={201: AppealOut},
    summary="Ghi nhận kiến nghị của một đơn vị (trưởng cụm, trong thời gian nhận kiến nghị)",
)
def record_appeal(request: HttpRequest, review_id: int, payload: AppealIn) -> Status:
    review = _review(request, review_id)
    appeal = services.record_appeal(
        actor=request.user,
        review=review,
        unit=_member(review, payload.unit, "unit"),
        text=payload.text,
        received_on=payload.received_on,
    )
    return Status(201, _appeal_out(appeal))


@router.post(
    "/scoring/appeals/{appeal_id}/answer", response=AppealOut, summary="Trả lời kiến nghị (trưởng cụm)"
)
def answer_appeal(request: HttpRequest, appeal_id: int, payload: AppealAnswerIn) -> dict[str, Any]:
    appeal = get_object_or_404(Appeal.objects.select_related("unit"), pk=appeal_id)
    answered = services.answer_appeal(
        actor=request.user, appeal=appeal, answer=payload.answer, answered_on=payload.answered_on
    )
    return _appeal_out(answered)
