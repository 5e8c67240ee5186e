"""Constant query counts on the scoring lists not covered in test_forms: the review page's
conflicts (leader and member), the rotation grid, and the API lists of conflicts, evidence queries
and appeals (1 row, then 3 rows: the same number of queries)."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.scoring.conftest import D, Scoring, fill_all
from tests.scoring.test_forms import _ask, _count
from tests.scoring.test_services import CROSS, SELF
from thidua.scoring import services


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_review_page_conflicts_use_constant_queries(scoring: Scoring, django_assert_num_queries: Any) -> None:
    s, w = scoring, scoring.y.world
    url = f"/cham-diem/{s.review.pk}/"
    leader, member = _client(w.cluster_leader), _client(w.member_officer)
    services.declare_conflict(
        actor=w.member_officer, review=s.review, scorer=w.unit_b, unit=w.unit_a, reason="1"
    )
    leader.get(url)
    member.get(url)
    leader_one, member_one = _count(leader, url), _count(member, url)
    services.declare_conflict(
        actor=w.member_officer, review=s.review, scorer=w.unit_b, unit=w.unit_c, reason="2"
    )
    services.declare_conflict(
        actor=w.cluster_leader, review=s.review, scorer=w.unit_c, unit=w.unit_a, reason="3"
    )
    leader.get(url)  # the conflicts changed the inputs: the outcome is computed again once
    with django_assert_num_queries(leader_one):
        leader.get(url)
    with django_assert_num_queries(member_one):
        member.get(url)


def test_rotation_grid_uses_constant_queries(scoring: Scoring, django_assert_num_queries: Any) -> None:
    s, w = scoring, scoring.y.world
    fill_all(s, SELF, {})
    leader = _client(w.cluster_leader)
    url = f"/cham-diem/{s.review.pk}/phan-cong/"
    services.assign_cross_scoring(actor=w.cluster_leader, review=s.review, pairs=[(w.unit_a, w.unit_b)])
    one = _count(leader, url)
    services.assign_cross_scoring(actor=w.cluster_leader, review=s.review, pairs=None)
    with django_assert_num_queries(one):
        page = leader.get(url).content.decode()
    assert page.count(" checked") == 6  # all-score-all among three members


def test_api_lists_use_constant_queries(scoring: Scoring, django_assert_num_queries: Any) -> None:
    s, w = scoring, scoring.y.world
    fill_all(s, SELF, CROSS)
    services.open_appeals(actor=w.cluster_leader, review=s.review, appeal_deadline=D(2018, 12, 27))
    leader, member = _client(w.cluster_leader), _client(w.member_officer)
    base = f"/api/v1/scoring/reviews/{s.review.pk}"
    _ask(s, w.unit_b, 1)
    services.record_appeal(
        actor=w.cluster_leader, review=s.review, unit=w.unit_b, text="Một", received_on=D(2018, 12, 24)
    )
    counts = {
        (who, path): _count(client, f"{base}/{path}")
        for who, client in (("leader", leader), ("member", member))
        for path in ("queries", "appeals", "conflicts")
    }
    _ask(s, w.unit_b, 2)
    for text in ("Hai", "Ba"):
        services.record_appeal(
            actor=w.cluster_leader, review=s.review, unit=w.unit_b, text=text, received_on=D(2018, 12, 24)
        )
    for (who, path), one in counts.items():
        client = leader if who == "leader" else member
        with django_assert_num_queries(one):
            rows = client.get(f"{base}/{path}").json()
        assert len(rows) == {"queries": 3, "appeals": 3, "conflicts": 0}[path]
