"""Reads of the registry: timelines, lists, and the engine's `Case` built from registry rows.

The batch inputs are read set-wise: one query per table for a whole block of subjects and the
year window, never one query per subject (see `iter_person_histories`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from thidua.awards.eligibility import Case, Context, Entry, Members, Subject, Target
from thidua.awards.eligibility import Initiative as EngineInitiative
from thidua.awards.eligibility import YearRecord as EngineYear
from thidua.awards.eligibility.codes import DISCIPLINE_RANK, RATING_RANK
from thidua.awards.eligibility.parameters import PARAMETERS
from thidua.awards.eligibility.rulesets import ALL_RULE_SETS, KNOWN_CODES, base_code_for_year
from thidua.awards.models import (
    AwardForm,
    Conferral,
    EligibilityOutcome,
    EligibilityResult,
    EligibilityRun,
    Initiative,
    RuleParameter,
    Title,
    YearRecord,
    decode_outcomes,
)
from thidua.core.errors import InvalidInput
from thidua.organisations.models import Person, Position, Unit
from thidua.organisations.selectors import visible_people

Subjectish = Person | Unit

# The rule set that governs 2023 by default stores the transition parameter.
TRANSITION_HOLDER = "OLD_2017"


def subject_filter(subject: Subjectish, *, prefix: str = "") -> Q:
    if isinstance(subject, Person):
        return Q(**{f"{prefix}person": subject})
    return Q(**{f"{prefix}unit": subject})


def subject_kind(subject: Subjectish) -> str:
    return "person" if isinstance(subject, Person) else "collective"


# --- timelines -----------------------------------------------------------------------------------


@dataclass
class TimelineYear:
    year: int
    record: YearRecord | None
    titles: list[Conferral] = field(default_factory=list)
    awards: list[Conferral] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)


def conferrals_queryset() -> QuerySet[Conferral]:
    return Conferral.objects.select_related("title", "award_form", "decision").order_by("id")


def timeline(subject: Subjectish) -> list[TimelineYear]:
    """Every year of a subject's registry, newest first, in two queries (records+entries, initiatives)."""
    records = (
        YearRecord.objects.filter(subject_filter(subject))
        .prefetch_related(Prefetch("conferrals", queryset=conferrals_queryset()))
        .order_by("year")
    )
    years: dict[int, TimelineYear] = {}
    for record in records:
        row = years.setdefault(record.year, TimelineYear(record.year, record))
        for conferral in record.conferrals.all():
            (row.titles if conferral.is_title else row.awards).append(conferral)
    for initiative in Initiative.objects.filter(subject_filter(subject)).order_by("year", "code"):
        years.setdefault(initiative.year, TimelineYear(initiative.year, None)).initiatives.append(initiative)
    return [years[y] for y in sorted(years, reverse=True)]


def latest_year_with_data(subject: Subjectish, *, default: int) -> int:
    """The newest achievement year with a record or an initiative (pages open on it, not on the
    calendar year, whose record is usually not entered yet); `default` when there is none."""
    years = [
        YearRecord.objects.filter(subject_filter(subject))
        .order_by("-year")
        .values_list("year", flat=True)
        .first(),
        Initiative.objects.filter(subject_filter(subject))
        .order_by("-year")
        .values_list("year", flat=True)
        .first(),
    ]
    known = [y for y in years if y is not None and y <= default]
    return max(known) if known else default


def registry_people(user: Any) -> QuerySet[Person]:
    """People the user may see, with how many titles/awards (not revoked) they hold.

    The counts are correlated subqueries, not a join and GROUP BY: the database sorts the people
    reached and counts for the page's fifty only (a ministry reaches tens of thousands; measured in
    benchmarks/access_bench.py), and the page's total does not compute them at all."""
    held = (
        Conferral.objects.filter(record__person=OuterRef("pk"), revoked_on__isnull=True)
        .order_by()
        .values("record__person")
        .annotate(n=Count("pk"))
        .values("n")
    )
    years = (
        YearRecord.objects.filter(person=OuterRef("pk"))
        .order_by()
        .values("person")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        visible_people(user)
        .annotate(held=Coalesce(Subquery(held), 0), years=Coalesce(Subquery(years), 0))
        .order_by("sort_key", "id")
    )


def catalogue() -> tuple[list[Title], list[AwardForm]]:
    return list(Title.objects.order_by("rank")), list(AwardForm.objects.order_by("rank"))


# --- parameters ----------------------------------------------------------------------------------


def stored_parameters() -> dict[tuple[str, str], object]:
    return {(p.rule_set, p.name): p.value for p in RuleParameter.objects.all()}


