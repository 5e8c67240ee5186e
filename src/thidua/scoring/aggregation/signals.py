"""Signals for the leader before the ranking is final, each with the numbers behind it.

All four read the raw cross-scores (before normalisation), because they are about how people scored:
- `self_inflation`: a unit's self total exceeds the median of its scorers' totals (scorers who
  scored every criterion) by more than `self_inflation_share` of the maximum total;
- `disagreement`: max − min of one criterion's cross-scores exceeds `disagreement_share` of the
  criterion's maximum;
- `reciprocal`: A's scores of B exceed the other scorers' mean for B by more than
  `reciprocal_share` of the maximum total (summed over criteria), and B's of A likewise;
- `all_maximum`: a scorer gave the maximum on every criterion to at least `all_maximum_min_units`
  units and never less than the maximum.

In a `reciprocal` signal's detail, `a_over_b` is how far the first unit's scores of the second lie
above the other scorers' mean, and `b_over_a` the reverse.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from .engine import UnitResult, exact_sum, median
from .model import ScoringInput
from .numbers import show

SELF_INFLATION = "self_inflation"
DISAGREEMENT = "disagreement"
RECIPROCAL = "reciprocal"
ALL_MAXIMUM = "all_maximum"
KINDS = (SELF_INFLATION, DISAGREEMENT, RECIPROCAL, ALL_MAXIMUM)
KIND_LABELS = {
    SELF_INFLATION: "Tự chấm cao hơn nhiều so với chấm chéo",
    DISAGREEMENT: "Điểm chấm chéo một tiêu chí chênh lệch lớn",
    RECIPROCAL: "Hai đơn vị chấm cao cho nhau",
    ALL_MAXIMUM: "Đơn vị chấm điểm tối đa cho mọi đơn vị",
}


@dataclass(frozen=True, slots=True)
class Signal:
    kind: str
    units: tuple[str, ...]
    criterion: str | None
    detail: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "units": list(self.units),
            "criterion": self.criterion,
            "detail": self.detail,
        }


def find_signals(model: ScoringInput, results: dict[str, UnitResult]) -> list[Signal]:
    settings, thresholds = model.settings, model.thresholds
    total_max = settings.total_max
    criteria = {c.id: c for c in settings.criteria}
    signals: list[Signal] = []

    # self-inflation
    full_totals: dict[str, list[Fraction]] = defaultdict(list)
    for sheet in model.cross:
        if len(sheet.scores) == len(criteria):
            full_totals[sheet.unit].append(exact_sum(sheet.scores.values()))
    limit = thresholds.self_inflation_share * total_max
    for unit in sorted(model.units):
        self_total = results[unit].self_total
        if self_total is None or not full_totals[unit]:
            continue
        cross_median = median(full_totals[unit])
        if self_total - cross_median > limit:
            signals.append(
                Signal(
                    kind=SELF_INFLATION,
                    units=(unit,),
                    criterion=None,
                    detail={
                        "self_total": show(self_total),
                        "median_cross_total": show(cross_median),
                        "difference": show(self_total - cross_median),
                        "threshold": show(limit),
                    },
                )
            )

    # disagreement
    for unit in sorted(model.units):
        for row in results[unit].criteria:
            raws = [s.raw for s in row.scores]
            if len(raws) < 2:
                continue
            spread = max(raws) - min(raws)
            bound = thresholds.disagreement_share * row.criterion.max
            if spread > bound:
                signals.append(
                    Signal(
                        kind=DISAGREEMENT,
                        units=(unit,),
                        criterion=row.criterion.id,
                        detail={
                            "min": show(min(raws)),
                            "max": show(max(raws)),
                            "spread": show(spread),
                            "threshold": show(bound),
                        },
                    )
                )

    # reciprocal over-scoring
    # In integers over one common denominator of every score: the other scorers' mean for a cell is
    # (cell sum − own score) / (count − 1), so one pass, and only one Fraction per sheet.
    common = math.lcm(*{v.denominator for sheet in model.cross for v in sheet.scores.values()} or {1})
    cell_sum: dict[tuple[str, str], int] = defaultdict(int)
    cell_count: dict[tuple[str, str], int] = defaultdict(int)
    for sheet in model.cross:
        for code, score in sheet.scores.items():
            cell_sum[(sheet.unit, code)] += score.numerator * (common // score.denominator)
            cell_count[(sheet.unit, code)] += 1
    excess: dict[tuple[str, str], Fraction] = {}
    for sheet in model.cross:
        # numerators grouped by their denominator (others × common): one Fraction per distinct count
        by_count: dict[int, int] = defaultdict(int)
        for code, score in sheet.scores.items():
            others = cell_count[(sheet.unit, code)] - 1
            if others:
                own = score.numerator * (common // score.denominator)
                by_count[others] += own * others - (cell_sum[(sheet.unit, code)] - own)
        if by_count:
            excess[(sheet.scorer, sheet.unit)] = exact_sum(
                Fraction(n, k * common) for k, n in by_count.items()
            )
    bound = thresholds.reciprocal_share * total_max
    for (a, b), gap in sorted(excess.items()):
        if a < b and gap > bound and excess.get((b, a), Fraction(0)) > bound:
            signals.append(
                Signal(
                    kind=RECIPROCAL,
                    units=(a, b),
                    criterion=None,
                    detail={
                        "a_over_b": show(gap),
                        "b_over_a": show(excess[(b, a)]),
                        "threshold": show(bound),
                    },
                )
            )

    # a scorer who gives everyone the maximum
    given: dict[str, set[str]] = defaultdict(set)
    below: set[str] = set()
    for sheet in model.cross:
        if len(sheet.scores) == len(criteria) and all(v == criteria[c].max for c, v in sheet.scores.items()):
            given[sheet.scorer].add(sheet.unit)
        else:
            below.add(sheet.scorer)
    for scorer in sorted(given):
        if scorer not in below and len(given[scorer]) >= thresholds.all_maximum_min_units:
            signals.append(
                Signal(
                    kind=ALL_MAXIMUM,
                    units=(scorer,),
                    criterion=None,
                    detail={"units_scored": str(len(given[scorer]))},
                )
            )
    return signals
