"""The review's overview page (progress, signals, ranking, charts) and the leader's actions on it:
cross-scoring start, the rotation grid, conflicts of interest, an explicit compute, the Excel of
every score."""

from __future__ import annotations

from fractions import Fraction

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thidua.core.errors import InvalidInput
from thidua.core.pages import named, page_action, refuse
from thidua.core.rules import allows, require
from thidua.covenants.selectors import member_units
from thidua.organisations.models import Unit
from thidua.scoring import aggregation as engine
from thidua.scoring import services
from thidua.scoring.charts import Bar, bar_chart
from thidua.scoring.enums import SheetStatus
from thidua.scoring.excel import export_scores
from thidua.scoring.explain import vi_points
from thidua.scoring.models import CrossAssignment, Review
from thidua.scoring.outcomes import compute_outcome, stored_outcome
from thidua.scoring.selectors import (
    appeals_of,
    assignments_of,
    conflicts_of,
    criteria_of,
    progress_of,
    sheets_of,
)

from .common import posted_date, posted_member, review_or_404, xlsx_response

KIND_LABELS = engine.KIND_LABELS


def review_total_max(outcome: engine.Outcome) -> Fraction:
    return max((e.result.total for e in outcome.ranking.entries), default=Fraction(1)) or Fraction(1)


@named("scoring:review")
def review_page(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return refuse(request)
    review = review_or_404(request, pk)
    leads = allows(request.user, "scoring.lead_review", review)
    sheets = list(sheets_of(review))
    own_units = [s.unit for s in sheets if allows(request.user, "scoring.act_for_unit", (review, s.unit))]
    own_ids = {u.pk for u in own_units}
    chosen = request.GET.get("don-vi-cham", "")[:30]
    # At 60 members there are 3,540 cross sheets: the leader gets one line per scorer (counted in
    # the database) and the sheets of the scorer asked for (?don-vi-cham=CODE); a member its own.
    if leads:
        assignments = list(assignments_of(review).filter(scorer__code=chosen)) if chosen else []
        per_scorer = scorer_progress(review, {s.unit.pk: s.unit for s in sheets})
    else:
        assignments = list(assignments_of(review).filter(scorer__in=own_ids))
        per_scorer = []
    stored = stored_outcome(review)
    outcome, problem = stored.outcome, stored.problem
    names = {str(s.unit.pk): s.unit for s in sheets}
    ranking, chart, group_charts, signals = [], None, [], []
    visible = leads or review.stage != "scoring"
    criteria = criteria_of(review.covenant)
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
            ident="chart-total",
            value_text=vi_points,
        )
        groups = {str(c.group_id): c.group for c in criteria}
        for group_id, group in groups.items():
            title = f"Nhóm tiêu chí: {group.name} (tối đa {vi_points(Fraction(group.max_points))} điểm)"
            svg = bar_chart(
                title=title,
                bars=[
                    Bar(names[e.unit].name, stored.group_value(e.unit, group_id), int(e.unit) in own_ids)
                    for e in outcome.ranking.entries
                ],
                maximum=Fraction(group.max_points),
                ident=f"chart-group-{group_id}",
                value_text=vi_points,
            )
            group_charts.append((title, svg))
        if leads:
            signals = [
                (s, [names[u].name for u in s.units], {k: v.replace(".", ",") for k, v in s.detail.items()})
                for s in outcome.signals
            ]
    members = [s.unit for s in sheets]
    progress = progress_of(review)
    context = {
        "review": review,
        "year": review.emulation_year,
        "leads": leads,
        "progress": progress,
        "sheets": sheets if leads else [s for s in sheets if s.unit_id in own_ids],
        "assignments": assignments,
        "scorer_progress": per_scorer,
        "chosen_scorer": chosen,
        "ranking": ranking,
        "chart": chart,
        "group_charts": group_charts,
        "signals": signals,
        "signal_labels": KIND_LABELS,
        "problem": problem,
        "appeals": list(appeals_of(review)) if leads else [],
        "own_units": own_units,
        "members": members,
        "conflicts": [c for c in conflicts_of(review) if leads or c.scorer_id in own_ids],
        "conflict_scorers": members if leads else own_units,
        "any_submitted": progress.assignments_submitted > 0,
    }
    return render(request, "scoring/review.html", context)


