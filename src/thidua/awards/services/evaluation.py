"""Wiring the eligibility engine to the registry: one subject, a posted case, the whole registry."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from thidua.awards.batch_io import (
    OutcomeBook,
    iter_person_histories,
    write_person_results,
)
from thidua.awards.eligibility import ALL_RULE_SETS, Case, Target, Verdict, evaluate, parse_case
from thidua.awards.eligibility.batch import ColumnResult, evaluate_batch, evaluate_history
from thidua.awards.eligibility.codes import ARMED_FORCES_TITLES, NAME_VI, codes_for_kind
from thidua.awards.eligibility.outlook import Prospect, ReuseFinding, find_reuse, outlook
from thidua.awards.eligibility.parameters import PARAMETERS, check_parameter
from thidua.awards.eligibility.planning import Plan
from thidua.awards.eligibility.rulesets import KNOWN_CODES
from thidua.awards.eligibility.single import PlanKey
from thidua.awards.models import (
    EligibilityOutcome,
    EligibilityResult,
    EligibilityRun,
    RuleParameter,
    YearRecord,
    encode_outcomes,
)
from thidua.awards.selectors import (
    Subjectish,
    build_case,
    build_unit_cases,
    overrides_for,
    stored_parameters,
    subject_kind,
)
from thidua.core.audit import record_audit, snapshot
from thidua.core.errors import InvalidInput
from thidua.core.jobs import finish_progress, report_progress
from thidua.core.rules import require
from thidua.core.years import RECORD_YEARS, check_year
from thidua.organisations.models import Unit


def _check_target(*, subject: Subjectish, target_code: str, year: int) -> None:
    check_year(year, years=RECORD_YEARS)
    kind = subject_kind(subject)
    if target_code not in codes_for_kind(kind):
        who = "cá nhân" if kind == "person" else "tập thể"
        raise InvalidInput(
            f"target: «{target_code}» không dùng để xét cho {who}.", fields={"target": "invalid"}
        )


def evaluate_subject(
    *, actor: Any, subject: Subjectish, target_code: str, year: int, rule_set: str | None = None
) -> Verdict:
    """The verdict for a stored subject, with the administrators' parameters as overrides."""
    require(actor, "awards.view_registry", subject)
    _check_target(subject=subject, target_code=target_code, year=year)
    if rule_set is not None and rule_set not in KNOWN_CODES:
        raise InvalidInput(f"rule_set: bộ quy tắc «{rule_set}» không có.", fields={"rule_set": "unknown"})
    overrides = overrides_for(year=year, requested=rule_set)
    case = build_case(subject=subject, target_code=target_code, year=year, rule_set=rule_set)
    return evaluate(case, rule_sets=ALL_RULE_SETS, overrides=overrides)


def check_case(*, actor: Any, data: object) -> dict[str, object]:
    """Evaluate a posted case file (CLI and API): parse strictly, evaluate, answer `as_dict()`."""
    require(actor, "awards.check_case")
    if not isinstance(data, dict):
        raise InvalidInput(
            "case: phải là một đối tượng JSON.", fields={"case": "phải là một đối tượng JSON."}
        )
    case = parse_case(data, rule_sets=ALL_RULE_SETS)
    overrides = overrides_for(year=case.target.year, requested=case.rule_set)
    return evaluate(case, rule_sets=ALL_RULE_SETS, overrides=overrides).as_dict()


@transaction.atomic
def set_rule_parameter(*, actor: Any, rule_set: str, name: str, value: object) -> RuleParameter | None:
    """Set (or, with value == the engine default and no row, leave) one named parameter of a rule set."""
    require(actor, "awards.change_parameters")
    if rule_set not in KNOWN_CODES:
        raise InvalidInput(f"Bộ quy tắc «{rule_set}» không có.", fields={"rule_set": "unknown"})
    if name not in PARAMETERS:
        raise InvalidInput(f"Tham số «{name}» không có.", fields={"name": "unknown"})
    value = check_parameter(name=name, value=value, field=name)
    row = RuleParameter.objects.select_for_update().filter(rule_set=rule_set, name=name).first()
    before = snapshot(row) if row else None
    if row is None:
        row = RuleParameter(rule_set=rule_set, name=name)
    row.value = value
    row.changed_by = actor if getattr(actor, "pk", None) else None
    row.save()
    record_audit(actor=actor, action="awards.parameter.set", target=row, before=before, after=snapshot(row))
    return row


