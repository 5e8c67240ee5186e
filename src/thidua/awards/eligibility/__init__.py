"""Legal eligibility engine for titles and award forms (pure Python, no database).

Public entry points: `parse_case`, `evaluate`, `evaluate_batch` / `evaluate_columns`, `outlook`,
`find_reuse`. Rule sets are data in `rulesets/`; ambiguous legal points are named parameters in
`parameters.py`. See docs/eligibility.md.
"""

from __future__ import annotations

from .case import Case, Context, Council, Entry, Initiative, Members, Subject, Target, YearRecord
from .parameters import PARAMETERS, ParameterSpec
from .parsing import parse_case
from .rulesets import ALL_RULE_SETS, DECREE_152_2025, LAW_2022, NATIONAL_RULE_SETS, OLD_2017, TNMT_18_2023
from .single import evaluate
from .verdict import (
    ELIGIBLE,
    NEEDS_DATA,
    NEEDS_DECISION,
    NEEDS_RULE,
    NOT_ELIGIBLE,
    ConditionResult,
    Verdict,
)

__all__ = [
    "ALL_RULE_SETS",
    "DECREE_152_2025",
    "ELIGIBLE",
    "LAW_2022",
    "NATIONAL_RULE_SETS",
    "NEEDS_DATA",
    "NEEDS_DECISION",
    "NEEDS_RULE",
    "NOT_ELIGIBLE",
    "OLD_2017",
    "PARAMETERS",
    "TNMT_18_2023",
    "Case",
    "ConditionResult",
    "Context",
    "Council",
    "Entry",
    "Initiative",
    "Members",
    "ParameterSpec",
    "Subject",
    "Target",
    "Verdict",
    "YearRecord",
    "evaluate",
    "parse_case",
]
