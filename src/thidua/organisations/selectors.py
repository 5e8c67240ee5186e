"""Reads of units, lineage and people that are more than one filter."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import BooleanField, F, Func, Prefetch, Q, QuerySet, Value

from thidua.accounts.access import REGISTRY_ROLES, people_reached
from thidua.core.text import search_words
from thidua.core.tiers import in_tiers
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


class _WordsStartWith(Func):
    """PostgreSQL: the unit's stored words match a prefix query (`'so':* & 'y':*`).

    `search_words` is a generated tsvector column of PostgreSQL only (migration 0004: the words of
    `search_text` as lexemes, no text-search parser, so exactly the words SQLite's LIKE sees) with
    a GIN index that serves prefixes of any length."""

    output_field = BooleanField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        text, query = self.get_source_expressions()
        text_sql, text_params = compiler.compile(text)
        query_sql, query_params = compiler.compile(query)
        # the same table alias as search_text (a subquery relabels it), the generated column
        source = connection.ops.quote_name("search_text")
        assert text_sql.endswith(source), text_sql
        words_sql = text_sql.removesuffix(source) + connection.ops.quote_name("search_words")
        return f"{words_sql} @@ ({query_sql})::tsquery", [*text_params, *query_params]


#: at most this many words of a query are matched (a longer query is no more precise)
SEARCH_WORDS = 8


def search_units(units: QuerySet[Unit], query: str) -> QuerySet[Unit]:
    """THE unit search (unit list page, API, cluster picker, header search): units having, for
    every word of `query`, a word of their code, name or short name that starts with it, accents
    and case ignored ("so tn&mt hai duong" finds "Sở TN&MT Hải Dương", "Sở Y tế" every health
    department). An exact code always matches.

    Order: the exact code or name first, then names that start with the query, then the rest;
    within each, the order `units` had (sort key when it had none). The same units come back on
    SQLite and PostgreSQL (tests/organisations/test_search.py runs on both)."""
    words = search_words(query)[:SEARCH_WORDS]
    code = query.strip()
    if not words:
        return units.filter(code__iexact=code) if code else units
    if connection.vendor == "postgresql":
        # The words hold only letters and digits (no quote, backslash or operator).
        prefixes = " & ".join(f"'{word}':*" for word in words)
        condition: Q | _WordsStartWith = _WordsStartWith(F("search_text"), Value(prefixes))
    else:
        condition = Q()
        for word in words:
            condition &= Q(search_text__startswith=word) | Q(search_text__contains=f" {word}")
    phrase = " ".join(words)
    exact = Q(code__iexact=code) | Q(search_name=phrase)
    prefix = Q(search_name__startswith=phrase)
    # Ranked tier by tier (thidua.core.tiers): a page reads the first rows of each tier in the
    # caller's order instead of ranking every match ("Sở" matches 29,800 of 50,000 units).
    order = list(units.query.order_by or Unit._meta.ordering or ())
    # A name that starts with the phrase has every word of the query at a word start, so
    # "prefix OR words" is the same set; written so, a row of the prefix tier (found through the
    # b-tree on search_name) is not matched against its words again (PostgreSQL stops an OR at
    # its first true term): the head of "Phòng"'s prefix tier (30,000 units) 26–30 → 22 ms,
    # "Sở"'s (580) 2.9 → 0.5 ms.
    return in_tiers(units.filter(prefix | condition), [exact, prefix], order=order)


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
