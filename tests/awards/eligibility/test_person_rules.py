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


def test_ldtt_no_record_is_not_yet_known() -> None:
    # Issue 12: a year without a record is missing data ("chưa có dữ liệu năm 2025"), never "not met".
    verdict = evaluate(person("LDTT", 2025, [year(2024)]))
    assert verdict.verdict == "needs_data"
    assert set(verdict.met_by_id.values()) == {None}
    assert all("chưa có dữ liệu năm 2025" in c.detail for c in verdict.conditions)
    assert verdict.as_dict()["conditions"][0]["met"] is None


def test_ldtt_months_worked_counts_statutory_leave() -> None:
    assert met(person("LDTT", 2025, [year(2025, months=4, leave=6)]))[0] == "eligible"
    assert met(person("LDTT", 2025, [year(2025, months=4, leave=5)]))[1]["ldtt.months_worked"] is False


def test_ldtt_months_worked_parameter_override() -> None:
    assert met(person("LDTT", 2025, [year(2025, months=9)]), min_months_worked=9)[0] == "eligible"


def test_ldtt_absence_law_2022_art_24_cl_4_no_limit_unless_agency_sets_one() -> None:
    # Law 06/2022 Art. 24 cl. 4 leaves exclusions to agency rules: no national 40-day limit.
    assert met(person("LDTT", 2025, [year(2025, absence=60)]))[0] == "eligible"
    assert evaluate(person("LDTT", 2025, [year(2025)])).parameters["absence_limit_days"] is None
    assert met(person("LDTT", 2025, [year(2025, absence=39)]), absence_limit_days=40)[0] == "eligible"
    assert (
        met(person("LDTT", 2025, [year(2025, absence=40)]), absence_limit_days=40)[1]["ldtt.absence"] is False
    )


def test_ldtt_old_regime_decree_91_art_10_has_no_absence_rule() -> None:
    # Decree 91/2017 Art. 10 kept only "under 10 months" and "disciplined from reprimand up".
    verdict = evaluate(person("LDTT", 2020, [year(2020, absence=60)]), overrides={"absence_limit_days": 40})
    assert (verdict.rule_set, verdict.verdict) == ("OLD_2017", "eligible")
    assert [c.id for c in verdict.conditions] == ["ldtt.rating", "ldtt.months_worked", "ldtt.discipline"]
    assert "absence_limit_days" not in verdict.parameters
    cited = {c.id: c.citation for c in verdict.conditions}
    assert cited["ldtt.months_worked"] == "Nghị định 91/2017/NĐ-CP, Điều 10"
    assert cited["ldtt.discipline"] == "Nghị định 91/2017/NĐ-CP, Điều 10"
    assert (
        cited["ldtt.rating"]
        == "Luật Thi đua, khen thưởng 2003 (sửa đổi, bổ sung 2013), Điều 24, khoản 1, điểm a"
    )
    assert all("khoản 4" not in c for c in cited.values())
    reprimand = evaluate(person("LDTT", 2020, [year(2020, discipline="KHIEN_TRACH")]))
    assert reprimand.met_by_id["ldtt.discipline"] is False
    assert evaluate(person("LDTT", 2020, [year(2020, months=9)])).met_by_id["ldtt.months_worked"] is False


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


def test_cstdcs_quota_not_allocated_is_a_pending_step() -> None:
    # Issue 12: a quota not yet allocated is a later step: eligible, with the step listed.
    case = person("CSTDCS", 2022, [year(2022)], initiatives=(initiative("SK-1", 2022),))
    verdict = evaluate(case)
    assert verdict.met_by_id["cstdcs.quota"] is None
    assert verdict.verdict == "eligible"
    assert [c.id for c in verdict.pending_steps] == ["cstdcs.quota"]
    assert "chưa phân bổ hạn mức" in verdict.conditions[-1].detail


def test_cstdcs_quota_citation_names_the_decree_not_law_2022_art_23() -> None:
    old = evaluate(person("CSTDCS", 2022, [year(2022)], initiatives=(initiative("SK-1", 2022),)))
    new = evaluate(person("CSTDCS", 2025, [year(2025)]))
    assert old.conditions[-1].citation.startswith("Nghị định 91/2017/NĐ-CP, Điều 9")
    assert "Điều 23" not in new.conditions[-1].citation
    assert "không quy định hạn mức" in new.conditions[-1].citation


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


def test_cstd_bo_council_threshold_decree_91_art_45_cl_8_of_all_members() -> None:
    sk = (initiative("SK-B", 2024, "BO_TINH"),)
    voted = evaluate(person("CSTD_BO", 2025, STREAK, initiatives=sk, context=council(20, 18)))
    assert voted.verdict == "eligible"
    assert voted.conditions[-1].citation.startswith("Nghị định 91/2017/NĐ-CP, Điều 45, khoản 8")
    assert (
        met(person("CSTD_BO", 2025, STREAK, initiatives=sk, context=council(20, 17)))[1]["cstd_bo.council"]
        is False
    )


def test_cstd_bo_vote_not_yet_held_is_pending_not_unmet() -> None:
    # Issue 13 law item 6 / issue 12: no vote yet -> eligible, the council's secret ballot pending.
    sk = (initiative("SK-B", 2024, "BO_TINH"),)
    verdict = evaluate(person("CSTD_BO", 2025, STREAK, initiatives=sk))
    assert verdict.met_by_id["cstd_bo.council"] is None
    assert verdict.verdict == "eligible"
    assert [c.id for c in verdict.pending_steps] == ["cstd_bo.council"]
    assert "Hội đồng chưa họp bỏ phiếu kín" in verdict.pending_steps[0].detail


