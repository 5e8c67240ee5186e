"""Reads of clusters: members and leaders per year, rotation suggestions."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from thidua.accounts.enums import Role
from thidua.accounts.selectors import scope_filter
from thidua.clusters.models import Cluster, ClusterLeadership, ClusterMembership, Conference, EmulationYear
from thidua.organisations.models import LineageEvent, Unit
from thidua.organisations.selectors import search_units


def leadership_for(*, cluster: Cluster, year: int) -> ClusterLeadership | None:
    return (
        ClusterLeadership.objects.select_related("leader", "deputy")
        .filter(cluster=cluster, year=year)
        .first()
    )


def cluster_years(cluster: Cluster) -> list[int]:
    # order_by() drops the model's ordering, which would join every member unit just to sort.
    return sorted(
        ClusterMembership.objects.filter(cluster=cluster).order_by().values_list("year", flat=True).distinct()
    )


def emulation_year_numbers(cluster: Cluster) -> set[int]:
    """The years in which the cluster's cycle was opened (there is a plan, covenant… to show)."""
    return set(EmulationYear.objects.filter(cluster=cluster).order_by().values_list("year", flat=True))


def default_year(*, years: list[int], opened: Collection[int], today_year: int) -> int | None:
    """The year a cluster page opens on: this year if its cycle is open, else the latest opened
    year up to now, else the latest membership year up to now (else the first one)."""
    if not years:
        return None
    if today_year in opened:
        return today_year
    past_opened = [y for y in years if y in opened and y <= today_year]
    if past_opened:
        return past_opened[-1]
    past = [y for y in years if y <= today_year]
    return past[-1] if past else years[0]


def years_of(cluster: Cluster) -> list[tuple[int, ClusterLeadership | None, list[Unit]]]:
    """Every year of a cluster with its leadership and member units, in two queries."""
    leaderships = {
        leadership.year: leadership
        for leadership in ClusterLeadership.objects.select_related("leader", "deputy").filter(cluster=cluster)
    }
    members: dict[int, list[Unit]] = {}
    for membership in (
        ClusterMembership.objects.filter(cluster=cluster)
        .select_related("unit")
        .order_by("year", "unit__sort_key")
    ):
        members.setdefault(membership.year, []).append(membership.unit)
    return [(year, leaderships.get(year), units) for year, units in members.items()]


def members_for(*, cluster: Cluster, year: int) -> QuerySet[Unit]:
    """Member units of the year in Vietnamese order, with the lineage events they took part in."""
    return (
        Unit.objects.filter(cluster_memberships__cluster=cluster, cluster_memberships__year=year)
        .select_related("province")
        .prefetch_related(
            Prefetch(
                "lineage_as_predecessor",
                queryset=LineageEvent.objects.prefetch_related("successors"),
                to_attr="ended_by",
            )
        )
        .order_by("sort_key")
    )


YearRanking = Callable[[Cluster, int], "list[Unit]"]
# An app that ranks a year's members (the scoring app's final ranking) registers it here, so the
# apps beside it (voting's selection) read the ranked order without importing it.
_YEAR_RANKINGS: list[YearRanking] = []


def register_year_ranking(ranking: YearRanking) -> None:
    if ranking not in _YEAR_RANKINGS:
        _YEAR_RANKINGS.append(ranking)


def ranked_members(*, cluster: Cluster, year: int) -> list[Unit]:
    """The year's members best first once a registered ranking has them; until then (no final
    ranking yet) the members in Vietnamese order."""
    for ranking in _YEAR_RANKINGS:
        units = ranking(cluster, year)
        if units:
            return units
    return list(members_for(cluster=cluster, year=year))


def public_clusters() -> QuerySet[Cluster]:
    return Cluster.objects.select_related("authority").order_by("authority__sort_key", "kind", "number", "id")


def conferences_for(*, cluster: Cluster) -> QuerySet[Conference]:
    return Conference.objects.filter(cluster=cluster).select_related("host").order_by("-date")


@dataclass(frozen=True)
class RotationSuggestion:
    leader: Unit | None
    deputy: Unit | None
    reason: str


def suggest_rotation(*, cluster: Cluster, year: int) -> RotationSuggestion:
    """Last year's deputy usually leads next; otherwise the member that led least recently.

    Only a suggestion: the authority decides and records it with `set_leadership`.
    """
    members = list(members_for(cluster=cluster, year=year))
    if not members:
        return RotationSuggestion(None, None, "Chưa có thành viên của năm này.")
    member_ids = {m.pk for m in members}
    last_led: dict[int, int] = {}
    for leader_id, led_year in ClusterLeadership.objects.filter(cluster=cluster, year__lt=year).values_list(
        "leader_id", "year"
    ):
        last_led[leader_id] = max(led_year, last_led.get(leader_id, 0))
    order = sorted(members, key=lambda m: (last_led.get(m.pk, 0), m.sort_key))
    previous = leadership_for(cluster=cluster, year=year - 1)
    if previous is not None and previous.deputy_id in member_ids:
        leader = next(m for m in members if m.pk == previous.deputy_id)
        reason = f"Phó trưởng cụm năm {year - 1} thường làm trưởng cụm năm {year}."
    else:
        leader = order[0]
        reason = "Đơn vị lâu nhất chưa làm trưởng cụm."
    deputy = next((m for m in order if m.pk != leader.pk), None)
    return RotationSuggestion(leader, deputy, reason)


#: the unit picker of cluster management lists at most this many units; a search narrows it
CANDIDATE_LIMIT = 200


def member_candidates(*, cluster: Cluster, year: int, query: str = "") -> QuerySet[Unit]:
    """Units that may join `cluster` in `year`: active that year (not dissolved, not yet merged
    away), not already members, not the cluster's authority; filtered by `query` (name or code)."""
    units = (
        Unit.objects.filter(Q(active_from__isnull=True) | Q(active_from__year__lte=year))
        .filter(Q(active_to__isnull=True) | Q(active_to__year__gte=year))
        .exclude(pk=cluster.authority_id)
        .exclude(pk__in=ClusterMembership.objects.filter(cluster=cluster, year=year).values("unit_id"))
        .order_by("sort_key", "code")
    )
    # Ordered first: the search ranks exact and prefix matches ahead, in this order within each.
    return search_units(units, query) if query.strip() else units


def clusters_managed_by(user: Any) -> QuerySet[Cluster]:
    """Clusters whose authority lies under the user's ministry-officer scopes (all for administrators)."""
    condition = scope_filter(user, Role.MINISTRY_OFFICER, path_field="authority__path")
    clusters = Cluster.objects.select_related("authority")
    return clusters if condition is None else clusters.filter(condition)


def memberships_of_units(unit_ids: Iterable[int], *, limit: int = 20) -> QuerySet[ClusterMembership]:
    return (
        ClusterMembership.objects.filter(unit_id__in=list(unit_ids))
        .select_related("cluster", "unit")
        .order_by("-year", "cluster__name")[:limit]
    )


def leaderships_of_units(unit_ids: Iterable[int], *, limit: int = 10) -> QuerySet[ClusterLeadership]:
    return (
        ClusterLeadership.objects.filter(leader_id__in=list(unit_ids))
        .select_related("cluster", "leader")
        .order_by("-year")[:limit]
    )
