"""Collective rules at exact percentage boundaries, merged collectives and missing rules."""

from __future__ import annotations

from thidua.awards.eligibility import evaluate
from thidua.awards.eligibility.case import Context

from .builders import collective, members, year


def test_ttldtt_ldtt_share_strictly_above_half() -> None:
    above = evaluate(collective("TTLDTT", 2025, [year(2025, "HTTNV")], members=members(20, ldtt=11)))
    exactly = evaluate(collective("TTLDTT", 2025, [year(2025, "HTTNV")], members=members(20, ldtt=10)))
    assert above.verdict == "eligible"
    assert above.met_by_id == {
        "ttldtt.rating": True,
        "ttldtt.ldtt_share": True,
        "ttldtt.discipline": True,
        "lineage.inheritance": True,
    }
    assert (exactly.verdict, exactly.met_by_id["ttldtt.ldtt_share"]) == ("not_eligible", False)


def test_ttldtt_disciplined_member_not_met() -> None:
    case = collective("TTLDTT", 2025, [year(2025)], members=members(20, ldtt=20, disciplined=1))
    assert evaluate(case).met_by_id["ttldtt.discipline"] is False


def test_ttldtt_rating_not_met() -> None:
    case = collective("TTLDTT", 2025, [year(2025, "HTNV")], members=members(20, ldtt=20))
    assert evaluate(case).met_by_id["ttldtt.rating"] is False


def test_ttldtt_missing_members_not_yet_known() -> None:
    # Issue 12: member counts not entered are missing data, never "not met".
    verdict = evaluate(collective("TTLDTT", 2025, [year(2025)]))
    assert verdict.met_by_id["ttldtt.ldtt_share"] is None
    assert verdict.verdict == "needs_data"
    assert "chưa có số liệu thành viên" in verdict.conditions[1].detail


def test_ttldxs_seventy_percent_boundary() -> None:
    at = evaluate(collective("TTLDXS", 2025, [year(2025)], members=members(10, ldtt=7, cstdcs=1)))
    below = evaluate(collective("TTLDXS", 2025, [year(2025)], members=members(10, ldtt=6, cstdcs=1)))
    assert at.verdict == "eligible"
    assert below.met_by_id["ttldxs.ldtt_share"] is False


def test_ttldxs_seventy_percent_of_odd_total() -> None:
    # 70% of 13 is 9.1: 9 members are not enough, 10 are.
    nine = evaluate(collective("TTLDXS", 2025, [year(2025)], members=members(13, ldtt=9, cstdcs=1)))
    ten = evaluate(collective("TTLDXS", 2025, [year(2025)], members=members(13, ldtt=10, cstdcs=1)))
    assert (nine.met_by_id["ttldxs.ldtt_share"], ten.met_by_id["ttldxs.ldtt_share"]) == (False, True)


def test_ttldxs_all_members_htnv_required() -> None:
    case = collective("TTLDXS", 2025, [year(2025)], members=members(10, htnv=9, ldtt=9, cstdcs=1))
    assert evaluate(case).met_by_id["ttldxs.all_htnv"] is False


def test_ttldxs_needs_one_cstdcs_member() -> None:
    case = collective("TTLDXS", 2025, [year(2025)], members=members(10, ldtt=10, cstdcs=0))
    assert evaluate(case).met_by_id["ttldxs.cstdcs"] is False


def test_ttldxs_member_discipline_law_2022_art_27_cl_1_has_no_discipline_point() -> None:
    # Law 06/2022 Art. 27 cl. 1 (points a–đ) has no discipline point: off by default, a parameter.
    case = collective("TTLDXS", 2025, [year(2025)], members=members(10, ldtt=10, cstdcs=1, disciplined=1))
    assert evaluate(case).verdict == "eligible"
    assert evaluate(case).met_by_id["ttldxs.discipline"] is True
    assert (
        evaluate(case, overrides={"ttldxs_checks_member_discipline": True}).met_by_id["ttldxs.discipline"]
        is False
    )


def test_ttldxs_law_2022_art_27_cl_1_citations() -> None:
    verdict = evaluate(collective("TTLDXS", 2025, [year(2025)], members=members(10, ldtt=7, cstdcs=1)))
    cited = {c.id: c.citation for c in verdict.conditions}
    assert cited["ttldxs.rating"] == "Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 27, khoản 1, điểm a"
    assert cited["ttldxs.ldtt_share"] == "Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 27, khoản 1, điểm c"
    assert cited["ttldxs.cstdcs"] == "Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 27, khoản 1, điểm d"


def test_ttldxs_rating_htttnv_not_met() -> None:
    case = collective("TTLDXS", 2025, [year(2025, "HTTNV")], members=members(10, ldtt=10, cstdcs=1))
    assert evaluate(case).met_by_id["ttldxs.rating"] is False


def test_co_bo_cluster_leader_met() -> None:
    verdict = evaluate(collective("CO_BO", 2025, [year(2025)], context=Context(cluster_rank=1)))
    assert verdict.verdict == "eligible"
    assert verdict.parameters["flags_per_cluster"] == 1


