"""The unit's review (bình xét) of its people for a year: each person the unit rates (placement
rule, `thidua.awards.unit_year`) with the engine's verdict for the titles and forms a unit deals
with, computed by the batch evaluator (one set-based read of the histories, the same results as
the single evaluator: tests/awards/test_batch_agreement.py), each with the reasons — the unmet and
the not-yet-known conditions, in the rule set's words.

The quota (CSTĐCS against the LĐTT count) is the rule set's parameter `cstdcs_quota_pct_of_ldtt`
(Decree 91/2017 Art. 9 cl. 3: 15% for achievement years up to 2023; none under Law 06/2022,
domain.md §2.2), with the administrators' stored value when there is one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Count
from django.db.models.functions import Coalesce

from thidua.awards.eligibility.batch import ColumnResult
from thidua.awards.eligibility.codes import HIGHER_REVIEW_TARGETS, NAME_VI, UNIT_REVIEW_TARGETS
from thidua.awards.eligibility.parameters import PARAMETERS
from thidua.awards.eligibility.rulesets import KNOWN_CODES
from thidua.awards.models import Conferral
from thidua.awards.presentation import describe_rule
from thidua.awards.selectors import overrides_for, rule_set_codes_for, stored_parameters
from thidua.awards.services.evaluation import evaluate_people_for_year
from thidua.awards.unit_year import Placement, placements
from thidua.organisations.models import Unit

# What a unit confers itself, then what it proposes upwards (the catalogue's codes).
UNIT_TARGETS = UNIT_REVIEW_TARGETS
HIGHER_TARGETS = HIGHER_REVIEW_TARGETS
REVIEW_TARGETS = UNIT_TARGETS + HIGHER_TARGETS
NO_DATA = "no_data"  # no registry year up to the reviewed year: nothing to evaluate


@dataclass(frozen=True)
class TargetOutcome:
    code: str
    verdict: str
    missing: tuple[str, ...] = ()  # unmet conditions, in the rule set's words
    unknown: tuple[str, ...] = ()  # conditions not yet known (data missing, later steps)

    @property
    def name(self) -> str:
        return NAME_VI[self.code]


@dataclass
class ReviewRow:
    placement: Placement
    outcomes: dict[str, TargetOutcome] = field(default_factory=dict)

    @property
    def person(self):  # type: ignore[no-untyped-def]
        return self.placement.person

    def outcome(self, code: str) -> TargetOutcome:
        return self.outcomes.get(code) or TargetOutcome(code, NO_DATA)

    @property
    def unit_outcomes(self) -> list[TargetOutcome]:
        return [self.outcome(code) for code in UNIT_TARGETS]

    @property
    def higher_outcomes(self) -> list[TargetOutcome]:
        """The higher forms worth showing: met, waiting for data or a decision, or one condition short."""
        shown = []
        for code in HIGHER_TARGETS:
            o = self.outcome(code)
            if o.verdict in ("eligible", "needs_data", "needs_decision") or (
                o.verdict == "not_eligible" and len(o.missing) <= 1
            ):
                shown.append(o)
        return shown


@lru_cache(maxsize=256)
def _condition_texts(rule_set: str, target: str) -> dict[str, str]:
    """Condition id → requirement sentence of the rule that decided (overlay first)."""
    for code in reversed(rule_set.split("+")):
        known = KNOWN_CODES.get(code)
        rule = known.rule_for(target=target, subject_kind="person") if known else None
        if rule is not None:
            return {line.id: line.text for line in describe_rule(rule).conditions}
    return {}


def _outcomes(code: str, result: ColumnResult, ids: list[int]) -> dict[int, TargetOutcome]:
    texts = _condition_texts(result.rule_set, code)
    answer = {}
    for index, person_id in enumerate(ids):
        outcome = result[index]
        missing = tuple(texts.get(cid, cid) for cid, met in outcome.met.items() if met is False)
        unknown = tuple(texts.get(cid, cid) for cid, met in outcome.met.items() if met is None)
        answer[person_id] = TargetOutcome(code, outcome.verdict, missing, unknown)
    return answer


def unit_review(unit: Unit, year: int, *, targets: Sequence[str] = REVIEW_TARGETS) -> list[ReviewRow]:
    """The people the unit reviews for the year, by name, each with a verdict per target."""
    rows = [ReviewRow(p) for p in placements(unit, year) if p.placed_here]
    by_id = {row.person.pk: row for row in rows}

    def collect(ids: list[int], per_target: list[ColumnResult]) -> None:
        for code, result in zip(targets, per_target, strict=True):
            for person_id, outcome in _outcomes(code, result, ids).items():
                by_id[person_id].outcomes[code] = outcome

    if by_id:
        evaluate_people_for_year(year=year, targets=list(targets), person_ids=list(by_id), on_block=collect)
    return rows


def cstdcs_quota_pct(year: int) -> int | None:
    """The share of LĐTT holders a unit may name CSTĐCS in `year` (None: no quota)."""
    stored = stored_parameters()
    overrides = overrides_for(year=year, requested=None, stored=stored)
    if "cstdcs_quota_pct_of_ldtt" in overrides:
        value = overrides["cstdcs_quota_pct_of_ldtt"]
        return None if value is None else int(value)  # type: ignore[call-overload]
    for code in reversed(rule_set_codes_for(year=year, requested=None, stored=stored)):
        rule_set = KNOWN_CODES.get(code)
        if rule_set is not None and "cstdcs_quota_pct_of_ldtt" in rule_set.parameter_defaults:
            value = rule_set.parameter_defaults["cstdcs_quota_pct_of_ldtt"]
            return None if value is None else int(value)  # type: ignore[call-overload]
    default = PARAMETERS["cstdcs_quota_pct_of_ldtt"].default
    return None if default is None else int(default)  # type: ignore[call-overload]


def cstdcs_quota(*, ldtt: int, year: int) -> int | None:
    """How many CSTĐCS fit for `ldtt` LĐTT holders (None: no quota): the largest n with
    n × 100 ≤ pct × ldtt, the engine's own test (`single.py`, `QuotaAvailable`)."""
    pct = cstdcs_quota_pct(year)
    return None if pct is None else (pct * ldtt) // 100


@dataclass(frozen=True)
class YearStatistics:
    people: int
    rated: int
    by_rating: dict[str, int]
    eligible: dict[str, int]
    held: dict[str, int]
    elsewhere: int  # served here during the year, reviewed by another unit


def statistics(year: int, rows: list[ReviewRow], all_placements: int) -> YearStatistics:
    """Counts for the unit head's page, from the review rows and one query for what is held."""
    by_rating: dict[str, int] = {}
    eligible = dict.fromkeys(REVIEW_TARGETS, 0)
    for row in rows:
        record = row.placement.record
        if record is not None and record.rating:
            by_rating[record.rating] = by_rating.get(record.rating, 0) + 1
        for code in REVIEW_TARGETS:
            if row.outcome(code).verdict == "eligible":
                eligible[code] += 1
    held = dict(
        Conferral.objects.filter(
            record__year=year, record__person_id__in=[row.person.pk for row in rows], revoked_on__isnull=True
        )
        .annotate(code=Coalesce("title__code", "award_form__code"))
        .values_list("code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return YearStatistics(
        people=len(rows),
        rated=sum(by_rating.values()),
        by_rating=by_rating,
        eligible=eligible,
        held=held,
        elsewhere=all_placements - len(rows),
    )
