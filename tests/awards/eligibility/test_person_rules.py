"""Person rules of LAW_2022 / DECREE_152_2025 / OLD_2017: each condition met and not met."""

from __future__ import annotations

from thidua.awards.eligibility import evaluate
from thidua.awards.eligibility.case import Case, Context, Council, Entry, YearRecord

from .builders import council, initiative, person, year

VOTE = council(10, 9)


def met(case: Case, **overrides: object) -> tuple[str, dict[str, bool]]:
    verdict = evaluate(case, overrides=overrides or None)
    return verdict.verdict, verdict.met_by_id


# --- LĐTT -----------------------------------------------------------------------------------


def test_ldtt_all_conditions_met() -> None:
    verdict = evaluate(person("LDTT", 2025, [year(2025, "HTTNV")]))
    assert verdict.verdict == "eligible"
    assert verdict.rule_set == "DECREE_152_2025"
    assert [c.id for c in verdict.conditions] == [
        "ldtt.rating",
        "ldtt.months_worked",
        "ldtt.absence",
        "ldtt.discipline",
    ]
    assert verdict.conditions[0].years == (2025,)
    assert verdict.conditions[0].citation == "Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 24, khoản 1"


def test_ldtt_rating_htnv_not_met() -> None:
    assert met(person("LDTT", 2025, [year(2025, "HTNV")])) == (
        "not_eligible",
        {"ldtt.rating": False, "ldtt.months_worked": True, "ldtt.absence": True, "ldtt.discipline": True},
    )


def test_ldtt_no_record_not_met() -> None:
    verdict, flags = met(person("LDTT", 2025, [year(2024)]))
    assert verdict == "not_eligible"
    assert set(flags.values()) == {False}


def test_ldtt_months_worked_counts_statutory_leave() -> None:
    assert met(person("LDTT", 2025, [year(2025, months=4, leave=6)]))[0] == "eligible"
    assert met(person("LDTT", 2025, [year(2025, months=4, leave=5)]))[1]["ldtt.months_worked"] is False


def test_ldtt_months_worked_parameter_override() -> None:
    assert met(person("LDTT", 2025, [year(2025, months=9)]), min_months_worked=9)[0] == "eligible"


def test_ldtt_absence_limit_boundary() -> None:
    assert met(person("LDTT", 2025, [year(2025, absence=39)]))[0] == "eligible"
    assert met(person("LDTT", 2025, [year(2025, absence=40)]))[1]["ldtt.absence"] is False


def test_ldtt_discipline_excludes_from_threshold() -> None:
    assert met(person("LDTT", 2025, [year(2025, discipline="KHIEN_TRACH")]))[1]["ldtt.discipline"] is False
    reprimand_allowed = met(
        person("LDTT", 2025, [year(2025, discipline="KHIEN_TRACH")]), discipline_exclusion_min_form="CANH_CAO"
    )
    assert reprimand_allowed[0] == "eligible"


# --- CSTĐCS ---------------------------------------------------------------------------------


def test_cstdcs_htxsnv_route_met() -> None:
    assert met(person("CSTDCS", 2025, [year(2025, "HTXSNV")]))[0] == "eligible"


def test_cstdcs_initiative_route_met() -> None:
    case = person("CSTDCS", 2025, [year(2025, "HTTNV")], initiatives=(initiative("SK-1", 2025),))
    assert met(case)[0] == "eligible"


def test_cstdcs_excellence_not_met() -> None:
    verdict, flags = met(
        person("CSTDCS", 2025, [year(2025, "HTTNV")], initiatives=(initiative("SK-1", 2024),))
    )
    assert (verdict, flags["cstdcs.excellence"]) == ("not_eligible", False)


def test_cstdcs_both_route_parameter() -> None:
    case = person("CSTDCS", 2025, [year(2025, "HTXSNV")])
    assert met(case, cstdcs_route="both")[1]["cstdcs.excellence"] is False
    with_initiative = person("CSTDCS", 2025, [year(2025, "HTXSNV")], initiatives=(initiative("SK-1", 2025),))
    assert met(with_initiative, cstdcs_route="both")[0] == "eligible"


