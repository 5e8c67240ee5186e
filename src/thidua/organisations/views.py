from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from thidua.accounts.access import REGISTRY_ROLES, has_any_role, units_reached
from thidua.core.pagination import BoundedPaginator
from thidua.core.rules import allows
from thidua.organisations.enums import UnitKind
from thidua.organisations.models import Person, Province, Unit
from thidua.organisations.selectors import (
    ancestors_of,
    current_staff,
    lineage_events_of,
    predecessors_of,
    search_units,
    successors_of,
)

PAGE_SIZE = 50


def unit_list(request: HttpRequest) -> HttpResponse:
    units = Unit.objects.select_related("province", "parent").order_by("sort_key", "id")
    q = request.GET.get("q", "").strip()
    if q:
        units = search_units(units, q)
    kind = request.GET.get("kind", "")
    if kind in UnitKind.values:
        units = units.filter(kind=kind)
    province = request.GET.get("province", "")
    if province:
        units = units.filter(province__code=province, province__is_current=True)
    # "Mine": the units whose people and registries the user may read (thidua.accounts.access).
    scope = request.GET.get("scope", "")
    may_scope = has_any_role(request.user, *REGISTRY_ROLES)
    if scope == "mine" and may_scope:
        units = units.filter(pk__in=units_reached(request.user).values("pk"))
    # A search counts its first thousand matches only (a common word matches tens of thousands).
    paginator = BoundedPaginator(units, PAGE_SIZE) if q else Paginator(units, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "kind": kind,
        "province": province,
        "scope": scope,
        "may_scope": may_scope,
        "kinds": UnitKind.choices,
        "provinces": Province.objects.filter(is_current=True).order_by("sort_key"),
    }
    template = "organisations/_unit_rows.html" if request.htmx else "organisations/unit_list.html"
    return render(request, template, context)


def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(
        Unit.objects.select_related("province", "parent", "province__successor"), code=code
    )
    memberships = unit.cluster_memberships.select_related("cluster", "cluster__authority").order_by("-year")
    context = {
        "unit": unit,
        "ancestors": ancestors_of(unit),
        "children": unit.children.order_by("sort_key")[:200],
        "events": lineage_events_of(unit),
        "predecessors": predecessors_of(unit).order_by("sort_key"),
        "successors": successors_of(unit).order_by("sort_key"),
        "memberships": memberships,
        "can_see_staff": allows(request.user, "organisations.manage_people", unit),
    }
    if context["can_see_staff"]:
        context["staff"] = current_staff(unit)
    return render(request, "organisations/unit_detail.html", context)


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.prefetch_related("positions__unit"), pk=pk)
    if not allows(request.user, "organisations.view_person", person):
        # Say "not found" rather than "forbidden": whether a person exists is itself personal data.
        raise Http404
    return render(request, "organisations/person_detail.html", {"person": person})
