"""Which units, people and years a user reaches: the one place every app's rules and selectors ask.

The model is written down in `docs/access.md`. In short, a role held on a unit reaches:

- **the tree**: the unit and everything below it (`Unit.path` prefix);
- **lineage**: the units that took the unit's place in a merge, split or rename, from the event's
  date, and the units it took the place of, for their whole history (`LineageEvent`);
- **the emulation authority** (ministry officers and council members only): the member units of
  every cluster or bloc whose authority the role reaches, with the units below them (a
  department's divisions and centres), for each year they were members (`ClusterMembership`), so
  a ministry reaches provincial departments it does not own.

A person is reached when one of their posts (`Position`, current or past) lies in a reached unit
during the reached period: history follows the person, not only the current post.

Everything is computed once per request (cached on the user object) from the user's few role
assignments and the member years of the authority's clusters; the filters handed to the database
are indexed conditions (path prefixes and dates), never a Python loop over people or units.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from thidua.accounts.enums import Role
from thidua.accounts.models import RoleAssignment
from thidua.clusters.models import Cluster, ClusterMembership
from thidua.organisations.models import LineageEvent, Person, Position, Unit

# Who works on people's registries: the officers of a unit (and its head) and of the ministry.
OFFICER_ROLES: tuple[str, ...] = (
    Role.MEMBER_OFFICER,
    Role.UNIT_HEAD,
    Role.CLUSTER_LEADER_OFFICER,
    Role.MINISTRY_OFFICER,
)
# Who may read people's registries and eligibility: the officers and the council.
REGISTRY_ROLES: tuple[str, ...] = (*OFFICER_ROLES, Role.COUNCIL_MEMBER)
# Who acts for an emulation authority over its clusters' member units.
AUTHORITY_ROLES: tuple[str, ...] = (Role.MINISTRY_OFFICER, Role.COUNCIL_MEMBER)


@dataclass(frozen=True)
class Reach:
    """A unit subtree a role reaches, over a period of the data (None: unbounded)."""

    role: str
    unit_id: int
    path: str
    start: datetime.date | None = None
    end: datetime.date | None = None
    via: str = "tree"  # "tree", "successor" or "predecessor"

    def covers(self, day_start: datetime.date, day_end: datetime.date | None) -> bool:
        """The reach overlaps the period [day_start, day_end] (day_end None: still open)."""
        starts_ok = self.end is None or day_start <= self.end
        ends_ok = self.start is None or day_end is None or day_end >= self.start
        return starts_ok and ends_ok

    def covers_year(self, year: int) -> bool:
        return (self.start is None or self.start.year <= year) and (self.end is None or year <= self.end.year)


@dataclass(frozen=True)
class AuthorityReach:
    """Clusters whose authority lies under `path`, for the member years in [first_year, last_year]."""

    role: str
    path: str
    first_year: int | None = None
    last_year: int | None = None

    def year_q(self, field: str = "year") -> Q:
        condition = Q()
        if self.first_year is not None:
            condition &= Q(**{f"{field}__gte": self.first_year})
        if self.last_year is not None:
            condition &= Q(**{f"{field}__lte": self.last_year})
        return condition


# --- the user's reaches (cached for the request) ----------------------------------------------------


def current_assignments(user: Any) -> list[tuple[str, int | None, str]]:
    """(role, unit id, unit path) of the user's assignments valid today, cached for the request."""
    return _assignments(user)


def _assignments(user: Any) -> list[tuple[str, int | None, str]]:
    cached = getattr(user, "_thidua_assignments", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.current().filter(user=user).values_list("role", "unit_id", "unit__path")
        )
        user._thidua_assignments = cached
    return cached


