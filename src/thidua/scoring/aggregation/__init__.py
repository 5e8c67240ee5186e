"""The aggregation engine of the year-end review (pure Python, no database, no Django).

`parse_input` reads the JSON of `thidua scoring compute`; `compute` scores every unit, finds the
signals and ranks. The page, the API, the CLI and the services all call `compute` (docs/scoring.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from .engine import (
    Aggregate,
    CriterionResult,
    CrossScore,
    UnitResult,
    aggregate_scores,
    score_all,
    score_unit,
)
from .model import (
    AGGREGATIONS,
    FEWER_PENALTIES,
    GROUP_ONE,
    MEAN,
    MEDIAN,
    TIE_BREAKS,
    TRIMMED_MEAN,
    VOTE,
    Criterion,
    CrossSheet,
    ScoringInput,
    ScoringInputError,
    Settings,
    Thresholds,
)
from .numbers import round2, show
from .parsing import parse_input
from .ranking import RankedUnit, Ranking, rank_units
from .signals import KIND_LABELS, Signal, find_signals


@dataclass(frozen=True, slots=True)
class Outcome:
    results: dict[str, UnitResult]
    ranking: Ranking
    signals: tuple[Signal, ...]

    def as_dict(self) -> dict[str, object]:
        """The output contract of `thidua scoring compute` (docs/scoring.md)."""
        return {
            "ranking": [
                {
                    "unit": e.unit,
                    "total": show(e.result.total),
                    "rank": e.rank,
                    "criteria": {r.criterion.id: show(r.value) for r in e.result.criteria},
                    "bonus": show(e.result.bonus),
                    "penalty": show(e.result.penalty),
                }
                for e in self.ranking.entries
            ],
            "needs_vote": [list(group) for group in self.ranking.needs_vote],
            "signals": [s.as_dict() for s in self.signals],
        }


def compute(model: ScoringInput) -> Outcome:
    results = score_all(model)
    return Outcome(
        results=results,
        ranking=rank_units(results, model.settings),
        signals=tuple(find_signals(model, results)),
    )


__all__ = [
    "AGGREGATIONS",
    "FEWER_PENALTIES",
    "GROUP_ONE",
    "KIND_LABELS",
    "MEAN",
    "MEDIAN",
    "TIE_BREAKS",
    "TRIMMED_MEAN",
    "VOTE",
    "Aggregate",
    "Criterion",
    "CriterionResult",
    "CrossScore",
    "CrossSheet",
    "Outcome",
    "RankedUnit",
    "Ranking",
    "ScoringInput",
    "ScoringInputError",
    "Settings",
    "Signal",
    "Thresholds",
    "UnitResult",
    "aggregate_scores",
    "compute",
    "find_signals",
    "parse_input",
    "rank_units",
    "round2",
    "score_all",
    "score_unit",
    "show",
]