# --- outlook ---------------------------------------------------------------------------------------

# the registry's units and people are civilian (UnitKind has no armed-forces kind)
ARMED_FORCES_TARGETS = ARMED_FORCES_TITLES


def targets_for(subject: Subjectish) -> list[str]:
    """The titles and award forms a page offers for this subject, in the catalogue's order of names."""
    return sorted(code for code in codes_for_kind(subject_kind(subject)) if code not in ARMED_FORCES_TARGETS)


@dataclass(frozen=True)
class OutlookItem:
    target: str
    year: int
    verdict: str
    missing: tuple[str, ...]  # the unmet conditions' sentences
    unknown: tuple[str, ...] = ()  # not yet known for want of data
    pending: tuple[str, ...] = ()  # later procedural steps (vote, ranking, quota)
    rule_set: str = ""

    @property
    def name(self) -> str:
        return NAME_VI[self.target]


def outlook_for(*, actor: Any, subject: Subjectish, year: int, max_missing: int = 2) -> list[OutlookItem]:
    """The verdict for every target that applies to the subject in `year` (the unit timeline's
    table): targets not met for want of at most `max_missing` conditions, plus the eligible ones
    and those waiting for data, an agency rule or a recorded decision. The person page uses
    `prospects_for`.
    """
    require(actor, "awards.view_registry", subject)
    check_year(year, years=RECORD_YEARS)
    items: list[OutlookItem] = []
    stored = stored_parameters()
    overrides = overrides_for(year=year, requested=None, stored=stored)
    base = build_case(
        subject=subject, target_code="LDTT" if subject_kind(subject) == "person" else "TTLDTT", year=year
    )
    for code in targets_for(subject):
        case = Case(
            base.subject, Target(code, year), base.records, base.initiatives, base.members, base.context
        )
        verdict = evaluate(case, rule_sets=ALL_RULE_SETS, overrides=overrides)
        unmet = tuple(c.detail for c in verdict.conditions if c.met is False)
        if verdict.verdict != "not_eligible" or len(unmet) <= max_missing:
            items.append(
                OutlookItem(
                    code,
                    year,
                    verdict.verdict,
                    unmet,
                    tuple(c.detail for c in verdict.missing_data),
                    tuple(c.detail for c in verdict.pending_steps),
                    verdict.rule_set,
                )
            )
    return items


@dataclass(frozen=True)
class Prospects:
    """The engine's outlook for one subject and its reuse findings, for the eligibility page."""

    prospects: list[Prospect]  # every target with a rule: reachable now, later, or not by annual results
    findings: list[ReuseFinding]  # duplicates, one achievement used twice, uses without an award


def prospects_for(
    *, actor: Any, subject: Subjectish, target_code: str, year: int, rule_set: str | None = None
) -> Prospects:
    """`eligibility.outlook` and `eligibility.find_reuse` over the subject's registry up to `year`
    (the case of `target_code`, so a proposal repeating an award held for that year is flagged)."""
    require(actor, "awards.view_registry", subject)
    _check_target(subject=subject, target_code=target_code, year=year)
    overrides = overrides_for(year=year, requested=rule_set)
    case = build_case(subject=subject, target_code=target_code, year=year, rule_set=rule_set)
    return Prospects(
        outlook(case, rule_sets=ALL_RULE_SETS, overrides=overrides),
        find_reuse(case),
    )


@dataclass(frozen=True)
class PersonPage:
    """Everything the person eligibility page shows, from one case and one read of the parameters."""

    verdict: Verdict  # the chosen target
    prospects: Prospects  # every target's outlook and the reuse findings


# Plans (rule, rule set, resolved parameters) per target, year and administrators' parameter values:
# pure data of ALL_RULE_SETS, so they are kept across requests; a change of parameters is a new key.
_PLANS: dict[tuple[tuple[tuple[str, object], ...], PlanKey], Plan] = {}


