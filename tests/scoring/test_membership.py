"""A member added to or removed from the cluster's year changes who is ranked: the review's
`inputs_revision` goes up in the same transaction, so the stored outcome is computed again."""

from __future__ import annotations

from tests.factories import make_unit
from tests.scoring.conftest import Scoring, fill_all
from tests.scoring.test_services import CROSS, SELF
from thidua.clusters import services as cluster_services
from thidua.scoring.models import Review, ReviewOutcome
from thidua.scoring.outcomes import stored_outcome


def _revision(s: Scoring) -> int:
    return Review.objects.get(pk=s.review.pk).inputs_revision


def test_a_membership_change_invalidates_the_stored_outcome(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    fill_all(s, SELF, CROSS)
    first = stored_outcome(s.review)
    assert first.outcome is not None
    totals = [(e.unit, e.result.total) for e in first.outcome.ranking.entries]
    assert len(totals) == 3
    revision = _revision(s)
    assert ReviewOutcome.objects.get(review=s.review).revision == revision

    unit_d = make_unit(code="SO-D", name="Sở Tài nguyên và Môi trường tỉnh Điện Biên")
    cluster_services.add_member(actor=w.ministry_officer, cluster=w.cluster, unit=unit_d, year=2018)
    assert _revision(s) == revision + 1
    added = stored_outcome(s.review)
    assert added.outcome is None  # the new member has no cross-score yet: not computable, not stale
    assert added.problem == "cross: còn 1 đơn vị chưa đủ điểm chấm chéo ở mọi tiêu chí."
    assert ReviewOutcome.objects.get(review=s.review).revision == revision + 1

    cluster_services.remove_member(actor=w.ministry_officer, cluster=w.cluster, unit=unit_d, year=2018)
    assert _revision(s) == revision + 2
    again = stored_outcome(s.review)
    assert again.outcome is not None
    assert [(e.unit, e.result.total) for e in again.outcome.ranking.entries] == totals
    assert ReviewOutcome.objects.get(review=s.review).revision == revision + 2

    # another year's members are not this review's inputs
    cluster_services.add_member(actor=w.ministry_officer, cluster=w.cluster, unit=unit_d, year=2019)
    assert _revision(s) == revision + 2
