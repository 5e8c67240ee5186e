"""A unit's own year from its review to its head's decision (issue 18, phase 2): proposals marked
on the review go into the unit's two dossiers, the CSTĐCS quota blocks submission with its numbers,
the unit's council records its minutes, the head's decision writes every registry entry or none,
the outsider is refused every write, and a person who moved is proposed by the unit of year end."""

from __future__ import annotations

import datetime

import pytest
from tests.factories import World, make_person
from tests.proposals.conftest import unit_head

from thidua.awards import services as registry
from thidua.awards.models import Conferral
from thidua.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from thidua.organisations import services as org_services
from thidua.organisations.models import Person
from thidua.proposals import services
from thidua.proposals.enums import DossierState
from thidua.proposals.models import AwardDecision, CouncilSession, Dossier, DossierEntry
from thidua.proposals.services import unit_review

YEAR = 2018
ISSUED = datetime.date(2019, 1, 15)


def _excellent(world: World, name: str, *, initiative: bool = True) -> Person:
    """Completed her tasks excellently with an initiative: eligible for LĐTT and CSTĐCS."""
    person = make_person(unit=world.unit_b, full_name=name)
    registry.record_year(actor=None, subject=person, year=YEAR, rating="HTXSNV")
    if initiative:
        registry.add_initiative(actor=None, subject=person, code=f"SK-{person.pk}", year=YEAR, scope="CO_SO")
    return person


def _good(world: World, name: str) -> Person:
    person = make_person(unit=world.unit_b, full_name=name)
    registry.record_year(actor=None, subject=person, year=YEAR, rating="HTTNV")
    return person


def _mark(world: World, marks: list[tuple[Person, str]], actor: object = None) -> unit_review.MarkResult:
    pairs = [(p.pk, code) for p, code in marks]
    return unit_review.mark_proposals(
        actor=actor or world.member_officer, unit=world.unit_b, year=YEAR, proposed=pairs, shown=pairs
    )


def _own(world: World) -> Dossier:
    dossier = unit_review.unit_dossiers(world.unit_b, YEAR)[unit_review.OWN]
    assert dossier is not None
    return dossier


def _state() -> tuple[object, ...]:
    return (
        sorted(Dossier.objects.values_list("pk", "state")),
        sorted(DossierEntry.objects.values_list("pk", "code", "decision")),
        CouncilSession.objects.count(),
        sorted(AwardDecision.objects.values_list("pk", "state")),
        Conferral.objects.count(),
    )


def test_marks_go_to_the_own_dossier_and_higher_forms_to_the_ministry(world: World) -> None:
    binh = _excellent(world, "Trần Thị Bình")
    an = _good(world, "Lê Văn An")
    result = _mark(world, [(binh, "LDTT"), (binh, "CSTDCS"), (an, "LDTT"), (binh, "BK_BO")])
    assert (result.added, result.removed) == (4, 0)
    have = unit_review.unit_dossiers(world.unit_b, YEAR)
    own, higher = have[unit_review.OWN], have[unit_review.HIGHER]
    assert own is not None
    assert higher is not None
    assert (own.authority, higher.authority) == (world.unit_b, world.ministry)
    assert sorted((e.person.full_name, e.code) for e in own.entries.all()) == [
        ("Lê Văn An", "LDTT"),
        ("Trần Thị Bình", "CSTDCS"),
        ("Trần Thị Bình", "LDTT"),
    ]
    assert [(e.person_id, e.code) for e in higher.entries.all()] == [(binh.pk, "BK_BO")]
    # unticking one on the page takes it off; the others stay
    result = unit_review.mark_proposals(
        actor=world.member_officer,
        unit=world.unit_b,
        year=YEAR,
        proposed=[(binh.pk, "LDTT")],
        shown=[(binh.pk, "LDTT"), (an.pk, "LDTT")],
    )
    assert (result.added, result.removed) == (0, 1)
    assert sorted(own.entries.values_list("person_id", "code")) == sorted(
        [(binh.pk, "LDTT"), (binh.pk, "CSTDCS")]
    )


