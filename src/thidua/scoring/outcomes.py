"""The stored outcome of a review: computed once after its inputs change, then read.

At 60 units × 40 criteria the engine reads ~140,000 scores and computes for seconds; the ranking
page, the API and the documents read the stored summary instead (one row), and the explain page one
unit's full result. Every write service that can change the outcome calls `mark_inputs_changed`
inside its transaction (the review's `inputs_revision` goes up); the next read, or an explicit
`compute_outcome`, computes and stores again. A stored outcome is used only at the revision and
signal thresholds it was computed with, so a write that commits while a reader computes never
leaves a stale ranking in place: the reader stored it under the old revision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from thidua.core import clock
from thidua.scoring import aggregation as engine
from thidua.scoring.aggregation import storage
from thidua.scoring.models import Review, ReviewOutcome, UnitOutcome
from thidua.scoring.selectors import review_input, thresholds


@dataclass(frozen=True)
class Stored:
    """A ranking as the pages read it: `outcome.results` carry totals without criterion rows
    (`full_result` has those; `group_value` gives a unit's sum over a criteria group); `problem`
    says why nothing could be computed yet."""

    outcome: engine.Outcome | None
    problem: str
    revision: int
    groups: dict[str, dict[str, Fraction]] = field(default_factory=dict)

    def group_value(self, unit: str, group: str) -> Fraction:
        if unit in self.groups and group in self.groups[unit]:
            return self.groups[unit][group]
        assert self.outcome is not None
        return self.outcome.results[unit].group_value(group)  # computed in this request: full


def mark_inputs_changed(review: Review) -> None:
    """Call inside the write's transaction: the stored outcome no longer holds."""
    Review.objects.filter(pk=review.pk).update(inputs_revision=F("inputs_revision") + 1)


def members_changed(cluster: Any, year: int) -> None:
    """A member added to or removed from the cluster's year (registered with clusters.services):
    the units ranked are the year's members, so the review's stored outcome no longer holds."""
    for review in Review.objects.filter(emulation_year__cluster=cluster, emulation_year__year=year):
        mark_inputs_changed(review)


def _settings_key() -> str:
    return f"{storage.FORMAT}|{thresholds()!r}"


def _current_revision(review: Review) -> int:
    return int(Review.objects.filter(pk=review.pk).values_list("inputs_revision", flat=True).get())


def _from_row(row: ReviewOutcome) -> Stored:
    if row.problem:
        return Stored(outcome=None, problem=row.problem, revision=row.revision)
    summary = storage.decode_summary(row.summary)
    results = {e.unit: e.result for e in summary.ranking.entries}
    return Stored(
        outcome=engine.Outcome(results=results, ranking=summary.ranking, signals=summary.signals),
        problem="",
        revision=row.revision,
        groups=summary.groups,
    )


def stored_outcome(review: Review) -> Stored:
    """The outcome at the review's current inputs: the stored one, or computed now and stored."""
    revision = _current_revision(review)
    row = ReviewOutcome.objects.filter(review=review, revision=revision, settings_key=_settings_key()).first()
    if row is not None:
        return _from_row(row)
    return compute_outcome(review=review, revision=revision)


def compute_outcome(*, review: Review, revision: int | None = None) -> Stored:
    """Compute from the database and store (the explicit compute; also the first read after a change).

    The revision is read before the scores, so a write committed meanwhile makes this row stale."""
    if revision is None:
        revision = _current_revision(review)
    outcome: engine.Outcome | None = None
    problem = ""
    try:
        outcome = engine.compute(review_input(review))
    except engine.ScoringInputError as exc:
        problem = exc.message
    try:
        with transaction.atomic():
            ReviewOutcome.objects.filter(review=review).delete()
            row = ReviewOutcome.objects.create(
                review=review,
                revision=revision,
                settings_key=_settings_key(),
                computed_at=clock.now(),
                problem=problem,
                summary={} if outcome is None else storage.encode_summary(outcome.ranking, outcome.signals),
            )
            if outcome is not None:
                UnitOutcome.objects.bulk_create(
                    [
                        UnitOutcome(
                            outcome=row, unit_id=int(code), result=storage.encode_result(result, full=True)
                        )
                        for code, result in outcome.results.items()
                    ],
                    batch_size=100,
                )
    except IntegrityError:
        pass  # another reader stored the same revision first: its row is as good as ours
    if outcome is None:
        return Stored(outcome=None, problem=problem, revision=revision)
    # Pages read the light results; computing here gives them the full ones, which is no harm.
    return Stored(outcome=outcome, problem="", revision=revision)


def full_result(review: Review, stored: Stored, unit_id: int) -> engine.UnitResult | None:
    """One unit's full result (each scorer's score) at the stored revision."""
    if stored.outcome is None:
        return None
    data = (
        UnitOutcome.objects.filter(outcome__review=review, outcome__revision=stored.revision, unit_id=unit_id)
        .values_list("result", flat=True)
        .first()
    )
    if data is not None:
        return storage.decode_result(data)
    result = stored.outcome.results.get(str(unit_id))
    if result is None:
        return None
    if result.criteria:
        return result  # computed in this request: already full
    # Another reader's row won the race and was replaced since: compute (rare).
    fresh = compute_outcome(review=review).outcome
    return None if fresh is None else fresh.results.get(str(unit_id))