def test_co_bo_second_place_not_met_unless_cluster_has_two_flags() -> None:
    second = collective("CO_BO", 2025, [year(2025)], context=Context(cluster_rank=2))
    assert evaluate(second).met_by_id["co_bo.cluster_lead"] is False
    two_flags = collective("CO_BO", 2025, [year(2025)], context=Context(cluster_rank=2, flags_per_cluster=2))
    verdict = evaluate(two_flags)
    assert (verdict.verdict, verdict.parameters["flags_per_cluster"]) == ("eligible", 2)
    assert evaluate(second, overrides={"flags_per_cluster": 2}).verdict == "eligible"


def test_co_bo_rating_not_met() -> None:
    case = collective("CO_BO", 2025, [year(2025, "HTTNV")], context=Context(cluster_rank=1))
    assert evaluate(case).met_by_id["co_bo.rating"] is False


def test_bk_bo_collective_two_excellent_years() -> None:
    assert evaluate(collective("BK_BO", 2025, [year(2024), year(2025)])).verdict == "eligible"
    assert evaluate(collective("BK_BO", 2025, [year(2024, "HTTNV"), year(2025)])).verdict == "not_eligible"


def test_merged_collective_needs_decision() -> None:
    context = Context(inherited_from=("Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và PTNT"))
    case = collective("TTLDTT", 2025, [year(2025)], members=members(10, ldtt=10), context=context)
    verdict = evaluate(case)
    assert verdict.verdict == "needs_decision"
    assert verdict.conditions[-1].id == "lineage.inheritance"
    assert verdict.conditions[-1].met is False
    assert "Sở Tài nguyên và Môi trường" in verdict.conditions[-1].detail


def test_merged_collective_inherits_when_decided() -> None:
    context = Context(inherited_from=("Sở Tài nguyên và Môi trường",))
    case = collective("TTLDTT", 2025, [year(2025)], members=members(10, ldtt=10), context=context)
    verdict = evaluate(case, overrides={"inherit_merged_history": True})
    assert verdict.verdict == "eligible"
    assert verdict.parameters["inherit_merged_history"] is True


def test_collective_bk_ttg_needs_rule() -> None:
    verdict = evaluate(collective("BK_TTG", 2025, [year(2025)]))
    assert verdict.verdict == "needs_rule"
    assert verdict.conditions[0].met is False
    assert verdict.conditions[0].citation == "Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 73, khoản 2"


# --- old regime (Law 2003 as amended 2013), issue 13 law item 5 ----------------------------------


def test_old_ttldtt_law_2003_art_28_cl_1_point_c_more_than_half() -> None:
    # Art. 28 cl. 1 point c: "trên 50%" LĐTT and no member disciplined from cảnh cáo up.
    half = evaluate(collective("TTLDTT", 2022, [year(2022, "HTTNV")], members=members(10, ldtt=5)))
    more = evaluate(collective("TTLDTT", 2022, [year(2022, "HTTNV")], members=members(10, ldtt=6)))
    disciplined = evaluate(
        collective("TTLDTT", 2022, [year(2022, "HTTNV")], members=members(10, ldtt=6, disciplined=1))
    )
    assert (half.rule_set, half.verdict, more.verdict) == ("OLD_2017", "not_eligible", "eligible")
    assert half.met_by_id["ttldtt.ldtt_share"] is False
    assert disciplined.met_by_id["ttldtt.discipline"] is False
    assert more.conditions[1].citation == (
        "Luật Thi đua, khen thưởng 2003 (sửa đổi, bổ sung 2013), Điều 28, khoản 1, điểm c"
    )


def test_old_ttldxs_law_2003_art_27_seventy_percent_and_discipline() -> None:
    # Art. 27 (2003 law): 100% complete tasks, at least 70% LĐTT, one CSTĐCS, no cảnh cáo or above.
    at = evaluate(collective("TTLDXS", 2022, [year(2022)], members=members(10, ldtt=7, cstdcs=1)))
    below = evaluate(collective("TTLDXS", 2022, [year(2022)], members=members(10, ldtt=6, cstdcs=1)))
    disciplined = evaluate(
        collective("TTLDXS", 2022, [year(2022)], members=members(10, ldtt=7, cstdcs=1, disciplined=1))
    )
    assert (at.rule_set, at.verdict) == ("OLD_2017", "eligible")
    assert below.met_by_id["ttldxs.ldtt_share"] is False
    assert disciplined.met_by_id["ttldxs.discipline"] is False


def test_old_collective_bk_bo_decree_91_art_39_two_excellent_years() -> None:
    both = evaluate(collective("BK_BO", 2022, [year(2021), year(2022)]))
    one = evaluate(collective("BK_BO", 2022, [year(2021, "HTTNV"), year(2022)]))
    assert (both.verdict, one.verdict) == ("eligible", "not_eligible")
    assert both.conditions[0].citation.startswith("Nghị định 91/2017/NĐ-CP, Điều 39, khoản 2, điểm c")


def test_old_regime_collective_flag_still_needs_rule() -> None:
    verdict = evaluate(collective("CO_BO", 2022, [year(2022)]))
    assert verdict.verdict == "needs_rule"
    assert "Cần nạp" in verdict.conditions[0].detail