class _PlanCache(dict[PlanKey, Plan]):
    """A view of `_PLANS` for one set of overrides, handed to the engine's `outlook`."""

    def __init__(self, overrides: Mapping[str, object]) -> None:
        super().__init__()
        self.prefix = tuple(sorted(overrides.items()))

    def get(self, key: PlanKey, default: Plan | None = None) -> Plan | None:  # type: ignore[override]
        return _PLANS.get((self.prefix, key), default)

    def __setitem__(self, key: PlanKey, value: Plan) -> None:
        if len(_PLANS) > 10_000:
            _PLANS.clear()
        _PLANS[(self.prefix, key)] = value


def person_page(
    *, actor: Any, subject: Subjectish, target_code: str, year: int, rule_set: str | None = None
) -> PersonPage:
    """The page's verdict and outlook: the registry is read once (`build_case`) and the stored
    parameters once, instead of once per target (issue 15 item 2)."""
    require(actor, "awards.view_registry", subject)
    _check_target(subject=subject, target_code=target_code, year=year)
    if rule_set is not None and rule_set not in KNOWN_CODES:
        raise InvalidInput(f"rule_set: bộ quy tắc «{rule_set}» không có.", fields={"rule_set": "unknown"})
    overrides = overrides_for(year=year, requested=rule_set)
    case = build_case(subject=subject, target_code=target_code, year=year, rule_set=rule_set)
    verdict = evaluate(case, rule_sets=ALL_RULE_SETS, overrides=overrides)
    prospects = Prospects(
        outlook(
            case,
            rule_sets=ALL_RULE_SETS,
            overrides=overrides,
            targets=targets_for(subject),
            plans=_PlanCache(overrides),
        ),
        find_reuse(case),
    )
    return PersonPage(verdict, prospects)


# --- batch -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    verdict: str
    rule_set: str
    met: Mapping[str, bool | None]


def evaluate_many(cases: Sequence[Case], *, overrides: Mapping[str, object]) -> list[Outcome]:
    """A few cases through the engine's batch evaluator (collectives, small lists)."""
    return [
        Outcome(o.verdict, o.rule_set, dict(o.met))
        for o in evaluate_batch(cases, rule_sets=ALL_RULE_SETS, overrides=overrides)
    ]


PERSON_TARGETS = tuple(sorted(codes_for_kind("person")))
COLLECTIVE_TARGETS = tuple(sorted(codes_for_kind("collective")))


def evaluate_people_for_year(
    *,
    year: int,
    targets: Sequence[str] = PERSON_TARGETS,
    block_size: int = 50_000,
    person_ids: Sequence[int] | None = None,
    on_block: Callable[[list[int], list[ColumnResult]], None] | None = None,
    progress: Callable[[int], None] | None = None,
    timings: dict[str, float] | None = None,
) -> int:
    """Feed every person's history (set-based reads, block by block) to the batch evaluator.

    `on_block(ids, per_target)` gets, per target, the engine's `ColumnResult`: a sequence of
    per-person outcomes (verdict, rule set, met flags) in the order of `ids`, plus `verdicts`.
    `timings`, when given, accumulates seconds per step: "read" (rows into columns), "evaluate",
    "write" (`on_block`).
    """
    overrides = overrides_for(year=year, requested=None)
    done = 0
    spent = timings if timings is not None else {}
    for step in ("read", "evaluate", "write"):
        spent.setdefault(step, 0.0)
    histories = iter_person_histories(year=year, block_size=block_size, person_ids=person_ids)
    while True:
        started = time.perf_counter()
        block = next(histories, None)
        spent["read"] += time.perf_counter() - started
        if block is None:
            break
        ids, history = block
        started = time.perf_counter()
        per_target = [
            evaluate_history(
                history=history,
                target=Target(code, year),
                subject_kind="person",
                rule_sets=ALL_RULE_SETS,
                overrides=overrides,
            )
            for code in targets
        ]
        spent["evaluate"] += time.perf_counter() - started
        started = time.perf_counter()
        if on_block is not None:
            on_block(ids, per_target)
        spent["write"] += time.perf_counter() - started
        done += len(ids)
        if progress is not None:
            progress(done)
    return done