def test_a_not_eligible_proposal_is_refused_with_its_reasons_and_nothing_is_stored(world: World) -> None:
    binh = _excellent(world, "Trần Thị Bình")
    weak = make_person(unit=world.unit_b, full_name="Lê Văn Cường")
    registry.record_year(actor=None, subject=weak, year=YEAR, rating="KHTNV")
    before = _state()
    with pytest.raises(
        InvalidInput, match=r"Lê Văn Cường – Lao động tiên tiến: chưa đủ điều kiện \("
    ) as error:
        _mark(world, [(binh, "LDTT"), (weak, "LDTT")])
    assert "Trần Thị Bình" not in error.value.message
    assert _state() == before


def test_quota_breach_blocks_submission_with_the_numbers(world: World) -> None:
    """Decree 91/2017 Art. 9 cl. 3: CSTĐCS at most 15% of the LĐTT; 2 CSTĐCS for 7 LĐTT exceeds 1."""
    stars = [_excellent(world, f"Nguyễn Văn Sao {i}") for i in range(2)]
    others = [_good(world, f"Phạm Thị Lan {i}") for i in range(5)]
    _mark(world, [(p, "LDTT") for p in stars + others] + [(p, "CSTDCS") for p in stars])
    own = _own(world)
    before = _state()
    with pytest.raises(InvalidInput, match=r"Đề nghị 2 CSTĐCS, tối đa 1 \(15% của 7 LĐTT\)\."):
        services.submit_dossier(actor=world.member_officer, dossier=own)
    assert _state() == before
    unit_review.mark_proposals(
        actor=world.member_officer, unit=world.unit_b, year=YEAR, proposed=[], shown=[(stars[1].pk, "CSTDCS")]
    )
    submitted = services.submit_dossier(actor=world.member_officer, dossier=own)
    assert submitted.state == DossierState.SUBMITTED


def _decided(world: World) -> tuple[Dossier, AwardDecision]:
    binh = _excellent(world, "Trần Thị Bình")
    people = [binh] + [_good(world, name) for name in ("Lê Văn An", "Hồ Thị Hoa", "Vũ Văn Nam", "Đỗ Thị Mai")]
    people += [_good(world, "Bùi Văn Khoa"), _good(world, "Ngô Thị Yến")]
    _mark(world, [(p, "LDTT") for p in people] + [(binh, "CSTDCS")])
    own = services.submit_dossier(actor=world.member_officer, dossier=_own(world))
    session = unit_review.hold_unit_council(
        actor=world.member_officer,
        dossier=own,
        held_on=datetime.date(2019, 1, 8),
        chair="Nguyễn Văn Hùng",
        secretary="Trần Thị Thu",
        members=["Ông Nguyễn Văn Hùng — Chủ tịch", "Bà Trần Thị Thu — Thư ký"],
        minutes="Hội đồng thống nhất đề nghị Giám đốc Sở công nhận danh hiệu cho 7 cá nhân.",
    )
    assert session.state == "minuted"
    assert session.authority == world.unit_b
    own.refresh_from_db()
    assert own.state == DossierState.REVIEWED
    decision = unit_review.prepare_unit_decision(
        actor=world.member_officer, dossier=own, signer_name="Ngô Văn Đức"
    )
    return own, decision


def test_head_decision_writes_the_registry_for_every_entry(world: World) -> None:
    own, decision = _decided(world)
    assert decision.issuer == f"Giám đốc {world.unit_b.name}"
    assert decision.subject_line == (
        "Về việc công nhận danh hiệu Lao động tiên tiến, Chiến sĩ thi đua cơ sở năm 2018"
    )
    # the list in the decision: LĐTT first, then CSTĐCS, each in Vietnamese name order
    labels = [(e.code, e.label) for e in decision.entries.order_by("position")]
    assert labels[0] == ("LDTT", "Lê Văn An")
    assert labels[-1] == ("CSTDCS", "Trần Thị Bình")
    head = unit_head(world)
    issued = services.issue_decision(
        actor=head,
        decision=decision,
        issued_on=ISSUED,
        signer_name="Ngô Văn Đức",
        signer_title="GIÁM ĐỐC",
        number=15,
    )
    assert issued.full_number == f"15/{decision.symbol}"
    conferrals = Conferral.objects.filter(decision_entry__decision=issued)
    assert conferrals.count() == 8
    own.refresh_from_db()
    assert own.state == DossierState.DECIDED


