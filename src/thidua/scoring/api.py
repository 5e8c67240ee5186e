"""API of the year-end review; thin: calls the services, the selectors and the same engine as the CLI."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from thidua.core.errors import InvalidInput
from thidua.core.rules import allows, require
from thidua.organisations.models import Unit
from thidua.scoring import aggregation as engine
from thidua.scoring import services
from thidua.scoring.explain import explain_unit
from thidua.scoring.models import CrossAssignment, Review, SelfAssessment
from thidua.scoring.selectors import progress_of, review_input

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


def _review(request: HttpRequest, review_id: int) -> Review:
    review = get_object_or_404(
        Review.objects.select_related("emulation_year__cluster__authority", "covenant"), pk=review_id
    )
    if not allows(request.user, "scoring.view_review", review):
        raise Http404
    return review


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
        data = json.loads(request.body or b"null", parse_float=Decimal)
    except (json.JSONDecodeError, ValueError):
        raise InvalidInput("input: JSON không hợp lệ.", fields={"input": "json"}) from None
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
    try:
        outcome = engine.compute(review_input(review))
    except engine.ScoringInputError as exc:
        raise InvalidInput(
            f"Chưa tính được kết quả: {exc.message}", fields={"ranking": "incomplete"}
        ) from None
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
    outcome = engine.compute(review_input(review))
    unit = Unit.objects.filter(code=unit_code, pk__in=[int(k) for k in outcome.results]).first()
    if unit is None:
        raise Http404
    result = explain_unit(user=request.user, review=review, unit=unit, outcome=outcome)
    data = dataclasses.asdict(result)
    data["unit"] = unit.code
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


@router.put("/scoring/assignments/{assignment_id}", summary="Lưu điểm chấm chéo")
def save_cross(request: HttpRequest, assignment_id: int, payload: SheetIn) -> dict[str, object]:
    assignment = get_object_or_404(CrossAssignment, pk=assignment_id)
    saved = services.save_cross_scores(
        actor=request.user,
        assignment=assignment,
        revision=payload.revision,
        scores={s.criterion: (s.score, s.text) for s in payload.scores},
    )
    return {"id": saved.pk, "status": saved.status, "revision": saved.revision}


@router.post("/scoring/assignments/{assignment_id}/submit", summary="Nộp điểm chấm chéo (khóa bảng chấm)")
def submit_cross(request: HttpRequest, assignment_id: int, payload: RevisionIn) -> dict[str, object]:
    assignment = get_object_or_404(CrossAssignment, pk=assignment_id)
    saved = services.submit_cross_scores(actor=request.user, assignment=assignment, revision=payload.revision)
    return {"id": saved.pk, "status": saved.status, "revision": saved.revision}


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
