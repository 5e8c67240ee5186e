"""Reads of units, lineage and people that are more than one filter."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from thidua.accounts.access import REGISTRY_ROLES, people_reached
from thidua.core.text import fold
from thidua.organisations.models import LineageEvent, Person, Position, Unit


def _step(unit_ids: set[int], *, forward: bool) -> set[int]:
    """Units one lineage step after (forward) or before the given units."""
    if forward:
        return set(
            LineageEvent.successors.through.objects.filter(
                lineageevent__predecessors__in=unit_ids
            ).values_list("unit_id", flat=True)
        )
    return set(
        LineageEvent.predecessors.through.objects.filter(lineageevent__successors__in=unit_ids).values_list(
            "unit_id", flat=True
        )
    )


def lineage_closure(unit_ids: Iterable[int], *, forward: bool) -> set[int]:
    """All units reachable through lineage events from `unit_ids` (excluding themselves)."""
    seen: set[int] = set()
    frontier = set(unit_ids)
    start = set(frontier)
    while frontier:
        frontier = _step(frontier, forward=forward) - seen - start
        seen |= frontier
    return seen


def successors_of(unit: Unit) -> QuerySet[Unit]:
    """Every unit that (directly or through a chain) took `unit`'s place."""
    return Unit.objects.filter(pk__in=lineage_closure([unit.pk], forward=True))


def predecessors_of(unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=lineage_closure([unit.pk], forward=False))


def current_successors(unit: Unit, *, on: datetime.date) -> list[Unit]:
    """The units active on `on` that stand for `unit`: itself if still active, else the nearest
    active successors down each chain (a split gives several)."""
    return current_successors_map([unit], on=on)[unit.pk]


def current_successors_map(units: Iterable[Unit], *, on: datetime.date) -> dict[int, list[Unit]]:
    """For many units at once: the units active on `on` that stand for each (itself if active).

    One query per lineage step for all units together, so a page of members stays constant-query.
    """
    result: dict[int, list[Unit]] = {}
    pending: dict[int, set[int]] = {}  # origin id → ids still to resolve
    for unit in units:
        if unit.is_active_on(on):
            result[unit.pk] = [unit]
        else:
            result[unit.pk] = []
            pending[unit.pk] = {unit.pk}
    seen: set[int] = set()
    while pending:
        frontier = set().union(*pending.values()) - seen
        seen |= frontier
        if not frontier:
            break
        steps: dict[int, set[int]] = {}
        for before, after in LineageEvent.objects.filter(predecessors__in=frontier).values_list(
            "predecessors", "successors"
        ):
            if before in frontier:
                steps.setdefault(before, set()).add(after)
        nxt_ids = set().union(*steps.values()) if steps else set()
        loaded = Unit.objects.in_bulk(nxt_ids)
        still: dict[int, set[int]] = {}
        for origin, ids in pending.items():
            for uid in ids:
                for succ_id in steps.get(uid, ()):
                    succ = loaded[succ_id]
                    if succ.is_active_on(on):
                        if succ not in result[origin]:
                            result[origin].append(succ)
                    elif succ_id not in seen:
                        still.setdefault(origin, set()).add(succ_id)
        pending = still
    for origin in result:
        result[origin].sort(key=lambda u: u.sort_key)
    return result


def lineage_events_of(unit: Unit) -> QuerySet[LineageEvent]:
    """The events in which the unit ended or began, with both sides loaded."""
    # Two indexed lookups in the link tables, not an OR over two outer joins (a scan of every event).
    ended = LineageEvent.predecessors.through.objects.filter(unit=unit).values("lineageevent_id")
    began = LineageEvent.successors.through.objects.filter(unit=unit).values("lineageevent_id")
    return LineageEvent.objects.filter(Q(pk__in=ended) | Q(pk__in=began)).prefetch_related(
        Prefetch("predecessors", queryset=Unit.objects.order_by("sort_key")),
        Prefetch("successors", queryset=Unit.objects.order_by("sort_key")),
    )


def search_units(units: QuerySet[Unit], query: str) -> QuerySet[Unit]:
    """Units whose code, name or short name hold every word of `query`, accents and case ignored
    ("so tn&mt hai duong" finds "Sở TN&MT Hải Dương"); an exact code always matches."""
    words = fold(query).split()[:8]
    if not words:
        return units
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=word)
    return units.filter(condition | Q(code__iexact=query.strip()))


def ancestors_of(unit: Unit) -> list[Unit]:
    ids = [int(part) for part in unit.path.strip("/").split("/") if part][:-1]
    by_id = Unit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def visible_people(user: Any) -> QuerySet[Person]:
    """People the user may see (`organisations.view_person`): see `thidua.accounts.access`."""
    return people_reached(user, *REGISTRY_ROLES)


def current_staff(unit: Unit) -> QuerySet[Position]:
    return (
        Position.objects.filter(unit=unit, end__isnull=True)
        .select_related("person")
        .order_by("-is_head", "person__sort_key")
    )
