"""Rule sets as versioned data, one module per regime, and how one is chosen for a case."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Final

from ..model import RuleSet
from .decree_152_2025 import RULE_SET as DECREE_152_2025
from .law_2022 import RULE_SET as LAW_2022
from .old_2017 import RULE_SET as OLD_2017
from .tnmt_18_2023 import RULE_SET as TNMT_18_2023

NATIONAL_RULE_SETS: Final[tuple[RuleSet, ...]] = (OLD_2017, LAW_2022, DECREE_152_2025)
ALL_RULE_SETS: Final[tuple[RuleSet, ...]] = (*NATIONAL_RULE_SETS, TNMT_18_2023)
KNOWN_CODES: Final[dict[str, RuleSet]] = {rule_set.code: rule_set for rule_set in ALL_RULE_SETS}
EARLIEST_YEAR: Final = min(r.first_year for r in NATIONAL_RULE_SETS if r.first_year is not None)


def base_code_for_year(*, year: int, year_2023_rule_set: str) -> str:
    """The national rule set in force for an achievement year (2023 is a parameter)."""
    if year == 2023:
        return year_2023_rule_set
    for rule_set in NATIONAL_RULE_SETS:
        first = rule_set.first_year if rule_set.first_year is not None else year
        last = rule_set.last_year if rule_set.last_year is not None else year
        if first <= year <= last:
            return rule_set.code
    raise ValueError(f"no rule set covers {year}")  # parse_case rejects such years first


def rule_set_title(code: str) -> str:
    """The legal name of a rule set code, also of a composed "BASE+OVERLAY" code (for pages)."""
    titles = [KNOWN_CODES[part].title if part in KNOWN_CODES else part for part in code.split("+")]
    return "; ".join(titles)


def compose_overlay(*, base: RuleSet, overlay: RuleSet) -> RuleSet:
    """The base with the overlay's rules replacing those for the same target and subject kind."""
    replaced = {(rule.target, rule.subject_kind) for rule in overlay.rules}
    rules = tuple(r for r in base.rules if (r.target, r.subject_kind) not in replaced) + overlay.rules
    return replace(
        base,
        code=f"{base.code}+{overlay.code}",
        title=f"{base.title}; {overlay.title}",
        rules=rules,
        parameter_defaults={**base.parameter_defaults, **overlay.parameter_defaults},
    )


def select_rule_set(
    *, requested: str | None, year: int, loaded: Sequence[RuleSet], year_2023_rule_set: str
) -> tuple[str, RuleSet | None]:
    """(code answered, composed rule set or None when a needed rule set is not loaded)."""
    by_code: Mapping[str, RuleSet] = {rule_set.code: rule_set for rule_set in loaded}
    base_code = base_code_for_year(year=year, year_2023_rule_set=year_2023_rule_set)
    chosen = by_code.get(requested or base_code) or KNOWN_CODES.get(requested or base_code)
    if requested is None or chosen is None or not chosen.is_overlay:
        code = requested or base_code
        return code, by_code.get(code)
    overlay = by_code.get(requested)
    base = by_code.get(base_code)
    code = f"{base_code}+{requested}"
    if overlay is None or base is None:
        return code, None
    return code, compose_overlay(base=base, overlay=overlay)


__all__ = [
    "ALL_RULE_SETS",
    "DECREE_152_2025",
    "EARLIEST_YEAR",
    "KNOWN_CODES",
    "LAW_2022",
    "NATIONAL_RULE_SETS",
    "OLD_2017",
    "TNMT_18_2023",
    "compose_overlay",
    "rule_set_title",
    "select_rule_set",
]
