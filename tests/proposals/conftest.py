"""Helpers of the proposals tests: a unit with people and registry records, a closed selection of
Cụm 1, a cluster dossier, a council session that has voted."""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection
from tests.factories import World, make_person, make_user

from thidua.accounts.enums import Role
from thidua.accounts.models import User
from thidua.awards import services as registry
from thidua.organisations.models import Person
from thidua.proposals import services
from thidua.proposals.models import AwardDecision, CouncilSession, Dossier
from thidua.voting import services as voting
from thidua.voting.enums import SessionKind
from thidua.voting.models import VotingSession


def good_person(world: World, name: str = "Trần Thị Bình") -> Person:
    """A person of unit B who completed her tasks well in 2018: eligible for LĐTT."""
    person = make_person(unit=world.unit_b, full_name=name)
    registry.record_year(actor=None, subject=person, year=2018, rating="HTTNV")
    return person


def weak_person(world: World, name: str = "Lê Văn Cường") -> Person:
    """A person of unit B who did not complete his tasks in 2018: not eligible for LĐTT."""
    person = make_person(unit=world.unit_b, full_name=name)
    registry.record_year(actor=None, subject=person, year=2018, rating="KHTNV")
    return person


def unit_head(world: World) -> User:
    existing = User.objects.filter(username="thutruong.b").first()
    return existing or make_user("thutruong.b", (Role.UNIT_HEAD, world.unit_b))


def own_dossier(world: World) -> Dossier:
    """Unit B's dossier for its own people, to its own head."""
    return services.create_dossier(
        actor=world.member_officer,
        sender=world.unit_b,
        authority=world.unit_b,
        year=2018,
        title="Đề nghị công nhận danh hiệu Lao động tiên tiến năm 2018",
    )


def closed_selection(world: World, *, seats: int = 1, winners: int = 1) -> VotingSession:
    """Cụm 1's selection: ten delegates elect the first `seats` candidates."""
    session = voting.create_session(
        actor=world.cluster_leader,
        kind=SessionKind.CLUSTER_SELECTION,
        title="Suy tôn đơn vị đề nghị tặng Bằng khen năm 2018",
        year=2018,
        authority=world.ministry,
        cluster=world.cluster,
        seats=seats,
        candidates=[
            voting.CandidateSpec(label=u.name, unit=u) for u in (world.unit_a, world.unit_b, world.unit_c)
        ],
        voters=[voting.VoterSpec(label=f"Đại biểu {i}") for i in range(1, 11)],
    )
    credentials = [c for _, c in voting.issue_credentials(actor=world.cluster_leader, session=session)]
    voting.open_session(actor=world.cluster_leader, session=session)
    for credential in credentials:
        voting.cast_ballot(
            session=session, credential=credential, choices=[f"c{i}" for i in range(1, winners + 1)]
        )
    return voting.close_session(actor=world.cluster_leader, session=session)


def cluster_dossier(world: World, *, code: str = "BK_BO") -> Dossier:
    selection = closed_selection(world)
    dossier = services.create_dossier(
        actor=world.cluster_leader,
        sender=world.unit_a,
        authority=world.ministry,
        cluster=world.cluster,
        year=2018,
        title="Đề nghị khen thưởng năm 2018 của Cụm thi đua số 1",
    )
    for entry in services.add_selection_entries(
        actor=world.cluster_leader, dossier=dossier, session=selection, code=code
    ):
        if entry.verdict in ("needs_rule", "needs_decision", "needs_data"):
            services.record_entry_decision(
                actor=world.cluster_leader,
                entry=entry,
                decision="admit",
                reason="Cụm đã suy tôn; chờ quy định của Bộ, Trưởng cụm đề nghị xét.",
            )
    return dossier


@dataclass
class Council:
    session: CouncilSession
    dossier: Dossier


def voted_council(world: World, *, yes: int = 10) -> Council:
    dossier = cluster_dossier(world)
    services.submit_dossier(actor=world.cluster_leader, dossier=dossier)
    session = services.create_council_session(
        actor=world.ministry_officer,
        authority=world.ministry,
        year=2018,
        title="Phiên họp Hội đồng Thi đua – Khen thưởng Bộ xét khen thưởng năm 2018",
        held_on=datetime.date(2019, 1, 10),
        chair="Thứ trưởng Nguyễn Văn Chủ",
        secretary="Vụ trưởng Trần Thư Ký",
        members=[services.MemberSpec(label=f"Thành viên {i}") for i in range(1, 11)],
    )
    services.add_submitted_to_agenda(actor=world.ministry_officer, session=session)
    credentials = services.open_council_vote(actor=world.ministry_officer, session=session)
    session.refresh_from_db()
    assert session.vote is not None
    keys = [e.candidate_key for e in services.agenda_entries(session)]
    for i, (_, credential) in enumerate(credentials):
        voting.cast_ballot(session=session.vote, credential=credential, choices=keys if i < yes else [])
    services.close_council_vote(actor=world.ministry_officer, session=session)
    session.refresh_from_db()
    dossier.refresh_from_db()
    return Council(session=session, dossier=dossier)


def ministry_decision(world: World, dossier: Dossier) -> AwardDecision:
    return services.prepare_decision(
        actor=world.ministry_officer,
        body=world.ministry,
        issuer="Bộ trưởng Bộ Thử nghiệm",
        year=2018,
        subject_line="Về việc tặng Bằng khen của Bộ trưởng năm 2018",
        symbol="QĐ-BTN",
        dossiers=[dossier],
        legal_grounds="Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003;",
    )


@pytest.fixture
def real_database(transactional_db: None, tmp_path: Path) -> Iterator[None]:
    """On SQLite, run threads against a file database, as in production (see tests/voting)."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    memory = connection.connection
    path = tmp_path / "proposals.sqlite3"
    target = sqlite3.connect(path)
    memory.backup(target)
    target.close()
    name = connection.settings_dict["NAME"]
    connection.connection = None
    connection.settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = memory
