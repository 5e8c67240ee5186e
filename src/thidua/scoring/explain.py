""" "Explain my rank": the exact arithmetic from one unit's scores to its rank, for a page or the API.

Cross-scores are named for the leader and anonymised for everyone else ("Đơn vị chấm 1", … in
ascending order of score, so the order says nothing about who scored). Every number is a string
with 2 decimals, rounded half-up from the exact value the engine ranked with.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from thidua.core.errors import NotFound
from thidua.core.rules import allows
from thidua.organisations.models import Unit
from thidua.scoring import aggregation as engine
from thidua.scoring.models import Review
from thidua.scoring.outcomes import Stored, full_result
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


def vi_points(value: Fraction) -> str:
    """2 decimals, half-up, with the Vietnamese decimal comma (the CLI and API keep the dot)."""
    return engine.show(value).replace(".", ",")


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


def explain_unit(
    *,
    user: Any,
    review: Review,
    unit: Unit,
    outcome: engine.Outcome,
    result: engine.UnitResult | None = None,
) -> Explanation:
    """`result` is the unit's full result when `outcome` is a stored summary (outcomes.full_result)."""
    named = allows(user, "scoring.view_scorer_names", review)
    names = {str(u.pk): u.name for u in Unit.objects.filter(pk__in=[int(c) for c in outcome.results])}
    criteria = {str(c.pk): c for c in criteria_of(review.covenant)}
    entry = outcome.ranking.entry(str(unit.pk))
    result = result or entry.result
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
                    raw=vi_points(score.raw),
                    adjusted=vi_points(score.adjusted),
                    kept=is_kept,
                )
            )
        cross = vi_points(row.cross.value)
        if weight > 0 and row.self_score is not None:
            formula = f"{vi_points(weight)} × {vi_points(row.self_score)} + {vi_points(1 - weight)} × {cross}"
        else:
            formula = f"{METHOD_LABELS[row.cross.method]} của {len(row.cross.kept)} điểm = {cross}"
        rows.append(
            CriterionRow(
                name=criteria[row.criterion.id].name,
                maximum=vi_points(row.criterion.max),
                scores=score_rows,
                method=METHOD_LABELS[row.cross.method],
                cross=cross,
                self_score=None if row.self_score is None else vi_points(row.self_score),
                weight=vi_points(weight),
                value=vi_points(row.value),
                formula=formula,
            )
        )
    above = [
        (names.get(e.unit, e.unit), vi_points(e.result.total))
        for e in outcome.ranking.entries
        if e.rank < entry.rank
    ]
    return Explanation(
        unit=unit,
        named=named,
        criteria=rows,
        criteria_sum=vi_points(result.criteria_sum),
        bonus_claimed=vi_points(result.bonus_claimed),
        bonus=vi_points(result.bonus),
        penalty_claimed=vi_points(result.penalty_claimed),
        penalty=vi_points(result.penalty),
        total=vi_points(result.total),
        rank=entry.rank,
        decided_by=DECIDED_LABELS.get(entry.decided_by, entry.decided_by),
        tied_with=[names.get(u, u) for u in entry.tied_with],
        units_above=above,
    )


def explain_unit_code(*, user: Any, review: Review, stored: Stored, unit_code: str) -> Explanation:
    """The page's and the API's one answer: the unit of the ranking named by its code, if `user`
    may read it (before the results go up only the unit itself and the leader), else NotFound."""
    assert stored.outcome is not None
    unit = Unit.objects.filter(code=unit_code, pk__in=[int(k) for k in stored.outcome.results]).first()
    if unit is None:
        raise NotFound("Không tìm thấy đơn vị trong kết quả chấm điểm.")
    if (
        review.stage == "scoring"
        and not allows(user, "scoring.lead_review", review)
        and not allows(user, "scoring.act_for_unit", (review, unit))
    ):
        raise NotFound("Không tìm thấy đơn vị trong kết quả chấm điểm.")
    return explain_unit(
        user=user,
        review=review,
        unit=unit,
        outcome=stored.outcome,
        result=full_result(review, stored, unit.pk),
    )


def result_weight(review: Review) -> Fraction:
    covenant = review.covenant
    return Fraction(covenant.self_score_weight) if covenant.self_score_counts else Fraction(0)
