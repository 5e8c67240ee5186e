"""Named parameters: every point `domain.md` marks AMBIGUOUS or UNVERIFIED, with its default.

A rule set may change a default (`RuleSet.parameter_defaults`); a caller may override any value
per evaluation (the Django layer stores administrators' choices and passes them as `overrides`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from thidua.core.errors import InvalidInput

from .codes import DISCIPLINE_RANK


@dataclass(frozen=True)
class ParameterSpec:
    name: str
    default: object
    kind: str  # "int", "optional_int", "bool" or "choice"
    description: str
    source: str
    confidence: str
    choices: tuple[str, ...] = ()
    minimum: int = 0
    maximum: int = 10_000


PARAMETERS: dict[str, ParameterSpec] = {
    spec.name: spec
    for spec in (
        ParameterSpec(
            "year_2023_rule_set",
            "LAW_2022",
            "choice",
            "Rule set for achievement year 2023 when the case names none (reviews held in 2024). "
            "LAW_2022 (default, as MOHA answered [S27]): a 2023 CSTĐCS may rest on HTXSNV without an "
            "initiative, there is no 15% quota, and the LĐTT exclusions are the 2022 regime's. OLD_2017: "
            "a 2023 CSTĐCS needs an initiative and fits the 15% quota, as under Decree 91/2017.",
            "domain.md §2.2 'Transition year'; MOHA answer [S27] accepted a 2023 CSTĐCS by HTXSNV alone",
            "AMBIGUOUS",
            choices=("OLD_2017", "LAW_2022"),
        ),
        ParameterSpec(
            "min_months_worked",
            10,
            "int",
            "LĐTT exclusion: months worked plus statutory leave must reach this.",
            "domain.md §2.2 LĐTT exclusions (army uses 9 [S72])",
            "UNVERIFIED",
            maximum=12,
        ),
        ParameterSpec(
            "absence_limit_days",
            None,
            "optional_int",
            "LĐTT exclusion under Law 06/2022: absence of this many working days or more (statutory "
            "leave aside), where the agency's rule detailing Art. 24 cl. 4 sets one (None: no limit). "
            "Not read for 2017–2023: Decree 91/2017 Art. 10 dropped the older 40-day rule.",
            "domain.md §2.2 LĐTT exclusions (40 days 'commonly applied', no 2022 text found)",
            "UNVERIFIED",
            minimum=1,
            maximum=366,
        ),
        ParameterSpec(
            "discipline_exclusion_min_form",
            "KHIEN_TRACH",
            "choice",
            "LĐTT exclusion: discipline at or above this form in the year.",
            "domain.md §2.2 LĐTT exclusions",
            "UNVERIFIED",
            choices=tuple(DISCIPLINE_RANK),
        ),
        ParameterSpec(
            "cstdcs_route",
            "either",
            "choice",
            "CSTĐCS under Law 06/2022 Art. 23 cl. 2: HTXSNV OR an initiative ('either'), or both.",
            "domain.md §2.2 CSTĐCS [S19], [S27]; the 2025 draft amendment would require both",
            "AMBIGUOUS",
            choices=("either", "both"),
        ),
        ParameterSpec(
            "cstdcs_quota_pct_of_ldtt",
            None,
            "optional_int",
            "Cap on CSTĐCS titles as a percentage of the unit's LĐTT holders (None: no cap).",
            "domain.md §2.2: 15 under Decree 91/2017 [S22]; none found in Law 06/2022 [S23]",
            "AMBIGUOUS",
            maximum=100,
        ),
        ParameterSpec(
            "council_threshold_pct",
            90,
            "int",
            "Secret-ballot share of ALL council members needed for CSTĐ-B and CSTĐTQ.",
            "domain.md §5: Decree 91/2017 Art. 45 cl. 8 [S33]; 2022 regime not retrieved",
            "UNVERIFIED",
            minimum=1,
            maximum=100,
        ),
        ParameterSpec(
            "cstd_bo_initiative_years",
            None,
            "optional_int",
            "CSTĐ-B: the ministry/province-wide initiative counts from the last this-many years up to "
            "the target year (None: any earlier year; the Law names no period).",
            "Law 06/2022 Art. 22 cl. 2 and Law 2003 Art. 22 name no period (issue 13)",
            "AMBIGUOUS",
            minimum=1,
            maximum=30,
        ),
        ParameterSpec(
            "flags_per_cluster",
            1,
            "int",
            "Emulation flags a cluster may propose (a case's context.flags_per_cluster wins).",
            "domain.md §2.2 Cờ thi đua: practice [S44], [S50], no legal quota found",
            "AMBIGUOUS",
        ),
        ParameterSpec(
            "prior_award_window_start",
            "next_year",
            "choice",
            "Run after a prior award starts the year after its achievement year, or that year.",
            "domain.md §2.3 window counting; Decree 98/2023 Art. 4 cl. 3 cut off [S28]",
            "AMBIGUOUS",
            choices=("next_year", "award_year"),
        ),
        ParameterSpec(
            "cstdtq_gap_min_years",
            3,
            "int",
            "CSTĐTQ 'twice consecutively': smallest distance between the two CSTĐ-B years.",
            "domain.md §2.2 CSTĐTQ: default contiguous 3-year windows",
            "AMBIGUOUS",
            minimum=1,
            maximum=10,
        ),
        ParameterSpec(
            "cstdtq_gap_max_years",
            3,
            "int",
            "CSTĐTQ 'twice consecutively': largest distance between the two CSTĐ-B years.",
            "domain.md §2.2 CSTĐTQ: default contiguous 3-year windows",
            "AMBIGUOUS",
            minimum=1,
            maximum=10,
        ),
        ParameterSpec(
            "ttldxs_min_ldtt_pct",
            70,
            "int",
            "TTLĐXS: share of members holding LĐTT, at least.",
            "domain.md §2.2 TTLĐXS (recollection)",
            "UNVERIFIED",
            maximum=100,
        ),
        ParameterSpec(
            "ttldtt_ldtt_above_pct",
            50,
            "int",
            "TTLĐTT: share of members holding LĐTT, strictly above.",
            "domain.md §2.2 TTLĐTT (recollection)",
            "UNVERIFIED",
            maximum=99,
        ),
        ParameterSpec(
            "ttldxs_checks_member_discipline",
            True,
            "bool",
            "TTLĐXS: no member disciplined at CANH_CAO or above (true under the 2003 law; the 2022 "
            "text has no such point, so LAW_2022 defaults to false).",
            "Law 2003 Art. 27; Law 06/2022 Art. 27 cl. 1 as quoted by Thừa Thiên Huế (no discipline point)",
            "AMBIGUOUS",
        ),
        ParameterSpec(
            "title_reuse_policy",
            "same_target",
            "choice",
            "A title/award marked used_for another award no longer counts: for the same target "
            "code only ('same_target') or for any target ('any'). Initiatives never count twice.",
            "domain.md §2.3 no double counting, Law 06/2022 Art. 5 cl. 2 [S27], [S31]",
            "AMBIGUOUS",
            choices=("same_target", "any"),
        ),
        ParameterSpec(
            "inherit_merged_history",
            False,
            "bool",
            "A merged collective's records include its predecessors' history by recorded decision.",
            "domain.md §7.3: no rule found; recommendation 'do not inherit'",
            "AMBIGUOUS",
        ),
    )
}


def check_parameter(*, name: str, value: object, field: str) -> object:
    """Validate one value against its spec; raise InvalidInput naming `field`."""
    spec = PARAMETERS.get(name)
    if spec is None:
        raise InvalidInput(f"{field}: tham số '{name}' không tồn tại.", fields={field: "unknown"})
    if spec.kind == "bool":
        if not isinstance(value, bool):
            raise InvalidInput(f"{field}: phải là true hoặc false.", fields={field: "type"})
        return value
    if spec.kind == "choice":
        if value not in spec.choices:
            allowed = ", ".join(spec.choices)
            raise InvalidInput(f"{field}: giá trị phải là một trong: {allowed}.", fields={field: "choice"})
        return value
    if value is None and spec.kind == "optional_int":
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidInput(f"{field}: phải là số nguyên.", fields={field: "type"})
    if not spec.minimum <= value <= spec.maximum:
        raise InvalidInput(
            f"{field}: phải nằm trong khoảng {spec.minimum}–{spec.maximum}.", fields={field: "range"}
        )
    return value


def resolve_parameters(
    *, rule_set_defaults: Mapping[str, object], overrides: Mapping[str, object] | None
) -> dict[str, object]:
    """Spec defaults, then the rule set's defaults, then the caller's overrides."""
    values = {name: spec.default for name, spec in PARAMETERS.items()}
    values.update(rule_set_defaults)
    for name, value in (overrides or {}).items():
        values[name] = check_parameter(name=name, value=value, field=f"overrides.{name}")
    if int_param(values, "cstdtq_gap_min_years") > int_param(values, "cstdtq_gap_max_years"):
        raise InvalidInput(
            "overrides.cstdtq_gap_min_years: không được lớn hơn cstdtq_gap_max_years.",
            fields={"overrides.cstdtq_gap_min_years": "range"},
        )
    return values


def int_param(values: Mapping[str, object], name: str) -> int:
    value = values[name]
    assert isinstance(value, int)
    return value


def optional_int_param(values: Mapping[str, object], name: str) -> int | None:
    value = values[name]
    assert value is None or isinstance(value, int)
    return value


def str_param(values: Mapping[str, object], name: str) -> str:
    value = values[name]
    assert isinstance(value, str)
    return value


def bool_param(values: Mapping[str, object], name: str) -> bool:
    value = values[name]
    assert isinstance(value, bool)
    return value
