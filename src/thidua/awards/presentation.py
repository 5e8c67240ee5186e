"""Readable descriptions of the engine's rule data for officers (no logic of eligibility here)."""

from __future__ import annotations

from dataclasses import dataclass

from thidua.awards.eligibility.codes import NAME_VI
from thidua.awards.eligibility.model import Rule, RuleSet, SincePrior
from thidua.awards.eligibility.parameters import ParameterSpec
from thidua.core.errors import InvalidInput


@dataclass(frozen=True)
class ConditionLine:
    id: str
    text: str
    citation: str
    nested: bool = False


@dataclass(frozen=True)
class RuleLine:
    target: str
    name: str
    subject_kind: str
    conditions: tuple[ConditionLine, ...]
    missing: str
    missing_reason: str


def _sentence(template: str) -> str:
    return template.replace("{year}", "Y (năm xét)").replace("{window}", "khoảng năm xét")


def describe_rule(rule: Rule) -> RuleLine:
    lines: list[ConditionLine] = []
    for condition in rule.conditions:
        lines.append(ConditionLine(condition.id, _sentence(condition.template), str(condition.citation)))
        if isinstance(condition.check, SincePrior):
            for part in condition.check.parts:
                lines.append(
                    ConditionLine(part.id, _sentence(part.template), str(part.citation), nested=True)
                )
    return RuleLine(
        rule.target,
        NAME_VI.get(rule.target, rule.target),
        "cá nhân" if rule.subject_kind == "person" else "tập thể",
        tuple(lines),
        str(rule.missing) if rule.missing else "",
        rule.missing_reason,
    )


def describe_rule_set(rule_set: RuleSet) -> list[RuleLine]:
    return [
        describe_rule(rule)
        for rule in sorted(rule_set.rules, key=lambda r: (r.subject_kind != "person", r.target))
    ]


def parse_parameter_value(spec: ParameterSpec, text: str) -> object:
    """A form's text to the parameter's type (the engine then validates the range and choices)."""
    text = text.strip()
    if spec.kind == "bool":
        if text.lower() in ("true", "1", "có"):
            return True
        if text.lower() in ("false", "0", "không"):
            return False
        raise InvalidInput(f"{spec.name}: chọn có hoặc không.", fields={"value": "type"})
    if spec.kind == "choice":
        return text
    if spec.kind == "optional_int" and text in ("", "none", "không"):
        return None
    try:
        return int(text)
    except ValueError:
        raise InvalidInput(f"{spec.name}: phải là số nguyên.", fields={"value": "type"}) from None
