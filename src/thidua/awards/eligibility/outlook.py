"""What a subject is close to ("còn thiếu gì"), and achievements used twice.

`outlook` projects strong future years onto the registry and re-runs the single evaluator, so
its answers come from the same rule data. Procedural steps (council vote, cluster rank, quota)
are assumed to pass in a projection: they happen after eligibility is known.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from .case import Case, Entry, Target, YearRecord
from .codes import AWARDS, NAME_VI, PERSON, RATING_RANK, STATE_LEVEL, codes_for_kind, legal_name
from .model import Every, Holds, Rule, RuleSet, SincePrior, Window
from .planning import Plan, plan_evaluation
from .rulesets import NATIONAL_RULE_SETS
from .single import PlanKey, evaluate_case
from .verdict import ELIGIBLE, NEEDS_RULE, Verdict


@dataclass(frozen=True)
class Projection:
    rating: str
    titles: tuple[str, ...]
    label: str  # Vietnamese description of one such year


# Lightest first: the outlook reports the least a subject has to add.
PERSON_PROJECTIONS = (
    Projection("HTTNV", ("LDTT",), "hoàn thành tốt nhiệm vụ, đạt Lao động tiên tiến"),
    Projection("HTXSNV", ("LDTT", "CSTDCS"), "hoàn thành xuất sắc nhiệm vụ, đạt Chiến sĩ thi đua cơ sở"),
)
COLLECTIVE_PROJECTIONS = (
    Projection("HTTNV", ("TTLDTT",), "hoàn thành tốt nhiệm vụ, đạt Tập thể lao động tiên tiến"),
    Projection("HTXSNV", ("TTLDXS",), "hoàn thành xuất sắc nhiệm vụ, đạt Tập thể lao động xuất sắc"),
)


@dataclass(frozen=True)
class Prospect:
    target: str
    year: int | None  # earliest achievement year it could be met; None: not by strong years alone
    extra_years: int  # strong years to add after the case's target year
    missing: tuple[str, ...]  # ids of the conditions unmet in the case's own year
    detail: str

    def as_dict(self) -> dict[str, object]:
        return {
            "target": self.target,
            "year": self.year,
            "extra_years": self.extra_years,
            "missing": list(self.missing),
            "detail": self.detail,
        }


def outlook(
    case: Case,
    *,
    rule_sets: Sequence[RuleSet] = NATIONAL_RULE_SETS,
    overrides: Mapping[str, object] | None = None,
    targets: Sequence[str] | None = None,
    horizon: int = 6,
    plans: dict[PlanKey, Plan] | None = None,
) -> list[Prospect]:
    """For each target (default: every code of the subject's kind), the earliest year within reach.

    `plans` may carry plans across calls made with the same rule sets and overrides."""
    codes = targets if targets is not None else sorted(codes_for_kind(case.subject.kind))
    prospects: list[Prospect] = []
    plans = {} if plans is None else plans  # one plan per target and year, shared by every projection
    for code in codes:
        prospect = project_target(
            case=case, code=code, rule_sets=rule_sets, overrides=overrides, horizon=horizon, plans=plans
        )
        if prospect is not None:
            prospects.append(prospect)
    return sorted(prospects, key=lambda p: (p.year is None, p.year or 0, p.target))


def project_target(
    *,
    case: Case,
    code: str,
    rule_sets: Sequence[RuleSet],
    overrides: Mapping[str, object] | None,
    horizon: int,
    plans: dict[PlanKey, Plan] | None = None,
) -> Prospect | None:
    now_year = case.target.year
    current = replace(case, target=Target(code, now_year))
    verdict = evaluate_case(
        case=current, rule_sets=rule_sets, overrides=overrides, assume_procedural=True, plans=plans
    )
    if verdict.verdict == NEEDS_RULE:
        return None
    # Missing conditions are the real ones (votes included); reachability assumes the procedure passes.
    actual = evaluate_case(
        case=current, rule_sets=rule_sets, overrides=overrides, assume_procedural=False, plans=plans
    )
    missing = tuple(c.id for c in actual.conditions if c.met is not True)
    name = NAME_VI[code]
    if verdict.verdict == ELIGIBLE:
        detail = f"Đủ điều kiện xét {name} năm {now_year} (còn các bước bình xét, bỏ phiếu nếu có)."
        return Prospect(code, now_year, 0, missing, detail)
    projections = PERSON_PROJECTIONS if case.subject.kind == PERSON else COLLECTIVE_PROJECTIONS
    strongest = projections[-1]
    future = range(now_year + 1, now_year + horizon + 1)
    if all(
        (
            rule := plan_for(
                case=case, code=code, year=y, rule_sets=rule_sets, overrides=overrides, plans=plans
            ).rule
        )
        is None
        or out_of_reach(rule=rule, case=case, projections=projections, year=y)
        for y in future
    ):
        return Prospect(
            code, None, 0, missing, unreachable_detail(verdict=verdict, name=name, horizon=horizon)
        )

    def reaches(year: int, projection: Projection) -> bool:
        projected = project_case(case=case, code=code, year=year, projection=projection)
        result = evaluate_case(
            case=projected,
            rule_sets=rule_sets,
            overrides=overrides,
            assume_procedural=True,
            plans=plans,
            eligible_only=True,
        )
        return result.verdict == ELIGIBLE

    for year in future:
        # Every check is monotone in ratings and titles, so when the strongest projection holds all
        # the lighter one's titles and it does not reach the target, no lighter one does (one
        # evaluation instead of two for each year out of reach).
        if dominates(strongest, projections[0]) and not reaches(year, strongest):
            continue
        for projection in projections:
            if reaches(year, projection):
                extra = year - now_year
                detail = (
                    f"Thêm {extra} năm ({now_year + 1}–{year}) {projection.label} thì có thể đủ điều kiện "
                    f"xét {name} vào năm {year}."
                    if extra > 1
                    else f"Thêm 1 năm ({year}) {projection.label} thì có thể đủ điều kiện xét {name} vào năm {year}."
                )
                return Prospect(code, year, extra, missing, detail)
    return Prospect(code, None, 0, missing, unreachable_detail(verdict=verdict, name=name, horizon=horizon))


def plan_for(
    *,
    case: Case,
    code: str,
    year: int,
    rule_sets: Sequence[RuleSet],
    overrides: Mapping[str, object] | None,
    plans: dict[PlanKey, Plan] | None,
) -> Plan:
    key = (code, year, case.subject.kind, case.rule_set)
    plan = plans.get(key) if plans is not None else None
    if plan is None:
        plan = plan_evaluation(
            target=Target(code, year),
            subject_kind=case.subject.kind,
            requested=case.rule_set,
            rule_sets=rule_sets,
            overrides=overrides,
        )
        if plans is not None:
            plans[key] = plan
    return plan


def unreachable_detail(*, verdict: Verdict, name: str, horizon: int) -> str:
    unmet = " ".join(c.detail for c in verdict.conditions if c.met is not True)
    return f"Chưa thể đạt {name} trong {horizon} năm tới chỉ bằng thành tích hằng năm: {unmet}"


def out_of_reach(*, rule: Rule, case: Case, projections: Sequence[Projection], year: int) -> bool:
    """True when no projection can meet the rule in `year`, so it need not be evaluated: a
    condition asks for a title in that year, which is projected (no record yet) and no projection
    adds that title (CSTĐ-B for CSTĐTQ); or it counts from a prior award the registry has never
    held (BK-TTg for HCLĐ3)."""
    added = {title for projection in projections for title in projection.titles}
    projected = case.record_for(year) is None
    for condition in rule.conditions:
        check = condition.check
        if (
            projected
            and isinstance(check, Every)
            and isinstance(check.predicate, Holds)
            and check.predicate.code not in added
            and isinstance(check.window, Window)
            and check.window.end == 0
            and (isinstance(check.window.start, int) and check.window.start <= 0)
        ):
            return True
        if isinstance(check, SincePrior) and check.anchor not in added:
            held = any(
                entry.code == check.anchor and not entry.revoked
                for record in case.records
                for entry in (*record.titles, *record.awards)
            )
            if not held:
                return True
    return False


def dominates(strong: Projection, weak: Projection) -> bool:
    return RATING_RANK[strong.rating] >= RATING_RANK[weak.rating] and set(weak.titles) <= set(strong.titles)


def project_case(*, case: Case, code: str, year: int, projection: Projection) -> Case:
    recorded = {record.year for record in case.records}
    added = tuple(
        YearRecord(y, projection.rating, tuple(Entry(t) for t in projection.titles))
        for y in range(case.target.year + 1, year + 1)
        if y not in recorded
    )
    records = tuple(sorted((*case.records, *added), key=lambda record: record.year))
    return replace(case, target=Target(code, year), records=records)


@dataclass(frozen=True)
class ReuseFinding:
    kind: str
    detail: str
    years: tuple[int, ...]
    refs: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "detail": self.detail, "years": list(self.years), "refs": list(self.refs)}


def find_reuse(case: Case) -> list[ReuseFinding]:
    """One achievement rewarded twice, duplicate entries and proposals (Law 06/2022 Art. 5 cl. 2)."""
    findings: list[ReuseFinding] = []
    counts = Counter(i.id for i in case.initiatives)
    for ident, count in sorted(counts.items()):
        if count > 1:
            years = tuple(sorted({i.year for i in case.initiatives if i.id == ident}))
            detail = f"Sáng kiến {ident} được khai {count} lần; một sáng kiến chỉ được tính một lần."
            findings.append(ReuseFinding("duplicate_initiative", detail, years, (ident,)))
    held = {
        (record.year, entry.code)
        for record in case.records
        for entry in (*record.titles, *record.awards)
        if not entry.revoked
    }
    for record in case.records:
        live = [e for e in (*record.titles, *record.awards) if not e.revoked]
        for entry_code, count in sorted(Counter(e.code for e in live).items()):
            if count > 1:
                detail = f"Năm {record.year} ghi {count} lần {NAME_VI[entry_code]}."
                findings.append(ReuseFinding("duplicate_entry", detail, (record.year,), (entry_code,)))
        forms = sorted({e.code for e in live if e.code in AWARDS})
        if len(forms) > 1:
            names = ", ".join(NAME_VI[f] for f in forms)
            detail = f"Thành tích năm {record.year} được khen nhiều hình thức ({names}); cần kiểm tra có trùng thành tích không."
            findings.append(ReuseFinding("several_forms_one_year", detail, (record.year,), tuple(forms)))
        state = sorted({e.code for e in live if e.code in STATE_LEVEL})
        if record.year <= 2023 and len(state) > 1:
            # Circular 12/2019/TT-BNV (old regime only): one state-level award a year, with exceptions.
            detail = (
                f"Năm {record.year} có {len(state)} khen thưởng cấp Nhà nước; chế độ cũ chỉ cho phép một."
            )
            findings.append(ReuseFinding("state_awards_same_year", detail, (record.year,), tuple(state)))
        for entry in live:
            findings.extend(
                check_use(
                    use=entry.used_for,
                    ref=entry.code,
                    label=f"{legal_name(entry.code)} năm {record.year}",
                    year=record.year,
                    held=held,
                )
            )
    for initiative in case.initiatives:
        findings.extend(
            check_use(
                use=initiative.used_for,
                ref=initiative.id,
                label=f"Sáng kiến {initiative.id} (năm {initiative.year})",
                year=initiative.year,
                held=held,
            )
        )
    if (case.target.year, case.target.code) in held:
        detail = f"Đã có {NAME_VI[case.target.code]} cho thành tích năm {case.target.year}; đề nghị bị trùng."
        findings.append(ReuseFinding("already_awarded", detail, (case.target.year,), (case.target.key,)))
    return findings


def check_use(
    *, use: str | None, ref: str, label: str, year: int, held: set[tuple[int, str]]
) -> list[ReuseFinding]:
    """`ref` and `use` ("CODE:YEAR") stay codes in the finding's data; `label` names the
    achievement in its sentence, which a clerk reads."""
    if use is None:
        return []
    code, _, used_year_text = use.partition(":")
    used_year = int(used_year_text)
    used = f"{legal_name(code)} năm {used_year}"
    if used_year < year:
        detail = f"{label} được ghi là đã dùng để xét {used}, trước khi có thành tích."
        return [ReuseFinding("use_before_achievement", detail, (year, used_year), (ref, use))]
    if (used_year, code) not in held:
        detail = f"{label} được ghi là đã dùng để xét {used} nhưng sổ không có khen thưởng đó (hoặc đã bị thu hồi)."
        return [ReuseFinding("use_without_award", detail, (year, used_year), (ref, use))]
    return []