def run_batch(
    *,
    actor: Any,
    year: int,
    progress_id: int | None = None,
    targets: Sequence[str] = PERSON_TARGETS,
    timings: dict[str, float] | None = None,
) -> EligibilityRun:
    """Evaluate the whole registry for `year` and store, per subject, its outcome for every target
    (a row per subject, pointing at the run's distinct outcomes: `batch_io`)."""
    require(actor, "awards.run_batch")
    check_year(year, years=RECORD_YEARS)
    overrides = overrides_for(year=year, requested=None)  # raises for a year before every rule set
    run = EligibilityRun.objects.create(year=year)
    book = OutcomeBook()
    written = 0

    def store(ids: list[int], per_target: list[ColumnResult]) -> None:
        nonlocal written
        write_person_results(run=run, book=book, ids=ids, targets=targets, per_target=per_target)
        written += len(ids) * len(targets)

    def progress(done: int) -> None:
        report_progress(progress_id=progress_id, done=done, total=0, message=f"Đã xét {done} cá nhân")

    try:
        people = evaluate_people_for_year(
            year=year, targets=targets, on_block=store, progress=progress, timings=timings
        )
        # EXISTS by the unit's index, not a join over every person's records and a DISTINCT
        with_records = YearRecord.objects.filter(unit=OuterRef("pk"), year__lte=year)
        units = list(Unit.objects.filter(Exists(with_records)).order_by("pk"))
        unit_rows = []
        for start in range(0, len(units), 1000):
            chunk = units[start : start + 1000]
            # The chunk's registry in a fixed number of queries (the case differs per target only
            # in its target); every unit and target of the chunk goes through the batch evaluator.
            cases = build_unit_cases(units=chunk, target_code=COLLECTIVE_TARGETS[0], year=year)
            outcomes = evaluate_many(
                [replace(case, target=Target(code, year)) for case in cases for code in COLLECTIVE_TARGETS],
                overrides=overrides,
            )
            for index, unit in enumerate(chunk):
                mine = outcomes[index * len(COLLECTIVE_TARGETS) : (index + 1) * len(COLLECTIVE_TARGETS)]
                numbers = [
                    book.number(target=code, verdict=o.verdict, rule_set=o.rule_set, met=o.met)
                    for code, o in zip(COLLECTIVE_TARGETS, mine, strict=True)
                ]
                unit_rows.append(EligibilityResult(run=run, unit=unit, outcomes=encode_outcomes(numbers)))
        EligibilityResult.objects.bulk_create(unit_rows, batch_size=5000)
        book.save(run=run)
    except Exception:
        # A failed run leaves the previous results in place and no half-written run behind.
        EligibilityResult.objects.filter(run=run).delete()
        run.delete()
        finish_progress(progress_id=progress_id, message="Không hoàn thành được lượt xét.", failed=True)
        raise
    with transaction.atomic():
        # Only a finished run replaces the year's earlier results (readers never see a gap).
        # By run ids, not a join: Django deletes a joined queryset through a subquery of 2 million
        # primary keys (19 s at national scale against a few seconds for a plain DELETE).
        earlier = list(
            EligibilityRun.objects.filter(year=year).exclude(pk=run.pk).values_list("pk", flat=True)
        )
        EligibilityResult.objects.filter(run_id__in=earlier).delete()
        EligibilityOutcome.objects.filter(run_id__in=earlier).delete()
        run.subjects = people + len(units)
        run.results = written + len(units) * len(COLLECTIVE_TARGETS)  # counted, not re-read
        run.finished_at = timezone.now()
        run.save(update_fields=["subjects", "results", "finished_at"])
        record_audit(actor=actor, action="awards.batch.run", target=run, after=snapshot(run))
    finish_progress(
        progress_id=progress_id, message=f"Xong: {run.subjects} đối tượng, {run.results} kết quả."
    )
    return run
