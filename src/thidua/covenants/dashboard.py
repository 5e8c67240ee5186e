"""What the plan, covenant and registration still need from a user (thidua.core.dashboard)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Q
from django.urls import reverse

from thidua.accounts.selectors import scope_filter
from thidua.clusters.enums import YearState
from thidua.clusters.models import ClusterMembership, EmulationYear
from thidua.clusters.selectors import clusters_managed_by
from thidua.core.dashboard import DashboardInput, Task
from thidua.core.rules import allows
from thidua.covenants.enums import CovenantStatus, PlanStatus
from thidua.covenants.models import Plan, Registration, RegistrationCall
from thidua.covenants.rules import UNIT_ROLES
from thidua.covenants.selectors import current_covenant, member_units, signing_progress

#: at most this many open years are looked at per user (a ministry runs hundreds of clusters: its
#: dashboard lists them on the cluster pages, not here)
YEARS_LOOKED_AT = 12
#: states in which the first half of the year still has work: plan, covenant, registration
_FIRST_HALF = (YearState.PLANNING, YearState.COVENANT_SIGNED, YearState.IN_PROGRESS)


def _open_years(user: Any) -> list[EmulationYear]:
    """Not-closed years of the clusters the user's units belong to or lead, and those it manages."""
    unit_condition = scope_filter(user, *UNIT_ROLES, path_field="unit__path")
    pairs = Q(pk__in=[])
    if unit_condition is not None:
        for cluster_id, year in (
            ClusterMembership.objects.filter(unit_condition).values_list("cluster_id", "year").distinct()[:50]
        ):
            pairs |= Q(cluster_id=cluster_id, year=year)
    managed = clusters_managed_by(user).values("pk")
    return list(
        EmulationYear.objects.filter(pairs | Q(cluster__in=managed))
        .exclude(state=YearState.CLOSED)
        .select_related("cluster__authority")
        .order_by("-year", "cluster__number")[:YEARS_LOOKED_AT]
    )


def _names(units: Iterable[Any], limit: int = 6) -> str:
    names = [u.short_name or u.name for u in units]
    shown = ", ".join(names[:limit])
    return shown + (f" và {len(names) - limit} đơn vị khác" if len(names) > limit else "")


def covenant_tasks(data: DashboardInput) -> Iterator[Task]:
    user = data.user
    for year in _open_years(user):
        context = f"{year.cluster.name} – năm {year.year}"
        year_url = reverse("covenants:year", args=[year.cluster_id, year.year])
        # the authority's officers may act as leader too, but their dashboard shows where each of
        # their clusters stands; the to-do lists belong to the leading unit and the members
        oversees = allows(user, "clusters.manage_cluster", year.cluster)
        if oversees:
            yield Task(f"Năm thi đua ở bước: {YearState(year.state).label}", year_url, context)
        leads = not oversees and allows(user, "covenants.lead_year", year)
        own = [u for u in member_units(year) if allows(user, "covenants.act_for_unit", (year, u))]
        if not leads and not own:
            continue
        if year.state not in _FIRST_HALF:
            continue
        if leads:
            plan = Plan.objects.filter(emulation_year=year).first()
            if plan is None or plan.status != PlanStatus.ADOPTED:
                yield Task(
                    "Kế hoạch thi đua chưa được thông qua",
                    reverse("covenants:plan", args=[year.cluster_id, year.year]),
                    context,
                )
        covenant = current_covenant(year)
        if covenant is not None and covenant.status != CovenantStatus.IN_FORCE:
            progress = signing_progress(covenant)
            covenant_url = reverse("covenants:covenant", args=[year.cluster_id, year.year])
            if leads and progress.missing:
                yield Task(
                    f"{len(progress.missing)}/{progress.total} đơn vị chưa ký giao ước",
                    covenant_url,
                    context,
                    detail=_names(progress.missing),
                    done=len(progress.signed),
                    total=progress.total,
                )
            for unit in own:
                if unit in progress.missing:
                    yield Task(f"{unit.short_name or unit.name} chưa ký giao ước", covenant_url, context)
        call = RegistrationCall.objects.filter(emulation_year=year).first()
        if call is None:
            continue
        registered = set(Registration.objects.filter(emulation_year=year).values_list("unit_id", flat=True))
        registrations_url = reverse("covenants:registrations", args=[year.cluster_id, year.year])
        if leads:
            members = member_units(year)
            missing = [u for u in members if u.pk not in registered]
            if missing:
                yield Task(
                    f"{len(missing)}/{len(members)} đơn vị chưa đăng ký thi đua",
                    registrations_url,
                    context,
                    detail=_names(missing),
                    deadline=call.deadline,
                    done=len(members) - len(missing),
                    total=len(members),
                )
        for unit in own:
            if unit.pk not in registered:
                yield Task(
                    f"{unit.short_name or unit.name} chưa đăng ký thi đua",
                    registrations_url,
                    context,
                    deadline=call.deadline,
                )
