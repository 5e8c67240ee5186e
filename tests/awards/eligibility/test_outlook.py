"""outlook (what is missing, earliest year) and find_reuse (achievements used twice)."""

from __future__ import annotations

from thidua.awards.eligibility.case import Entry, YearRecord
from thidua.awards.eligibility.outlook import find_reuse, outlook

from .builders import collective, initiative, members, person, year


def bk_ttg_two_cstdcs() -> list[YearRecord]:
    return [
        year(2020, awards=("BK_BO",)),
        year(2021, titles=("CSTDCS",)),
        year(2022, "HTTNV"),
        year(2023, titles=("CSTDCS",)),
        year(2024, "HTTNV"),
        year(2025, "HTTNV"),
    ]


def test_outlook_one_more_cstdcs_year_makes_bk_ttg_possible() -> None:
    [prospect] = outlook(person("BK_TTG", 2025, bk_ttg_two_cstdcs()), targets=["BK_TTG"])
    assert (prospect.year, prospect.extra_years, prospect.missing) == (2026, 1, ("bk_ttg.cstdcs",))
    assert prospect.detail == (
        "Thêm 1 năm (2026) hoàn thành xuất sắc nhiệm vụ, đạt Chiến sĩ thi đua cơ sở thì có thể đủ điều kiện "
        "xét Bằng khen của Thủ tướng Chính phủ vào năm 2026."
    )


def test_outlook_eligible_now_has_no_extra_years() -> None:
    [prospect] = outlook(person("LDTT", 2025, [year(2025)]), targets=["LDTT"])
    assert (prospect.year, prospect.extra_years, prospect.missing) == (2025, 0, ())


def test_outlook_cstd_bo_needs_two_more_years_ignores_council() -> None:
    case = person(
        "CSTD_BO", 2025, [year(2025, titles=("CSTDCS",))], initiatives=(initiative("SK", 2025, "BO_TINH"),)
    )
    [prospect] = outlook(case, targets=["CSTD_BO"])
    assert (prospect.year, prospect.extra_years) == (2027, 2)
    assert prospect.missing == ("cstd_bo.cstdcs_streak", "cstd_bo.council")


def test_outlook_unreachable_by_annual_results() -> None:
    [prospect] = outlook(person("BK_BO", 2025, [year(2024), year(2025)]), targets=["BK_BO"])
    assert (prospect.year, prospect.missing) == (None, ("bk_bo.initiatives",))


def test_outlook_skips_targets_without_rule() -> None:
    targets = [p.target for p in outlook(person("LDTT", 2025, [year(2025)]))]
    assert "GIAY_KHEN" not in targets
    assert targets[:2] == ["CSTDCS", "LDTT"]


def test_outlook_collective_projects_excellent_years() -> None:
    case = collective("BK_BO", 2025, [year(2025, "HTTNV")], members=members(10, ldtt=10, cstdcs=1))
    [prospect] = outlook(case, targets=["BK_BO"])
    assert (prospect.year, prospect.extra_years) == (2027, 2)


def test_find_reuse_duplicate_initiative() -> None:
    case = person(
        "BK_BO", 2025, [year(2025)], initiatives=(initiative("SK-1", 2024), initiative("SK-1", 2025))
    )
    [finding] = find_reuse(case)
    assert (finding.kind, finding.years, finding.refs) == ("duplicate_initiative", (2024, 2025), ("SK-1",))


def test_find_reuse_duplicate_entry_in_one_year() -> None:
    [finding] = find_reuse(person("LDTT", 2026, [year(2025, titles=("CSTDCS", "CSTDCS"))]))
    assert (finding.kind, finding.refs) == ("duplicate_entry", ("CSTDCS",))


def test_find_reuse_several_forms_for_one_achievement_year() -> None:
    [finding] = find_reuse(person("LDTT", 2026, [year(2025, awards=("BK_BO", "GIAY_KHEN"))]))
    assert (finding.kind, finding.refs) == ("several_forms_one_year", ("BK_BO", "GIAY_KHEN"))


def test_find_reuse_two_state_awards_old_regime() -> None:
    findings = find_reuse(person("LDTT", 2026, [year(2022, titles=("CSTD_TQ",), awards=("BK_TTG",))]))
    assert [f.kind for f in findings] == ["state_awards_same_year"]


def test_find_reuse_initiative_used_for_missing_award() -> None:
    case = person("LDTT", 2026, [year(2025)], initiatives=(initiative("SK-1", 2025, used_for="BK_BO:2025"),))
    [finding] = find_reuse(case)
    assert (finding.kind, finding.refs) == ("use_without_award", ("SK-1", "BK_BO:2025"))


def test_find_reuse_use_before_achievement() -> None:
    case = person(
        "LDTT",
        2026,
        [year(2024, awards=("BK_BO",))],
        initiatives=(initiative("SK-1", 2025, used_for="BK_BO:2024"),),
    )
    assert [f.kind for f in find_reuse(case)] == ["use_before_achievement"]


def test_find_reuse_revoked_use_is_reported() -> None:
    records = [year(2025, titles=(Entry("CSTDCS", revoked=True),))]
    case = person("LDTT", 2026, records, initiatives=(initiative("SK-1", 2025, used_for="CSTDCS:2025"),))
    assert [f.kind for f in find_reuse(case)] == ["use_without_award"]


def test_find_reuse_already_awarded_proposal() -> None:
    findings = find_reuse(person("CSTDCS", 2025, [year(2025, titles=("CSTDCS",))]))
    assert [(f.kind, f.refs) for f in findings] == [("already_awarded", ("CSTDCS:2025",))]


def test_find_reuse_clean_history_finds_nothing() -> None:
    case = person(
        "CSTDCS",
        2025,
        [year(2024, titles=("CSTDCS",))],
        initiatives=(initiative("SK-1", 2024, used_for="CSTDCS:2024"),),
    )
    assert find_reuse(case) == []
