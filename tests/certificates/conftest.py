"""A ministry decision with printed entries (a person's Bằng khen, a unit's Emulation Flag) and one
that is not printed (Lao động tiên tiến), on the `world` fixture's units."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from tests.factories import World, make_person
from thidua.awards import services as awards
from thidua.awards.models import Conferral, Decision


@dataclass
class Decided:
    world: World
    decision: Decision
    person_award: Conferral
    unit_flag: Conferral
    not_printed: Conferral


def decide(world: World, *, people: int = 1, number: str = "123/QĐ-BTN", batch: int = 0) -> Decided:
    """`batch` keeps a second decision's people and flag apart from the first one's."""
    decision = awards.record_decision(
        actor=None,
        number=number,
        date=datetime.date(2019, 3, 10),
        authority="Bộ trưởng Bộ Thử nghiệm",
        legal_basis="Luật Thi đua, khen thưởng",
    )
    first = None
    for index in range(people):
        person = make_person(
            unit=world.unit_b,
            full_name=f"Nguyễn Văn Án {index}" if index or batch else "Trần Thị Bình",
            gender="M" if index else "F",
            citizen_id=f"0011900{batch}{index:04d}",
            birth_year=1980,
        )
        awards.record_year(actor=None, subject=person, year=2018, rating="HTXSNV")
        conferral = awards.confer(actor=None, subject=person, year=2018, code="BK_BO", decision=decision)
        first = first or conferral
    flag = awards.confer(
        actor=None, subject=(world.unit_a, world.unit_c)[batch], year=2018, code="CO_BO", decision=decision
    )
    ldtt = awards.confer(actor=None, subject=first.record.person, year=2018, code="LDTT", decision=decision)  # type: ignore[union-attr]
    assert first is not None
    return Decided(world, decision, first, flag, ldtt)


@pytest.fixture
def media(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]


@pytest.fixture
def decided(world: World, media: None) -> Decided:
    return decide(world)
