from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.factories import World
from thidua.voting import services
from thidua.voting.enums import SessionKind
from thidua.voting.models import VotingSession
from thidua.voting.services import CandidateSpec, VoterSpec


@dataclass
class Selection:
    world: World
    session: VotingSession
    credentials: list[str]


def make_selection(
    world: World, *, seats: int = 2, voters: int = 10, open_it: bool = True, **options: object
) -> Selection:
    session = services.create_session(
        actor=world.cluster_leader,
        kind=SessionKind.CLUSTER_SELECTION,
        title="Suy tôn đơn vị đề nghị tặng Bằng khen năm 2018",
        year=2018,
        authority=world.ministry,
        cluster=world.cluster,
        seats=seats,
        candidates=[CandidateSpec(label=u.name, unit=u) for u in (world.unit_a, world.unit_b, world.unit_c)],
        voters=[VoterSpec(label=f"Đại biểu {i}") for i in range(1, voters + 1)],
        **options,  # type: ignore[arg-type]
    )
    credentials = [c for _, c in services.issue_credentials(actor=world.cluster_leader, session=session)]
    if open_it:
        session = services.open_session(actor=world.cluster_leader, session=session)
    return Selection(world=world, session=session, credentials=credentials)


@pytest.fixture
def selection(world: World) -> Selection:
    return make_selection(world)
