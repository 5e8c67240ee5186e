"""Output of an evaluation: the verdict with every condition checked and the parameters used."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

ELIGIBLE: Final = "eligible"
NOT_ELIGIBLE: Final = "not_eligible"
NEEDS_RULE: Final = "needs_rule"
NEEDS_DECISION: Final = "needs_decision"


@dataclass(frozen=True)
class ConditionResult:
    id: str
    met: bool
    citation: str
    detail: str  # one Vietnamese sentence
    years: tuple[int, ...]  # achievement years the check used

    def as_dict(self) -> dict[str, object]:
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
    def met_by_id(self) -> dict[str, bool]:
        return {condition.id: condition.met for condition in self.conditions}

    def as_dict(self) -> dict[str, object]:
        return {
            "verdict": self.verdict,
            "rule_set": self.rule_set,
            "conditions": [condition.as_dict() for condition in self.conditions],
            "parameters": dict(self.parameters),
        }


def decide_verdict(*, conditions: tuple[ConditionResult, ...]) -> str:
    """An undecided lineage question outranks the other conditions (domain.md §7.3)."""
    if any(c.id == LINEAGE_ID and not c.met for c in conditions):
        return NEEDS_DECISION
    return ELIGIBLE if all(c.met for c in conditions) else NOT_ELIGIBLE


LINEAGE_ID: Final = "lineage.inheritance"
RULE_SET_LOADED_ID: Final = "rule_set.loaded"
