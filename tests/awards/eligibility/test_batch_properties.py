"""Property tests: the batch execution agrees with the single one on generated histories."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.awards.eligibility import ALL_RULE_SETS, Case, Target, evaluate
from thidua.awards.eligibility.batch import evaluate_batch

from .strategies import batches, cases, overrides


def assert_same(case_list: list[Case], params: dict[str, object]) -> None:
    batch = evaluate_batch(case_list, rule_sets=ALL_RULE_SETS, overrides=params)
    for case, outcome in zip(case_list, batch, strict=True):
        single = evaluate(case, rule_sets=ALL_RULE_SETS, overrides=params)
        assert (outcome.verdict, outcome.rule_set, dict(outcome.met)) == (
            single.verdict,
            single.rule_set,
            single.met_by_id,
        )


@settings(max_examples=150, deadline=None)
@given(case_list=batches(), params=overrides())
def test_batch_matches_single_for_one_target(case_list: list[Case], params: dict[str, object]) -> None:
    assert_same(case_list, params)


@settings(max_examples=80, deadline=None)
@given(case_list=st.lists(cases(), min_size=1, max_size=6), params=overrides())
def test_batch_matches_single_for_mixed_targets(case_list: list[Case], params: dict[str, object]) -> None:
    assert_same(case_list, params)


@settings(max_examples=60, deadline=None)
@given(case=cases())
def test_batch_matches_single_with_defaults(case: Case) -> None:
    batch = evaluate_batch([case])
    single = evaluate(case)
    assert (batch[0].verdict, dict(batch[0].met)) == (single.verdict, single.met_by_id)


ENCODED_TARGETS = [
    ("person", "LDTT"),
    ("person", "CSTDCS"),
    ("person", "CSTD_BO"),
    ("person", "CSTD_TQ"),
    ("person", "BK_BO"),
    ("person", "BK_TTG"),
    ("person", "HCLD3"),
    ("collective", "TTLDTT"),
    ("collective", "TTLDXS"),
    ("collective", "CO_BO"),
    ("collective", "BK_BO"),
]


@pytest.mark.parametrize(("kind", "code"), ENCODED_TARGETS)
def test_batch_matches_single_per_encoded_target(kind: str, code: str) -> None:
    @settings(max_examples=40, deadline=None)
    @given(
        case_list=st.integers(2019, 2028).flatmap(
            lambda y: st.lists(cases(target=Target(code, y), kind=kind), min_size=1, max_size=6)
        ),
        params=overrides(),
    )
    def check(case_list: list[Case], params: dict[str, object]) -> None:
        assert_same(case_list, params)

    check()
