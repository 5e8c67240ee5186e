from __future__ import annotations

from collections.abc import Collection

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from thidua.clusters import services
from thidua.clusters.forms import AddMemberForm, CarryOverForm, LeadershipForm
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
from thidua.core.errors import DomainError, InvalidInput
from thidua.core.rules import require
from thidua.core.years import parse_optional_year
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


@login_required
def cluster_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """Members and leaders per year, for the authority's officers. Each form posts one action."""
    cluster = get_object_or_404(public_clusters(), pk=pk)
    require(request.user, "clusters.manage_cluster", cluster)
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
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "add":
                add_form = AddMemberForm(request.POST, prefix="add")
                if add_form.is_valid():
                    services.add_member(
                        actor=request.user,
                        cluster=cluster,
                        unit=add_form.cleaned_data["unit"],
                        year=add_form.cleaned_data["year"],
                    )
                    messages.success(
                        request,
                        f"Đã thêm «{add_form.cleaned_data['unit']}» vào năm {add_form.cleaned_data['year']}.",
                    )
                    return redirect(f"{request.path}?year={add_form.cleaned_data['year']}")
            elif action == "carry":
                carry_form = CarryOverForm(request.POST, prefix="carry")
                if carry_form.is_valid():
                    report = services.carry_over_members(
                        actor=request.user, cluster=cluster, **carry_form.cleaned_data
                    )
                    messages.success(
                        request,
                        f"Đã chuyển {len(report.added)} thành viên sang năm {carry_form.cleaned_data['to_year']}"
                        f"; {len(report.replaced)} đơn vị được thay bằng đơn vị kế thừa"
                        f"; {len(report.skipped)} bỏ qua.",
                    )
                    for unit, reason in report.skipped:
                        messages.warning(request, f"Bỏ qua «{unit}»: {reason}")
                    return redirect(f"{request.path}?year={carry_form.cleaned_data['to_year']}")
            elif action == "lead":
                lead_form = LeadershipForm(request.POST, members=members, prefix="lead")
                if lead_form.is_valid():
                    data = lead_form.cleaned_data
                    services.set_leadership(
                        actor=request.user,
                        cluster=cluster,
                        year=data["year"],
                        leader=data["leader"],
                        deputy=data["deputy"],
                        decided_by=data["decided_by"],
                    )
                    messages.success(request, f"Đã lưu trưởng cụm, phó trưởng cụm năm {data['year']}.")
                    return redirect(f"{request.path}?year={data['year']}")
            elif action == "remove":
                unit = members.filter(code=request.POST.get("unit", "")).first()
                if unit is not None:
                    services.remove_member(actor=request.user, cluster=cluster, unit=unit, year=year)
                    messages.success(request, f"Đã bỏ «{unit}» khỏi năm {year}.")
                    return redirect(f"{request.path}?year={year}")
                messages.error(request, "Không tìm thấy thành viên cần bỏ.")
        except DomainError as error:
            messages.error(request, error.message)
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
