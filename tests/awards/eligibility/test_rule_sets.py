"""Rule sets as data: selection, overlays, missing agency rules, parameters and output shape."""

from __future__ import annotations

import pytest

from thidua.awards.eligibility import ALL_RULE_SETS, LAW_2022, NATIONAL_RULE_SETS, PARAMETERS, evaluate
from thidua.awards.eligibility.codes import COLLECTIVE, PERSON
from thidua.awards.eligibility.model import Citation, Condition, Every, RatingAtLeast, Rule, RuleSet
from thidua.core.errors import InvalidInput

from .builders import initiative, person, year

BK_BO_RECORDS = [year(2024, "HTTNV", titles=("CSTDCS",)), year(2025, "HTTNV", titles=("CSTDCS",))]
TWO_SKS = (initiative("SK-1", 2024), initiative("SK-2", 2025))


def test_rule_sets_every_condition_has_citation_and_template() -> None:
    for rule_set in ALL_RULE_SETS:
        for rule in rule_set.rules:
            assert rule.subject_kind in {PERSON, COLLECTIVE}
            assert rule.conditions or rule.missing is not None
            for condition in rule.conditions:
                assert str(condition.citation)
                assert condition.template
                assert not condition.template.endswith(".")  # the evaluator appends the outcome


def test_rule_sets_cover_each_target_once_per_kind() -> None:
    for rule_set in NATIONAL_RULE_SETS:
        keys = [(r.target, r.subject_kind) for r in rule_set.rules]
        assert len(keys) == len(set(keys))


def test_overlay_tnmt_replaces_bk_bo_with_circular() -> None:
    case = person("BK_BO", 2025, BK_BO_RECORDS, initiatives=TWO_SKS, rule_set="TNMT_18_2023")
    verdict = evaluate(case, rule_sets=ALL_RULE_SETS)
    assert (verdict.verdict, verdict.rule_set) == ("eligible", "DECREE_152_2025+TNMT_18_2023")
    assert verdict.conditions[0].citation.startswith("Thông tư 18/2023/TT-BTNMT")


def test_overlay_not_loaded_needs_rule() -> None:
    case = person("BK_BO", 2025, BK_BO_RECORDS, initiatives=TWO_SKS, rule_set="TNMT_18_2023")
    verdict = evaluate(case)  # national rule sets only
    assert verdict.verdict == "needs_rule"
    assert verdict.conditions[0].id == "rule_set.loaded"
    assert verdict.as_dict()["rule_set"] == "DECREE_152_2025+TNMT_18_2023"


def test_overlay_keeps_delegated_giay_khen_as_needs_rule() -> None:
    case = person("GIAY_KHEN", 2025, [year(2025)], rule_set="TNMT_18_2023")
    verdict = evaluate(case, rule_sets=ALL_RULE_SETS)
    assert verdict.verdict == "needs_rule"
    assert verdict.conditions[0].citation == "Thông tư 18/2023/TT-BTNMT"


def test_giay_khen_without_agency_rule_needs_rule() -> None:
    verdict = evaluate(person("GIAY_KHEN", 2025, [year(2025)]))
    assert verdict.verdict == "needs_rule"
    assert verdict.conditions[0].citation == "Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 75, khoản 2"


def test_agency_overlay_loaded_answers_giay_khen() -> None:
    agency = RuleSet(
        code="TNMT_18_2023",
        title="Quy định thử của cơ quan",
        first_year=2024,
        last_year=None,
        overlay_for=("LAW_2022", "DECREE_152_2025"),
        rules=(
            Rule(
                "GIAY_KHEN",
                PERSON,
                (
                    Condition(
                        "giay_khen.rating",
                        Citation("Quy chế thử", "5"),
                        "Năm {year} hoàn thành tốt nhiệm vụ",
                        Every(RatingAtLeast("HTTNV")),
                    ),
                ),
            ),
        ),
    )
    case = person("GIAY_KHEN", 2025, [year(2025, "HTTNV")], rule_set="TNMT_18_2023")
    verdict = evaluate(case, rule_sets=(*NATIONAL_RULE_SETS, agency))
    assert (verdict.verdict, verdict.conditions[0].citation) == ("eligible", "Quy chế thử, Điều 5")


def test_rule_set_chosen_not_loaded_needs_rule() -> None:
    verdict = evaluate(person("LDTT", 2025, [year(2025)]), rule_sets=(LAW_2022,))
    assert (verdict.verdict, verdict.rule_set) == ("needs_rule", "DECREE_152_2025")


def test_parameters_table_documents_source_and_confidence() -> None:
    assert len(PARAMETERS) == 17
    for spec in PARAMETERS.values():
        assert spec.source
        assert spec.confidence in {"AMBIGUOUS", "UNVERIFIED"}


def test_overrides_unknown_parameter_names_field() -> None:
    with pytest.raises(InvalidInput) as error:
        evaluate(person("LDTT", 2025, [year(2025)]), overrides={"no_such": 1})
    assert error.value.fields == {"overrides.no_such": "unknown"}


def test_overrides_wrong_value_names_field() -> None:
    with pytest.raises(InvalidInput) as error:
        evaluate(person("LDTT", 2025, [year(2025)]), overrides={"min_months_worked": "ten"})
    assert "overrides.min_months_worked" in error.value.message


def test_overrides_gap_min_above_max_rejected() -> None:
    with pytest.raises(InvalidInput):
        evaluate(person("LDTT", 2025, [year(2025)]), overrides={"cstdtq_gap_min_years": 4})


def test_verdict_as_dict_exact_shape() -> None:
    output = evaluate(person("LDTT", 2025, [year(2025)])).as_dict()
    assert list(output) == ["verdict", "rule_set", "conditions", "parameters"]
    assert output["conditions"][0] == {  # type: ignore[index]
        "id": "ldtt.rating",
        "met": True,
        "citation": "Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 24, khoản 1",
        "detail": "Năm 2025 xếp loại từ hoàn thành tốt nhiệm vụ trở lên: đạt (đạt các năm 2025).",
        "years": [2025],
    }
    assert output["parameters"] == {
        "year_2023_rule_set": "LAW_2022",
        "absence_limit_days": None,
        "discipline_exclusion_min_form": "KHIEN_TRACH",
        "min_months_worked": 10,
    }
