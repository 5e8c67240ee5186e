"""Every write refused to the outsider with nothing changed; issuing twice at once issues once."""

from __future__ import annotations

import datetime
import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connections
from tests.factories import World, build_world
from tests.proposals.conftest import (
    good_person,
    ministry_decision,
    own_dossier,
    unit_head,
    voted_council,
)

from thidua.awards.models import Conferral
from thidua.awards.models import Decision as RegistryDecision
from thidua.core.errors import DomainError, Forbidden
from thidua.core.models import AuditEntry
from thidua.proposals import services
from thidua.proposals.models import (
    AgendaItem,
    AwardDecision,
    CouncilSession,
    DecisionEntry,
    Dossier,
    DossierEntry,
    DossierEvent,
)

ISSUED = datetime.date(2019, 1, 15)


def _state() -> tuple[object, ...]:
    return (
        list(Dossier.objects.values_list("id", "state", "submissions", "return_reason")),
        list(DossierEntry.objects.values_list("id", "decision", "recommended")),
        DossierEvent.objects.count(),
        list(CouncilSession.objects.values_list("id", "state", "minutes")),
        AgendaItem.objects.count(),
        list(AwardDecision.objects.values_list("id", "state", "number")),
        DecisionEntry.objects.count(),
        Conferral.objects.count(),
        RegistryDecision.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.mark.django_db
def test_outsider_is_refused_every_write_with_nothing_changed(world: World) -> None:
    person = good_person(world)
    draft = own_dossier(world)
    entry = services.add_dossier_entry(actor=world.member_officer, dossier=draft, subject=person, code="LDTT")
    council = voted_council(world)
    decision = ministry_decision(world, council.dossier)
    issued_dossier = own_dossier(world)
    services.add_dossier_entry(
        actor=world.member_officer,
        dossier=issued_dossier,
        subject=good_person(world, "Phạm Thị Dung"),
        code="LDTT",
    )
    services.submit_dossier(actor=world.member_officer, dossier=issued_dossier)
    own = services.prepare_decision(
        actor=world.member_officer,
        body=world.unit_b,
        issuer="Giám đốc Sở",
        year=2018,
        subject_line="Về việc công nhận Lao động tiên tiến",
        symbol="QĐ-STNMT",
        dossiers=[issued_dossier],
        legal_grounds="Căn cứ Luật Thi đua, Khen thưởng;",
    )
    services.issue_decision(
        actor=unit_head(world), decision=own, issued_on=ISSUED, signer_name="A", signer_title="GIÁM ĐỐC"
    )
    o = world.outsider
    writes: list[Callable[[], object]] = [
        lambda: services.create_dossier(
            actor=o, sender=world.unit_b, authority=world.unit_b, year=2018, title="Hồ sơ lạ"
        ),
        lambda: services.create_dossier(
            actor=o,
            sender=world.unit_a,
            authority=world.ministry,
            cluster=world.cluster,
            year=2018,
            title="x",
        ),
        lambda: services.add_dossier_entry(actor=o, dossier=draft, subject=world.unit_b, code="TTLDTT"),
        lambda: services.remove_dossier_entry(actor=o, entry=entry),
        lambda: services.record_entry_decision(actor=o, entry=entry, decision="admit", reason="x"),
        lambda: services.submit_dossier(actor=o, dossier=draft),
        lambda: services.return_dossier(actor=o, dossier=council.dossier, reason="x"),
        lambda: services.create_council_session(
            actor=o,
            authority=world.ministry,
            year=2018,
            title="x",
            held_on=ISSUED,
            chair="x",
            secretary="y",
            members=[services.MemberSpec(label="z")],
        ),
        lambda: services.record_minutes(actor=o, session=council.session, minutes="x"),
        lambda: services.prepare_decision(
            actor=o, body=world.ministry, issuer="x", year=2018, subject_line="x", symbol="QĐ-X", dossiers=[]
        ),
        lambda: services.issue_decision(
            actor=o, decision=decision, issued_on=ISSUED, signer_name="x", signer_title="y"
        ),
        lambda: services.revoke_decision(actor=o, decision=own, reason="x", basis="y"),
    ]
    before = _state()
    for write in writes:
        with pytest.raises(Forbidden):
            write()
    assert _state() == before


@pytest.mark.django_db
def test_member_officer_cannot_issue_or_touch_the_ministry(world: World) -> None:
    council = voted_council(world)
    decision = ministry_decision(world, council.dossier)
    with pytest.raises(Forbidden):
        services.issue_decision(
            actor=world.member_officer, decision=decision, issued_on=ISSUED, signer_name="x", signer_title="y"
        )
    with pytest.raises(Forbidden):
        services.return_dossier(actor=world.cluster_leader, dossier=council.dossier, reason="x")


def test_two_concurrent_issues_issue_once(real_database: None) -> None:
    world = build_world()
    council = voted_council(world)
    decision = ministry_decision(world, council.dossier)
    barrier = threading.Barrier(8)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt() -> None:
        try:
            barrier.wait(timeout=30)
            try:
                services.issue_decision(
                    actor=world.ministry_officer,
                    decision=AwardDecision.objects.get(pk=decision.pk),
                    issued_on=ISSUED,
                    signer_name="Trần Hồng Hà",
                    signer_title="BỘ TRƯỞNG",
                )
                outcome = "ok"
            except DomainError as exc:
                outcome = exc.message
            with lock:
                outcomes.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    counts = Counter(outcomes)
    assert counts["ok"] == 1, counts
    assert counts["Quyết định đã ban hành (số 1/QĐ-BTN), không ban hành lại được."] == 7, counts
    assert RegistryDecision.objects.count() == 1
    assert Conferral.objects.filter(decision__isnull=False).count() == 1