def scorer_progress(review: Review, units: dict[int, Unit]) -> list[tuple[Unit, int, int]]:
    """(scorer, sheets submitted, sheets assigned) for every member that scores, in the members' order."""
    counts = {
        row["scorer"]: (row["done"], row["total"])
        for row in CrossAssignment.objects.filter(review=review)
        .values("scorer")
        .annotate(done=Count("id", filter=Q(status=SheetStatus.SUBMITTED)), total=Count("id"))
        .order_by()
    }
    return [(unit, *counts[pk]) for pk, unit in units.items() if pk in counts]


@named("scoring:rotation")
def rotation_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The leader's rotation grid: which member scores which (ticked: assigned now)."""
    if not request.user.is_authenticated:
        return refuse(request)
    review = review_or_404(request, pk)
    if not allows(request.user, "scoring.lead_review", review):
        return refuse(request)
    members = [s.unit for s in sheets_of(review)]
    assigned = set(CrossAssignment.objects.filter(review=review).values_list("scorer_id", "unit_id"))
    rows = [
        (scorer, [(unit, (scorer.pk, unit.pk) in assigned) for unit in members if unit.pk != scorer.pk])
        for scorer in members
    ]
    return render(
        request,
        "scoring/rotation.html",
        {"review": review, "year": review.emulation_year, "rows": rows, "members": members},
    )


@page_action(review_page)
def start_cross(request: HttpRequest, pk: int) -> None:
    review = review_or_404(request, pk)
    deadline = posted_date(request, "cross_deadline", "Hạn chấm chéo")
    services.start_cross_scoring(actor=request.user, review=review, cross_deadline=deadline)
    messages.success(request, "Đã chuyển sang bước chấm chéo; mọi đơn vị chấm chéo mọi đơn vị khác.")


@page_action(rotation_page)
def set_rotation(request: HttpRequest, pk: int) -> None:
    """The leader's rotation: the ticked (scorer, unit) pairs; "all" restores all-score-all."""
    review = review_or_404(request, pk)
    if request.POST.get("all") == "1":
        services.assign_cross_scoring(actor=request.user, review=review, pairs=None)
        messages.success(request, "Đã phân công: mọi đơn vị chấm chéo mọi đơn vị khác.")
        return
    members = {u.pk: u for u in member_units(review.emulation_year)}
    pairs = []
    for value in request.POST.getlist("pair"):
        scorer_id, _, unit_id = value.partition("-")
        if (
            not (scorer_id.isdigit() and unit_id.isdigit())
            or int(scorer_id) not in members
            or int(unit_id) not in members
        ):
            raise InvalidInput("Cặp chấm chéo không hợp lệ; hãy tải lại trang.", fields={"pair": "invalid"})
        pairs.append((members[int(scorer_id)], members[int(unit_id)]))
    if not pairs:
        raise InvalidInput("Hãy chọn ít nhất một cặp đơn vị chấm chéo.", fields={"pair": "required"})
    created = services.assign_cross_scoring(actor=request.user, review=review, pairs=pairs)
    messages.success(request, f"Đã phân công chấm chéo theo vòng: {len(created)} bảng chấm.")


@page_action(review_page)
def declare_conflict(request: HttpRequest, pk: int) -> None:
    review = review_or_404(request, pk)
    scorer = posted_member(review, request, "scorer", "Đơn vị chấm")
    unit = posted_member(review, request, "unit", "Đơn vị được chấm")
    services.declare_conflict(
        actor=request.user, review=review, scorer=scorer, unit=unit, reason=request.POST.get("reason", "")
    )
    messages.success(request, f"Đã ghi nhận xung đột lợi ích: {scorer.name} không chấm {unit.name}.")


@page_action(review_page)
def recompute(request: HttpRequest, pk: int) -> None:
    """The explicit compute (the leader's button): stores the outcome again from the scores."""
    review = review_or_404(request, pk)
    require(request.user, "scoring.lead_review", review)
    compute_outcome(review=review)
    messages.success(request, "Đã tính lại kết quả từ các điểm đã nộp.")


def export(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return refuse(request)
    review = review_or_404(request, pk)
    content = export_scores(actor=request.user, review=review)
    return xlsx_response(content, f"diem-thi-dua-{review.emulation_year.year}.xlsx")
