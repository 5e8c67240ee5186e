"""Property tests: the batch execution agrees with the single one on generated histories."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.awards.eligibility import ALL_RULE_SETS, Case, Target, evaluate
from thidua.awards.eligibility.batch import evaluate_batch
from thidua.awards.eligibility.case import Context
from thidua.awards.eligibility.codes import DISCIPLINE_RANK, RATING_RANK

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


# --- three outcomes per condition (issue 12): met, not met, not yet known -----------------------


@settings(max_examples=120, deadline=None)
@given(case=cases(), params=overrides())
def test_verdict_follows_the_three_valued_conditions(case: Case, params: dict[str, object]) -> None:
    verdict = evaluate(case, rule_sets=ALL_RULE_SETS, overrides=params)
    flags = [c.met for c in verdict.conditions]
    assert all(c.met is None for c in verdict.conditions if c.pending)
    if verdict.verdict == "eligible":
        # Every known condition holds; what is unknown is only a later procedural step.
        assert False not in flags
        assert all(c.pending for c in verdict.conditions if c.met is None)
        assert len(verdict.pending_steps) == flags.count(None)
    elif verdict.verdict == "needs_data":
        assert False not in flags
        assert verdict.missing_data
    elif verdict.verdict == "not_eligible":
        assert False in flags


@settings(max_examples=100, deadline=None)
@given(case_list=batches(), params=overrides())
def test_later_steps_not_yet_taken_are_pending_in_both_evaluators(
    case_list: list[Case], params: dict[str, object]
) -> None:
    # No ranking, quota figures or council vote yet: never "not met", and batch agrees with single.
    before = [
        replace(case, context=Context(inherited_from=case.context.inherited_from)) for case in case_list
    ]
    assert_same(before, params)
    for case in before:
        verdict = evaluate(case, rule_sets=ALL_RULE_SETS, overrides=params)
        for condition in verdict.conditions:
            if condition.id.endswith((".council", ".cluster_lead", ".quota")):
                assert condition.met is not False


@settings(max_examples=100, deadline=None)
@given(case_list=batches(), params=overrides())
def test_year_without_record_is_never_the_reason_for_not_met(
    case_list: list[Case], params: dict[str, object]
) -> None:
    # Dropping the target year's record makes its one-year conditions unknown, in both evaluators.
    target = case_list[0].target
    dropped = [replace(c, records=tuple(r for r in c.records if r.year != target.year)) for c in case_list]
    assert_same(dropped, params)
    for case in dropped:
        verdict = evaluate(case, rule_sets=ALL_RULE_SETS, overrides=params)
        one_year = [
            c
            for c in verdict.conditions
            if (c.id.endswith((".rating", ".months_worked", ".absence")) and not c.id.endswith("run_rating"))
            or c.id in ("ldtt.discipline", "cstdcs.ldtt.discipline")
        ]
        for condition in one_year:
            assert condition.met is None
            assert f"chưa có dữ liệu năm {target.year}" in condition.detail
        assert verdict.verdict != "eligible" or not one_year


# --- the outlook's shortcuts (issue 15 item 2) change no answer -------------------------------


def brute_force_outlook(case: Case, params: dict[str, object]) -> list[tuple[str, int | None, int]]:
    """The outlook without shortcuts: every year, every projection, full evaluations."""
    from thidua.awards.eligibility.codes import codes_for_kind
    from thidua.awards.eligibility.outlook import COLLECTIVE_PROJECTIONS, PERSON_PROJECTIONS, project_case
    from thidua.awards.eligibility.single import evaluate_case

    found = []
    for code in sorted(codes_for_kind(case.subject.kind)):
        current = replace(case, target=Target(code, case.target.year))
        now = evaluate_case(case=current, rule_sets=ALL_RULE_SETS, overrides=params, assume_procedural=True)
        if now.verdict == "needs_rule":
            continue
        if now.verdict == "eligible":
            found.append((code, case.target.year, 0))
            continue
        projections = PERSON_PROJECTIONS if case.subject.kind == "person" else COLLECTIVE_PROJECTIONS
        reached: tuple[str, int | None, int] = (code, None, 0)
        for y in range(case.target.year + 1, case.target.year + 7):
            if any(
                evaluate_case(
                    case=project_case(case=case, code=code, year=y, projection=p),
                    rule_sets=ALL_RULE_SETS,
                    overrides=params,
                    assume_procedural=True,
                ).verdict
                == "eligible"
                for p in projections
            ):
                reached = (code, y, y - case.target.year)
                break
        found.append(reached)
    return sorted(found, key=lambda f: (f[1] is None, f[1] or 0, f[0]))


@settings(max_examples=120, deadline=None)
@given(case=cases(), params=overrides())
def test_outlook_shortcuts_give_the_brute_force_answers(case: Case, params: dict[str, object]) -> None:
    from thidua.awards.eligibility.outlook import outlook

    fast = [
        (p.target, p.year, p.extra_years) for p in outlook(case, rule_sets=ALL_RULE_SETS, overrides=params)
    ]
    assert fast == brute_force_outlook(case, params)


@settings(max_examples=60, deadline=None)
@given(case_list=batches())
def test_whole_years_fill_the_same_columns_as_rows(case_list: list[Case]) -> None:
    """`History.set_year` / `add_holds` / `add_initiative_counts` (what the registry's set-wise
    reader calls) give the columns `add_records` / `add_entries` / `add_initiatives` give."""
    from thidua.awards.eligibility.columns import History, history_from_cases
    from thidua.awards.eligibility.parameters import PARAMETERS

    rows = history_from_cases(case_list)
    size = len(case_list)
    bulk = History(size)
    years = sorted({r.year for case in case_list for r in case.records})
    rank = {None: -1, **RATING_RANK}
    discipline = {None: -1, **DISCIPLINE_RANK}
    for year in years:
        present, rating, months, absence, disc = (
            bytearray(size),
            [-1] * size,
            [0] * size,
            [0] * size,
            [-1] * size,
        )
        for i, case in enumerate(case_list):
            for r in case.records:
                if r.year == year:
                    present[i] = 1
                    rating[i], disc[i] = rank[r.rating], discipline[r.discipline]
                    months[i], absence[i] = r.months_worked + r.statutory_leave_months, r.absence_days
        bulk.set_year(
            year, present=bytes(present), rating=rating, months=months, absence=absence, discipline=disc
        )
    entries = [
        (i, r.year, e.code, e.revoked, e.used_for)
        for i, case in enumerate(case_list)
        for r in case.records
        for e in (*r.titles, *r.awards)
    ]
    bulk.add_entries(e for e in entries if e[3] or e[4])
    for year, code in {(y, c) for _, y, c, revoked, used in entries if not revoked and not used}:
        flags = bytearray(size)
        for i, y, c, revoked, used in entries:
            if (y, c) == (year, code) and not revoked and not used:
                flags[i] = 1
        # twice, half each time: a second call for the same year and code adds to the first
        half = bytes(f if i % 2 else 0 for i, f in enumerate(flags))
        bulk.add_holds(year, code, half)
        bulk.add_holds(year, code, bytes(f if not i % 2 else 0 for i, f in enumerate(flags)))
    initiatives = [
        (i, x.year, x.scope, x.used_for) for i, case in enumerate(case_list) for x in case.initiatives
    ]
    bulk.add_initiatives(x for x in initiatives if x[3])
    for year, scope in {(y, s) for _, y, s, used in initiatives if not used}:
        counts = [0] * size
        for i, y, s, used in initiatives:
            if (y, s) == (year, scope) and not used:
                counts[i] += 1
        bulk.add_initiative_counts(year, scope, counts)
    for case in case_list:
        params = {p.name: p.default for p in PARAMETERS.values()}
        assert (
            bulk.columns(target=case.target, params=params).years
            == rows.columns(target=case.target, params=params).years
        )
