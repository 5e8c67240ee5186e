"""Columnar input of the batch evaluator: per achievement year, one array or bitset per fact.

Subject i is bit i of every bitset (Python ints are arbitrary-size bitsets) and index i of every
array. The Django layer can fill one `YearColumn` from a single SQL query per year (ratings,
months, absence and discipline per subject; usable titles/awards grouped by code; usable
initiatives counted by scope) instead of building `Case` objects; `build_columns` does the same
from cases, for tests and for small batches.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .case import Case, Target
from .codes import DISCIPLINE_RANK, RATING_RANK, SCOPE_RANK
from .facts import is_entry_usable, is_initiative_usable

MEMBER_FIELDS = ("total", "at_least_htnv", "ldtt", "cstdcs", "disciplined_canh_cao_or_above")


@dataclass(frozen=True)
class YearColumn:
    present: int  # bitset: subjects with a record in this year
    rating: tuple[int, ...]  # rating rank, -1 without a rating
    months: tuple[int, ...]  # months worked plus statutory leave
    absence: tuple[int, ...]
    discipline: tuple[int, ...]  # discipline rank, -1 without discipline
    holds: Mapping[str, int]  # code -> bitset of subjects holding a usable title/award
    initiatives: Mapping[str, tuple[int, ...]]  # scope -> usable initiatives dated this year


@dataclass(frozen=True)
class Columns:
    size: int
    target: Target
    years: Mapping[int, YearColumn]
    members_present: int  # bitset
    members: Mapping[str, tuple[int, ...]]  # MEMBER_FIELDS -> counts (0 where absent)
    cluster_rank: tuple[int | None, ...]
    flags_per_cluster: tuple[int | None, ...]
    unit_ldtt_holders: tuple[int | None, ...]
    unit_cstdcs_approved: tuple[int | None, ...]
    council_members: tuple[int | None, ...]
    council_in_favour: tuple[int | None, ...]
    inherited: int  # bitset: collectives formed from predecessors

    @property
    def everyone(self) -> int:
        return (1 << self.size) - 1


def build_columns(*, cases: Sequence[Case], target: Target, params: Mapping[str, object]) -> Columns:
    """Columns for cases that share one target; titles/awards/initiatives are filtered for it."""
    size = len(cases)
    all_years = sorted({record.year for case in cases for record in case.records})
    years: dict[int, YearColumn] = {}
    for year in all_years:
        present = 0
        rating = [-1] * size
        months = [0] * size
        absence = [0] * size
        discipline = [-1] * size
        holds: dict[str, int] = {}
        for index, case in enumerate(cases):
            record = case.record_for(year)
            if record is None:
                continue
            present |= 1 << index
            rating[index] = RATING_RANK[record.rating] if record.rating is not None else -1
            months[index] = record.months_worked + record.statutory_leave_months
            absence[index] = record.absence_days
            discipline[index] = DISCIPLINE_RANK[record.discipline] if record.discipline is not None else -1
            for entry in (*record.titles, *record.awards):
                if is_entry_usable(entry=entry, target=target, params=params):
                    holds[entry.code] = holds.get(entry.code, 0) | (1 << index)
        years[year] = YearColumn(
            present, tuple(rating), tuple(months), tuple(absence), tuple(discipline), holds, {}
        )
    initiative_years = sorted({i.year for case in cases for i in case.initiatives})
    for year in initiative_years:
        counts = {scope: [0] * size for scope in SCOPE_RANK}
        for index, case in enumerate(cases):
            for initiative in case.initiatives:
                if initiative.year == year and is_initiative_usable(initiative=initiative, target=target):
                    counts[initiative.scope][index] += 1
        frozen = {scope: tuple(values) for scope, values in counts.items()}
        column = years.get(year) or YearColumn(
            0, (-1,) * size, (0,) * size, (0,) * size, (-1,) * size, {}, {}
        )
        years[year] = YearColumn(
            column.present,
            column.rating,
            column.months,
            column.absence,
            column.discipline,
            column.holds,
            frozen,
        )
    members_present = 0
    member_values: dict[str, list[int]] = {name: [0] * size for name in MEMBER_FIELDS}
    for index, case in enumerate(cases):
        if case.members is not None:
            members_present |= 1 << index
            for name in MEMBER_FIELDS:
                member_values[name][index] = int(getattr(case.members, name))
    contexts = [case.context for case in cases]
    return Columns(
        size=size,
        target=target,
        years=years,
        members_present=members_present,
        members={name: tuple(values) for name, values in member_values.items()},
        cluster_rank=tuple(c.cluster_rank for c in contexts),
        flags_per_cluster=tuple(c.flags_per_cluster for c in contexts),
        unit_ldtt_holders=tuple(c.unit_ldtt_holders for c in contexts),
        unit_cstdcs_approved=tuple(c.unit_cstdcs_approved for c in contexts),
        council_members=tuple(c.council.members if c.council else None for c in contexts),
        council_in_favour=tuple(c.council.in_favour if c.council else None for c in contexts),
        inherited=sum(1 << i for i, c in enumerate(contexts) if c.inherited_from),
    )
