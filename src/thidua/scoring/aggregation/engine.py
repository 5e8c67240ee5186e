"""Per unit and criterion: the cross aggregate, the self-score weight, caps and the total.

`score_all` is the batch over a whole cluster (one pass over the sheets); `score_unit` scores one
unit from the same prepared offsets. Both use `aggregate_scores`, the only place the covenant's
method (mean, median, trimmed mean) is applied, so the explanation page shows exactly what ranked.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from .model import MEAN, MEDIAN, TRIMMED_MEAN, Criterion, ScoringInput, Settings

ZERO = Fraction(0)


def exact_sum(values: Iterable[Fraction]) -> Fraction:
    """Σ of fractions over one common denominator: the same exact value as `sum`, in integer
    arithmetic (Fraction's own `+` normalises after every step and is ten times slower)."""
    items = list(values)
    if not items:
        return ZERO
    denominators = {v.denominator for v in items}
    common = denominators.pop() if len(denominators) == 1 else math.lcm(*denominators)
    return Fraction(sum(v.numerator * (common // v.denominator) for v in items), common)


def exact_sorted(values: Iterable[Fraction]) -> list[Fraction]:
    """Sorted exactly, by integer numerators over one common denominator (fast, never a float)."""
    items = list(values)
    denominators = {v.denominator for v in items}
    if not denominators:
        return items
    common = denominators.pop() if len(denominators) == 1 else math.lcm(*denominators)
    return sorted(items, key=lambda v: v.numerator * (common // v.denominator))


def mean(values: Sequence[Fraction]) -> Fraction:
    return exact_sum(values) / len(values)


def median(values: Sequence[Fraction]) -> Fraction:
    ordered = exact_sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


@dataclass(frozen=True, slots=True)
class Aggregate:
    """How one list of scores became one number: the method used (a trimmed mean with too few
    scores falls back to the mean), the scores kept and those dropped at each end."""

    method: str
    value: Fraction
    kept: tuple[Fraction, ...]
    dropped_low: tuple[Fraction, ...] = ()
    dropped_high: tuple[Fraction, ...] = ()


def aggregate_scores(values: Sequence[Fraction], *, method: str, trim_count: int) -> Aggregate:
    ordered = tuple(exact_sorted(values))
    if method == MEDIAN:
        return Aggregate(method=MEDIAN, value=median(ordered), kept=ordered)
    if method == TRIMMED_MEAN and trim_count > 0 and len(ordered) >= 2 * trim_count + 1:
        kept = ordered[trim_count:-trim_count]
        return Aggregate(
            method=TRIMMED_MEAN,
            value=mean(kept),
            kept=kept,
            dropped_low=ordered[:trim_count],
            dropped_high=ordered[-trim_count:],
        )
    return Aggregate(method=MEAN, value=mean(ordered), kept=ordered)


@dataclass(frozen=True, slots=True)
class CrossScore:
    scorer: str
    raw: Fraction
    adjusted: Fraction  # raw − the scorer's offset, clamped to [0, max]; raw when not normalising


@dataclass(frozen=True, slots=True)
class CriterionResult:
    criterion: Criterion
    scores: tuple[CrossScore, ...]  # by scorer code
    cross: Aggregate
    self_score: Fraction | None
    value: Fraction


@dataclass(frozen=True, slots=True)
class UnitResult:
    unit: str
    criteria: tuple[CriterionResult, ...]  # in the covenant's order
    criteria_sum: Fraction
    bonus_claimed: Fraction
    bonus: Fraction  # after the cap
    penalty_claimed: Fraction
    penalty: Fraction  # after the cap
    total: Fraction

    def value_of(self, criterion: str) -> Fraction:
        return next(r.value for r in self.criteria if r.criterion.id == criterion)

    def group_value(self, group: str) -> Fraction:
        return exact_sum(r.value for r in self.criteria if r.criterion.group == group)

    @property
    def self_total(self) -> Fraction | None:
        if any(r.self_score is None for r in self.criteria):
            return None
        return exact_sum(r.self_score or ZERO for r in self.criteria)


def clamp(value: Fraction, *, upper: Fraction) -> Fraction:
    return min(max(value, ZERO), upper)


def scorer_offsets(model: ScoringInput) -> dict[str, Fraction]:
    """Each scorer's leniency: the mean, over every (unit, criterion) it scored, of its score minus
    the mean of all scorers' scores for that unit and criterion. Zero for everyone when the covenant
    does not normalise."""
    if not model.settings.normalise:
        return {}
    cells: dict[tuple[str, str], list[Fraction]] = defaultdict(list)
    for sheet in model.cross:
        for code, score in sheet.scores.items():
            cells[(sheet.unit, code)].append(score)
    cell_mean = {key: mean(values) for key, values in cells.items()}
    # mean of (score − cell mean) = (Σ scores − Σ cell means) / count, summed exactly in integers
    own: dict[str, list[Fraction]] = defaultdict(list)
    means: dict[str, list[Fraction]] = defaultdict(list)
    for sheet in model.cross:
        for code, score in sheet.scores.items():
            own[sheet.scorer].append(score)
            means[sheet.scorer].append(cell_mean[(sheet.unit, code)])
    return {
        scorer: (exact_sum(values) - exact_sum(means[scorer])) / len(values) for scorer, values in own.items()
    }


def _criterion_result(
    criterion: Criterion,
    scores: Iterable[tuple[str, Fraction]],
    *,
    settings: Settings,
    offsets: dict[str, Fraction],
    self_score: Fraction | None,
) -> CriterionResult:
    cross_scores = tuple(
        CrossScore(
            scorer=scorer,
            raw=raw,
            adjusted=clamp(raw - offsets[scorer], upper=criterion.max) if offsets else raw,
        )
        for scorer, raw in sorted(scores)
    )
    cross = aggregate_scores(
        [s.adjusted for s in cross_scores], method=settings.aggregation, trim_count=settings.trim_count
    )
    weight = settings.self_score_weight
    value = cross.value
    if weight > 0 and self_score is not None:
        value = weight * self_score + (1 - weight) * cross.value
    return CriterionResult(
        criterion=criterion, scores=cross_scores, cross=cross, self_score=self_score, value=value
    )


def _unit_result(
    model: ScoringInput,
    unit: str,
    cells: dict[str, list[tuple[str, Fraction]]],
    offsets: dict[str, Fraction],
) -> UnitResult:
    settings = model.settings
    own = model.self_scores.get(unit, {})
    criteria = tuple(
        _criterion_result(
            criterion,
            cells[criterion.id],
            settings=settings,
            offsets=offsets,
            self_score=own.get(criterion.id),
        )
        for criterion in settings.criteria
    )
    criteria_sum = exact_sum(r.value for r in criteria)
    bonus_claimed = model.bonus.get(unit, ZERO)
    penalty_claimed = model.penalty.get(unit, ZERO)
    bonus = min(bonus_claimed, settings.bonus_cap)
    penalty = min(penalty_claimed, settings.penalty_cap)
    return UnitResult(
        unit=unit,
        criteria=criteria,
        criteria_sum=criteria_sum,
        bonus_claimed=bonus_claimed,
        bonus=bonus,
        penalty_claimed=penalty_claimed,
        penalty=penalty,
        total=criteria_sum + bonus - penalty,
    )


def score_unit(model: ScoringInput, unit: str, *, offsets: dict[str, Fraction] | None = None) -> UnitResult:
    """One unit's result; offsets (normalisation) are always the whole cluster's."""
    if offsets is None:
        offsets = scorer_offsets(model)
    cells: dict[str, list[tuple[str, Fraction]]] = defaultdict(list)
    for sheet in model.cross:
        if sheet.unit == unit:
            for code, score in sheet.scores.items():
                cells[code].append((sheet.scorer, score))
    return _unit_result(model, unit, cells, offsets)


def score_all(model: ScoringInput) -> dict[str, UnitResult]:
    """Every unit's result in one pass over the sheets."""
    offsets = scorer_offsets(model)
    cells: dict[str, dict[str, list[tuple[str, Fraction]]]] = {
        unit: defaultdict(list) for unit in model.units
    }
    for sheet in model.cross:
        unit_cells = cells[sheet.unit]
        for code, score in sheet.scores.items():
            unit_cells[code].append((sheet.scorer, score))
    return {unit: _unit_result(model, unit, cells[unit], offsets) for unit in model.units}
