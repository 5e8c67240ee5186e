"""The batch run's set-wise reads (`awards.batch_io`): the same arrays whichever way they are read,
and a run's stored rows decode to the verdicts the engine gave."""

from __future__ import annotations

import datetime

import numpy as np
import pytest
from django.db import transaction

from tests.factories import build_world, make_person
from thidua.awards import services
from thidua.awards.batch_io import RegistryArrays, iter_person_histories
from thidua.awards.eligibility.batch import ColumnResult
from thidua.awards.models import Decision, EligibilityOutcome, EligibilityResult, YearRecord
from thidua.awards.selectors import stored_outcomes
from thidua.awards.services.evaluation import COLLECTIVE_TARGETS, PERSON_TARGETS, evaluate_people_for_year
from thidua.organisations.models import Person, Unit


def _registry() -> list[int]:
    world = build_world()
    decision = Decision.objects.create(number="7/QĐ", date=datetime.date(2025, 1, 5), authority="Bộ")
    ids = []
    for index, ratings in enumerate((["HTXSNV"] * 4, ["HTTNV", "", "HTNV"], ["HTXSNV", "KHTNV"])):
        person = make_person(unit=world.unit_b, full_name=f"Trần Thị Mẫu{index}")
        ids.append(person.pk)
        for offset, rating in enumerate(ratings):
            year = 2022 + offset
            services.record_year(
                actor=None, subject=person, year=year, rating=rating, absence_days=offset * 20
            )
            if rating == "HTXSNV":
                services.confer(actor=None, subject=person, year=year, code="CSTDCS", decision=decision)
                services.confer(
                    actor=None,
                    subject=person,
                    year=year,
                    code="BK_BO",
                    decision=decision,
                    used_for="CSTD_BO:2025",
                )
        services.add_initiative(actor=None, subject=person, code=f"SK{index}", year=2024, scope="CO_SO")
        services.add_initiative(
            actor=None,
            subject=person,
            code=f"SKB{index}",
            year=2023,
            scope="BO_TINH",
            used_for="CSTD_BO:2025",
        )
    # a unit's record and a later year: read by neither
    services.record_year(actor=None, subject=world.unit_a, year=2025, rating="HTXSNV")
    services.record_year(actor=None, subject=Person.objects.get(pk=ids[0]), year=2026, rating="KHTNV")
    return ids


def _arrays(registry: RegistryArrays) -> tuple[object, ...]:
    return (
        registry.people.tolist(),
        [column.tolist() for column in registry.records],
        [column.tolist() for column in registry.entries],
        [column.tolist() for column in registry.initiatives],
        sorted(registry.conditional_entries),
        sorted(registry.conditional_initiatives),
    )


@pytest.mark.django_db(transaction=True)
def test_the_whole_registry_read_on_two_connections_equals_the_read_in_one_transaction() -> None:
    """On PostgreSQL a whole-registry read outside a transaction runs on two connections sharing
    one snapshot; inside a transaction (and on SQLite) it runs on one: the arrays are the same."""
    ids = _registry()
    whole = RegistryArrays(year=2025)
    with transaction.atomic():
        inside = RegistryArrays(year=2025)
    some = RegistryArrays(year=2025, person_ids=ids)
    assert _arrays(whole) == _arrays(inside) == _arrays(some)
    assert whole.people.tolist() == sorted(ids)
    assert len(whole.records[0]) == 9  # 4 + 3 + 2 records up to 2025; 2026 and the unit's are not read
    assert len(whole.conditional_entries) == 5  # the BK_BO used for CSTD_BO:2025, one per HTXSNV year
    assert len(whole.conditional_initiatives) == 3
    assert int(np.count_nonzero(whole.entries[1] % (1 << 32))) == 5  # the five usable CSTĐCS


def test_stored_rows_decode_to_the_engine_outcomes(db: None) -> None:
    ids = _registry()
    run = services.run_batch(actor=None, year=2025)
    assert EligibilityResult.objects.filter(run=run, person__isnull=False).count() == 3
    units = list(EligibilityResult.objects.filter(run=run, unit__isnull=False).values_list("unit", flat=True))
    assert len(units) == 1  # the unit with a 2025 record
    assert run.results == 3 * len(PERSON_TARGETS) + len(units) * len(COLLECTIVE_TARGETS)
    unit = Unit.objects.get(pk=units[0])
    by_target = stored_outcomes(run=run, units=units)[("unit", unit.pk)]
    assert sorted(by_target) == sorted(COLLECTIVE_TARGETS)
    for code, stored in by_target.items():
        single = services.evaluate_subject(actor=None, subject=unit, target_code=code, year=2025)
        assert (stored.verdict, stored.rule_set, stored.met) == (
            single.verdict,
            single.rule_set,
            single.met_by_id,
        )
    engine: dict[tuple[int, str], tuple[str, str, dict[str, bool | None]]] = {}

    def collect(block: list[int], per_target: list[ColumnResult]) -> None:
        for code, result in zip(PERSON_TARGETS, per_target, strict=True):
            for pid, outcome in zip(block, result, strict=True):
                engine[(pid, code)] = (outcome.verdict, outcome.rule_set, dict(outcome.met))

    evaluate_people_for_year(year=2025, on_block=collect)
    stored = stored_outcomes(run=run, people=ids)
    assert {
        (pid, code): (o.verdict, o.rule_set, o.met)
        for (_, pid), by in stored.items()
        for code, o in by.items()
    } == engine
    # people share outcomes: fewer distinct rows than subjects × targets
    assert EligibilityOutcome.objects.filter(run=run).count() < 3 * len(PERSON_TARGETS) + 20
    blocks = list(iter_person_histories(year=2025, block_size=2))
    assert [len(block) for block, _ in blocks] == [2, 1]
    assert YearRecord.objects.filter(person_id__in=ids, year__lte=2025).count() == 9


def test_an_initiative_of_someone_without_a_record_yet_counts_for_no_one(db: None) -> None:
    """B has an initiative of 2024 but no record up to 2024, and B's id lies between A's and C's:
    B is not evaluated, and the initiative must not be counted for C (the next index)."""
    world = build_world()
    decision = Decision.objects.create(number="8/QĐ", date=datetime.date(2025, 1, 5), authority="Bộ")
    a, b, c = (make_person(unit=world.unit_b, full_name=f"Đỗ Văn Kề{i}") for i in range(3))
    for person in (a, c):
        for year in (2023, 2024):
            services.record_year(actor=None, subject=person, year=year, rating="HTTNV")
            services.confer(actor=None, subject=person, year=year, code="LDTT", decision=decision)
    services.add_initiative(actor=None, subject=b, code="SK-B", year=2024, scope="CO_SO")
    services.record_year(actor=None, subject=b, year=2025, rating="HTTNV")
    single = services.evaluate_subject(actor=None, subject=c, target_code="CSTDCS", year=2024)
    for person_ids in (None, [a.pk, b.pk, c.pk]):
        found: dict[int, tuple[str, dict[str, bool | None]]] = {}

        def collect(
            block: list[int], per_target: list[ColumnResult], found: dict[int, tuple[str, dict]] = found
        ) -> None:
            for pid, outcome in zip(block, per_target[0], strict=True):
                found[pid] = (outcome.verdict, dict(outcome.met))

        evaluate_people_for_year(year=2024, targets=["CSTDCS"], person_ids=person_ids, on_block=collect)
        assert sorted(found) == [a.pk, c.pk]
        assert found[c.pk] == (single.verdict, single.met_by_id)