def test_cstd_bo_law_2022_art_22_cited_by_clause() -> None:
    sk = (initiative("SK-B", 2024, "BO_TINH"),)
    verdict = evaluate(person("CSTD_BO", 2025, STREAK, initiatives=sk, context=VOTE))
    assert verdict.conditions[0].citation == "Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 22, khoản 1"
    assert verdict.conditions[1].citation == "Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 22, khoản 2"


def test_cstd_bo_law_2022_art_22_cl_2_initiative_has_no_period() -> None:
    # Art. 22 cl. 2 names no period: a 2021 ministry-wide initiative counts for a 2024 award.
    records = [year(y, titles=("CSTDCS",)) for y in (2022, 2023, 2024)]
    case = person("CSTD_BO", 2024, records, initiatives=(initiative("SK-B", 2021, "BO_TINH"),), context=VOTE)
    assert met(case) == (
        "eligible",
        {"cstd_bo.cstdcs_streak": True, "cstd_bo.initiative": True, "cstd_bo.council": True},
    )
    # The named parameter narrows it where an agency rule does: the last 3 years only.
    assert met(case, cstd_bo_initiative_years=3)[1]["cstd_bo.initiative"] is False
    used = person(
        "CSTD_BO",
        2024,
        records,
        initiatives=(initiative("SK-B", 2021, "BO_TINH", used_for="CSTD_BO:2021"),),
        context=VOTE,
    )
    assert met(used)[1]["cstd_bo.initiative"] is False


def test_cstd_bo_old_regime_same_rule() -> None:
    records = [year(y, titles=("CSTDCS",)) for y in (2021, 2022, 2023)]
    case = person(
        "CSTD_BO", 2023, records, initiatives=(initiative("SK-B", 2021, "TOAN_QUOC"),), context=VOTE
    )
    verdict = evaluate(case, overrides={"year_2023_rule_set": "OLD_2017"})
    assert (verdict.verdict, verdict.rule_set) == ("eligible", "OLD_2017")
    assert verdict.conditions[2].citation == "Nghị định 91/2017/NĐ-CP, Điều 45, khoản 8"


# --- CSTĐTQ ---------------------------------------------------------------------------------


def cstd_tq_case(previous: int, *, scope: str = "TOAN_QUOC") -> Case:
    records = [year(y, titles=("CSTD_BO",) if y in (previous, 2026) else ()) for y in range(2021, 2027)]
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


def test_bk_bo_law_2022_art_74_cl_1_point_d_initiatives_from_any_year_of_a_longer_run() -> None:
    # Point d: "liên tục từ 02 năm trở lên ... trong thời gian đó": a run of 4 HTXSNV years
    # 2022–2025 lets initiatives of 2022 and 2023 count, not only those of the last two years.
    records = [year(y) for y in (2022, 2023, 2024, 2025)]
    sks = (initiative("SK-1", 2022), initiative("SK-2", 2023))
    verdict = evaluate(person("BK_BO", 2025, records, initiatives=sks))
    assert verdict.met_by_id == {"bk_bo.two_years": True, "bk_bo.initiatives": True}
    assert "(2022–2025)" in verdict.conditions[1].detail
    # A year outside the run (2021 rated HTTNV before it) does not count.
    broken = [year(2021, "HTTNV"), year(2022, "HTTNV"), *(year(y) for y in (2023, 2024, 2025))]
    early = (initiative("SK-1", 2021), initiative("SK-2", 2022))
    assert evaluate(person("BK_BO", 2025, broken, initiatives=early)).met_by_id["bk_bo.initiatives"] is False


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
    verdict = evaluate(person("HCLD3", 2023, hcld3_rows()), overrides={"year_2023_rule_set": "OLD_2017"})
    assert verdict.verdict == "needs_rule"
    assert verdict.conditions[0].detail.endswith("để xét (chưa mã hóa để tránh suy đoán).")


# --- regime boundary ------------------------------------------------------------------------


def test_regime_2023_defaults_to_law_2022_as_moha_answered_s27() -> None:
    # MOHA accepted a 2023 CSTĐCS by HTXSNV without an initiative [S27] (Law 06/2022 Art. 23 cl. 2).
    verdict = evaluate(person("CSTDCS", 2023, [year(2023)]))
    assert (verdict.rule_set, verdict.verdict) == ("LAW_2022", "eligible")
    assert verdict.parameters["year_2023_rule_set"] == "LAW_2022"


def test_regime_2023_administrator_may_choose_old_rule_set() -> None:
    # The consequence of OLD_2017 for 2023: Decree 91/2017 needs an initiative (Law 2003 Art. 23 cl. 2).
    case = person(
        "CSTDCS", 2023, [year(2023)], context=Context(unit_ldtt_holders=100, unit_cstdcs_approved=0)
    )
    verdict = evaluate(case, overrides={"year_2023_rule_set": "OLD_2017"})
    assert (verdict.rule_set, verdict.verdict) == ("OLD_2017", "not_eligible")
    assert verdict.met_by_id["cstdcs.initiative"] is False
    assert (
        verdict.conditions[-2].citation
        == "Luật Thi đua, khen thưởng 2003 (sửa đổi, bổ sung 2013), Điều 23, khoản 2"
    )


def test_regime_2024_is_law_2022_and_2025_decree_152() -> None:
    assert evaluate(person("LDTT", 2024, [year(2024)])).rule_set == "LAW_2022"
    assert evaluate(person("LDTT", 2025, [year(2025)])).rule_set == "DECREE_152_2025"


def test_regime_explicit_rule_set_wins() -> None:
    assert evaluate(person("LDTT", 2025, [year(2025)], rule_set="LAW_2022")).rule_set == "LAW_2022"