def test_cstdcs_initiative_used_elsewhere_not_counted() -> None:
    used = person(
        "CSTDCS", 2025, [year(2025, "HTTNV")], initiatives=(initiative("SK-1", 2025, used_for="BK_BO:2025"),)
    )
    assert met(used)[1]["cstdcs.excellence"] is False
    same = person(
        "CSTDCS", 2025, [year(2025, "HTTNV")], initiatives=(initiative("SK-1", 2025, used_for="CSTDCS:2025"),)
    )
    assert met(same)[0] == "eligible"


def test_cstdcs_quota_not_applied_in_2022_regime() -> None:
    verdict = evaluate(person("CSTDCS", 2025, [year(2025)]))
    assert verdict.parameters["cstdcs_quota_pct_of_ldtt"] is None
    assert verdict.met_by_id["cstdcs.quota"] is True


def test_cstdcs_quota_exact_boundary_old_regime() -> None:
    # 15% of 20 LĐTT holders = 3 titles: the 3rd fits, a 4th does not.
    records = [year(2022, "HTTNV")]
    sk = (initiative("SK-1", 2022),)
    fits = person(
        "CSTDCS", 2022, records, initiatives=sk, context=Context(unit_ldtt_holders=20, unit_cstdcs_approved=2)
    )
    full = person(
        "CSTDCS", 2022, records, initiatives=sk, context=Context(unit_ldtt_holders=20, unit_cstdcs_approved=3)
    )
    assert met(fits) == (
        "eligible",
        {
            "cstdcs.ldtt.rating": True,
            "cstdcs.ldtt.months_worked": True,
            "cstdcs.ldtt.absence": True,
            "cstdcs.ldtt.discipline": True,
            "cstdcs.initiative": True,
            "cstdcs.quota": True,
        },
    )
    assert met(full)[1]["cstdcs.quota"] is False


def test_cstdcs_old_regime_requires_initiative() -> None:
    verdict = evaluate(
        person("CSTDCS", 2022, [year(2022)], context=Context(unit_ldtt_holders=100, unit_cstdcs_approved=0))
    )
    assert verdict.rule_set == "OLD_2017"
    assert verdict.met_by_id["cstdcs.initiative"] is False
    assert verdict.verdict == "not_eligible"


def test_cstdcs_quota_missing_counts_not_met() -> None:
    case = person("CSTDCS", 2022, [year(2022)], initiatives=(initiative("SK-1", 2022),))
    verdict = evaluate(case)
    assert verdict.met_by_id["cstdcs.quota"] is False
    assert "chưa có số liệu" in verdict.conditions[-1].detail


# --- CSTĐ-B ---------------------------------------------------------------------------------

STREAK = [year(y, titles=("CSTDCS",)) for y in (2023, 2024, 2025)]


def test_cstd_bo_all_conditions_met() -> None:
    case = person("CSTD_BO", 2025, STREAK, initiatives=(initiative("SK-B", 2024, "BO_TINH"),), context=VOTE)
    verdict = evaluate(case)
    assert verdict.verdict == "eligible"
    assert verdict.conditions[0].years == (2023, 2024, 2025)
    assert verdict.conditions[1].years == (2024,)


def test_cstd_bo_streak_broken_by_a_gap_year() -> None:
    records = [year(2023, titles=("CSTDCS",)), year(2024, titles=("LDTT",)), year(2025, titles=("CSTDCS",))]
    case = person("CSTD_BO", 2025, records, initiatives=(initiative("SK-B", 2024, "BO_TINH"),), context=VOTE)
    verdict, flags = met(case)
    assert (verdict, flags["cstd_bo.cstdcs_streak"]) == ("not_eligible", False)