def is_administrator(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return any(role == Role.ADMINISTRATOR for role, _, _ in _assignments(user))


def _lineage_steps(unit_ids: set[int], *, forward: bool) -> list[tuple[int, int, datetime.date]]:
    """(from unit, to unit, event date) one lineage step forward (successors) or back."""
    if not unit_ids:
        return []
    links = LineageEvent.predecessors.through.objects if forward else LineageEvent.successors.through.objects
    other = "lineageevent__successors" if forward else "lineageevent__predecessors"
    return list(links.filter(unit_id__in=unit_ids).values_list("unit_id", other, "lineageevent__date"))


def _lineage_reaches(unit_ids: set[int], *, forward: bool) -> dict[int, list[tuple[int, datetime.date]]]:
    """For each start unit, every unit reached along lineage with the date it is reached from."""
    result: dict[int, list[tuple[int, datetime.date]]] = {uid: [] for uid in unit_ids}
    frontier: dict[int, set[int]] = {uid: {uid} for uid in unit_ids}  # origin -> units to step from
    seen: dict[int, set[int]] = {uid: {uid} for uid in unit_ids}
    for _ in range(20):  # lineage chains are short; the bound guards against a cycle in bad data
        current = set().union(*frontier.values()) if frontier else set()
        steps = _lineage_steps(current, forward=forward)
        if not steps:
            break
        by_source: dict[int, list[tuple[int, datetime.date]]] = {}
        for source, target, date in steps:
            if target is not None:
                by_source.setdefault(source, []).append((target, date))
        nxt: dict[int, set[int]] = {}
        for origin, sources in frontier.items():
            for source in sources:
                for target, date in by_source.get(source, ()):
                    if target not in seen[origin]:
                        seen[origin].add(target)
                        result[origin].append((target, date))
                        nxt.setdefault(origin, set()).add(target)
        frontier = nxt
        if not frontier:
            break
    return result


def reaches_of(user: Any) -> tuple[Reach, ...]:
    """Every unit subtree the user's current roles reach (tree and lineage), with periods."""
    if not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, "_thidua_reaches", None)
    if cached is not None:
        return cached
    assignments = [(role, uid, path) for role, uid, path in _assignments(user) if uid is not None]
    granted = {uid for _, uid, _ in assignments}
    forward = _lineage_reaches(granted, forward=True)
    backward = _lineage_reaches(granted, forward=False)
    linked = {uid for pairs in (*forward.values(), *backward.values()) for uid, _ in pairs}
    paths = dict(Unit.objects.filter(pk__in=linked).values_list("pk", "path")) if linked else {}
    reaches: list[Reach] = []
    for role, uid, path in assignments:
        reaches.append(Reach(role, uid, path or ""))
        for successor, date in forward.get(uid, ()):
            reaches.append(Reach(role, successor, paths[successor], start=date, via="successor"))
        for predecessor, date in backward.get(uid, ()):
            reaches.append(Reach(role, predecessor, paths[predecessor], end=date, via="predecessor"))
    result = tuple(reaches)
    user._thidua_reaches = result
    return result


def authority_reaches_of(user: Any, *roles: str) -> tuple[AuthorityReach, ...]:
    """The authorities the user acts for with `roles` (only AUTHORITY_ROLES act for one)."""
    wanted = [role for role in roles if role in AUTHORITY_ROLES]
    return tuple(
        AuthorityReach(
            reach.role,
            reach.path,
            reach.start.year if reach.start else None,
            reach.end.year if reach.end else None,
        )
        for reach in reaches_of(user)
        if reach.role in wanted
    )


