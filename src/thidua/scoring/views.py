"""Pages of the year-end review; thin: services for writes, selectors and the engine for reads.

Each write is its own URL and POST; a DomainError comes back as a page message with nothing changed."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from thidua.core.errors import DomainError
from thidua.core.rules import allows
from thidua.organisations.models import Unit
from thidua.scoring import aggregation as engine
from thidua.scoring import services
from thidua.scoring.charts import Bar, bar_chart
from thidua.scoring.excel import export_scores
from thidua.scoring.explain import explain_unit, vi_points
from thidua.scoring.models import CrossAssignment, Review, SelfAssessment
from thidua.scoring.selectors import (
    appeals_of,
    assignments_of,
    criteria_of,
    progress_of,
    review_input,
    sheets_of,
)

KIND_LABELS = engine.KIND_LABELS


def _review(request: HttpRequest, pk: int) -> Review:
    review = get_object_or_404(
        Review.objects.select_related("emulation_year__cluster__authority", "covenant"), pk=pk
    )
    if not allows(request.user, "scoring.view_review", review):
        raise Http404
    return review


def _outcome(review: Review) -> tuple[engine.Outcome | None, str]:
    try:
        return engine.compute(review_input(review)), ""
    except engine.ScoringInputError as exc:
        return None, exc.message


def _acting(request: HttpRequest, action: Callable[[], Any], success: str) -> None:
    try:
        action()
        messages.success(request, success)
    except DomainError as error:
        messages.error(request, error.message)


@login_required
def review_page(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    leads = allows(request.user, "scoring.lead_review", review)
    sheets = list(sheets_of(review))
    own_units = [s.unit for s in sheets if allows(request.user, "scoring.act_for_unit", (review, s.unit))]
    own_ids = {u.pk for u in own_units}
    assignments = list(assignments_of(review))
    outcome, problem = _outcome(review)
    names = {str(s.unit.pk): s.unit for s in sheets}
    ranking, chart, group_charts, signals = [], None, [], []
    visible = leads or review.stage != "scoring"
    if outcome is not None and visible:
        ranking = [
            {
                "rank": e.rank,
                "vote": e.decided_by == "vote",
                "unit": names[e.unit],
                "total": vi_points(e.result.total),
                "bonus": vi_points(e.result.bonus),
                "penalty": vi_points(e.result.penalty),
            }
            for e in outcome.ranking.entries
        ]
        chart = bar_chart(
            title="Tổng điểm của các đơn vị",
            bars=[
                Bar(names[e.unit].name, e.result.total, int(e.unit) in own_ids)
                for e in outcome.ranking.entries
            ],
            maximum=review_total_max(outcome),
        )
        groups = {str(c.group_id): c.group for c in criteria_of(review.covenant)}
        for group_id, group in groups.items():
            group_charts.append(
                bar_chart(
                    title=f"Nhóm tiêu chí: {group.name}",
                    bars=[
                        Bar(names[e.unit].name, e.result.group_value(group_id), int(e.unit) in own_ids)
                        for e in outcome.ranking.entries
                    ],
                    maximum=Fraction(group.max_points),
                )
            )
        if leads:
            signals = [
                (s, [names[u].name for u in s.units], {k: v.replace(".", ",") for k, v in s.detail.items()})
                for s in outcome.signals
            ]
    context = {
        "review": review,
        "year": review.emulation_year,
        "leads": leads,
        "progress": progress_of(review),
        "sheets": sheets if leads else [s for s in sheets if s.unit_id in own_ids],
        "assignments": assignments if leads else [a for a in assignments if a.scorer_id in own_ids],
        "ranking": ranking,
        "chart": chart,
        "group_charts": group_charts,
        "signals": signals,
        "signal_labels": KIND_LABELS,
        "problem": problem,
        "appeals": list(appeals_of(review)) if leads else [],
        "own_units": own_units,
    }
    return render(request, "scoring/review.html", context)


def review_total_max(outcome: engine.Outcome) -> Fraction:
    return max((e.result.total for e in outcome.ranking.entries), default=Fraction(1)) or Fraction(1)


@login_required
@require_POST
def open_appeals(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    deadline = _date(request.POST.get("appeal_deadline", ""))
    _acting(
        request,
        lambda: services.open_appeals(actor=request.user, review=review, appeal_deadline=deadline),
        "Đã công bố kết quả tạm thời và mở thời gian nhận kiến nghị.",
    )
    return redirect("scoring:review", pk=review.pk)


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return timezone.localdate() + datetime.timedelta(days=7)


@login_required
@require_POST
def start_cross(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    deadline = _date(request.POST.get("cross_deadline", ""))
    _acting(
        request,
        lambda: services.start_cross_scoring(actor=request.user, review=review, cross_deadline=deadline),
        "Đã chuyển sang bước chấm chéo; mọi đơn vị chấm chéo mọi đơn vị khác.",
    )
    return redirect("scoring:review", pk=review.pk)


@login_required
@require_POST
def finalise(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    _acting(
        request,
        lambda: services.finalise_ranking(actor=request.user, review=review),
        "Đã kết thúc nhận kiến nghị và công bố kết quả chính thức.",
    )
    return redirect("scoring:review", pk=review.pk)


@login_required
def explain_page(request: HttpRequest, pk: int, unit_code: str) -> HttpResponse:
    review = _review(request, pk)
    outcome, problem = _outcome(review)
    if outcome is None:
        messages.error(request, f"Chưa tính được kết quả: {problem}")
        return redirect("scoring:review", pk=review.pk)
    unit = Unit.objects.filter(code=unit_code, pk__in=[int(k) for k in outcome.results]).first()
    if unit is None:
        raise Http404
    leads = allows(request.user, "scoring.lead_review", review)
    if (
        review.stage == "scoring"
        and not leads
        and not allows(request.user, "scoring.act_for_unit", (review, unit))
    ):
        raise Http404
    explanation = explain_unit(user=request.user, review=review, unit=unit, outcome=outcome)
    return render(
        request, "scoring/explain.html", {"review": review, "x": explanation, "year": review.emulation_year}
    )


def _scores_from(request: HttpRequest, criteria: list[Any], prefix: str) -> dict[int, tuple[str, str]]:
    scores = {}
    for criterion in criteria:
        value = request.POST.get(f"score_{criterion.pk}", "").strip()
        if value:
            scores[criterion.pk] = (value, request.POST.get(f"{prefix}_{criterion.pk}", ""))
    return scores


@login_required
def sheet_page(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = get_object_or_404(
        SelfAssessment.objects.select_related(
            "review__emulation_year__cluster__authority", "review__covenant", "unit"
        ),
        pk=pk,
    )
    review = sheet.review
    acts = allows(request.user, "scoring.act_for_unit", (review, sheet.unit))
    leads = allows(request.user, "scoring.lead_review", review)
    if not (acts or leads):
        raise Http404
    criteria = criteria_of(sheet.covenant)
    if request.method == "POST":
        revision = int(request.POST.get("revision", "-1") or -1)
        scores = _scores_from(request, criteria, "explanation")
        if request.POST.get("action") == "submit":

            def act() -> None:
                saved = services.save_self_assessment(
                    actor=request.user, sheet=sheet, revision=revision, scores=scores
                )
                services.submit_self_assessment(actor=request.user, sheet=sheet, revision=saved.revision)

            _acting(request, act, "Đã nộp bảng tự chấm.")
        else:
            _acting(
                request,
                lambda: services.save_self_assessment(
                    actor=request.user, sheet=sheet, revision=revision, scores=scores
                ),
                "Đã lưu bản nháp.",
            )
        return redirect("scoring:sheet", pk=sheet.pk)
    stored = {s.criterion_id: s for s in sheet.scores.all()}
    rows = [(c, stored.get(c.pk)) for c in criteria]
    evidence = list(sheet.evidence.select_related("criterion"))
    return render(
        request,
        "scoring/sheet.html",
        {
            "sheet": sheet,
            "review": review,
            "rows": rows,
            "acts": acts,
            "leads": leads,
            "evidence": evidence,
            "editable": acts
            and sheet.status != "submitted"
            and review.emulation_year.state == "self_assessment",
        },
    )


@login_required
@require_POST
def return_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = get_object_or_404(SelfAssessment.objects.select_related("review__emulation_year__cluster"), pk=pk)
    _acting(
        request,
        lambda: services.return_self_assessment(
            actor=request.user, sheet=sheet, reason=request.POST.get("reason", "")
        ),
        "Đã trả lại bảng tự chấm cho đơn vị.",
    )
    return redirect("scoring:sheet", pk=sheet.pk)


@login_required
def assignment_page(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        CrossAssignment.objects.select_related(
            "review__emulation_year__cluster__authority", "review__covenant", "scorer", "unit"
        ),
        pk=pk,
    )
    review = assignment.review
    acts = allows(request.user, "scoring.act_for_unit", (review, assignment.scorer))
    if not (acts or allows(request.user, "scoring.lead_review", review)):
        raise Http404
    criteria = criteria_of(review.covenant)
    if request.method == "POST":
        revision = int(request.POST.get("revision", "-1") or -1)
        scores = _scores_from(request, criteria, "comment")
        if request.POST.get("action") == "submit":

            def act() -> None:
                saved = services.save_cross_scores(
                    actor=request.user, assignment=assignment, revision=revision, scores=scores
                )
                services.submit_cross_scores(
                    actor=request.user, assignment=assignment, revision=saved.revision
                )

            _acting(request, act, "Đã nộp điểm chấm chéo; bảng chấm đã khóa.")
        else:
            _acting(
                request,
                lambda: services.save_cross_scores(
                    actor=request.user, assignment=assignment, revision=revision, scores=scores
                ),
                "Đã lưu bản nháp điểm chấm chéo.",
            )
        return redirect("scoring:assignment", pk=assignment.pk)
    stored = {s.criterion_id: s for s in assignment.scores.all()}
    sheet = SelfAssessment.objects.filter(review=review, unit=assignment.unit).first()
    own = {s.criterion_id: s for s in sheet.scores.all()} if sheet else {}
    evidence = list(sheet.evidence.all()) if sheet else []
    # Blind until submitted: others' scores of this unit appear only after this scorer has submitted.
    peers: dict[int, list[Decimal]] = {}
    if assignment.is_locked:
        for criterion_id, score in (
            CrossAssignment.objects.filter(review=review, unit=assignment.unit, status="submitted")
            .exclude(pk=assignment.pk)
            .values_list("scores__criterion_id", "scores__score")
        ):
            peers.setdefault(criterion_id, []).append(score)
    rows = [(c, stored.get(c.pk), own.get(c.pk), sorted(peers.get(c.pk, []))) for c in criteria]
    return render(
        request,
        "scoring/assignment.html",
        {
            "a": assignment,
            "review": review,
            "rows": rows,
            "evidence": evidence,
            "editable": acts and not assignment.is_locked and review.emulation_year.state == "cross_scoring",
        },
    )


@login_required
def export(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    content = export_scores(actor=request.user, review=review)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="diem-thi-dua-{review.emulation_year.year}.xlsx"'
    return response
