"""Reads for a unit's own year: who served in it, for how many months, and which unit reviews them.

Where the rules place a person who moved during the year (domain.md §2.2, LĐTT special cases,
[S38]): "if the person worked 6 months or more at the old agency, the new agency decides using the
old agency's written comments". The agency that decides is therefore the one the person serves at
the end of the year (the post covering 31/12), whatever the months at the old one; when those
months are 6 or more, the old agency's written comments are required (`needs_comments_from`). A
person whose last post in the year ended before 31/12 (retired, left the service) is placed with
that last post's unit. Secondment (the sending agency decides) is not modelled: a post is a post.

Months are whole months of the post inside the year: days covered × 12 / days in the year,
rounded half up; a unit's subtree counts as the unit (its divisions' posts are its people).
Everything is read in two queries for the whole unit, whatever its size.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from thidua.awards.models import YearRecord
from thidua.organisations.models import Person, Position, Unit

COMMENTS_MIN_MONTHS = 6  # [S38]: 6 months or more at the old agency → its written comments


@dataclass(frozen=True)
class Stint:
    unit_id: int
    unit_name: str
    months: int
    start: datetime.date
    end: datetime.date  # clipped to the year


@dataclass
class Placement:
    """One person who held a post in the unit during the year."""

    person: Person
    stints: list[Stint] = field(default_factory=list)
    placed_unit_id: int | None = None  # the unit that reviews the person for the year
    placed_unit_name: str = ""
    months_here: int = 0  # in the unit (and its subtree)
    needs_comments_from: tuple[str, ...] = ()  # other units with >= 6 months, whose comments count
    record: YearRecord | None = None
    placed_here: bool = False


def _months(start: datetime.date, end: datetime.date, year: int) -> int:
    days_in_year = (datetime.date(year, 12, 31) - datetime.date(year, 1, 1)).days + 1
    days = (end - start).days + 1
    return min(12, (days * 12 * 2 + days_in_year) // (2 * days_in_year))


def served_filter(unit: Unit, year: int, *, prefix: str = "") -> Q:
    """Posts in the unit's subtree that overlap the year."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return Q(**{f"{prefix}unit__path__startswith": unit.path, f"{prefix}start__lte": last}) & (
        Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": first})
    )


def placements(unit: Unit, year: int, *, person_ids: list[int] | None = None) -> list[Placement]:
    """Everyone who served in the unit during the year, sorted by name, each with where the rules
    place them (`placed_here`), months per unit and the year's record: two queries."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    served = Position.objects.filter(served_filter(unit, year)).values("person_id")
    if person_ids is not None:
        served = served.filter(person_id__in=person_ids)
    posts = (
        Position.objects.filter(person_id__in=served, start__lte=last)
        .filter(Q(end__isnull=True) | Q(end__gte=first))
        .select_related("person", "unit")
        .order_by("person__sort_key", "person_id", "start", "id")
    )
    by_person: dict[int, Placement] = {}
    latest: dict[int, tuple[datetime.date, Position]] = {}
    months_by_unit: dict[int, dict[int, int]] = defaultdict(dict)
    for post in posts:
        placement = by_person.get(post.person_id)
        if placement is None:
            placement = by_person[post.person_id] = Placement(post.person)
        start, end = max(post.start, first), min(post.end or last, last)
        months = _months(start, end, year)
        placement.stints.append(Stint(post.unit_id, post.unit.name, months, start, end))
        in_subtree = post.unit.path.startswith(unit.path)
        key = unit.pk if in_subtree else post.unit_id
        months_by_unit[post.person_id][key] = months_by_unit[post.person_id].get(key, 0) + months
        if in_subtree:
            placement.months_here += months
        # The post covering the year's end, else the one that ended last (ties: the newer post).
        seen = latest.get(post.person_id)
        if seen is None or (end, post.start) >= (seen[0], seen[1].start):
            latest[post.person_id] = (end, post)
    names = {s.unit_id: s.unit_name for p in by_person.values() for s in p.stints}
    for person_id, placement in by_person.items():
        _, post = latest[person_id]
        in_subtree = post.unit.path.startswith(unit.path)
        placement.placed_here = in_subtree
        placement.placed_unit_id = unit.pk if in_subtree else post.unit_id
        placement.placed_unit_name = unit.name if in_subtree else post.unit.name
        placement.months_here = min(placement.months_here, 12)
        placement.needs_comments_from = tuple(
            (unit.name if other == unit.pk else names[other])
            for other, months in months_by_unit[person_id].items()
            if other != placement.placed_unit_id and months >= COMMENTS_MIN_MONTHS
        )
    records = YearRecord.objects.filter(person_id__in=list(by_person), year=year)
    for record in records:
        by_person[record.person_id].record = record  # type: ignore[index]
    return list(by_person.values())


def placement_of(person: Person, year: int) -> Placement | None:
    """Where the rules place one person for the year (their posts overlapping it), or None."""
    post = (
        Position.objects.filter(person=person, start__lte=datetime.date(year, 12, 31))
        .filter(Q(end__isnull=True) | Q(end__gte=datetime.date(year, 1, 1)))
        .select_related("unit")
        .order_by("-start", "-id")
    )
    candidates = list(post)
    if not candidates:
        return None
    last = datetime.date(year, 12, 31)
    chosen = max(candidates, key=lambda p: (min(p.end or last, last), p.start))
    found = [p for p in placements(chosen.unit, year, person_ids=[person.pk]) if p.person.pk == person.pk]
    return found[0] if found else None
