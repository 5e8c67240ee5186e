"""Choosing the rule set, the rule and the parameter values for a target (shared by both evaluators)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from .case import Target
from .codes import COLLECTIVE, NAME_VI
from .model import (
    AbsenceUnderLimit,
    Ago,
    AnyOf,
    AtLeast,
    Check,
    ClusterLead,
    CouncilVote,
    Every,
    Holds,
    Initiatives,
    MemberShare,
    ModeOf,
    NoExcludingDiscipline,
    Param,
    QuotaAvailable,
    Rule,
    RuleSet,
    Since,
    SincePrior,
    StreakWindow,
    When,
    Window,
    WorkedEnough,
    YearPredicate,
)
from .parameters import resolve_parameters, str_param
from .rulesets import select_rule_set
from .verdict import RULE_SET_LOADED_ID, ConditionResult


@dataclass(frozen=True)
class Plan:
    rule_set_code: str
    rule: Rule | None  # None: answer needs_rule with `missing`
    missing: ConditionResult | None
    params: Mapping[str, object]
    reported: dict[str, object]  # the parameters this rule reads, as reported in the verdict


def plan_evaluation(
    *,
    target: Target,
    subject_kind: str,
    requested: str | None,
    rule_sets: Sequence[RuleSet],
    overrides: Mapping[str, object] | None,
) -> Plan:
    selection_params = resolve_parameters(rule_set_defaults={}, overrides=overrides)
    code, rule_set = select_rule_set(
        requested=requested,
        year=target.year,
        loaded=rule_sets,
        year_2023_rule_set=str_param(selection_params, "year_2023_rule_set"),
    )
    if rule_set is None:
        missing = ConditionResult(
            RULE_SET_LOADED_ID,
            False,
            code,
            f"Bộ quy tắc {code} chưa được nạp nên chưa thể xét {NAME_VI[target.code]}.",
            (),
        )
        reported = {"year_2023_rule_set": selection_params["year_2023_rule_set"]}
        return Plan(code, None, missing, selection_params, reported)
    params = resolve_parameters(rule_set_defaults=rule_set.parameter_defaults, overrides=overrides)
    rule = rule_set.rule_for(target=target.code, subject_kind=subject_kind)
    reported = {"year_2023_rule_set": params["year_2023_rule_set"]}
    if rule is None or rule.missing is not None:
        citation = str(rule.missing) if rule is not None and rule.missing is not None else code
        reason = (
            rule.missing_reason if rule is not None else "Bộ quy tắc không có tiêu chuẩn cho đối tượng này."
        )
        missing = ConditionResult(
            f"{target.code.lower()}.rule",
            False,
            citation,
            f"Chưa có quy tắc xét {NAME_VI[target.code]} theo {rule_set.title}: {reason}",
            (),
        )
        return Plan(code, None, missing, params, reported)
    for name in sorted(referenced_parameters(rule=rule, subject_kind=subject_kind)):
        reported[name] = params[name]
    return Plan(code, rule, None, params, reported)


def referenced_parameters(*, rule: Rule, subject_kind: str) -> set[str]:
    names: set[str] = {"inherit_merged_history"} if subject_kind == COLLECTIVE else set()
    for condition in rule.conditions:
        names |= set(iter_check_parameters(check=condition.check))
    return names


def iter_check_parameters(*, check: Check) -> Iterator[str]:
    window = getattr(check, "window", None)
    if isinstance(window, Window):
        for offset in (window.start, window.end):
            if isinstance(offset, Ago | Since):
                yield offset.name
    elif isinstance(window, StreakWindow):
        for predicate in window.predicates:
            yield from iter_predicate_parameters(predicate=predicate)
    for value in (
        getattr(check, "count", None),
        getattr(check, "pct", None),
        getattr(check, "min_years", None),
    ):
        if isinstance(value, Param):
            yield value.name
    if isinstance(check, Every | AtLeast):
        yield from iter_predicate_parameters(predicate=check.predicate)
    elif isinstance(check, ClusterLead):
        yield "flags_per_cluster"
    elif isinstance(check, CouncilVote):
        yield "council_threshold_pct"
    elif isinstance(check, QuotaAvailable):
        yield "cstdcs_quota_pct_of_ldtt"
    elif isinstance(check, AnyOf | ModeOf):
        if isinstance(check, ModeOf):
            yield check.mode.name
        for option in check.options:
            yield from iter_check_parameters(check=option)
    elif isinstance(check, When):
        yield check.flag.name
        yield from iter_check_parameters(check=check.check)
    elif isinstance(check, SincePrior):
        yield "prior_award_window_start"
        yield "title_reuse_policy"
        for part in check.parts:
            yield from iter_check_parameters(check=part.check)
    elif isinstance(check, Initiatives | MemberShare):
        return


def iter_predicate_parameters(*, predicate: YearPredicate) -> Iterator[str]:
    if isinstance(predicate, Holds):
        yield "title_reuse_policy"
    elif isinstance(predicate, WorkedEnough):
        yield "min_months_worked"
    elif isinstance(predicate, AbsenceUnderLimit):
        yield "absence_limit_days"
    elif isinstance(predicate, NoExcludingDiscipline):
        yield "discipline_exclusion_min_form"
