"""DECREE_152_2025: Law 06/2022/QH15 as detailed by Decree 152/2025/NĐ-CP (in force 01/07/2025).

The criteria are the Law's own articles, so the rules are LAW_2022's data; what changes is the
detailing decree (decentralisation, dossiers, money) and the years covered: achievement years from
2025, whose reviews fall after 01/07/2025. Decree 152 Art. 4 (a lower award is not a prerequisite
unless the criterion names it) matches how the rules are written: only BK-TTg and HCLĐ3 name one.
Whether Decree 152 wholly repeals Decree 98/2023 is AMBIGUOUS (domain.md §1.2).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from ..model import Citation, Condition, Rule
from .common import DECREE_91, DECREE_152
from .law_2022 import RULE_SET as LAW_2022_RULE_SET


def cite_decree_152(condition: Condition) -> Condition:
    # Council voting is the one point where a decree, not the Law, is cited: the threshold is still
    # Decree 91/2017's, since Decree 152/2025's own rule on the secret ballot was not retrieved.
    if condition.id.endswith(".council"):
        citation = Citation(
            DECREE_91,
            "45",
            "8",
            verified=False,
            note=f"ngưỡng phiếu kín của Nghị định 91/2017; quy định tương ứng của {DECREE_152} chưa đối chiếu",
        )
        return replace(condition, citation=citation)
    return condition


def rebase_rule(rule: Rule) -> Rule:
    return replace(rule, conditions=tuple(cite_decree_152(c) for c in rule.conditions))


RULE_SET: Final = replace(
    LAW_2022_RULE_SET,
    code="DECREE_152_2025",
    title="Luật Thi đua, khen thưởng 2022 và Nghị định 152/2025/NĐ-CP",
    first_year=2025,
    last_year=None,
    rules=tuple(rebase_rule(rule) for rule in LAW_2022_RULE_SET.rules),
)
