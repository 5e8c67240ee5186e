"""A scorer's cross-scoring sheet of one unit: blind until submitted, locked on submission (the
leader unlocks, with a reason), questions about the unit's evidence, the score-sheet Excel."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from thidua.core.pages import named, page_action, refuse
from thidua.scoring import services
from thidua.scoring.explain import vi_points
from thidua.scoring.models import CrossAssignment, EvidenceQuery, SelfAssessment
from thidua.scoring.rules import acting_or_leading
from thidua.scoring.selectors import criteria_of, queries_of
from thidua.scoring.services.score_sheet import export_sheet

from .common import ask_about_evidence, import_sheet, posted_int, posted_scores, xlsx_response


def _points(scores: list[Decimal]) -> list[str]:
    """Others' scores, lowest first, written as the page writes every score ("6,50")."""
    return [vi_points(Fraction(score)) for score in sorted(scores)]


def _assignment(request: HttpRequest, pk: int) -> tuple[CrossAssignment, bool, bool]:
    assignment = get_object_or_404(
        CrossAssignment.objects.select_related(
            "review__emulation_year__cluster__authority", "review__covenant", "scorer", "unit"
        ),
        pk=pk,
    )
    acts, leads = acting_or_leading(request.user, assignment.review, assignment.scorer)
    return assignment, acts, leads


@named("scoring:assignment")
def assignment_page(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return refuse(request)
    assignment, acts, leads = _assignment(request, pk)
    review = assignment.review
    criteria = criteria_of(review.covenant)
    stored = {s.criterion_id: s for s in assignment.scores.all()}
    sheet = SelfAssessment.objects.filter(review=review, unit=assignment.unit).first()
    own = {s.criterion_id: s for s in sheet.scores.all()} if sheet else {}
    evidence = list(sheet.evidence.select_related("criterion", "line")) if sheet else []
    # Blind until submitted: others' scores of this unit appear only after this scorer has submitted.
    peers: dict[int, list[Decimal]] = {}
    if assignment.is_locked:
        for criterion_id, score in (
            CrossAssignment.objects.filter(review=review, unit=assignment.unit, status="submitted")
            .exclude(pk=assignment.pk)
            .values_list("scores__criterion_id", "scores__score")
        ):
            peers.setdefault(criterion_id, []).append(score)
    queries: dict[int, list[EvidenceQuery]] = {}
    for query in queries_of(review).filter(unit=assignment.unit):
        queries.setdefault(query.criterion_id, []).append(query)
    rows = [
        (c, stored.get(c.pk), own.get(c.pk), _points(peers.get(c.pk, [])), queries.get(c.pk, []))
        for c in criteria
    ]
    return render(
        request,
        "scoring/assignment.html",
        {
            "a": assignment,
            "review": review,
            "rows": rows,
            "criteria": criteria,
            "evidence": evidence,
            "acts": acts,
            "leads": leads,
            "editable": acts and not assignment.is_locked and review.emulation_year.state == "cross_scoring",
        },
    )


def _save(request: HttpRequest, assignment: CrossAssignment) -> CrossAssignment:
    return services.save_cross_scores(
        actor=request.user,
        assignment=assignment,
        revision=posted_int(request, "revision"),
        scores=posted_scores(request, criteria_of(assignment.review.covenant), "comment"),
    )


@page_action(assignment_page)
def save_cross(request: HttpRequest, pk: int) -> None:
    _save(request, _assignment(request, pk)[0])
    messages.success(request, "Đã lưu bản nháp điểm chấm chéo.")


@page_action(assignment_page)
def submit_cross(request: HttpRequest, pk: int) -> None:
    assignment = _assignment(request, pk)[0]
    saved = _save(request, assignment)
    services.submit_cross_scores(actor=request.user, assignment=assignment, revision=saved.revision)
    messages.success(request, "Đã nộp điểm chấm chéo; bảng chấm đã khóa.")


@page_action(assignment_page)
def unlock_cross(request: HttpRequest, pk: int) -> None:
    assignment = _assignment(request, pk)[0]
    services.unlock_cross_scores(
        actor=request.user, assignment=assignment, reason=request.POST.get("reason", "")
    )
    messages.success(request, "Đã mở khóa bảng chấm chéo; đơn vị chấm có thể sửa và nộp lại.")


@page_action(assignment_page)
def ask_query(request: HttpRequest, pk: int) -> None:
    """The scorer (or the leader) asks the scored unit about its evidence for one criterion."""
    assignment, acts, _ = _assignment(request, pk)
    ask_about_evidence(
        request, assignment.review, assignment.unit, asker_unit=assignment.scorer if acts else None
    )
    messages.success(request, "Đã gửi câu hỏi về minh chứng cho đơn vị được chấm.")


def assignment_export(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return refuse(request)
    assignment = _assignment(request, pk)[0]
    return xlsx_response(
        export_sheet(assignment=assignment),
        f"cham-cheo-{assignment.scorer.code}-{assignment.unit.code}.xlsx",
    )


@page_action(assignment_page)
def assignment_import(request: HttpRequest, pk: int) -> None:
    import_sheet(request, _assignment(request, pk)[0])