def test_head_decision_writes_every_entry_or_none(world: World) -> None:
    """One line already in the registry (conferred elsewhere): the decision fails as a whole."""
    _, decision = _decided(world)
    last = decision.entries.order_by("-position").first()
    assert last is not None
    other = registry.record_decision(
        actor=None, number="3/QĐ-X", date=datetime.date(2019, 1, 2), authority="Khác"
    )
    registry.confer(actor=None, subject=last.person, year=YEAR, code=last.code, decision=other)
    before = _state()
    with pytest.raises(Conflict) as error:
        services.issue_decision(
            actor=unit_head(world),
            decision=decision,
            issued_on=ISSUED,
            signer_name="Ngô Văn Đức",
            signer_title="GIÁM ĐỐC",
        )
    assert error.value.message == (
        "Dòng 8 (Trần Thị Bình – Chiến sĩ thi đua cơ sở): Chiến sĩ thi đua cơ sở năm 2018 đã có trong sổ."
    )
    assert _state() == before
    decision.refresh_from_db()
    assert (decision.state, decision.number) == ("draft", None)


def test_outsider_is_refused_every_write_and_nothing_changes(world: World) -> None:
    binh = _excellent(world, "Trần Thị Bình")
    _mark(world, [(binh, "LDTT")])
    own = _own(world)
    before = _state()
    outsider = world.outsider
    attempts = [
        lambda: _mark(world, [(binh, "CSTDCS")], actor=outsider),
        lambda: services.submit_dossier(actor=outsider, dossier=own),
        lambda: unit_review.prepare_unit_decision(actor=outsider, dossier=own),
    ]
    for attempt in attempts:
        with pytest.raises((Forbidden, NotFound)):
            attempt()
    assert _state() == before
    services.submit_dossier(actor=world.member_officer, dossier=own)
    before = _state()
    with pytest.raises(Forbidden):
        unit_review.hold_unit_council(
            actor=outsider, dossier=own, held_on=ISSUED, chair="A", secretary="B", members=["A"], minutes="x"
        )
    assert _state() == before


def test_person_transferred_mid_year_is_proposed_by_the_unit_of_year_end(world: World) -> None:
    """7 months in unit A, then unit B from 01/08: B reviews and proposes him, A cannot."""
    person = make_person(unit=world.unit_a, full_name="Phạm Văn Cường")
    org_services.appoint_person(
        actor=None, person=person, unit=world.unit_b, title="Chuyên viên", start=datetime.date(YEAR, 8, 1)
    )
    registry.record_year(actor=None, subject=person, year=YEAR, rating="HTTNV")
    from tests.factories import make_user

    from thidua.accounts.enums import Role

    officer_a = make_user("canbo.a", (Role.MEMBER_OFFICER, world.unit_a))
    before = _state()
    with pytest.raises(InvalidInput, match=f"Phạm Văn Cường do {world.unit_b.name} bình xét năm 2018"):
        unit_review.mark_proposals(
            actor=officer_a, unit=world.unit_a, year=YEAR, proposed=[(person.pk, "LDTT")], shown=[]
        )
    assert _state() == before
    result = _mark(world, [(person, "LDTT")])
    assert result.added == 1


def test_symbol_and_issuer_of_a_provincial_department(world: World) -> None:
    assert unit_review.symbol_of(world.unit_b) == "QĐ-STNMT"
    assert unit_review.issuer_of(world.unit_b) == f"Giám đốc {world.unit_b.name}"
