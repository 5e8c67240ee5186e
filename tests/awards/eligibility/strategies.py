"""Hypothesis strategies for random registry histories crossing the 2023/2024 boundary."""

from __future__ import annotations

from hypothesis import strategies as st

from thidua.awards.eligibility.case import (
    Case,
    Context,
    Council,
    Entry,
    Initiative,
    Members,
    Subject,
    Target,
    YearRecord,
)
from thidua.awards.eligibility.codes import (
    AWARDS,
    COLLECTIVE_TITLES,
    DISCIPLINE_RANK,
    PERSON_ONLY_AWARDS,
    PERSON_TITLES,
    RATING_RANK,
    SCOPE_RANK,
)

RATINGS = [None, *RATING_RANK]
PERSON_TARGETS = sorted(PERSON_TITLES | AWARDS)
COLLECTIVE_TARGETS = sorted(COLLECTIVE_TITLES | (AWARDS - PERSON_ONLY_AWARDS))

OVERRIDE_VALUES: dict[str, list[object]] = {
    "year_2023_rule_set": ["OLD_2017", "LAW_2022"],
    "min_months_worked": [6, 10, 12],
    "absence_limit_days": [None, 1, 20, 40],
    "cstd_bo_initiative_years": [None, 1, 3],
    "discipline_exclusion_min_form": ["KHIEN_TRACH", "CANH_CAO"],
    "cstdcs_route": ["either", "both"],
    "cstdcs_quota_pct_of_ldtt": [None, 10, 15],
    "council_threshold_pct": [50, 90],
    "flags_per_cluster": [1, 2],
    "prior_award_window_start": ["next_year", "award_year"],
    "cstdtq_gap_min_years": [1, 3],
    "cstdtq_gap_max_years": [3, 4],
    "ttldxs_min_ldtt_pct": [50, 70],
    "ttldtt_ldtt_above_pct": [30, 50],
    "ttldxs_checks_member_discipline": [True, False],
    "title_reuse_policy": ["same_target", "any"],
    "inherit_merged_history": [True, False],
}


@st.composite
def used_for(draw: st.DrawFn, target: Target) -> str | None:
    return draw(
        st.sampled_from(
            [None, None, None, target.key, f"{target.code}:{target.year - 4}", "BK_BO:2020", "CSTDCS:2022"]
        )
    )


@st.composite
def entry_lists(draw: st.DrawFn, codes: list[str], target: Target) -> tuple[Entry, ...]:
    chosen = draw(st.lists(st.sampled_from(codes), max_size=3, unique=True))
    return tuple(
        Entry(code, draw(st.booleans()) and draw(st.booleans()), draw(used_for(target))) for code in chosen
    )


@st.composite
def records(draw: st.DrawFn, kind: str, target: Target, good: bool) -> tuple[YearRecord, ...]:
    span = list(range(target.year - 9, target.year + 2))
    miss = draw(st.sampled_from([1, 5]))  # in 10: how often a strong year lacks its main title
    if good:
        # A strong history with a few holes: the shape that reaches `eligible` and the boundaries.
        gaps = draw(st.lists(st.sampled_from(span), max_size=2, unique=True))
        present = [y for y in span if y not in gaps]
    else:
        present = draw(st.lists(st.sampled_from(span), min_size=0, max_size=len(span), unique=True))
    titles = sorted(PERSON_TITLES if kind == "person" else COLLECTIVE_TITLES)
    awards = sorted(AWARDS - PERSON_ONLY_AWARDS) if kind == "collective" else sorted(AWARDS)
    result = []
    for y in sorted(present):
        if good:
            result.append(draw(good_year(kind, target, y, miss)))
            continue
        title_pool = [*titles, "CSTDCS", "CSTDCS", "CSTD_BO"] if kind == "person" else [*titles, "TTLDXS"]
        months = draw(st.integers(0, 12))
        result.append(
            YearRecord(
                year=y,
                rating=draw(st.sampled_from([*RATINGS, "HTXSNV", "HTXSNV", "HTTNV"])),
                titles=draw(entry_lists([c for c in title_pool if c in titles], target)),
                awards=draw(entry_lists([*awards, "BK_BO", "BK_TTG"], target)) if draw(st.booleans()) else (),
                discipline=draw(st.sampled_from([None, None, None, *DISCIPLINE_RANK])),
                months_worked=months,
                statutory_leave_months=draw(st.integers(0, 12 - months)),
                absence_days=draw(st.sampled_from([0, 0, 5, 39, 40, 60])),
            )
        )
    return tuple(result)