def rule_set_codes_for(
    *, year: int, requested: str | None, stored: Mapping[tuple[str, str], object]
) -> list[str]:
    """The rule sets whose stored parameters apply: the national one in force, then the overlay."""
    transition = stored.get(
        (TRANSITION_HOLDER, "year_2023_rule_set"), PARAMETERS["year_2023_rule_set"].default
    )
    try:
        base = base_code_for_year(year=year, year_2023_rule_set=str(transition))
    except ValueError:
        raise InvalidInput(
            f"target.year: năm {year} trước mọi bộ quy tắc đã có.", fields={"target.year": "range"}
        ) from None
    if requested is None:
        return [base]
    chosen = KNOWN_CODES.get(requested)
    if chosen is not None and chosen.is_overlay:
        return [base, requested]
    return [requested]


def overrides_for(
    *, year: int, requested: str | None, stored: Mapping[tuple[str, str], object] | None = None
) -> dict[str, object]:
    """Administrators' parameter values for the rule set(s) that will decide this year."""
    values = stored if stored is not None else stored_parameters()
    result: dict[str, object] = {}
    if (TRANSITION_HOLDER, "year_2023_rule_set") in values:
        result["year_2023_rule_set"] = values[(TRANSITION_HOLDER, "year_2023_rule_set")]
    for code in rule_set_codes_for(year=year, requested=requested, stored=values):
        for (rule_set, name), value in values.items():
            if rule_set == code:
                result[name] = value
    return result


# --- building cases ------------------------------------------------------------------------------


def to_engine_year(
    row: tuple[int, str, str, int, int, int], entries: Sequence[tuple[str, bool, str, bool]]
) -> EngineYear:
    """(year, rating, discipline, months, leave, absence) + [(code, is_title, used_for, revoked)]."""
    year, rating, discipline, months, leave, absence = row
    titles = tuple(
        Entry(code, revoked, used_for or None) for code, is_title, used_for, revoked in entries if is_title
    )
    awards = tuple(
        Entry(code, revoked, used_for or None)
        for code, is_title, used_for, revoked in entries
        if not is_title
    )
    return EngineYear(
        year=year,
        rating=rating or None,
        titles=titles,
        awards=awards,
        discipline=discipline or None,
        months_worked=min(months, 12 - min(leave, 12)),
        statutory_leave_months=min(leave, 12),
        absence_days=absence,
    )


RECORD_FIELDS = ("year", "rating", "discipline", "months_worked", "statutory_leave_months", "absence_days")


def _entry_tuple(
    title_code: str | None, award_code: str | None, used_for: str, revoked_on: Any
) -> tuple[str, bool, str, bool]:
    return (title_code or award_code or "", title_code is not None, used_for, revoked_on is not None)


def unit_contexts(units: Sequence[Unit], year: int) -> dict[int, tuple[Members | None, Context]]:
    """Per unit: the counts over the people who held a post in it during the year (positions +
    registry) and the codes of the units it directly took the place of (merge, split or rename).
    A fixed number of queries for any number of units (the batch run asks for 1,000 at a time)."""
    posts = (
        Position.objects.filter(unit__in=units, start__year__lte=year)
        .filter(Q(end__isnull=True) | Q(end__year__gte=year))
        .order_by()
    )
    members: dict[int, set[int]] = defaultdict(set)
    for unit_id, person_id in posts.values_list("unit_id", "person_id"):
        members[unit_id].add(person_id)
    of_members = YearRecord.objects.filter(person_id__in=posts.values("person_id"), year=year).order_by()
    htnv = {r for r, rank in RATING_RANK.items() if rank >= RATING_RANK["HTNV"]}
    heavy = {d for d, rank in DISCIPLINE_RANK.items() if rank >= DISCIPLINE_RANK["CANH_CAO"]}
    facts: dict[int, set[str]] = defaultdict(set)
    for person_id, rating, discipline in of_members.values_list("person_id", "rating", "discipline"):
        if rating in htnv:
            facts[person_id].add("at_least_htnv")
        if discipline in heavy:
            facts[person_id].add("disciplined")
    for person_id, code in (
        Conferral.objects.filter(
            record__in=of_members, revoked_on__isnull=True, title__code__in=["LDTT", "CSTDCS"]
        )
        .order_by()
        .values_list("record__person_id", "title__code")
    ):
        facts[person_id].add(code)
    predecessors: dict[int, set[str]] = defaultdict(set)
    for unit_id, code in (
        Unit.objects.filter(lineage_as_predecessor__successors__in=units)
        .order_by()
        .values_list("lineage_as_predecessor__successors", "code")
    ):
        predecessors[unit_id].add(code)
    found: dict[int, tuple[Members | None, Context]] = {}
    for unit in units:
        people = members.get(unit.pk, set())

        def count(fact: str, people: set[int] = people) -> int:
            return sum(1 for person_id in people if fact in facts.get(person_id, ()))

        counted = (
            Members(
                total=len(people),
                at_least_htnv=count("at_least_htnv"),
                ldtt=count("LDTT"),
                cstdcs=count("CSTDCS"),
                disciplined_canh_cao_or_above=count("disciplined"),
            )
            if people
            else None
        )
        found[unit.pk] = (counted, Context(inherited_from=tuple(sorted(predecessors.get(unit.pk, ())))))
    return found