def test_cstd_bo_streak_spans_regime_boundary() -> None:
    # 2022 and 2023 were conferred under the old law; they still count (Law 06/2022 Art. 95).
    records = [year(y, titles=("CSTDCS",)) for y in (2022, 2023, 2024)]
    case = person("CSTD_BO", 2024, records, initiatives=(initiative("SK-B", 2024, "BO_TINH"),), context=VOTE)
    verdict = evaluate(case)
    assert (verdict.verdict, verdict.rule_set) == ("eligible", "LAW_2022")


def test_cstd_bo_revoked_title_breaks_streak() -> None:
    records = [*STREAK[:2], year(2025, titles=(Entry("CSTDCS", revoked=True),))]
    case = person("CSTD_BO", 2025, records, initiatives=(initiative("SK-B", 2024, "BO_TINH"),), context=VOTE)
    assert met(case)[1]["cstd_bo.cstdcs_streak"] is False


def test_cstd_bo_grassroots_initiative_not_enough() -> None:
    case = person("CSTD_BO", 2025, STREAK, initiatives=(initiative("SK-1", 2024, "CO_SO"),), context=VOTE)
    assert met(case)[1]["cstd_bo.initiative"] is False


def test_cstd_bo_council_threshold_of_all_members() -> None:
    sk = (initiative("SK-B", 2024, "BO_TINH"),)
    assert met(person("CSTD_BO", 2025, STREAK, initiatives=sk, context=council(20, 18)))[0] == "eligible"
    assert (
        met(person("CSTD_BO", 2025, STREAK, initiatives=sk, context=council(20, 17)))[1]["cstd_bo.council"]
        is False
    )
    assert met(person("CSTD_BO", 2025, STREAK, initiatives=sk))[1]["cstd_bo.council"] is False


def test_cstd_bo_old_regime_same_rule() -> None:
    records = [year(y, titles=("CSTDCS",)) for y in (2021, 2022, 2023)]
    case = person(
        "CSTD_BO", 2023, records, initiatives=(initiative("SK-B", 2021, "TOAN_QUOC"),), context=VOTE
    )
    verdict = evaluate(case)
    assert (verdict.verdict, verdict.rule_set) == ("eligible", "OLD_2017")
    assert verdict.conditions[2].citation == "Nghị định 91/2017/NĐ-CP, Điều 45, khoản 8"


# --- CSTĐTQ ---------------------------------------------------------------------------------


def cstd_tq_case(previous: int, *, scope: str = "TOAN_QUOC") -> Case:
    records = [year(previous, titles=("CSTD_BO",)), year(2026, titles=("CSTD_BO",))]
    return person(
        "CSTD_TQ",
        2026,
        records,
        initiatives=(initiative("SK-Q", 2022, scope),),
        context=Context(council=Council(10, 10)),
    )


def test_cstd_tq_two_contiguous_cstd_bo_met() -> None:
    assert met(cstd_tq_case(2023))[0] == "eligible"


def test_cstd_tq_gap_between_awards_not_met() -> None:
    assert met(cstd_tq_case(2022))[1]["cstd_tq.cstd_bo_previous"] is False


def test_cstd_tq_gap_parameter_allows_wider_gap() -> None:
    assert met(cstd_tq_case(2022), cstdtq_gap_max_years=4)[0] == "eligible"


def test_cstd_tq_ministry_initiative_not_enough() -> None:
    assert met(cstd_tq_case(2023, scope="BO_TINH"))[1]["cstd_tq.initiative"] is False


# --- BK-B (point d) -------------------------------------------------------------------------


def test_bk_bo_cstdcs_route_with_two_unused_initiatives() -> None:
    records = [year(2024, "HTTNV", titles=("CSTDCS",)), year(2025, "HTTNV", titles=("CSTDCS",))]
    sks = (initiative("SK-1", 2024), initiative("SK-2", 2025))
    assert met(person("BK_BO", 2025, records, initiatives=sks)) == (
        "eligible",
        {"bk_bo.two_years": True, "bk_bo.initiatives": True},
    )


