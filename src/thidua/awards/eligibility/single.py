"""Single evaluation: one case, every condition explained (the execution the UI and API use).

Every check answers True (met), False (not met) or None (not yet known): a year the check reads
that has no record, member counts not entered, or a procedural step (rank, quota, council vote)
whose result is not in yet. Combinations follow three-valued logic: "all of" is False as soon as
one part is False, "any of" is True as soon as one part is True, otherwise unknown wins.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .case import Case, YearRecord
from .codes import COLLECTIVE, DISCIPLINE_RANK, NAME_VI, RATING_RANK, SCOPE_RANK
from .facts import (
    all_of,
    any_of,
    format_window,
    format_years,
    is_entry_usable,
    is_initiative_usable,
    resolve_int,
    run_start,
    window_years,
)
from .model import (
    AbsenceUnderLimit,
    AnyOf,
    AtLeast,
    Check,
    Citation,
    ClusterLead,
    Condition,
    CouncilVote,
    Every,
    Holds,
    Initiatives,
    MemberCount,
    MemberShare,
    ModeOf,
    NoExcludingDiscipline,
    QuotaAvailable,
    RatingAtLeast,
    RuleSet,
    SincePrior,
    StreakWindow,
    When,
    WorkedEnough,
    YearPredicate,
    is_procedural,
)
from .parameters import bool_param, int_param, optional_int_param, str_param
from .planning import Plan, plan_evaluation
from .rulesets import NATIONAL_RULE_SETS
from .verdict import LINEAGE_ID, NEEDS_RULE, NOT_ELIGIBLE, ConditionResult, Verdict, decide_verdict

LINEAGE_CITATION = Citation(
    "Nghị quyết 190/2025/QH15; không có quy định riêng về kế thừa thành tích khi sáp nhập", verified=False
)


@dataclass(frozen=True)
class Outcome:
    met: bool | None  # None: not yet known
    years: tuple[int, ...]
    evidence: str
    window: str = ""


@dataclass(frozen=True)
class Scope:
    case: Case
    params: Mapping[str, object]
    run: tuple[int, int] | None = None
    assume_procedural: bool = False  # outlook: votes, ranks and quotas are later steps


def evaluate(
    case: Case,
    *,
    rule_sets: Sequence[RuleSet] = NATIONAL_RULE_SETS,
    overrides: Mapping[str, object] | None = None,
) -> Verdict:
    """Evaluate one case under the rule set in force for its target year (or the one it names)."""
    return evaluate_case(case=case, rule_sets=rule_sets, overrides=overrides, assume_procedural=False)


PlanKey = tuple[str, int, str, str | None]


def evaluate_case(
    *,
    case: Case,
    rule_sets: Sequence[RuleSet],
    overrides: Mapping[str, object] | None,
    assume_procedural: bool,
    plans: dict[PlanKey, Plan] | None = None,
    eligible_only: bool = False,
) -> Verdict:
    """`plans` memoises the plan per target for callers that evaluate many cases with the same rule
    sets and overrides (the outlook). `eligible_only` stops at the first condition not met and
    returns a partial `not_eligible` verdict: for callers that only ask "eligible or not"."""
    key = (case.target.code, case.target.year, case.subject.kind, case.rule_set)
    plan = plans.get(key) if plans is not None else None
    if plan is None:
        plan = plan_evaluation(
            target=case.target,
            subject_kind=case.subject.kind,
            requested=case.rule_set,
            rule_sets=rule_sets,
            overrides=overrides,
        )
        if plans is not None:
            plans[key] = plan
    reported = dict(plan.reported)
    if "flags_per_cluster" in reported and case.context.flags_per_cluster is not None:
        reported["flags_per_cluster"] = case.context.flags_per_cluster  # the cluster's own decision wins
    if plan.rule is None:
        assert plan.missing is not None
        return Verdict(NEEDS_RULE, plan.rule_set_code, (plan.missing,), reported)
    scope = Scope(case, plan.params, assume_procedural=assume_procedural)
    results: list[ConditionResult] = []
    for condition in plan.rule.conditions:
        results.extend(evaluate_condition(condition=condition, scope=scope))
        if eligible_only and any(r.met is False for r in results):
            return Verdict(NOT_ELIGIBLE, plan.rule_set_code, tuple(results), reported)
    if case.subject.kind == COLLECTIVE:
        results.append(evaluate_lineage(case=case, params=plan.params))
    conditions = tuple(results)
    return Verdict(decide_verdict(conditions=conditions), plan.rule_set_code, conditions, reported)


def evaluate_lineage(*, case: Case, params: Mapping[str, object]) -> ConditionResult:
    predecessors = ", ".join(case.context.inherited_from)
    if not predecessors:
        return ConditionResult(
            LINEAGE_ID, True, str(LINEAGE_CITATION), "Không có đơn vị tiền thân cần xét kế thừa.", ()
        )
    if bool_param(params, "inherit_merged_history"):
        detail = f"Kế thừa thành tích của {predecessors} theo quyết định đã ghi nhận."
        return ConditionResult(LINEAGE_ID, True, str(LINEAGE_CITATION), detail, ())
    detail = (
        f"Tập thể hình thành từ {predecessors}; việc kế thừa thành tích cần quyết định của cấp có thẩm quyền."
    )
    return ConditionResult(LINEAGE_ID, False, str(LINEAGE_CITATION), detail, ())


def describe(*, condition: Condition, outcome: Outcome, year: int) -> ConditionResult:
    requirement = condition.template.format(year=year, window=outcome.window or format_window(year, year))
    pending = outcome.met is None and is_procedural(condition.check)
    if outcome.met is None:
        status = "bước xét duyệt sau, chưa có kết quả" if pending else "chưa biết"
    else:
        status = "đạt" if outcome.met else "chưa đạt"
    detail = f"{requirement}: {status} ({outcome.evidence})."
    return ConditionResult(condition.id, outcome.met, str(condition.citation), detail, outcome.years, pending)


def evaluate_condition(*, condition: Condition, scope: Scope) -> list[ConditionResult]:
    year = scope.case.target.year
    if isinstance(condition.check, SincePrior):
        return evaluate_since_prior(condition=condition, check=condition.check, scope=scope)
    outcome = evaluate_check(check=condition.check, scope=scope)
    return [describe(condition=condition, outcome=outcome, year=year)]


def evaluate_since_prior(*, condition: Condition, check: SincePrior, scope: Scope) -> list[ConditionResult]:
    case, params = scope.case, scope.params
    year = case.target.year
    min_years = resolve_int(value=check.min_years, params=params)
    anchors = sorted(
        (
            record.year
            for record in case.records
            if record.year < year
            and predicate_holds(predicate=Holds(check.anchor), record=record, scope=scope)
        ),
        reverse=True,
    )
    candidates: list[tuple[int, bool, list[Outcome]]] = []
    for anchor_year in anchors:
        run = (run_start(anchor_year=anchor_year, params=params), year)
        part_scope = Scope(case, params, run, scope.assume_procedural)
        outcomes = [evaluate_check(check=part.check, scope=part_scope) for part in check.parts]
        candidates.append((anchor_year, run[1] - run[0] + 1 >= min_years, outcomes))
    chosen = next((c for c in candidates if c[1] and all(o.met is True for o in c[2])), None)
    chosen = chosen or next((c for c in candidates if c[1]), None) or (candidates[0] if candidates else None)
    name = NAME_VI[check.anchor]
    if chosen is None:
        head = Outcome(False, (), f"chưa có {name} trước năm {year}")
        none = Outcome(False, (), f"không có mốc {name} để tính thời gian")
        parts = [describe(condition=part, outcome=none, year=year) for part in check.parts]
        return [describe(condition=condition, outcome=head, year=year), *parts]
    anchor_year, long_enough, outcomes = chosen
    start = run_start(anchor_year=anchor_year, params=params)
    evidence = f"{name} năm {anchor_year}; tính từ {start} đến {year}: {year - start + 1} năm, yêu cầu từ {min_years} năm"
    head = Outcome(long_enough, (anchor_year,), evidence)
    parts = [describe(condition=p, outcome=o, year=year) for p, o in zip(check.parts, outcomes, strict=True)]
    return [describe(condition=condition, outcome=head, year=year), *parts]


def predicate_holds(*, predicate: YearPredicate, record: YearRecord | None, scope: Scope) -> bool:
    if record is None:
        return False
    params = scope.params
    if isinstance(predicate, RatingAtLeast):
        return record.rating is not None and RATING_RANK[record.rating] >= RATING_RANK[predicate.minimum]
    if isinstance(predicate, Holds):
        return any(
            entry.code == predicate.code
            and is_entry_usable(entry=entry, target=scope.case.target, params=params)
            for entry in (*record.titles, *record.awards)
        )
    if isinstance(predicate, WorkedEnough):
        return record.months_worked + record.statutory_leave_months >= int_param(params, "min_months_worked")
    if isinstance(predicate, AbsenceUnderLimit):
        limit = optional_int_param(params, "absence_limit_days")
        return limit is None or record.absence_days < limit
    if isinstance(predicate, NoExcludingDiscipline):
        limit = DISCIPLINE_RANK[str_param(params, "discipline_exclusion_min_form")]
        return record.discipline is None or DISCIPLINE_RANK[record.discipline] < limit
    raise TypeError(predicate)


def evaluate_check(*, check: Check, scope: Scope) -> Outcome:
    case, params = scope.case, scope.params
    year = case.target.year
    if isinstance(check, Initiatives):
        return evaluate_initiatives(check=check, scope=scope)
    if isinstance(check, Every | AtLeast):
        first, last = window_years(window=check.window, target_year=year, run=scope.run, params=params)
        window = format_window(first, last)
        span = range(first, last + 1)
        unknown = tuple(y for y in span if case.record_for(y) is None)
        hits = tuple(
            y
            for y in span
            if predicate_holds(predicate=check.predicate, record=case.record_for(y), scope=scope)
        )
        gap = f"chưa có dữ liệu năm {format_years(unknown)}"
        if isinstance(check, Every):
            misses = [y for y in span if y not in hits and y not in unknown]
            met: bool | None = False if misses or not span else (None if unknown else True)
            if misses:
                evidence = f"không đạt năm {format_years(misses)}"
            elif unknown:
                evidence = gap if not hits else f"đạt các năm {format_years(hits)}; {gap}"
            else:
                evidence = f"đạt các năm {format_years(hits)}"
            return Outcome(met, hits, evidence, window)
        needed = resolve_int(value=check.count, params=params)
        met = True if len(hits) >= needed else (None if len(hits) + len(unknown) >= needed else False)
        evidence = f"{len(hits)}/{needed} lần: {format_years(hits)}"
        return Outcome(met, hits, evidence + (f"; {gap}" if met is None else ""), window)
    if isinstance(check, MemberShare | MemberCount):
        return evaluate_members(check=check, scope=scope)
    if isinstance(check, ClusterLead | CouncilVote | QuotaAvailable):
        return evaluate_procedure(check=check, scope=scope)
    if isinstance(check, AnyOf | ModeOf):
        outcomes = [evaluate_check(check=option, scope=scope) for option in check.options]
        both = isinstance(check, ModeOf) and str_param(params, check.mode.name) == "both"
        flags = [o.met for o in outcomes]
        met = all_of(flags) if both else any_of(flags)
        used = [o for o in outcomes if o.met] if met and not both else outcomes
        years = tuple(sorted({y for o in used for y in o.years}))
        joiner = " và " if both else " hoặc "
        evidence = joiner.join(
            f"{label}: {status_word(o.met)}" for label, o in zip(check.labels, outcomes, strict=True)
        )
        return Outcome(met, years, evidence, outcomes[0].window)
    if isinstance(check, When):
        if not bool_param(params, check.flag.name):
            return Outcome(True, (), f"không áp dụng ({check.flag.name} = false)")
        return evaluate_check(check=check.check, scope=scope)
    raise TypeError(check)


def status_word(met: bool | None) -> str:
    return "chưa biết" if met is None else ("đạt" if met else "chưa đạt")


def streak_start(*, window: StreakWindow, scope: Scope) -> int:
    """First year of the run of consecutive years ending in the target year where a predicate holds."""
    year = scope.case.target.year
    first = year
    while any(
        predicate_holds(predicate=p, record=scope.case.record_for(first - 1), scope=scope)
        for p in window.predicates
    ):
        first -= 1
    if any(
        predicate_holds(predicate=p, record=scope.case.record_for(year), scope=scope)
        for p in window.predicates
    ):
        return min(first, year - window.min_years + 1)
    return year - window.min_years + 1


def evaluate_initiatives(*, check: Initiatives, scope: Scope) -> Outcome:
    case = scope.case
    year = case.target.year
    if isinstance(check.window, StreakWindow):
        first, last = streak_start(window=check.window, scope=scope), year
    else:
        first, last = window_years(window=check.window, target_year=year, run=scope.run, params=scope.params)
    window = format_window(first, last)
    needed = resolve_int(value=check.count, params=scope.params)
    in_window = [
        i
        for i in case.initiatives
        if first <= i.year <= last and SCOPE_RANK[i.scope] >= SCOPE_RANK[check.min_scope]
    ]
    usable = [i for i in in_window if is_initiative_usable(initiative=i, target=case.target)]
    used = [i for i in in_window if not is_initiative_usable(initiative=i, target=case.target)]
    evidence = f"{len(usable)}/{needed} sáng kiến {NAME_VI[check.min_scope]} trở lên hợp lệ"
    if usable:
        evidence += f": {', '.join(i.id for i in usable)}"
    if used:
        evidence += "; đã dùng cho khen thưởng khác: " + ", ".join(f"{i.id} ({i.used_for})" for i in used)
    years = tuple(sorted({i.year for i in usable}))
    met: bool | None = len(usable) >= needed
    if not met and case.record_for(last) is None:
        # The window's last year has no record yet: its initiatives may still be entered.
        met = None
        evidence += f"; chưa có dữ liệu năm {last}"
    return Outcome(met, years, evidence, window)


def evaluate_members(*, check: MemberShare | MemberCount, scope: Scope) -> Outcome:
    members = scope.case.members
    year = scope.case.target.year
    if members is None:
        return Outcome(None, (), f"chưa có số liệu thành viên của tập thể năm {year}")
    count = int(getattr(members, check.field))
    if isinstance(check, MemberShare):
        pct = resolve_int(value=check.pct, params=scope.params)
        met = count * 100 > pct * members.total if check.strict else count * 100 >= pct * members.total
        relation = "trên" if check.strict else "từ"
        return Outcome(met, (year,), f"{count}/{members.total} thành viên, yêu cầu {relation} {pct}%")
    low_ok = check.minimum is None or count >= check.minimum
    high_ok = check.maximum is None or count <= check.maximum
    return Outcome(low_ok and high_ok, (year,), f"{count}/{members.total} thành viên")


def evaluate_procedure(*, check: ClusterLead | CouncilVote | QuotaAvailable, scope: Scope) -> Outcome:
    context, params = scope.case.context, scope.params
    year = scope.case.target.year
    if scope.assume_procedural:
        return Outcome(True, (year,), "bước xét duyệt sau, giả định đạt khi dự báo")
    if isinstance(check, ClusterLead):
        flags = context.flags_per_cluster
        flags = flags if flags is not None else int_param(params, "flags_per_cluster")
        if context.cluster_rank is None:
            return Outcome(None, (), "cụm, khối chưa bình xét, xếp hạng")
        met = context.cluster_rank <= flags
        return Outcome(met, (year,), f"xếp thứ {context.cluster_rank} trong cụm; cụm được đề nghị {flags} cờ")
    if isinstance(check, CouncilVote):
        pct = int_param(params, "council_threshold_pct")
        council = context.council
        if council is None:
            return Outcome(None, (), "Hội đồng chưa họp bỏ phiếu kín")
        met = council.in_favour * 100 >= pct * council.members
        evidence = f"{council.in_favour}/{council.members} thành viên tán thành, yêu cầu từ {pct}%"
        return Outcome(met, (year,), evidence)
    quota = optional_int_param(params, "cstdcs_quota_pct_of_ldtt")
    if quota is None:
        return Outcome(True, (), "không áp dụng hạn mức")
    holders, approved = context.unit_ldtt_holders, context.unit_cstdcs_approved
    if holders is None or approved is None:
        return Outcome(None, (), f"đơn vị chưa phân bổ hạn mức CSTĐCS ({quota}% số người đạt LĐTT)")
    met = (approved + 1) * 100 <= quota * holders
    evidence = f"đơn vị đã công nhận {approved} CSTĐCS trên {holders} người đạt LĐTT, hạn mức {quota}%"
    return Outcome(met, (year,), evidence)