def _registry_rows(
    subjects: Q, *, year: int, key: str
) -> tuple[dict[int, list[EngineYear]], dict[int, list[EngineInitiative]]]:
    """Engine years and initiatives up to `year` per subject (`key`: "person_id" or "unit_id").
    Records with their conferrals in one query (a LEFT JOIN: a record without any gives one row
    of NULLs), initiatives in another, whatever the number of subjects."""
    rows: dict[int, tuple[int, tuple[int, str, str, int, int, int]]] = {}
    entries: dict[int, list[tuple[str, bool, str, bool]]] = defaultdict(list)
    for owner, pk, *fields, conferral_id, title_code, award_code, used_for, revoked_on in (
        YearRecord.objects.filter(subjects, year__lte=year)
        .order_by(key, "year", "conferrals__id")
        .values_list(
            key,
            "pk",
            *RECORD_FIELDS,
            "conferrals__id",
            "conferrals__title__code",
            "conferrals__award_form__code",
            "conferrals__used_for",
            "conferrals__revoked_on",
        )
    ):
        rows.setdefault(pk, (owner, tuple(fields)))
        if conferral_id is not None:
            entries[pk].append(_entry_tuple(title_code, award_code, used_for, revoked_on))
    records: dict[int, list[EngineYear]] = defaultdict(list)
    for pk, (owner, row) in rows.items():
        records[owner].append(to_engine_year(row, entries[pk]))
    initiatives: dict[int, list[EngineInitiative]] = defaultdict(list)
    for owner, code, y, scope, used_for in (
        Initiative.objects.filter(subjects, year__lte=year)
        .order_by(key, "year", "code")
        .values_list(key, "code", "year", "scope", "used_for")
    ):
        initiatives[owner].append(EngineInitiative(code, y, scope, used_for or None))
    return records, initiatives


def build_unit_cases(*, units: Sequence[Unit], target_code: str, year: int) -> list[Case]:
    """`build_case` for many units at once, in a fixed number of queries (the batch run)."""
    records, initiatives = _registry_rows(Q(unit__in=units), year=year, key="unit_id")
    contexts = unit_contexts(units, year)
    return [
        Case(
            subject=Subject("collective", unit.name),
            target=Target(target_code, year),
            records=tuple(records.get(unit.pk, ())),
            initiatives=tuple(initiatives.get(unit.pk, ())),
            members=contexts[unit.pk][0],
            context=contexts[unit.pk][1],
        )
        for unit in units
    ]


def build_case(*, subject: Subjectish, target_code: str, year: int, rule_set: str | None = None) -> Case:
    """The engine's case for one subject: every registry year up to `year`, initiatives, members."""
    if isinstance(subject, Unit):
        case = build_unit_cases(units=[subject], target_code=target_code, year=year)[0]
        return replace(case, rule_set=rule_set)
    records, initiatives = _registry_rows(Q(person=subject), year=year, key="person_id")
    return Case(
        subject=Subject(subject_kind(subject), subject.full_name),
        target=Target(target_code, year),
        records=tuple(records.get(subject.pk, ())),
        initiatives=tuple(initiatives.get(subject.pk, ())),
        rule_set=rule_set,
    )


# --- stored batch results ------------------------------------------------------------------------


def stored_outcomes(
    *, run: EligibilityRun, people: Iterable[int] | None = None, units: Iterable[int] | None = None
) -> dict[tuple[str, int], dict[str, EligibilityOutcome]]:
    """A batch run's stored outcomes, per ("person" | "unit", id): target -> outcome. Every subject
    of the run when neither `people` nor `units` is given; two queries whatever the number."""
    outcomes = {o.number: o for o in run.outcomes.all()}
    rows = EligibilityResult.objects.filter(run=run)
    if people is not None or units is not None:
        rows = rows.filter(Q(person_id__in=list(people or ())) | Q(unit_id__in=list(units or ())))
    found: dict[tuple[str, int], dict[str, EligibilityOutcome]] = {}
    for person_id, unit_id, text in rows.values_list("person_id", "unit_id", "outcomes").iterator():
        key = ("person", person_id) if person_id is not None else ("unit", unit_id)
        chosen = (outcomes[n] for n in decode_outcomes(text))
        found[key] = {o.target: o for o in chosen}
    return found


# --- rule sets, for the officer's page -----------------------------------------------------------


def rule_set_choices() -> list[tuple[str, str]]:
    return [(r.code, r.title) for r in ALL_RULE_SETS]
