"""Hypothesis properties of the aggregation engine (issue 9, "What must hold")."""

from __future__ import annotations

import copy
import random
import statistics
from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.scoring.strategies import scoring_inputs
from thidua.scoring.aggregation import (
    aggregate_scores,
    compute,
    parse_input,
    round2,
    score_all,
    score_unit,
)

fractions = st.lists(st.fractions(min_value=0, max_value=100, max_denominator=8), min_size=1, max_size=12)


def shuffled(data: dict[str, Any], rnd: random.Random) -> dict[str, Any]:
    out = copy.deepcopy(data)
    rnd.shuffle(out["units"])
    rnd.shuffle(out["cross"])
    for sheet in out["cross"]:
        items = list(sheet["scores"].items())
        rnd.shuffle(items)
        sheet["scores"] = dict(items)
    for key in ("self", "bonus", "penalty"):
        items = list(out[key].items())
        rnd.shuffle(items)
        out[key] = dict(items)
    return out


@settings(max_examples=150, deadline=None)
@given(data=scoring_inputs(), seed=st.integers(min_value=0, max_value=2**32))
def test_ranking_does_not_depend_on_input_order(data: dict[str, Any], seed: int) -> None:
    expected = compute(parse_input(data)).as_dict()
    assert compute(parse_input(shuffled(data, random.Random(seed)))).as_dict() == expected


@settings(max_examples=100, deadline=None)
@given(data=scoring_inputs(), bump=st.sampled_from(["0", "0.5", "1"]))
def test_nobodys_own_score_enters_its_cross_aggregate(data: dict[str, Any], bump: str) -> None:
    model = parse_input(data)
    outcome = compute(model)
    for unit, result in outcome.results.items():
        for row in result.criteria:
            assert unit not in {s.scorer for s in row.scores}
    # Changing every self-score leaves every cross aggregate (and, without a self weight, every total) as it was.
    changed = copy.deepcopy(data)
    changed["self"] = {u: dict.fromkeys(scores, bump) for u, scores in data["self"].items()}
    other = compute(parse_input(changed))
    for unit, result in outcome.results.items():
        assert [r.cross.value for r in result.criteria] == [
            r.cross.value for r in other.results[unit].criteria
        ]
        if model.settings.self_score_weight == 0:
            assert result.total == other.results[unit].total


def reference(values: list[Fraction], method: str, trim: int) -> Fraction:
    if method == "median":
        return Fraction(statistics.median(values))
    ordered = sorted(values)
    if method == "trimmed_mean" and trim and len(ordered) > 2 * trim:
        ordered = ordered[trim : len(ordered) - trim]
    return Fraction(statistics.mean(ordered))


@settings(max_examples=300, deadline=None)
@given(values=fractions, method=st.sampled_from(["mean", "median", "trimmed_mean"]), trim=st.integers(0, 4))
def test_aggregates_match_a_reference(values: list[Fraction], method: str, trim: int) -> None:
    result = aggregate_scores(values, method=method, trim_count=trim)
    assert result.value == reference(values, method, trim)
    assert sorted(result.kept + result.dropped_low + result.dropped_high) == sorted(values)
    if method == "trimmed_mean" and len(values) < 2 * trim + 1:
        assert result.method == "mean"  # the documented fallback


@settings(max_examples=150, deadline=None)
@given(data=scoring_inputs())
def test_caps_hold_and_totals_add_up(data: dict[str, Any]) -> None:
    model = parse_input(data)
    s = model.settings
    for unit, result in compute(model).results.items():
        assert result.bonus == min(model.bonus.get(unit, 0), s.bonus_cap) <= s.bonus_cap
        assert result.penalty == min(model.penalty.get(unit, 0), s.penalty_cap) <= s.penalty_cap
        assert result.total == result.criteria_sum + result.bonus - result.penalty
        assert -s.penalty_cap <= result.total <= s.total_max + s.bonus_cap
        for row in result.criteria:
            assert 0 <= row.value <= row.criterion.max
            assert all(0 <= sc.adjusted <= row.criterion.max for sc in row.scores)


@settings(max_examples=200, deadline=None)
@given(data=scoring_inputs())
def test_ties_are_broken_exactly_by_the_rule(data: dict[str, Any]) -> None:
    model = parse_input(data)
    outcome = compute(model)
    s = model.settings

    def key(unit: str) -> tuple[Fraction, Fraction]:
        r = outcome.results[unit]
        tie = Fraction(0)
        if s.tie_break == "group_one":
            tie = round2(r.group_value(s.first_group))
        elif s.tie_break == "fewer_penalties":
            tie = -round2(r.penalty)
        return (round2(r.total), tie)

    entries = outcome.ranking.entries
    for e in entries:
        # competition ranking: 1 + the number of units strictly better
        assert e.rank == 1 + sum(1 for o in entries if key(o.unit) > key(e.unit))
    for i, a in enumerate(entries):
        for b in entries[i + 1 :]:
            assert key(a.unit) >= key(b.unit)
            assert (a.rank == b.rank) == (key(a.unit) == key(b.unit))
    groups = [sorted(g) for g in outcome.ranking.needs_vote]
    expected: dict[tuple[Fraction, Fraction], list[str]] = {}
    for e in entries:
        expected.setdefault(key(e.unit), []).append(e.unit)
    assert sorted(groups) == sorted(sorted(v) for v in expected.values() if len(v) > 1)
    assert all(e.decided_by == "vote" for g in groups for e in entries if e.unit in g)


@settings(max_examples=150, deadline=None)
@given(data=scoring_inputs())
def test_batch_over_the_cluster_equals_unit_by_unit(data: dict[str, Any]) -> None:
    model = parse_input(data)
    batch = score_all(model)
    assert batch == {unit: score_unit(model, unit) for unit in model.units}
