"""The list of emulation years, a year's overview and its state changes, conference photos."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from thidua.clusters import services as cluster_services
from thidua.clusters.enums import YEAR_STATE_ORDER, YearState
from thidua.clusters.models import ConferencePhoto, EmulationYear
from thidua.clusters.selectors import conferences_for, leadership_for
from thidua.core.pages import named, page_action
from thidua.core.rules import allows
from thidua.covenants.enums import CovenantStatus
from thidua.covenants.forms import ReopenForm
from thidua.covenants.rules import conference_is_public, covenant_is_public, plan_is_public
from thidua.covenants.selectors import current_covenant, emulation_years, plan_with_items
from thidua.covenants.views.common import PAGE_SIZE, cluster_year


def year_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(emulation_years().prefetch_related("covenants"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = []
    for item in page.object_list:
        live = [c for c in item.covenants.all() if c.status != CovenantStatus.SUPERSEDED]
        rows.append((item, max(live, key=lambda c: c.version) if live else None))
    return render(request, "covenants/year_list.html", {"rows": rows, "page": page})


def _reopen_form(emulation_year: EmulationYear) -> ReopenForm:
    form = ReopenForm()
    index = YEAR_STATE_ORDER.index(emulation_year.state)
    form.fields["to_state"].choices = list(YearState.choices)[:index]  # type: ignore[attr-defined]
    return form


@named("covenants:year")
def year_detail(request: HttpRequest, cluster_pk: int, year: int) -> HttpResponse:
    cluster, emulation_year = cluster_year(cluster_pk, year)
    context: dict[str, Any] = {
        "cluster": cluster,
        "year": year,
        "emulation_year": emulation_year,
        "may_lead": allows(request.user, "clusters.lead_year", (cluster, year)),
    }
    if emulation_year is not None:
        index = YEAR_STATE_ORDER.index(emulation_year.state)
        # The public sees only what is in force: the signed covenant, the adopted plan, and then the
        # history under the leading unit's name (never the accounts nor the reasons for reopening).
        # The same rules as the covenant, plan and minutes pages and documents (covenants.rules).
        may_view = allows(request.user, "covenants.view_year", emulation_year)
        covenant = current_covenant(emulation_year)
        in_force = covenant is not None and covenant_is_public(covenant)
        plan = plan_with_items(emulation_year)
        leadership = leadership_for(cluster=cluster, year=year)
        context.update(
            states=[
                (value, label, i < index, i == index) for i, (value, label) in enumerate(YearState.choices)
            ],
            next_state=YearState(YEAR_STATE_ORDER[index + 1]) if index + 1 < len(YEAR_STATE_ORDER) else None,
            reopen_form=_reopen_form(emulation_year),
            may_view=may_view,
            transitions=list(emulation_year.transitions.all()) if may_view or in_force else [],
            public_actor=leadership.leader.name if leadership else cluster.authority.name,
            covenant=covenant if may_view or in_force else None,
            plan=plan if plan is not None and (may_view or plan_is_public(plan)) else None,
            leadership=leadership,
            conferences=conferences_for(cluster=cluster)
            .filter(year=year)
            .prefetch_related("agenda_items", "outcomes", "photos"),
            # minutes and photos follow `covenants.view_conference` (one answer for the whole year)
            may_see_conferences=emulation_year.state != YearState.PLANNING or may_view,
        )
    return render(request, "covenants/year_detail.html", context)


@page_action(year_detail)
def year_open(request: HttpRequest, cluster_pk: int, year: int) -> None:
    cluster, _ = cluster_year(cluster_pk, year)
    cluster_services.open_emulation_year(actor=request.user, cluster=cluster, year=year)
    messages.success(request, f"Đã bắt đầu năm thi đua {year}.")


def _existing_year(cluster_pk: int, year: int) -> EmulationYear:
    _, emulation_year = cluster_year(cluster_pk, year)
    if emulation_year is None:
        raise Http404
    return emulation_year


@page_action(year_detail)
def year_advance(request: HttpRequest, cluster_pk: int, year: int) -> None:
    emulation_year = _existing_year(cluster_pk, year)
    cluster_services.advance_year(
        actor=request.user, emulation_year=emulation_year, to_state=request.POST.get("to_state", "")
    )
    messages.success(request, f"Năm thi đua chuyển sang bước «{emulation_year.get_state_display()}».")


@page_action(year_detail)
def year_reopen(request: HttpRequest, cluster_pk: int, year: int) -> None:
    cluster_services.reopen_year(
        actor=request.user,
        emulation_year=_existing_year(cluster_pk, year),
        to_state=request.POST.get("to_state", ""),
        reason=request.POST.get("reason", ""),
    )
    messages.success(request, "Đã mở lại năm thi đua.")


def conference_photo(request: HttpRequest, pk: int) -> FileResponse:
    """A conference photo: `covenants.view_conference`, as the minutes. 404 when refused: an
    unpublished photo's existence is not to be revealed."""
    photo = get_object_or_404(ConferencePhoto.objects.select_related("conference__cluster__authority"), pk=pk)
    if not allows(request.user, "covenants.view_conference", photo.conference):
        raise Http404("Không tìm thấy ảnh.")
    public = conference_is_public(photo.conference)
    content_type = "image/png" if photo.image.name.endswith(".png") else "image/jpeg"
    response = FileResponse(photo.image.open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400" if public else "private, no-store"
    return response
