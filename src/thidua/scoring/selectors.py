"""Reads of the year-end review; `review_input` fills the aggregation engine from the database."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from thidua.clusters.models import EmulationYear
from thidua.covenants.enums import LineKind
from thidua.covenants.models import Covenant, Criterion
from thidua.covenants.selectors import member_units
from thidua.organisations.models import Unit
from thidua.scoring import aggregation as engine
from thidua.scoring.enums import SheetStatus
from thidua.scoring.models import (
    Appeal,
    ConflictOfInterest,
    CrossAssignment,
    CrossScore,
    EvidenceQuery,
    FinalRank,
    Review,
    SelfAssessment,
    SelfLine,
    SelfScore,
)


def review_for(emulation_year: EmulationYear) -> Review | None:
    return (
        Review.objects.select_related("emulation_year__cluster__authority", "covenant")
        .filter(emulation_year=emulation_year)
        .first()
    )


def criteria_of(covenant: Covenant) -> list[Criterion]:
    """The covenant's criteria in its own order (group order, then criterion order)."""
    return list(
        Criterion.objects.filter(group__covenant=covenant)
        .select_related("group")
        .order_by("group__order", "group__id", "order", "id")
    )


def sheets_of(review: Review) -> QuerySet[SelfAssessment]:
    return SelfAssessment.objects.filter(review=review).select_related("unit")


def assignments_of(review: Review) -> QuerySet[CrossAssignment]:
    return CrossAssignment.objects.filter(review=review).select_related("scorer", "unit")


def assignments_for_scorer(review: Review, scorer: Unit) -> QuerySet[CrossAssignment]:
    return assignments_of(review).filter(scorer=scorer)


def open_queries(review: Review, unit: Unit) -> QuerySet[EvidenceQuery]:
    return EvidenceQuery.objects.filter(review=review, unit=unit, answered_at__isnull=True)


def conflicts_of(review: Review) -> QuerySet[ConflictOfInterest]:
    return ConflictOfInterest.objects.filter(review=review).select_related("scorer", "unit")


def queries_of(review: Review) -> QuerySet[EvidenceQuery]:
    """Evidence queries with their answers, by criterion's thread order (asked first, first)."""
    return EvidenceQuery.objects.filter(review=review).select_related(
        "unit", "criterion", "asker_unit", "asked_by", "answered_by"
    )


def appeals_of(review: Review) -> QuerySet[Appeal]:
    return Appeal.objects.filter(review=review).select_related("unit")


@dataclass(frozen=True)
class Progress:
    sheets_submitted: int
    sheets_total: int
    assignments_submitted: int
    assignments_total: int
    late_sheets: int


def progress_of(review: Review) -> Progress:
    sheets = list(SelfAssessment.objects.filter(review=review).values_list("status", "is_late"))
    assignments = list(CrossAssignment.objects.filter(review=review).values_list("status", flat=True))
    return Progress(
        sheets_submitted=sum(1 for status, _ in sheets if status == SheetStatus.SUBMITTED),
        sheets_total=len(sheets),
        assignments_submitted=sum(1 for status in assignments if status == SheetStatus.SUBMITTED),
        assignments_total=len(assignments),
        late_sheets=sum(1 for _, late in sheets if late),
    )


def thresholds() -> engine.Thresholds:
    """The signal thresholds: engine defaults, overridden by the named setting THIDUA_SCORING_SIGNALS."""
    overrides: dict[str, Any] = getattr(settings, "THIDUA_SCORING_SIGNALS", {}) or {}
    defaults = engine.Thresholds()
    return engine.Thresholds(
        self_inflation_share=Fraction(
            str(overrides.get("self_inflation_share", defaults.self_inflation_share))
        ),
        disagreement_share=Fraction(str(overrides.get("disagreement_share", defaults.disagreement_share))),
        reciprocal_share=Fraction(str(overrides.get("reciprocal_share", defaults.reciprocal_share))),
        all_maximum_min_units=int(overrides.get("all_maximum_min_units", defaults.all_maximum_min_units)),
    )


def engine_settings(covenant: Covenant, criteria: list[Criterion]) -> engine.Settings:
    return engine.Settings(
        criteria=tuple(
            engine.Criterion(id=str(c.pk), group=str(c.group_id), max=Fraction(c.max_points))
            for c in criteria
        ),
        aggregation=covenant.aggregation,
        trim_count=covenant.trim_count,
        self_score_weight=Fraction(covenant.self_score_weight) if covenant.self_score_counts else Fraction(0),
        normalise=covenant.normalise,
        bonus_cap=Fraction(covenant.bonus_cap),
        penalty_cap=Fraction(covenant.penalty_cap),
        tie_break=covenant.tie_break,
    )


