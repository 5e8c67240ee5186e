"""Batch evaluation: the same rule data executed set-wise over many subjects at once.

Each check becomes a bitset of the subjects that meet it, computed year by year with AND/OR over
`columns.Columns`; loops run over years and candidate anchor years, not over rule copies. Only
the thresholds on arrays (ratings, counts) touch subjects one by one. The results carry no
sentences: explanations come from `single.evaluate` for the few subjects a person looks at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import add

from .case import Case, Target
from .codes import COLLECTIVE, DISCIPLINE_RANK, RATING_RANK, SCOPE_RANK
from .columns import Columns, History, flags_to_mask, history_from_cases, mask_to_flags
from .facts import resolve_int, run_start, window_years
from .model import (
    AbsenceUnderLimit,
    AnyOf,
    AtLeast,
    Check,
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
    Rule,
    RuleSet,
    SincePrior,
    When,
    WorkedEnough,
    YearPredicate,
)
from .parameters import bool_param, int_param, optional_int_param, str_param
from .planning import plan_evaluation
from .rulesets import NATIONAL_RULE_SETS
from .verdict import ELIGIBLE, LINEAGE_ID, NEEDS_DECISION, NEEDS_RULE, NOT_ELIGIBLE


@dataclass(frozen=True)
class BatchOutcome:
    verdict: str
    rule_set: str
    met: Mapping[str, bool]


@dataclass(frozen=True)
class ColumnResult(Sequence[BatchOutcome]):
    """One rule over a block of subjects; also a sequence of per-subject `BatchOutcome`s."""

    rule_set: str
    condition_ids: tuple[str, ...]
    met: Mapping[str, int]  # condition id -> bitset of subjects meeting it
    verdicts: tuple[str, ...]
    # condition id -> "0"/"1" per subject, filled once (reading bit i of a big int is O(size))
    flags: Mapping[str, str] = field(default_factory=dict, compare=False)

    def met_for(self, index: int) -> dict[str, bool]:
        flags = self.flags or {cid: mask_to_flags(self.met[cid], len(self.verdicts)) for cid in self.met}
        return {cid: flags[cid][index] == "1" for cid in self.condition_ids}

    def __len__(self) -> int:
        return len(self.verdicts)

    def __getitem__(self, index: int) -> BatchOutcome:  # type: ignore[override]
        return BatchOutcome(self.verdicts[index], self.rule_set, self.met_for(index))

    def __iter__(self) -> Iterator[BatchOutcome]:
        for index in range(len(self.verdicts)):
            yield self[index]


def mask_where(values: Sequence[int], test: Callable[[int], bool]) -> int:
    """Bitset of the subjects whose value passes `test` (linear: one flag byte per subject)."""
    return flags_to_mask(bytes(map(test, values)))


@dataclass(frozen=True)
class Executor:
    columns: Columns
    params: Mapping[str, object]
    cache: dict[tuple[YearPredicate, int], int] = field(default_factory=dict, compare=False)

    def predicate_mask(self, predicate: YearPredicate, year: int) -> int:
        key = (predicate, year)
        mask = self.cache.get(key)
        if mask is None:
            mask = self.cache[key] = self._predicate_mask(predicate, year)
        return mask

    def _predicate_mask(self, predicate: YearPredicate, year: int) -> int:
        column = self.columns.years.get(year)
        if column is None:
            return 0
        params = self.params
        if isinstance(predicate, RatingAtLeast):
            minimum = RATING_RANK[predicate.minimum]
            return mask_where(column.rating, lambda rank: rank >= minimum)
        if isinstance(predicate, Holds):
            return column.holds.get(predicate.code, 0)
        if isinstance(predicate, WorkedEnough):
            least = int_param(params, "min_months_worked")
            return column.present & mask_where(column.months, lambda months: months >= least)
        if isinstance(predicate, AbsenceUnderLimit):
            limit = int_param(params, "absence_limit_days")
            return column.present & mask_where(column.absence, lambda days: days < limit)
        if isinstance(predicate, NoExcludingDiscipline):
            form = DISCIPLINE_RANK[str_param(params, "discipline_exclusion_min_form")]
            return column.present & mask_where(column.discipline, lambda rank: rank < form)
        raise TypeError(predicate)

    def check_mask(self, check: Check, run: tuple[int, int] | None) -> int:
        columns, params = self.columns, self.params
        everyone = columns.everyone
        if isinstance(check, Every | AtLeast | Initiatives):
            first, last = window_years(
                window=check.window, target_year=columns.target.year, run=run, params=params
            )
            if isinstance(check, Initiatives):
                return self.initiatives_mask(check, first, last)
            masks = [self.predicate_mask(check.predicate, year) for year in range(first, last + 1)]
            if isinstance(check, Every):
                result = everyone if masks else 0
                for mask in masks:
                    result &= mask
                return result
            return count_at_least(masks, resolve_int(value=check.count, params=params), everyone)
        if isinstance(check, MemberShare):
            return self.member_share_mask(check)
        if isinstance(check, MemberCount):
            low, high = check.minimum, check.maximum
            return columns.members_present & mask_where(
                columns.members[check.field],
                lambda n: (low is None or n >= low) and (high is None or n <= high),
            )
        if isinstance(check, ClusterLead | CouncilVote | QuotaAvailable):
            return self.procedure_mask(check)
        if isinstance(check, AnyOf | ModeOf):
            masks = [self.check_mask(option, run) for option in check.options]
            if isinstance(check, ModeOf) and str_param(params, check.mode.name) == "both":
                result = everyone
                for mask in masks:
                    result &= mask
                return result
            result = 0
            for mask in masks:
                result |= mask
            return result
        if isinstance(check, When):
            return self.check_mask(check.check, run) if bool_param(params, check.flag.name) else everyone
        raise TypeError(check)

    def initiatives_mask(self, check: Initiatives, first: int, last: int) -> int:
        needed = resolve_int(value=check.count, params=self.params)
        totals: Sequence[int] = (0,) * self.columns.size
        scopes = [s for s, rank in SCOPE_RANK.items() if rank >= SCOPE_RANK[check.min_scope]]
        for year in range(first, last + 1):
            column = self.columns.years.get(year)
            if column is None:
                continue
            for scope in scopes:
                counts = column.initiatives.get(scope)
                if counts is not None:
                    totals = list(map(add, totals, counts))
        return mask_where(totals, lambda total: total >= needed)

    def member_share_mask(self, check: MemberShare) -> int:
        pct = resolve_int(value=check.pct, params=self.params)
        counts = self.columns.members[check.field]
        totals = self.columns.members["total"]
        pairs = zip(counts, totals, strict=True)
        if check.strict:
            flags = bytes(count * 100 > pct * total for count, total in pairs)
        else:
            flags = bytes(count * 100 >= pct * total for count, total in pairs)
        return flags_to_mask(flags) & self.columns.members_present

    def procedure_mask(self, check: ClusterLead | CouncilVote | QuotaAvailable) -> int:
        columns, params = self.columns, self.params
        if isinstance(check, ClusterLead):
            default = int_param(params, "flags_per_cluster")
            return flags_to_mask(
                bytes(
                    rank is not None and rank <= (flags if flags is not None else default)
                    for rank, flags in zip(columns.cluster_rank, columns.flags_per_cluster, strict=True)
                )
            )
        if isinstance(check, CouncilVote):
            pct = int_param(params, "council_threshold_pct")
            votes = zip(columns.council_members, columns.council_in_favour, strict=True)
            return flags_to_mask(
                bytes(
                    members is not None and in_favour is not None and in_favour * 100 >= pct * members
                    for members, in_favour in votes
                )
            )
        quota = optional_int_param(params, "cstdcs_quota_pct_of_ldtt")
        if quota is None:
            return columns.everyone
        pairs = zip(columns.unit_ldtt_holders, columns.unit_cstdcs_approved, strict=True)
        return flags_to_mask(
            bytes(
                holders is not None and approved is not None and (approved + 1) * 100 <= quota * holders
                for holders, approved in pairs
            )
        )

    def since_prior_masks(self, check: SincePrior) -> list[int]:
        """[head, part...] bitsets, choosing the anchor year exactly as `single` does."""
        year = self.columns.target.year
        min_years = resolve_int(value=check.min_years, params=self.params)
        anchor_years = sorted((y for y in self.columns.years if y < year), reverse=True)
        anchors = {y: self.predicate_mask(Holds(check.anchor), y) for y in anchor_years}
        long_enough: dict[int, bool] = {}
        parts: dict[int, list[int]] = {}
        for anchor in anchor_years:
            start = run_start(anchor_year=anchor, params=self.params)
            long_enough[anchor] = year - start + 1 >= min_years
            parts[anchor] = [self.check_mask(part.check, (start, year)) for part in check.parts]
        head = 0
        met = [0] * len(check.parts)
        assigned = 0
        # 1: the latest anchor whose run is long enough and meets every part.
        for anchor in anchor_years:
            all_parts = self.columns.everyone
            for mask in parts[anchor]:
                all_parts &= mask
            chosen = anchors[anchor] & ~assigned & all_parts if long_enough[anchor] else 0
            head |= chosen
            met = [m | chosen for m in met]
            assigned |= chosen
        # 2: else the latest anchor with a long enough run; 3: else the latest anchor at all.
        for only_long in (True, False):
            for anchor in anchor_years:
                if only_long and not long_enough[anchor]:
                    continue
                chosen = anchors[anchor] & ~assigned
                if only_long:
                    head |= chosen
                met = [m | (chosen & p) for m, p in zip(met, parts[anchor], strict=True)]
                assigned |= chosen
        return [head, *met]


def count_at_least(masks: Sequence[int], needed: int, everyone: int) -> int:
    """Subjects set in at least `needed` of the masks (a bit-sliced running count)."""
    if needed <= 0:
        return everyone
    reached = [everyone] + [0] * needed  # reached[k]: subjects seen in at least k masks so far
    for mask in masks:
        for k in range(needed, 0, -1):
            reached[k] |= reached[k - 1] & mask
    return reached[needed]


def condition_ids(*, rule: Rule, subject_kind: str) -> tuple[str, ...]:
    ids: list[str] = []
    for condition in rule.conditions:
        ids.append(condition.id)
        if isinstance(condition.check, SincePrior):
            ids.extend(part.id for part in condition.check.parts)
    if subject_kind == COLLECTIVE:
        ids.append(LINEAGE_ID)
    return tuple(ids)


def evaluate_columns(
    *, columns: Columns, rule: Rule, rule_set_code: str, subject_kind: str, params: Mapping[str, object]
) -> ColumnResult:
    """Run one rule over columns; the verdict logic mirrors `verdict.decide_verdict`."""
    executor = Executor(columns, params)
    met: dict[str, int] = {}
    for condition in rule.conditions:
        met.update(execute_condition(executor=executor, condition=condition))
    everyone = columns.everyone
    undecided = 0
    if subject_kind == COLLECTIVE:
        undecided = 0 if bool_param(params, "inherit_merged_history") else columns.inherited
        met[LINEAGE_ID] = everyone & ~undecided
    all_met = everyone
    for mask in met.values():
        all_met &= mask
    size = columns.size
    # verdict code per subject: 2 needs_decision, 1 eligible, 0 not eligible
    codes = (
        mask_to_flags(all_met & ~undecided, size)
        if not undecided
        else "".join(
            "2" if u == "1" else e
            for u, e in zip(mask_to_flags(undecided, size), mask_to_flags(all_met, size), strict=True)
        )
    )
    names = {"0": NOT_ELIGIBLE, "1": ELIGIBLE, "2": NEEDS_DECISION}
    verdicts = tuple(map(names.__getitem__, codes))
    ids = condition_ids(rule=rule, subject_kind=subject_kind)
    flags = {cid: mask_to_flags(met[cid], size) for cid in ids}
    return ColumnResult(rule_set_code, ids, met, verdicts, flags)


def execute_condition(*, executor: Executor, condition: Condition) -> dict[str, int]:
    check = condition.check
    if isinstance(check, SincePrior):
        masks = executor.since_prior_masks(check)
        ids = [condition.id, *(part.id for part in check.parts)]
        return dict(zip(ids, masks, strict=True))
    return {condition.id: executor.check_mask(check, None)}


def evaluate_history(
    *,
    history: History,
    target: Target,
    subject_kind: str,
    rule_sets: Sequence[RuleSet] = NATIONAL_RULE_SETS,
    overrides: Mapping[str, object] | None = None,
    requested: str | None = None,
) -> ColumnResult:
    """Every subject of `history` (filled from registry rows) for one target: the batch entry point.

    The rule, rule set and parameters come from `planning.plan_evaluation`, exactly as for
    `single.evaluate`; only the execution differs.
    """
    plan = plan_evaluation(
        target=target,
        subject_kind=subject_kind,
        requested=requested,
        rule_sets=rule_sets,
        overrides=overrides,
    )
    if plan.rule is None:
        assert plan.missing is not None
        size = history.size
        return ColumnResult(
            plan.rule_set_code,
            (plan.missing.id,),
            {plan.missing.id: 0},
            (NEEDS_RULE,) * size,
            {plan.missing.id: "0" * size},
        )
    columns = history.columns(target=target, params=plan.params)
    return evaluate_columns(
        columns=columns,
        rule=plan.rule,
        rule_set_code=plan.rule_set_code,
        subject_kind=subject_kind,
        params=plan.params,
    )


def evaluate_batch(
    cases: Sequence[Case],
    *,
    rule_sets: Sequence[RuleSet] = NATIONAL_RULE_SETS,
    overrides: Mapping[str, object] | None = None,
) -> list[BatchOutcome]:
    """Evaluate many cases, grouped by target, subject kind and requested rule set; input order kept."""
    groups: dict[tuple[Target, str, str | None], list[int]] = {}
    for index, case in enumerate(cases):
        groups.setdefault((case.target, case.subject.kind, case.rule_set), []).append(index)
    outcomes: dict[int, BatchOutcome] = {}
    for (target, kind, requested), indexes in groups.items():
        result = evaluate_history(
            history=history_from_cases([cases[i] for i in indexes]),
            target=target,
            subject_kind=kind,
            rule_sets=rule_sets,
            overrides=overrides,
            requested=requested,
        )
        for position, index in enumerate(indexes):
            outcomes[index] = result[position]
    return [outcomes[index] for index in range(len(cases))]
