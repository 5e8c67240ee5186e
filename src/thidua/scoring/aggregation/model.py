"""The typed input of the aggregation engine: a covenant's scoring settings and the scores.

Every number is a `Fraction` so that means, medians and weights stay exact; rounding happens only
when a value is shown (`numbers.show`). Codes (units, scorers, criteria) are plain strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Final

MEAN: Final = "mean"
MEDIAN: Final = "median"
TRIMMED_MEAN: Final = "trimmed_mean"
AGGREGATIONS: Final = (MEAN, MEDIAN, TRIMMED_MEAN)

VOTE: Final = "vote"
GROUP_ONE: Final = "group_one"
FEWER_PENALTIES: Final = "fewer_penalties"
TIE_BREAKS: Final = (VOTE, GROUP_ONE, FEWER_PENALTIES)


class ScoringInputError(ValueError):
    """Input the engine refuses; `field` is the path of the offending value (`cross[3].scores.TC1`).

    A plain exception so the engine stays free of Django; the CLI, API and services turn it into
    `thidua.core.errors.InvalidInput` with the same Vietnamese message."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = f"{field}: {message}"


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    group: str
    max: Fraction


@dataclass(frozen=True, slots=True)
class Settings:
    criteria: tuple[Criterion, ...]
    aggregation: str = MEAN
    trim_count: int = 1
    self_score_weight: Fraction = Fraction(0)
    normalise: bool = False
    bonus_cap: Fraction = Fraction(0)
    penalty_cap: Fraction = Fraction(0)
    tie_break: str = VOTE

    @property
    def first_group(self) -> str:
        """The first criteria group is the group of the first criterion, in the covenant's order."""
        return self.criteria[0].group

    @property
    def total_max(self) -> Fraction:
        return sum((c.max for c in self.criteria), Fraction(0))


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Named thresholds of the signals, each a share of a maximum so one setting fits any covenant.

    - `self_inflation_share`: self total − median cross total above this share of the covenant's
      maximum total flags self-inflation;
    - `disagreement_share`: max − min of the cross-scores of one criterion above this share of the
      criterion's maximum flags a disagreement;
    - `reciprocal_share`: two units that each score the other above the other scorers' mean by more
      than this share of the maximum total (summed over the criteria) form a reciprocal pair;
    - `all_maximum_min_units`: a scorer that gives the maximum on every criterion to at least this
      many units is flagged.
    """

    self_inflation_share: Fraction = Fraction(1, 10)
    disagreement_share: Fraction = Fraction(3, 10)
    reciprocal_share: Fraction = Fraction(1, 20)
    all_maximum_min_units: int = 2


@dataclass(frozen=True, slots=True)
class CrossSheet:
    """One scorer's scores of one unit (a subset of the criteria is allowed)."""

    scorer: str
    unit: str
    scores: dict[str, Fraction]


@dataclass(frozen=True, slots=True)
class ScoringInput:
    settings: Settings
    units: tuple[str, ...]
    self_scores: dict[str, dict[str, Fraction]]
    cross: tuple[CrossSheet, ...]
    bonus: dict[str, Fraction] = field(default_factory=dict)
    penalty: dict[str, Fraction] = field(default_factory=dict)
    thresholds: Thresholds = field(default_factory=Thresholds)