def has_any_role(user: Any, *roles: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if is_administrator(user):
        return True
    return any(role in roles for role, _, _ in _assignments(user))


# --- units ------------------------------------------------------------------------------------------


def reaches_unit(
    user: Any,
    unit: Any,
    *roles: str,
    year: int | None = None,
    through_authority: bool = False,
) -> bool:
    """The user reaches `unit` with one of `roles` through the tree or lineage (in `year`, if
    given), or, with `through_authority`, as the authority of a cluster the unit was a member of."""
    if is_administrator(user):
        return True
    if unit is None or not getattr(user, "is_authenticated", False):
        return False
    path = unit.path
    for reach in reaches_of(user):
        if reach.role in roles and path.startswith(reach.path) and (year is None or reach.covers_year(year)):
            return True
    if through_authority:
        condition = _membership_q(user, roles, year=year)
        if condition is not None:
            # the unit itself, or a unit above it, was a member (a member department's divisions)
            return ClusterMembership.objects.filter(condition, unit_id__in=_path_ids(path)).exists()
    return False


def _path_ids(path: str) -> list[int]:
    """The ids of a unit and of the units above it: a unit's path is its ancestors' ids."""
    return [int(part) for part in path.strip("/").split("/") if part.isdigit()]


def unit_filter(user: Any, *roles: str, path_field: str = "path") -> Q | None:
    """Rows whose unit lies in the tree or lineage the user reaches with `roles`, whatever the period.

    None means no restriction (administrator); a filter matching nothing means nothing reached.
    """
    if is_administrator(user):
        return None
    condition = Q(pk__in=[])
    for path in sorted({reach.path for reach in reaches_of(user) if reach.role in roles}):
        condition |= Q(**{f"{path_field}__startswith": path})
    return condition


def _authority_ids(reaches: Iterable[AuthorityReach]) -> dict[AuthorityReach, list[int]]:
    """The authority units (ids) of clusters under each authority reach: one query for all."""
    reaches = list(reaches)
    if not reaches:
        return {}
    condition = Q(pk__in=[])
    for reach in reaches:
        condition |= Q(authority__path__startswith=reach.path)
    rows = list(
        Cluster.objects.filter(condition).order_by().values_list("authority_id", "authority__path").distinct()
    )
    return {reach: sorted({aid for aid, path in rows if path.startswith(reach.path)}) for reach in reaches}


def _membership_q(user: Any, roles: Iterable[str], *, year: int | None = None) -> Q | None:
    """A filter on ClusterMembership rows the user reaches as an authority (None: nothing)."""
    cache = getattr(user, "_thidua_authority_ids", None)
    if cache is None:
        cache = _authority_ids(authority_reaches_of(user, *AUTHORITY_ROLES))
        user._thidua_authority_ids = cache
    condition: Q | None = None
    for reach, ids in cache.items():
        if reach.role not in roles or not ids:
            continue
        if year is not None and not (
            (reach.first_year is None or reach.first_year <= year)
            and (reach.last_year is None or year <= reach.last_year)
        ):
            continue
        part = Q(authority_id__in=ids) & reach.year_q()
        if year is not None:
            part &= Q(year=year)
        condition = part if condition is None else condition | part
    return condition


def _member_spans(user: Any, roles: Iterable[str]) -> list[tuple[str, int, int]]:
    """(member unit's path, first year, last year) of the member units the user reaches as the
    clusters' authority, consecutive member years joined into one span. One query, cached."""
    roles = tuple(sorted(roles))
    cache: dict[tuple[str, ...], list[tuple[str, int, int]]] = getattr(user, "_thidua_member_spans", {})
    if roles in cache:
        return cache[roles]
    condition = _membership_q(user, roles)
    rows: list[tuple[str, int]] = []
    if condition is not None:
        rows = list(
            ClusterMembership.objects.filter(condition)
            .order_by("unit__path", "year")
            .values_list("unit__path", "year")
            .distinct()
        )
    # A member inside a subtree the same roles reach for all time adds nothing (the ministry's own
    # departments in its blocs).
    always = [r.path for r in reaches_of(user) if r.role in roles and r.start is None and r.end is None]
    spans: list[tuple[str, int, int]] = []
    for path, year in rows:
        if any(path.startswith(prefix) for prefix in always):
            continue
        if spans and spans[-1][0] == path and spans[-1][2] + 1 >= year:
            spans[-1] = (path, spans[-1][1], year)
        else:
            spans.append((path, year, year))
    cache[roles] = spans
    user._thidua_member_spans = cache
    return spans


def memberships_reached(user: Any, *roles: str) -> QuerySet[ClusterMembership]:
    """Member-unit years the user reaches as the clusters' authority (all for administrators)."""
    if is_administrator(user):
        return ClusterMembership.objects.all()
    condition = _membership_q(user, roles or AUTHORITY_ROLES)
    return (
        ClusterMembership.objects.none() if condition is None else ClusterMembership.objects.filter(condition)
    )


def clusters_reached(user: Any, *roles: str) -> QuerySet[Cluster]:
    """Clusters and blocs whose authority the user acts for (all for administrators)."""
    if is_administrator(user):
        return Cluster.objects.all()
    condition = unit_filter(
        user, *[r for r in (roles or AUTHORITY_ROLES) if r in AUTHORITY_ROLES], path_field="authority__path"
    )
    return Cluster.objects.filter(condition) if condition is not None else Cluster.objects.all()


def units_reached(user: Any, *roles: str) -> QuerySet[Unit]:
    """Units the user reaches with `roles` (REGISTRY_ROLES by default) for some period: the tree and
    lineage, and as an authority its clusters' member units with the units below them."""
    if is_administrator(user):
        return Unit.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Unit.objects.none()
    roles = roles or REGISTRY_ROLES
    condition = unit_filter(user, *roles) or Q()
    for path in sorted({path for path, _, _ in _member_spans(user, roles)}):
        condition |= Q(path__startswith=path)
    return Unit.objects.filter(condition)


# --- people -----------------------------------------------------------------------------------------


def _position_q(user: Any, roles: Iterable[str]) -> Q | None:
    """Posts (current or past) the user reaches with `roles`: in a reached unit during the reached
    period, or in a member unit (or a unit below it) during a member year of a cluster whose
    authority the user acts for."""
    roles = tuple(roles)
    condition: Q | None = None
    prefixes: set[str] = set()
    for reach in {r for r in reaches_of(user) if r.role in roles}:
        prefixes.add(reach.path)
        part = Q(unit__path__startswith=reach.path)
        if reach.start is not None:
            part &= Q(end__isnull=True) | Q(end__gte=reach.start)
        if reach.end is not None:
            part &= Q(start__lte=reach.end)
        condition = part if condition is None else condition | part
    for path, first, last in _member_spans(user, roles):
        prefixes.add(path)
        # A post counts when it overlaps a member year: start.year <= year <= end.year.
        part = (
            Q(unit__path__startswith=path)
            & Q(start__lte=datetime.date(last, 12, 31))
            & (Q(end__isnull=True) | Q(end__gte=datetime.date(first, 1, 1)))
        )
        condition = part if condition is None else condition | part
    if condition is None:
        return None
    # The same units without the dates, ANDed in front: PostgreSQL finds them on the path index
    # (a BitmapOr of prefix scans) and reads their posts on the (unit, end, start, person) index,
    # instead of testing every unit against the whole condition (measured: benchmarks/access_bench.py).
    outline = Q(pk__in=[])
    for prefix in sorted(prefixes):
        outline |= Q(unit__path__startswith=prefix)
    return outline & condition


def people_reached(user: Any, *roles: str) -> QuerySet[Person]:
    """People the user may see with `roles` (REGISTRY_ROLES by default), and the user's own person.

    One query: a subquery over posts with a few indexed conditions (see `_position_q`).
    """
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return Person.objects.none()
    if is_administrator(user):
        return Person.objects.all()
    condition = _position_q(user, roles or REGISTRY_ROLES)
    own = Q(pk=user.person_id) if getattr(user, "person_id", None) else Q(pk__in=[])
    if condition is None:
        return Person.objects.filter(own)
    return Person.objects.filter(Q(pk__in=Position.objects.filter(condition).values("person_id")) | own)


def reaches_person(user: Any, person: Any, *roles: str) -> bool:
    """The same test as `people_reached`, for one person (one query at most)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "person_id", None) == person.pk or is_administrator(user):
        return True
    roles = roles or REGISTRY_ROLES
    # Posts already loaded (prefetched) decide the tree and lineage case without a query.
    prefetched = getattr(person, "_prefetched_objects_cache", {})
    positions = (
        prefetched["positions"] if "positions" in prefetched else person.positions.select_related("unit")
    )
    for position in positions:
        for reach in reaches_of(user):
            if (
                reach.role in roles
                and position.unit.path.startswith(reach.path)
                and reach.covers(position.start, position.end)
            ):
                return True
    condition = _position_q(user, roles)
    return condition is not None and Position.objects.filter(condition, person_id=person.pk).exists()


def years_reached(user: Any, unit: Any, *roles: str) -> tuple[int | None, int | None] | None:
    """The span of years in which the user reaches `unit` (None: not at all; (None, None): always)."""
    if is_administrator(user):
        return (None, None)
    spans: list[tuple[int | None, int | None]] = []
    for reach in reaches_of(user):
        if reach.role in roles and unit.path.startswith(reach.path):
            spans.append((reach.start.year if reach.start else None, reach.end.year if reach.end else None))
    condition = _membership_q(user, roles)
    if condition is not None:
        years = list(
            ClusterMembership.objects.filter(condition, unit_id__in=_path_ids(unit.path))
            .order_by()
            .values_list("year", flat=True)
        )
        if years:
            spans.append((min(years), max(years)))
    if not spans:
        return None
    first = None if any(s[0] is None for s in spans) else min(s[0] for s in spans if s[0] is not None)
    last = None if any(s[1] is None for s in spans) else max(s[1] for s in spans if s[1] is not None)
    return (first, last)


def forget(user: Any) -> None:
    """Drop the cached reaches (after granting or revoking a role within one request or test)."""
    for name in (
        "_thidua_assignments",
        "_thidua_reaches",
        "_thidua_authority_ids",
        "_thidua_member_spans",
        "_thidua_scopes",
    ):
        if hasattr(user, name):
            delattr(user, name)


__all__ = [
    "AUTHORITY_ROLES",
    "OFFICER_ROLES",
    "REGISTRY_ROLES",
    "AuthorityReach",
    "Reach",
    "authority_reaches_of",
    "clusters_reached",
    "forget",
    "has_any_role",
    "is_administrator",
    "memberships_reached",
    "people_reached",
    "reaches_of",
    "reaches_person",
    "reaches_unit",
    "unit_filter",
    "units_reached",
    "years_reached",
]