def test_bk_bo_initiative_used_for_cstdcs_not_counted_again() -> None:
    records = [year(2024, titles=("CSTDCS",)), year(2025, titles=("CSTDCS",))]
    sks = (initiative("SK-1", 2024, used_for="CSTDCS:2024"), initiative("SK-2", 2025))
    verdict = evaluate(person("BK_BO", 2025, records, initiatives=sks))
    assert verdict.met_by_id == {"bk_bo.two_years": True, "bk_bo.initiatives": False}
    assert "SK-1 (CSTDCS:2024)" in verdict.conditions[1].detail


def test_bk_bo_two_years_not_met() -> None:
    records = [year(2024, "HTTNV"), year(2025, "HTXSNV", titles=("CSTDCS",))]
    sks = (initiative("SK-1", 2024), initiative("SK-2", 2025))
    assert met(person("BK_BO", 2025, records, initiatives=sks))[1]["bk_bo.two_years"] is False


def test_bk_bo_old_regime_needs_rule() -> None:
    verdict = evaluate(person("BK_BO", 2022, [year(2021), year(2022)]))
    assert (verdict.verdict, verdict.rule_set) == ("needs_rule", "OLD_2017")
    assert verdict.conditions[0].id == "bk_bo.rule"


# --- BK-TTg ---------------------------------------------------------------------------------


def bk_ttg_history(cstdcs_years: tuple[int, ...], *, bad: int | None = None) -> list[YearRecord]:
    rows = [year(2020, awards=("BK_BO",))]
    for y in range(2021, 2026):
        rows.append(year(y, "HTNV" if y == bad else "HTTNV", titles=("CSTDCS",) if y in cstdcs_years else ()))
    return rows


def test_bk_ttg_five_years_three_cstdcs_met() -> None:
    verdict = evaluate(person("BK_TTG", 2025, bk_ttg_history((2021, 2023, 2025))))
    assert verdict.verdict == "eligible"
    assert [c.years for c in verdict.conditions] == [
        (2020,),
        (2021, 2022, 2023, 2024, 2025),
        (2021, 2023, 2025),
    ]


def test_bk_ttg_two_cstdcs_not_met() -> None:
    assert met(person("BK_TTG", 2025, bk_ttg_history((2021, 2023))))[1]["bk_ttg.cstdcs"] is False


def test_bk_ttg_weak_year_breaks_run() -> None:
    assert (
        met(person("BK_TTG", 2025, bk_ttg_history((2021, 2023, 2025), bad=2022)))[1]["bk_ttg.run_rating"]
        is False
    )


def test_bk_ttg_run_too_short_not_met() -> None:
    verdict, flags = met(person("BK_TTG", 2024, bk_ttg_history((2021, 2022, 2023))))
    assert (verdict, flags["bk_ttg.prior_bk_bo"]) == ("not_eligible", False)


def test_bk_ttg_window_start_award_year_parameter() -> None:
    # Counting from the award's own year makes 2020–2024 five years.
    history = [*bk_ttg_history((2021, 2022, 2023))[:5]]
    assert met(person("BK_TTG", 2024, history), prior_award_window_start="award_year")[0] == "eligible"


def test_bk_ttg_no_prior_award_not_met() -> None:
    rows = [year(y, titles=("CSTDCS",)) for y in range(2019, 2026)]
    verdict = evaluate(person("BK_TTG", 2025, rows))
    assert verdict.met_by_id == {
        "bk_ttg.prior_bk_bo": False,
        "bk_ttg.run_rating": False,
        "bk_ttg.cstdcs": False,
    }


def test_bk_ttg_prior_award_used_for_earlier_bk_ttg_not_counted() -> None:
    rows = bk_ttg_history((2021, 2023, 2025))
    rows[0] = year(2020, awards=(Entry("BK_BO", used_for="BK_TTG:2019"),))
    assert met(person("BK_TTG", 2025, rows))[1]["bk_ttg.prior_bk_bo"] is False


