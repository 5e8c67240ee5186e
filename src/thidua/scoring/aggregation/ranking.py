"""Ranks from totals: ties on the rounded total, the covenant's tie-break, competition ranking.

Two units are tied when their totals rounded half-up to 2 decimals are equal. `group_one` then
prefers the higher value of the first criteria group (also compared at 2 decimals) and
`fewer_penalties` the smaller capped penalty; units still tied — or every tie under `vote` — share
the rank (1, 2, 2, 4) and are listed in `needs_vote` for a secret ballot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from .engine import UnitResult
from .model import FEWER_PENALTIES, GROUP_ONE, Settings
from .numbers import round2

TOTAL = "total"  # decided by the rounded total alone
VOTE_NEEDED = "vote"  # shares its rank: a secret ballot decides


@dataclass(frozen=True, slots=True)
class RankedUnit:
    unit: str
    rank: int
    result: UnitResult
    rounded_total: Fraction
    tie_value: Fraction | None  # the tie-break value compared (rounded), None under `vote`
    decided_by: str  # TOTAL, GROUP_ONE, FEWER_PENALTIES or VOTE_NEEDED
    tied_with: tuple[str, ...]  # other units with the same rounded total


@dataclass(frozen=True, slots=True)
class Ranking:
    entries: tuple[RankedUnit, ...]  # by rank, then unit code
    needs_vote: tuple[tuple[str, ...], ...]  # groups sharing a rank, best rank first

    def entry(self, unit: str) -> RankedUnit:
        return next(e for e in self.entries if e.unit == unit)


def _tie_value(result: UnitResult, settings: Settings) -> Fraction | None:
    if settings.tie_break == GROUP_ONE:
        return round2(result.group_value(settings.first_group))
    if settings.tie_break == FEWER_PENALTIES:
        return -round2(result.penalty)  # smaller penalty ranks first: compare its negation, higher first
    return None


def rank_units(results: Mapping[str, UnitResult], settings: Settings) -> Ranking:
    keyed = []
    for unit, result in results.items():
        tie = _tie_value(result, settings)
        keyed.append((round2(result.total), tie if tie is not None else Fraction(0), unit, result, tie))
    # Best first; the unit code only orders units that share a rank, so input order never matters.
    keyed.sort(key=lambda k: (-k[0], -k[1], k[2]))
    by_total: dict[Fraction, list[str]] = {}
    for total, _, unit, _, _ in keyed:
        by_total.setdefault(total, []).append(unit)

    entries: list[RankedUnit] = []
    groups: list[tuple[str, ...]] = []
    position = 0
    while position < len(keyed):
        total, tie_key, _, _, _ = keyed[position]
        end = position
        while end < len(keyed) and keyed[end][0] == total and keyed[end][1] == tie_key:
            end += 1
        sharing = keyed[position:end]
        same_total = by_total[total]
        for _, _, unit, result, tie in sharing:
            if len(same_total) == 1:
                decided = TOTAL
            elif len(sharing) > 1:
                decided = VOTE_NEEDED
            else:
                decided = settings.tie_break
            entries.append(
                RankedUnit(
                    unit=unit,
                    rank=position + 1,
                    result=result,
                    rounded_total=total,
                    tie_value=None if tie is None else (tie if settings.tie_break == GROUP_ONE else -tie),
                    decided_by=decided,
                    tied_with=tuple(u for u in same_total if u != unit),
                )
            )
        if len(sharing) > 1:
            groups.append(tuple(unit for _, _, unit, _, _ in sharing))
        position = end
    return Ranking(entries=tuple(entries), needs_vote=tuple(groups))