@st.composite
def good_year(draw: st.DrawFn, kind: str, target: Target, y: int, miss: int) -> YearRecord:
    rare = st.integers(0, 9).map(lambda n: n == 0)
    missing = st.integers(0, 9).map(lambda n: n < miss)
    if kind == "person":
        codes = ["LDTT", "CSTDCS"] if not draw(missing) else ["LDTT"]
        if draw(st.integers(0, 3)) == 0:
            codes.append("CSTD_BO")
        award_codes = [c for c in ("BK_BO", "BK_TTG") if draw(st.integers(0, 4)) == 0]
    else:
        codes = ["TTLDXS"] if not draw(missing) else ["TTLDTT"]
        if draw(st.integers(0, 3)) == 0:
            codes.append("CO_BO")
        award_codes = [c for c in ("BK_BO", "BK_TTG") if draw(st.integers(0, 4)) == 0]

    def make(code: str) -> Entry:
        return Entry(code, draw(rare), draw(used_for(target)) if draw(rare) else None)

    leave = draw(st.sampled_from([0, 0, 0, 3, 6]))
    return YearRecord(
        year=y,
        rating=draw(st.sampled_from(["HTXSNV"] * 6 + ["HTTNV", "HTNV", None])),
        titles=tuple(make(c) for c in codes),
        awards=tuple(make(c) for c in award_codes),
        discipline=draw(st.sampled_from([None] * 8 + ["KHIEN_TRACH", "CANH_CAO"])),
        months_worked=12 - leave - draw(st.sampled_from([0, 0, 0, 3])),
        statutory_leave_months=leave,
        absence_days=draw(st.sampled_from([0, 0, 0, 39, 40])),
    )


@st.composite
def cases(draw: st.DrawFn, target: Target | None = None, kind: str | None = None) -> Case:
    kind = kind or draw(st.sampled_from(["person", "collective"]))
    good = draw(st.booleans())
    if target is None:
        code = draw(st.sampled_from(PERSON_TARGETS if kind == "person" else COLLECTIVE_TARGETS))
        target = Target(code, draw(st.integers(2019, 2028)))
    initiatives = tuple(
        Initiative(
            f"SK-{i}",
            draw(st.integers(target.year - 8, target.year)),
            draw(st.sampled_from(sorted(SCOPE_RANK))),
            None if good and draw(st.integers(0, 3)) else draw(used_for(target)),
        )
        for i in range(draw(st.integers(0, 12 if good else 6)))
    )
    members = None
    if kind == "collective" and draw(st.integers(0, 4)):
        total = draw(st.integers(1, 20))
        members = Members(
            total,
            draw(st.sampled_from([total, total, draw(st.integers(0, total))])),
            draw(st.integers(total // 2, total) if good else st.integers(0, total)),
            draw(st.integers(0, total)),
            draw(st.sampled_from([0, 0, draw(st.integers(0, total))])),
        )
    council_members = draw(st.integers(1, 20))
    context = Context(
        cluster_rank=draw(st.none() | st.integers(1, 4)) if kind == "collective" else None,
        flags_per_cluster=draw(st.none() | st.integers(0, 3)),
        unit_ldtt_holders=draw(st.none() | st.integers(0, 40)),
        unit_cstdcs_approved=draw(st.none() | st.integers(0, 8)),
        council=draw(
            st.none()
            | st.integers(council_members * 8 // 10 if good else 0, council_members).map(
                lambda f: Council(council_members, f)
            )
        ),
        inherited_from=draw(st.sampled_from([(), (), ("Sở Tài nguyên và Môi trường",)]))
        if kind == "collective"
        else (),
    )
    rule_set = draw(
        st.sampled_from([None, None, None, "TNMT_18_2023", "OLD_2017", "LAW_2022", "DECREE_152_2025"])
    )
    if rule_set == "TNMT_18_2023" and target.year < 2024:
        rule_set = None
    subject = Subject(kind, "Đối tượng thử")
    return Case(subject, target, draw(records(kind, target, good)), initiatives, members, context, rule_set)


@st.composite
def overrides(draw: st.DrawFn) -> dict[str, object]:
    names = draw(st.lists(st.sampled_from(sorted(OVERRIDE_VALUES)), max_size=4, unique=True))
    chosen = {name: draw(st.sampled_from(OVERRIDE_VALUES[name])) for name in names}
    if chosen.get("cstdtq_gap_min_years", 3) > chosen.get("cstdtq_gap_max_years", 3):
        chosen.pop("cstdtq_gap_min_years")
    return chosen


@st.composite
def batches(draw: st.DrawFn) -> list[Case]:
    """Several subjects assessed for one target (the shape a registry-wide run has)."""
    kind = draw(st.sampled_from(["person", "collective"]))
    code = draw(st.sampled_from(PERSON_TARGETS if kind == "person" else COLLECTIVE_TARGETS))
    target = Target(code, draw(st.integers(2019, 2028)))
    return draw(st.lists(cases(target=target, kind=kind), min_size=1, max_size=8))
