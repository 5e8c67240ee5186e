from __future__ import annotations

from collections.abc import Collection

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from thidua.clusters import services
from thidua.clusters.forms import AddMemberForm, CarryOverForm, LeadershipForm
from thidua.clusters.models import Cluster
from thidua.clusters.selectors import (
    CANDIDATE_LIMIT,
    cluster_years,
    conferences_for,
    default_year,
    emulation_year_numbers,
    leadership_for,
    member_candidates,
    members_for,
    public_clusters,
    suggest_rotation,
)
from thidua.core.errors import InvalidInput
from thidua.core.pages import cleaned, named, page_action
from thidua.core.rules import require
from thidua.core.years import parse_optional_year, parse_year
from thidua.organisations.models import Unit
from thidua.organisations.selectors import current_successors_map

PAGE_SIZE = 50


def cluster_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(public_clusters(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "clusters/cluster_list.html", {"page": page})


def _selected_year(request: HttpRequest, years: list[int], opened: Collection[int] = ()) -> int | None:
    raw = request.GET.get("year") or request.POST.get("year")
    try:
        chosen = parse_optional_year(raw)
    except InvalidInput:
        chosen = None  # a year tab that does not exist shows the default year, as before
    if chosen in years:
        return chosen
    return default_year(years=years, opened=opened, today_year=timezone.localdate().year)


def cluster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_object_or_404(public_clusters(), pk=pk)
    years = cluster_years(cluster)
    opened = emulation_year_numbers(cluster)
    year = _selected_year(request, years, opened)
    members = list(members_for(cluster=cluster, year=year)) if year else []
    now_map = current_successors_map(members, on=timezone.localdate())
    for unit in members:
        # "Now" is worth showing only when the unit itself is gone.
        unit.now_units = [u for u in now_map[unit.pk] if u.pk != unit.pk]  # type: ignore[attr-defined]
    context = {
        "cluster": cluster,
        "years": years,
        "year": year,
        "year_opened": year in opened,
        "members": members,
        "leadership": leadership_for(cluster=cluster, year=year) if year else None,
        "conferences": conferences_for(cluster=cluster).filter(year=year) if year else [],
    }
    template = "clusters/_year.html" if request.htmx else "clusters/cluster_detail.html"
    return render(request, template, context)


def _manage_back(cluster_pk: int, year: int) -> HttpResponse:
    """Back to the management page, on the year the action was about."""
    return redirect(f"{reverse('clusters:cluster_manage', kwargs={'pk': cluster_pk})}?year={year}")


def _managed_cluster(request: HttpRequest, pk: int) -> Cluster:
    cluster = get_object_or_404(public_clusters(), pk=pk)
    require(request.user, "clusters.manage_cluster", cluster)
    return cluster


@named("clusters:cluster_manage")
@login_required
def cluster_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """Members and leaders per year, for the authority's officers. Each form posts to its own URL
    (the actions below); a refused action shows this page again with the message."""
    cluster = _managed_cluster(request, pk)
    years = cluster_years(cluster)
    year = _selected_year(request, years) or timezone.localdate().year
    members = members_for(cluster=cluster, year=year)
    unit_query = request.GET.get("q", "")[:100]
    candidates = member_candidates(cluster=cluster, year=year, query=unit_query)
    candidate_count = candidates.count()
    add_form = AddMemberForm(initial={"year": year}, prefix="add", candidates=candidates[:CANDIDATE_LIMIT])
    carry_form = CarryOverForm(initial={"from_year": year, "to_year": year + 1}, prefix="carry")
    suggestion = suggest_rotation(cluster=cluster, year=year)
    current = leadership_for(cluster=cluster, year=year)
    lead_form = LeadershipForm(
        members=members,
        prefix="lead",
        initial={
            "year": year,
            "leader": (current.leader if current else suggestion.leader),
            "deputy": (current.deputy if current else suggestion.deputy),
            "decided_by": current.decided_by if current else "",
        },
    )
    context = {
        "cluster": cluster,
        "years": years,
        "year": year,
        "members": members,
        "leadership": current,
        "suggestion": suggestion,
        "add_form": add_form,
        "unit_query": unit_query,
        "candidate_count": candidate_count,
        "candidate_limit": CANDIDATE_LIMIT,
        "carry_form": carry_form,
        "lead_form": lead_form,
    }
    return render(request, "clusters/cluster_manage.html", context)


# One URL per action (docs/developer/conventions.md, "Page writes"): each calls one service.


@page_action(cluster_manage)
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = _managed_cluster(request, pk)
    data = cleaned(AddMemberForm(request.POST, prefix="add"))
    services.add_member(actor=request.user, cluster=cluster, unit=data["unit"], year=data["year"])
    messages.success(request, f"Đã thêm «{data['unit']}» vào năm {data['year']}.")
    return _manage_back(cluster.pk, data["year"])


@page_action(cluster_manage)
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = _managed_cluster(request, pk)
    year = parse_year(request.POST.get("year", ""))
    unit = Unit.objects.filter(code=request.POST.get("unit", "")[:50]).first()
    if unit is None:
        raise InvalidInput("Không tìm thấy thành viên cần bỏ.", fields={"unit": "not_found"})
    services.remove_member(actor=request.user, cluster=cluster, unit=unit, year=year)
    messages.success(request, f"Đã bỏ «{unit}» khỏi năm {year}.")
    return _manage_back(cluster.pk, year)


@page_action(cluster_manage)
def members_carry_over(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = _managed_cluster(request, pk)
    data = cleaned(CarryOverForm(request.POST, prefix="carry"))
    report = services.carry_over_members(actor=request.user, cluster=cluster, **data)
    messages.success(
        request,
        f"Đã chuyển {len(report.added)} thành viên sang năm {data['to_year']}"
        f"; {len(report.replaced)} đơn vị được thay bằng đơn vị kế thừa"
        f"; {len(report.skipped)} bỏ qua.",
    )
    for unit, reason in report.skipped:
        messages.warning(request, f"Bỏ qua «{unit}»: {reason}")
    return _manage_back(cluster.pk, data["to_year"])


@page_action(cluster_manage)
def leadership_set(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = _managed_cluster(request, pk)
    year = parse_year(request.POST.get("lead-year", ""), field="lead-year")
    members = members_for(cluster=cluster, year=year)
    data = cleaned(LeadershipForm(request.POST, members=members, prefix="lead"))
    services.set_leadership(
        actor=request.user,
        cluster=cluster,
        year=data["year"],
        leader=data["leader"],
        deputy=data["deputy"],
        decided_by=data["decided_by"],
    )
    messages.success(request, f"Đã lưu trưởng cụm, phó trưởng cụm năm {data['year']}.")
    return _manage_back(cluster.pk, data["year"])
