"""parse_case: the JSON contract parses, and every bad field is named in the error."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from thidua.awards.eligibility import Entry, evaluate, parse_case
from thidua.core.errors import InvalidInput

CONTRACT: dict[str, Any] = {
    "subject": {"kind": "person", "name": "Nguyễn Văn A"},
    "target": {"code": "CSTD_BO", "year": 2027},
    "records": [
        {
            "year": 2025,
            "rating": "HTXSNV",
            "titles": ["CSTDCS"],
            "awards": [],
            "discipline": None,
            "months_worked": 12,
            "statutory_leave_months": 0,
            "absence_days": 0,
        }
    ],
    "initiatives": [{"id": "SK-1", "year": 2027, "scope": "BO_TINH", "used_for": None}],
    "members": None,
    "context": {},
    "rule_set": None,
}


def bad(change: dict[str, Any] | None = None, **top: Any) -> InvalidInput:
    data = copy.deepcopy(CONTRACT)
    data.update(top)
    for path, value in (change or {}).items():
        node: Any = data
        keys = path.split(".")
        for key in keys[:-1]:
            node = node[int(key)] if key.isdigit() else node[key]
        node[keys[-1]] = value
    with pytest.raises(InvalidInput) as error:
        parse_case(data)
    return error.value


def test_parse_contract_example() -> None:
    case = parse_case(copy.deepcopy(CONTRACT))
    assert case.subject.name == "Nguyễn Văn A"
    assert case.target.key == "CSTD_BO:2027"
    assert case.records[0].titles == (Entry("CSTDCS"),)
    assert case.initiatives[0].scope == "BO_TINH"
    # No record for 2026 and 2027 yet: the streak is not yet known.
    assert evaluate(case).verdict == "needs_data"


def test_parse_title_object_with_revoked_and_used_for() -> None:
    data = copy.deepcopy(CONTRACT)
    data["records"][0]["titles"] = [{"code": "CSTDCS", "revoked": True, "used_for": "BK_BO:2026"}]
    assert parse_case(data).records[0].titles == (Entry("CSTDCS", True, "BK_BO:2026"),)


def test_parse_collective_with_members_and_context() -> None:
    data = {
        "subject": {"kind": "collective", "name": "Sở Nông nghiệp và Môi trường"},
        "target": {"code": "TTLDXS", "year": 2025},
        "records": [{"year": 2025, "rating": "HTXSNV", "titles": ["TTLDTT"]}],
        "members": {
            "total": 10,
            "at_least_HTNV": 10,
            "LDTT": 7,
            "CSTDCS": 1,
            "disciplined_CANH_CAO_or_above": 0,
        },
        "context": {"cluster_rank": 1, "inherited_from": ["Sở Tài nguyên và Môi trường"]},
    }
    case = parse_case(data)
    assert case.members is not None
    assert case.members.ldtt == 7
    assert case.context.inherited_from == ("Sở Tài nguyên và Môi trường",)


def test_parse_unknown_rating_names_field() -> None:
    assert bad({"records.0.rating": "XUAT_SAC"}).fields == {
        "records[0].rating": "mã xếp loại 'XUAT_SAC' không hợp lệ."
    }


def test_parse_rating_wrong_type_names_field() -> None:
    assert "records[0].rating" in bad({"records.0.rating": 3}).fields


def test_parse_months_as_bool_names_field() -> None:
    assert "records[0].months_worked" in bad({"records.0.months_worked": True}).fields


def test_parse_months_plus_leave_over_twelve_names_field() -> None:
    assert "records[0].statutory_leave_months" in bad({"records.0.statutory_leave_months": 1}).fields


def test_parse_person_with_collective_title_names_field() -> None:
    error = bad({"records.0.titles": ["CSTDCS", "TTLDXS"]})
    assert error.fields == {
        "records[0].titles[1]": "'TTLDXS' không thuộc danh mục này hoặc không dùng cho cá nhân."
    }


def test_parse_award_code_in_titles_names_field() -> None:
    assert "records[0].titles[0]" in bad({"records.0.titles": ["BK_BO"]}).fields


def test_parse_collective_target_for_person_names_field() -> None:
    assert bad({"target.code": "TTLDXS"}).fields == {"target.code": "'TTLDXS' không dùng để xét cho cá nhân."}


def test_parse_unknown_target_code_names_field() -> None:
    assert "target.code" in bad({"target.code": "HUY_HIEU"}).fields


def test_parse_year_before_any_rule_set_names_field() -> None:
    error = bad({"target.year": 2015})
    assert error.fields == {"target.year": "năm 2015 trước mọi bộ quy tắc đã có (sớm nhất là năm 2017)."}


def test_parse_duplicate_record_year_names_field() -> None:
    data = copy.deepcopy(CONTRACT)
    data["records"].append({"year": 2025})
    with pytest.raises(InvalidInput) as error:
        parse_case(data)
    assert "records[1].year" in error.value.fields


def test_parse_unknown_scope_names_field() -> None:
    assert "initiatives[0].scope" in bad({"initiatives.0.scope": "QUOC_TE"}).fields


def test_parse_bad_used_for_names_field() -> None:
    assert "initiatives[0].used_for" in bad({"initiatives.0.used_for": "BK_BO-2026"}).fields


def test_parse_unknown_discipline_names_field() -> None:
    assert "records[0].discipline" in bad({"records.0.discipline": "PHAT"}).fields


def test_parse_members_for_person_names_field() -> None:
    members = {"total": 1, "at_least_HTNV": 1, "LDTT": 1, "CSTDCS": 0, "disciplined_CANH_CAO_or_above": 0}
    assert "members" in bad(members=members).fields


def test_parse_member_count_above_total_names_field() -> None:
    data = {
        "subject": {"kind": "collective", "name": "Phòng A"},
        "target": {"code": "TTLDTT", "year": 2025},
        "records": [],
        "members": {
            "total": 5,
            "at_least_HTNV": 5,
            "LDTT": 6,
            "CSTDCS": 0,
            "disciplined_CANH_CAO_or_above": 0,
        },
    }
    with pytest.raises(InvalidInput) as error:
        parse_case(data)
    assert "members.LDTT" in error.value.fields


def test_parse_inherited_from_for_person_names_field() -> None:
    assert "context.inherited_from" in bad(context={"inherited_from": ["Sở cũ"]}).fields


def test_parse_council_in_favour_above_members_names_field() -> None:
    assert "context.council.in_favour" in bad(context={"council": {"members": 5, "in_favour": 6}}).fields


def test_parse_unknown_context_key_names_field() -> None:
    assert "context.unit_ldtt" in bad(context={"unit_ldtt": 3}).fields


def test_parse_unknown_top_level_key_names_field() -> None:
    assert "ruleset" in bad(ruleset="LAW_2022").fields


def test_parse_missing_subject_names_field() -> None:
    data = copy.deepcopy(CONTRACT)
    del data["subject"]
    with pytest.raises(InvalidInput) as error:
        parse_case(data)
    assert error.value.fields == {"subject": "thiếu trường bắt buộc."}


def test_parse_unknown_subject_kind_names_field() -> None:
    assert "subject.kind" in bad({"subject.kind": "household"}).fields


def test_parse_unknown_rule_set_names_field() -> None:
    assert "rule_set" in bad(rule_set="LAW_2030").fields


def test_parse_overlay_before_its_first_year_names_field() -> None:
    error = bad({"target.year": 2023}, rule_set="TNMT_18_2023")
    assert error.fields == {"rule_set": "TNMT_18_2023 chỉ áp dụng từ năm 2024."}


def test_parse_not_an_object() -> None:
    with pytest.raises(InvalidInput) as error:
        parse_case([])  # type: ignore[arg-type]
    assert error.value.fields == {"case": "phải là một đối tượng JSON."}