def test_bk_ttg_revoked_prior_award_not_counted() -> None:
    rows = bk_ttg_history((2021, 2023, 2025))
    rows[0] = year(2020, awards=(Entry("BK_BO", revoked=True),))
    assert met(person("BK_TTG", 2025, rows))[1]["bk_ttg.prior_bk_bo"] is False


def test_bk_ttg_later_anchor_chosen_when_earlier_run_broken() -> None:
    rows = [year(2015, awards=("BK_BO",)), year(2016, "KHTNV"), *bk_ttg_history((2021, 2023, 2025))]
    verdict = evaluate(person("BK_TTG", 2025, rows))
    assert (verdict.verdict, verdict.conditions[0].years) == ("eligible", (2020,))


def test_bk_ttg_old_regime_needs_htxsnv_and_five_initiatives() -> None:
    rows = [year(2017, awards=("BK_BO",)), *(year(y, "HTXSNV") for y in range(2018, 2023))]
    sks = tuple(initiative(f"SK-{y}", y) for y in range(2018, 2023))
    assert met(person("BK_TTG", 2022, rows, initiatives=sks)) == (
        "eligible",
        {"bk_ttg.prior_bk_bo": True, "bk_ttg.run_rating": True, "bk_ttg.initiatives": True},
    )
    assert met(person("BK_TTG", 2022, rows, initiatives=sks[:4]))[1]["bk_ttg.initiatives"] is False


# --- HCLĐ3 ----------------------------------------------------------------------------------


def hcld3_rows(*, excellent: bool = True) -> list[YearRecord]:
    rows = [year(2019, awards=("BK_TTG",))]
    for y in range(2020, 2025):
        rating = "HTXSNV" if excellent and y == 2022 else "HTTNV"
        rows.append(year(y, rating, titles=("CSTDCS",) if y % 2 == 0 else ()))
    return rows


def test_hcld3_all_conditions_met() -> None:
    verdict = evaluate(person("HCLD3", 2024, hcld3_rows()))
    assert verdict.verdict == "eligible"
    assert verdict.conditions[2].years == (2022,)
    assert verdict.conditions[3].years == (2020, 2022, 2024)


def test_hcld3_no_excellent_year_not_met() -> None:
    assert met(person("HCLD3", 2024, hcld3_rows(excellent=False)))[1]["hcld3.excellent_year"] is False


def test_hcld3_old_regime_needs_rule() -> None:
    assert evaluate(person("HCLD3", 2023, hcld3_rows())).verdict == "needs_rule"


# --- regime boundary ------------------------------------------------------------------------


def test_regime_2023_defaults_to_old_rule_set() -> None:
    case = person(
        "CSTDCS", 2023, [year(2023)], context=Context(unit_ldtt_holders=100, unit_cstdcs_approved=0)
    )
    verdict = evaluate(case)
    assert (verdict.rule_set, verdict.verdict) == ("OLD_2017", "not_eligible")


def test_regime_2023_transition_parameter_uses_law_2022() -> None:
    # MOHA accepted 2023 CSTĐCS by HTXSNV without an initiative [S27]: the LAW_2022 reading.
    verdict = evaluate(person("CSTDCS", 2023, [year(2023)]), overrides={"year_2023_rule_set": "LAW_2022"})
    assert (verdict.rule_set, verdict.verdict) == ("LAW_2022", "eligible")
    assert verdict.parameters["year_2023_rule_set"] == "LAW_2022"


def test_regime_2024_is_law_2022_and_2025_decree_152() -> None:
    assert evaluate(person("LDTT", 2024, [year(2024)])).rule_set == "LAW_2022"
    assert evaluate(person("LDTT", 2025, [year(2025)])).rule_set == "DECREE_152_2025"


def test_regime_explicit_rule_set_wins() -> None:
    assert evaluate(person("LDTT", 2025, [year(2025)], rule_set="LAW_2022")).rule_set == "LAW_2022"
