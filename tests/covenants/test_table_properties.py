"""Property: any sequence of moves keeps every criterion, the totals and a gapless 1..n order."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.covenants.conftest import Year
from thidua.covenants import services
from thidua.covenants.models import Criterion, CriterionGroup
from thidua.covenants.selectors import totals_report

MOVES = st.lists(
    st.tuples(st.sampled_from(["group", "criterion"]), st.integers(0, 20), st.sampled_from(["up", "down"])),
    max_size=15,
)


def _state(
    covenant: object,
) -> tuple[list[tuple[int, int]], list[list[int]], set[tuple[str, Decimal]], Decimal]:
    groups = list(CriterionGroup.objects.filter(covenant=covenant).order_by("order"))
    orders = [[c.order for c in g.criteria.order_by("order")] for g in groups]
    items = {(c.name, c.max_points) for c in Criterion.objects.filter(group__covenant=covenant)}
    total = sum((c.max_points for c in Criterion.objects.filter(group__covenant=covenant)), Decimal(0))
    return [(g.order, g.pk) for g in groups], orders, items, total


@pytest.mark.django_db(transaction=False)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moves=MOVES)
def test_moves_keep_totals_and_order(year: Year, moves: list[tuple[str, int, str]]) -> None:
    covenant = year.covenant
    _, _, items_before, total_before = _state(covenant)
    group_sums_before = {g.name: g.max_points for g in covenant.groups.all()}
    for what, index, direction in moves:
        if what == "group":
            groups = list(CriterionGroup.objects.filter(covenant=covenant).order_by("order"))
            services.move_group(actor=None, group=groups[index % len(groups)], direction=direction)
        else:
            criteria = list(
                Criterion.objects.filter(group__covenant=covenant).order_by("group__order", "order")
            )
            services.move_criterion(
                actor=None, criterion=criteria[index % len(criteria)], direction=direction
            )
    groups, orders, items_after, total_after = _state(covenant)
    assert [order for order, _ in groups] == list(range(1, len(groups) + 1))
    assert all(inner == list(range(1, len(inner) + 1)) for inner in orders)
    assert items_after == items_before
    assert total_after == total_before
    # Group maxima never move with criteria; the report stays consistent with the data.
    assert {g.name: g.max_points for g in covenant.groups.all()} == group_sums_before
    report = totals_report(covenant)
    sums = {g.name: sum((c.max_points for c in g.criteria.all()), Decimal(0)) for g in covenant.groups.all()}
    assert report.ok == all(sums[name] == maximum for name, maximum in group_sums_before.items())
    services.renumber_covenant(covenant)
    assert _state(covenant)[:2] == (groups, orders)
