from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from tests.factories import World, make_person
from thidua.awards import services
from thidua.awards.models import Decision
from thidua.organisations.models import Person


@dataclass
class Registry:
    world: World
    person: Person  # in unit B (member officer's scope)
    decision: Decision


def fill_history(person: Person, decision: Decision, years: range, *, cstdcs: bool = True) -> None:
    for year in years:
        services.record_year(actor=None, subject=person, year=year, rating="HTXSNV")
        services.confer(actor=None, subject=person, year=year, code="LDTT", decision=decision)
        if cstdcs:
            services.confer(actor=None, subject=person, year=year, code="CSTDCS", decision=decision)


@pytest.fixture
def registry(world: World) -> Registry:
    person = make_person(unit=world.unit_b, full_name="Trần Thị Bình")
    decision = services.record_decision(
        actor=None, number="12/QĐ-STNMT", date=datetime.date(2025, 1, 20), authority="Giám đốc Sở B"
    )
    return Registry(world, person, decision)
