"""The seam with the voting app: `voting.selectors.selection_candidates` gives the cluster's
members in the order of the final ranking (one query), and in Vietnamese order before it is final."""

from __future__ import annotations

from typing import Any

from tests.scoring.conftest import D, Scoring, fill_all
from tests.scoring.test_services import CROSS, SELF
from thidua.scoring import services
from thidua.voting.selectors import selection_candidates


def test_selection_candidates_follow_the_final_ranking(
    scoring: Scoring, django_assert_num_queries: Any
) -> None:
    s, w = scoring, scoring.y.world
    fill_all(s, SELF, CROSS)
    services.open_appeals(actor=w.cluster_leader, review=s.review, appeal_deadline=D(2018, 12, 27))
    # provisional ranking (A 92, C 86, B 84) is not final yet: the members in Vietnamese order
    assert [u.code for u in selection_candidates(cluster=w.cluster, year=2018)] == ["SO-A", "SO-B", "SO-C"]
    services.finalise_ranking(actor=w.cluster_leader, review=s.review)
    with django_assert_num_queries(1):
        ranked = selection_candidates(cluster=w.cluster, year=2018)
        assert [(u.code, u.name) for u in ranked] == [
            ("SO-A", w.unit_a.name),
            ("SO-C", w.unit_c.name),
            ("SO-B", w.unit_b.name),
        ]
    assert selection_candidates(cluster=w.cluster, year=2019) == []
