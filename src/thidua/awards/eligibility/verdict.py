"""Output of an evaluation: the verdict with every condition checked and the parameters used.

A condition has three outcomes: met (`True`), not met (`False`) and not yet known (`None`). Not
yet known is either missing data (no record for a year the condition reads) or a later procedural
step (`pending`: the ranking, the quota allocation, the council's secret ballot).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

ELIGIBLE: Final = "eligible"
NOT_ELIGIBLE: Final = "not_eligible"
NEEDS_DATA: Final = "needs_data"
NEEDS_RULE: Final = "needs_rule"
NEEDS_DECISION: Final = "needs_decision"


@dataclass(frozen=True)
class ConditionResult:
    id: str
    met: bool | None  # None: not yet known
    citation: str
    detail: str  # one Vietnamese sentence
    years: tuple[int, ...]  # achievement years the check used
    pending: bool = False  # not yet known because a later procedural step decides it

    def as_dict(self) -> dict[str, object]:
        # The CLI/API contract: exactly these five fields; `met` is null when not yet known.
        return {
            "id": self.id,
            "met": self.met,
            "citation": self.citation,
            "detail": self.detail,
            "years": list(self.years),
        }


@dataclass(frozen=True)
class Verdict:
    verdict: str
    rule_set: str
    conditions: tuple[ConditionResult, ...]
    parameters: Mapping[str, object]

    @property
    def met_by_id(self) -> dict[str, bool | None]:
        return {condition.id: condition.met for condition in self.conditions}

    @property
    def pending_steps(self) -> tuple[ConditionResult, ...]:
        """Later procedural steps still to come (listed with an `eligible` verdict)."""
        return tuple(c for c in self.conditions if c.met is None and c.pending)

    @property
    def missing_data(self) -> tuple[ConditionResult, ...]:
        return tuple(c for c in self.conditions if c.met is None and not c.pending)

    def as_dict(self) -> dict[str, object]:
        return {
            "verdict": self.verdict,
            "rule_set": self.rule_set,
            "conditions": [condition.as_dict() for condition in self.conditions],
            "parameters": dict(self.parameters),
        }


def decide_verdict(*, conditions: tuple[ConditionResult, ...]) -> str:
    """Undecided lineage (domain.md §7.3) outranks a condition not met, which outranks missing
    data; when only later procedural steps are unknown the subject is eligible."""
    if any(c.id == LINEAGE_ID and c.met is not True for c in conditions):
        return NEEDS_DECISION
    if any(c.met is False for c in conditions):
        return NOT_ELIGIBLE
    if any(c.met is None and not c.pending for c in conditions):
        return NEEDS_DATA
    return ELIGIBLE


LINEAGE_ID: Final = "lineage.inheritance"
RULE_SET_LOADED_ID: Final = "rule_set.loaded"
