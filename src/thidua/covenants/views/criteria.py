"""The htmx editor of the criteria table: one URL per change (`…/covenant/table/<action>/`), each
answering the refreshed table; without htmx, back to the covenant page with the message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render

from thidua.core.errors import DomainError
from thidua.core.pages import page_action
from thidua.covenants import services
from thidua.covenants.models import Covenant, Criterion, CriterionGroup, ScoreLine
from thidua.covenants.selectors import current_covenant
from thidua.covenants.views.common import form_id, year_or_404
from thidua.covenants.views.covenant import covenant_context, covenant_page


def _group(covenant: Covenant, data: QueryDict) -> CriterionGroup:
    return get_object_or_404(CriterionGroup, covenant=covenant, pk=form_id(data.get("group")))


def _criterion(covenant: Covenant, data: QueryDict) -> Criterion:
    return get_object_or_404(Criterion, group__covenant=covenant, pk=form_id(data.get("criterion")))


Change = Callable[[Any, Covenant, QueryDict], object]

# Each change of the table is one service call; the URL names the change.
CHANGES: dict[str, Change] = {
    "add_group": lambda actor, covenant, data: services.add_group(
        actor=actor, covenant=covenant, name=data.get("name", ""), max_points=data.get("max_points", "")
    ),
    "update_group": lambda actor, covenant, data: services.update_group(
        actor=actor,
        group=_group(covenant, data),
        name=data.get("name", ""),
        max_points=data.get("max_points", ""),
    ),
    "group_up": lambda actor, covenant, data: services.move_group(
        actor=actor, group=_group(covenant, data), direction="up"
    ),
    "group_down": lambda actor, covenant, data: services.move_group(
        actor=actor, group=_group(covenant, data), direction="down"
    ),
    "remove_group": lambda actor, covenant, data: services.remove_group(
        actor=actor, group=_group(covenant, data)
    ),
    "add_criterion": lambda actor, covenant, data: services.add_criterion(
        actor=actor,
        group=_group(covenant, data),
        name=data.get("name", ""),
        max_points=data.get("max_points", ""),
        guidance=data.get("guidance", ""),
        evidence=data.get("evidence", ""),
        legal_basis=data.get("legal_basis", ""),
    ),
    "criterion_up": lambda actor, covenant, data: services.move_criterion(
        actor=actor, criterion=_criterion(covenant, data), direction="up"
    ),
    "criterion_down": lambda actor, covenant, data: services.move_criterion(
        actor=actor, criterion=_criterion(covenant, data), direction="down"
    ),
    "remove_criterion": lambda actor, covenant, data: services.remove_criterion(
        actor=actor, criterion=_criterion(covenant, data)
    ),
    "add_line": lambda actor, covenant, data: services.add_score_line(
        actor=actor,
        covenant=covenant,
        kind=data.get("kind", ""),
        name=data.get("name", ""),
        points=data.get("points", ""),
    ),
    "remove_line": lambda actor, covenant, data: services.remove_score_line(
        actor=actor, line=get_object_or_404(ScoreLine, covenant=covenant, pk=form_id(data.get("line")))
    ),
}


def _table(request: HttpRequest, cluster_pk: int, year: int, error: DomainError | None) -> HttpResponse:
    emulation_year = year_or_404(cluster_pk, year)
    context = covenant_context(request, emulation_year, current_covenant(emulation_year))
    context["error"] = error
    # 200 even with an error: htmx swaps only successful answers, and the table shows the message.
    return render(request, "covenants/_criteria_table.html", context, status=200)


def _table_error(request: HttpRequest, error: DomainError, kwargs: dict[str, Any]) -> HttpResponse:
    return _table(request, kwargs["cluster_pk"], kwargs["year"], error)


@page_action(covenant_page, fragment=_table_error)
def criteria_change(request: HttpRequest, cluster_pk: int, year: int, change: str) -> HttpResponse | None:
    if change not in CHANGES:
        raise Http404
    emulation_year = year_or_404(cluster_pk, year)
    covenant = current_covenant(emulation_year)
    if covenant is None:
        raise Http404
    CHANGES[change](request.user, covenant, request.POST)
    return _table(request, cluster_pk, year, None) if request.htmx else None  # type: ignore[attr-defined]


def criteria_table(request: HttpRequest, cluster_pk: int, year: int) -> HttpResponse:
    """The table alone (htmx refresh), for those who may see the year's drafts."""
    from thidua.core.pages import refuse
    from thidua.core.rules import allows

    emulation_year = year_or_404(cluster_pk, year)
    covenant = current_covenant(emulation_year)
    if covenant is None:
        raise Http404
    if not allows(request.user, "covenants.view_year", emulation_year):
        return refuse(request)
    return _table(request, cluster_pk, year, None)