@lru_cache(maxsize=65536)
def _fraction(value: Decimal) -> Fraction:
    """Stored points have 2 decimals and few distinct values: convert each once."""
    return Fraction(value)


def review_input(review: Review, *, submitted_only: bool = True) -> engine.ScoringInput:
    """The engine's input from the stored sheets (unit and criterion codes are primary keys).

    Only submitted cross-score sheets count; a unit or criterion with no cross-score makes the engine
    refuse, which the caller shows as "not yet computable"."""
    covenant = review.covenant
    criteria = criteria_of(covenant)
    units = [str(u.pk) for u in member_units(review.emulation_year)]
    self_scores: dict[str, dict[str, Fraction]] = defaultdict(dict)
    for unit_id, criterion_id, score in SelfScore.objects.filter(sheet__review=review).values_list(
        "sheet__unit_id", "criterion_id", "score"
    ):
        self_scores[str(unit_id)][str(criterion_id)] = _fraction(score)
    bonus: dict[str, Fraction] = defaultdict(Fraction)
    penalty: dict[str, Fraction] = defaultdict(Fraction)
    for unit_id, kind, points in SelfLine.objects.filter(sheet__review=review).values_list(
        "sheet__unit_id", "line__kind", "points"
    ):
        target = bonus if kind == LineKind.BONUS else penalty
        target[str(unit_id)] += _fraction(points)
    sheets: dict[tuple[str, str], dict[str, Fraction]] = defaultdict(dict)
    scores = CrossScore.objects.filter(assignment__review=review)
    if submitted_only:
        scores = scores.filter(assignment__status=SheetStatus.SUBMITTED)
    for scorer_id, unit_id, criterion_id, score in scores.values_list(
        "assignment__scorer_id", "assignment__unit_id", "criterion_id", "score"
    ):
        sheets[(str(scorer_id), str(unit_id))][str(criterion_id)] = _fraction(score)
    model = engine.ScoringInput(
        settings=engine_settings(covenant, criteria),
        units=tuple(units),
        self_scores=dict(self_scores),
        cross=tuple(engine.CrossSheet(scorer=s, unit=u, scores=v) for (s, u), v in sorted(sheets.items())),
        bonus=dict(bonus),
        penalty=dict(penalty),
        thresholds=thresholds(),
    )
    missing = check_coverage(model)
    if missing:
        raise engine.ScoringInputError("cross", missing)
    return model


def check_coverage(model: engine.ScoringInput) -> str | None:
    scored = {(sheet.unit, code) for sheet in model.cross for code in sheet.scores}
    gaps = [u for u in model.units if any((u, c.id) not in scored for c in model.settings.criteria)]
    if gaps:
        return f"còn {len(gaps)} đơn vị chưa đủ điểm chấm chéo ở mọi tiêu chí."
    return None


def review_outcome(review: Review) -> engine.Outcome:
    return engine.compute(review_input(review))


def final_ranking(emulation_year: EmulationYear) -> list[FinalRank]:
    """The final ranking (empty until the leader finalises). The seam for the voting app: units with
    the same `tie_group` share a rank and need a secret ballot."""
    return list(
        FinalRank.objects.filter(
            review__emulation_year=emulation_year, review__finalised_at__isnull=False
        ).select_related("unit")
    )


def final_ranked_units(cluster: Any, year: int) -> list[Unit]:
    """The units of the cluster's final ranking of `year`, best first, in one query (empty until the
    leader finalises): registered with clusters.selectors as the year's ranking for voting."""
    return [
        rank.unit
        for rank in FinalRank.objects.filter(
            review__emulation_year__cluster=cluster,
            review__emulation_year__year=year,
            review__finalised_at__isnull=False,
        ).select_related("unit")
    ]


def needs_vote(emulation_year: EmulationYear) -> list[list[Unit]]:
    """The groups of the final ranking a secret ballot must decide, best rank first."""
    groups: dict[int, list[Unit]] = {}
    for rank in final_ranking(emulation_year):
        if rank.tie_group is not None:
            groups.setdefault(rank.tie_group, []).append(rank.unit)
    return [groups[key] for key in sorted(groups)]


def points(value: Fraction) -> Decimal:
    return Decimal(engine.show(value))
