""" "Explain my rank": the exact arithmetic from one unit's scores to its rank, for a page or the API.

Cross-scores are named for the leader and anonymised for everyone else ("Đơn vị chấm 1", … in
ascending order of score, so the order says nothing about who scored). Every number is a string
with 2 decimals, rounded half-up from the exact value the engine ranked with.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from thidua.core.rules import allows
from thidua.organisations.models import Unit
from thidua.scoring import aggregation as engine
from thidua.scoring.models import Review
from thidua.scoring.selectors import criteria_of

METHOD_LABELS = {
    engine.MEAN: "trung bình cộng",
    engine.MEDIAN: "trung vị",
    engine.TRIMMED_MEAN: "trung bình sau khi bỏ điểm cao nhất và thấp nhất",
}
DECIDED_LABELS = {
    "total": "tổng điểm",
    engine.GROUP_ONE: "điểm nhóm tiêu chí thứ nhất cao hơn (khi bằng tổng điểm)",
    engine.FEWER_PENALTIES: "ít điểm trừ hơn (khi bằng tổng điểm)",
    "vote": "bằng điểm: cần bỏ phiếu kín",
}


@dataclass(frozen=True)
class ScoreRow:
    scorer: str
    raw: str
    adjusted: str
    kept: bool


@dataclass(frozen=True)
class CriterionRow:
    name: str
    maximum: str
    scores: list[ScoreRow]
    method: str
    cross: str
    self_score: str | None
    weight: str
    value: str
    formula: str


@dataclass(frozen=True)
class Explanation:
    unit: Unit
    named: bool
    criteria: list[CriterionRow]
    criteria_sum: str
    bonus_claimed: str
    bonus: str
    penalty_claimed: str
    penalty: str
    total: str
    rank: int
    decided_by: str
    tied_with: list[str]
    units_above: list[tuple[str, str]]  # (unit name, rounded total)


def explain_unit(*, user: Any, review: Review, unit: Unit, outcome: engine.Outcome) -> Explanation:
    named = allows(user, "scoring.view_scorer_names", review)
    names = {str(u.pk): u.name for u in Unit.objects.filter(pk__in=[int(c) for c in outcome.results])}
    criteria = {str(c.pk): c for c in criteria_of(review.covenant)}
    entry = outcome.ranking.entry(str(unit.pk))
    result = entry.result
    weight = result_weight(review)
    rows: list[CriterionRow] = []
    for row in result.criteria:
        kept = list(row.cross.kept)
        ordered = sorted(row.scores, key=lambda s: (s.adjusted, names.get(s.scorer, "")))
        score_rows = []
        for index, score in enumerate(ordered, start=1):
            is_kept = score.adjusted in kept
            if is_kept:
                kept.remove(score.adjusted)
            score_rows.append(
                ScoreRow(
                    scorer=names.get(score.scorer, score.scorer) if named else f"Đơn vị chấm {index}",
                    raw=engine.show(score.raw),
                    adjusted=engine.show(score.adjusted),
                    kept=is_kept,
                )
            )
        cross = engine.show(row.cross.value)
        if weight > 0 and row.self_score is not None:
            formula = (
                f"{engine.show(weight)} × {engine.show(row.self_score)} + {engine.show(1 - weight)} × {cross}"
            )
        else:
            formula = f"{METHOD_LABELS[row.cross.method]} của {len(row.cross.kept)} điểm = {cross}"
        rows.append(
            CriterionRow(
                name=criteria[row.criterion.id].name,
                maximum=engine.show(row.criterion.max),
                scores=score_rows,
                method=METHOD_LABELS[row.cross.method],
                cross=cross,
                self_score=None if row.self_score is None else engine.show(row.self_score),
                weight=engine.show(weight),
                value=engine.show(row.value),
                formula=formula,
            )
        )
    above = [
        (names.get(e.unit, e.unit), engine.show(e.result.total))
        for e in outcome.ranking.entries
        if e.rank < entry.rank
    ]
    return Explanation(
        unit=unit,
        named=named,
        criteria=rows,
        criteria_sum=engine.show(result.criteria_sum),
        bonus_claimed=engine.show(result.bonus_claimed),
        bonus=engine.show(result.bonus),
        penalty_claimed=engine.show(result.penalty_claimed),
        penalty=engine.show(result.penalty),
        total=engine.show(result.total),
        rank=entry.rank,
        decided_by=DECIDED_LABELS.get(entry.decided_by, entry.decided_by),
        tied_with=[names.get(u, u) for u in entry.tied_with],
        units_above=above,
    )


def result_weight(review: Review) -> Fraction:
    covenant = review.covenant
    return Fraction(covenant.self_score_weight) if covenant.self_score_counts else Fraction(0)
