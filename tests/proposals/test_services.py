"""Dossiers, council sessions and decisions: exact outcomes, refusals with nothing changed."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from tests.factories import World
from tests.proposals.conftest import (
    cluster_dossier,
    good_person,
    ministry_decision,
    own_dossier,
    unit_head,
    voted_council,
    weak_person,
)

from thidua.awards import services as registry
from thidua.awards.models import Conferral
from thidua.awards.models import Decision as RegistryDecision
from thidua.core.errors import Conflict, InvalidInput
from thidua.documents.models import DocumentNumber
from thidua.proposals import services
from thidua.proposals.enums import CouncilState, DecisionState, DossierState
from thidua.proposals.models import AwardDecision, DossierEntry, DossierEvent

pytestmark = pytest.mark.django_db
ISSUED = datetime.date(2019, 1, 15)


def _own_decision(world: World, dossier, *, symbol: str = "QĐ-STNMT") -> AwardDecision:  # type: ignore[no-untyped-def]
    return services.prepare_decision(
        actor=world.member_officer,
        body=world.unit_b,
        issuer="Giám đốc Sở Tài nguyên và Môi trường tỉnh Bắc Ninh",
        year=2018,
        subject_line="Về việc công nhận danh hiệu Lao động tiên tiến năm 2018",
        symbol=symbol,
        dossiers=[dossier],
        legal_grounds="Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003;",
    )


def _issue(world: World, decision: AwardDecision, **kw: object) -> AwardDecision:
    head = kw.pop("actor", None) or unit_head(world)
    return services.issue_decision(
        actor=head,
        decision=decision,
        issued_on=kw.pop("issued_on", ISSUED),  # type: ignore[arg-type]
        signer_name="Nguyễn Văn Giám",
        signer_title="GIÁM ĐỐC",
        **kw,  # type: ignore[arg-type]
    )


def test_unit_dossier_to_its_head_writes_the_registry(world: World) -> None:
    person = good_person(world)
    dossier = own_dossier(world)
    entry = services.add_dossier_entry(
        actor=world.member_officer, dossier=dossier, subject=person, code="LDTT"
    )
    assert entry.verdict == "eligible"
    services.submit_dossier(actor=world.member_officer, dossier=dossier)
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED
    assert dossier.submissions == 1
    assert dossier.submission_number == 1
    decision = _own_decision(world, dossier)
    assert [(e.label, e.code, e.year) for e in decision.entries.all()] == [("Trần Thị Bình", "LDTT", 2018)]
    issued = _issue(world, decision)
    assert issued.state == DecisionState.ISSUED
    assert issued.full_number == "1/QĐ-STNMT"
    assert issued.registry is not None
    assert issued.registry.number == "1/QĐ-STNMT"
    assert issued.registry.authority == "Giám đốc Sở Tài nguyên và Môi trường tỉnh Bắc Ninh"
    conferral = Conferral.objects.get(record__person=person)
    assert conferral.decision == issued.registry
    assert conferral.title.code == "LDTT"
    assert issued.entries.get().conferral == conferral
    dossier.refresh_from_db()
    assert dossier.state == DossierState.DECIDED
    assert list(DossierEvent.objects.filter(dossier=dossier).values_list("from_state", "to_state")) == [
        ("draft", "submitted"),
        ("submitted", "decided"),
    ]


def test_ineligible_entry_blocks_the_submission_with_its_reasons(world: World) -> None:
    person = weak_person(world)
    dossier = own_dossier(world)
    entry = services.add_dossier_entry(
        actor=world.member_officer, dossier=dossier, subject=person, code="LDTT"
    )
    assert entry.verdict == "not_eligible"
    with pytest.raises(InvalidInput) as caught:
        services.submit_dossier(actor=world.member_officer, dossier=dossier)
    assert caught.value.message.startswith(
        "Chưa gửi được hồ sơ: Lê Văn Cường – Lao động tiên tiến: chưa đủ điều kiện ("
    )
    assert any(str(r["detail"]) in caught.value.message for r in entry.reasons)
    dossier.refresh_from_db()
    assert dossier.state == DossierState.DRAFT
    assert dossier.submissions == 0
    assert dossier.submission_number is None
    assert not DossierEvent.objects.filter(dossier=dossier).exists()
    # a not-eligible entry cannot be talked through
    with pytest.raises(Conflict):
        services.record_entry_decision(
            actor=world.member_officer, entry=entry, decision="admit", reason="Xin xét"
        )


def test_needs_rule_entry_needs_a_reasoned_decision(world: World) -> None:
    dossier = cluster_dossier(world)
    entry = dossier.entries.get()
    assert entry.verdict in ("needs_rule", "needs_decision", "needs_data")
    # undo the recorded decision: the submission must then refuse
    DossierEntry.objects.filter(pk=entry.pk).update(decision="", decision_reason="")
    with pytest.raises(InvalidInput) as caught:
        services.submit_dossier(actor=world.cluster_leader, dossier=dossier)
    assert "cần quyết định có lý do của người có thẩm quyền" in caught.value.message
    with pytest.raises(InvalidInput):
        services.record_entry_decision(actor=world.cluster_leader, entry=entry, decision="admit", reason="  ")
    services.record_entry_decision(
        actor=world.cluster_leader, entry=entry, decision="admit", reason="Cụm suy tôn 10/10 phiếu."
    )
    services.submit_dossier(actor=world.cluster_leader, dossier=dossier)
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED


def test_quota_of_flags(world: World) -> None:
    dossier = cluster_dossier(world, code="CO_BO")
    services.add_dossier_entry(
        actor=world.cluster_leader, dossier=dossier, subject=world.unit_c, code="CO_BO"
    )
    for entry in dossier.entries.filter(decision=""):
        if entry.verdict != "not_eligible":
            services.record_entry_decision(
                actor=world.cluster_leader, entry=entry, decision="admit", reason="Suy tôn"
            )
    with pytest.raises(InvalidInput) as caught:
        services.submit_dossier(actor=world.cluster_leader, dossier=dossier)
    assert "Cụm chỉ được đề nghị 1 Cờ thi đua, hồ sơ có 2." in caught.value.message


def test_return_with_reason_and_resubmit(world: World) -> None:
    dossier = cluster_dossier(world)
    services.submit_dossier(actor=world.cluster_leader, dossier=dossier)
    with pytest.raises(InvalidInput):
        services.return_dossier(actor=world.ministry_officer, dossier=dossier, reason="")
    with pytest.raises(Conflict):
        services.resubmit_dossier(actor=world.cluster_leader, dossier=dossier)
    services.return_dossier(actor=world.ministry_officer, dossier=dossier, reason="Thiếu báo cáo thành tích.")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.RETURNED
    assert dossier.return_reason == "Thiếu báo cáo thành tích."
    services.resubmit_dossier(actor=world.cluster_leader, dossier=dossier)
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED
    assert dossier.submissions == 2
    assert dossier.submission_number == 1  # the same submission, resent
    assert list(DossierEvent.objects.filter(dossier=dossier).values_list("to_state", "reason")) == [
        ("submitted", ""),
        ("returned", "Thiếu báo cáo thành tích."),
        ("submitted", "Gửi lại sau khi bổ sung"),
    ]


def test_council_vote_recommends_and_the_decision_follows(world: World) -> None:
    council = voted_council(world)
    assert council.session.state == CouncilState.VOTED
    assert council.dossier.state == DossierState.REVIEWED
    entry = council.dossier.entries.get()
    assert entry.recommended is True
    assert council.session.vote is not None
    assert council.session.vote.threshold_share == "90"
    services.record_minutes(
        actor=world.ministry_officer, session=council.session, minutes="Hội đồng thống nhất."
    )
    decision = ministry_decision(world, council.dossier)
    issued = services.issue_decision(
        actor=world.ministry_officer,
        decision=decision,
        issued_on=ISSUED,
        signer_name="Trần Hồng Hà",
        signer_title="BỘ TRƯỞNG",
    )
    assert Conferral.objects.get(record__unit=world.unit_a).decision == issued.registry


def test_council_below_threshold_recommends_nothing(world: World) -> None:
    council = voted_council(world, yes=8)  # 8 of 10 < 90 %
    assert council.dossier.entries.get().recommended is False
    with pytest.raises(Conflict):
        ministry_decision(world, council.dossier)


def test_decision_is_all_or_nothing(world: World) -> None:
    first, second = good_person(world), good_person(world, "Phạm Thị Dung")
    dossier = own_dossier(world)
    for p in (first, second):
        services.add_dossier_entry(actor=world.member_officer, dossier=dossier, subject=p, code="LDTT")
    services.submit_dossier(actor=world.member_officer, dossier=dossier)
    decision = _own_decision(world, dossier)
    # the second line is already in the registry (entered from an old file): issuing must fail whole
    registry.confer(actor=None, subject=second, year=2018, code="LDTT", imported=True)
    with pytest.raises(Conflict) as caught:
        _issue(world, decision)
    assert (
        caught.value.message
        == "Dòng 2 (Phạm Thị Dung – Lao động tiên tiến): Lao động tiên tiến năm 2018 đã có trong sổ."
    )
    assert not Conferral.objects.filter(record__person=first).exists()
    assert not RegistryDecision.objects.exists()
    decision.refresh_from_db()
    assert decision.state == DecisionState.DRAFT
    assert decision.number is None
    assert not DocumentNumber.objects.filter(
        issuer=f"unit:{world.unit_b.pk}", year=2019, last_number__gt=0
    ).exists()


def test_duplicate_number_and_issuing_twice(world: World) -> None:
    head = unit_head(world)
    people = [good_person(world), good_person(world, "Phạm Thị Dung")]
    decisions = []
    for person in people:
        dossier = own_dossier(world)
        services.add_dossier_entry(actor=world.member_officer, dossier=dossier, subject=person, code="LDTT")
        services.submit_dossier(actor=world.member_officer, dossier=dossier)
        decisions.append(_own_decision(world, dossier))
    _issue(world, decisions[0], actor=head, number=7)
    with pytest.raises(Conflict) as caught:
        _issue(world, decisions[0], actor=head)
    assert caught.value.message == "Quyết định đã ban hành (số 7/QĐ-STNMT), không ban hành lại được."
    with pytest.raises(Conflict) as caught:
        _issue(world, decisions[1], actor=head, number=7)
    assert caught.value.message == "Số 7/QĐ-STNMT năm 2019 đã dùng cho một quyết định khác."
    assert not Conferral.objects.filter(record__person=people[1]).exists()
    # the counter moved past the number given by hand: the next one is 8
    assert _issue(world, decisions[1], actor=head).number == 8


def test_revocation_revokes_every_entry(world: World) -> None:
    person = good_person(world)
    dossier = own_dossier(world)
    services.add_dossier_entry(actor=world.member_officer, dossier=dossier, subject=person, code="LDTT")
    services.submit_dossier(actor=world.member_officer, dossier=dossier)
    head = unit_head(world)
    decision = _issue(world, _own_decision(world, dossier), actor=head)
    with pytest.raises(InvalidInput):
        services.revoke_decision(actor=head, decision=decision, reason="Khai man thành tích", basis="")
    services.revoke_decision(
        actor=head,
        decision=decision,
        reason="Khai man thành tích",
        basis="Quyết định số 9/QĐ-STNMT ngày 01/03/2019",
        on=datetime.date(2019, 3, 1),
    )
    decision.refresh_from_db()
    assert decision.state == DecisionState.REVOKED
    assert decision.revoked_on == datetime.date(2019, 3, 1)
    conferral = Conferral.objects.get(record__person=person)
    assert conferral.revoked_on == datetime.date(2019, 3, 1)
    assert conferral.revocation_basis == "Quyết định số 9/QĐ-STNMT ngày 01/03/2019"
    with pytest.raises(Conflict):
        services.revoke_decision(actor=head, decision=decision, reason="x", basis="y")


def test_year_transitions_follow_the_dossiers(world: World) -> None:
    from thidua.clusters import services as clusters
    from thidua.clusters.models import EmulationYear

    year = clusters.open_emulation_year(actor=None, cluster=world.cluster, year=2018)
    EmulationYear.objects.filter(pk=year.pk).update(state="voting")
    year.refresh_from_db()
    with pytest.raises(Conflict) as caught:
        services.mark_year_proposed(actor=world.ministry_officer, emulation_year=year)
    assert "Cụm chưa gửi hồ sơ đề nghị khen thưởng của năm." in caught.value.message
    council = voted_council(world)
    services.mark_year_proposed(actor=world.ministry_officer, emulation_year=year)
    with pytest.raises(Conflict) as caught:
        services.mark_year_decided(actor=world.ministry_officer, emulation_year=year)
    assert "Còn 1 hồ sơ của cụm chưa có quyết định khen thưởng." in caught.value.message
    decision = ministry_decision(world, council.dossier)
    services.issue_decision(
        actor=world.ministry_officer,
        decision=decision,
        issued_on=ISSUED,
        signer_name="A",
        signer_title="BỘ TRƯỞNG",
    )
    services.mark_year_decided(actor=world.ministry_officer, emulation_year=year)
    services.close_year(actor=world.ministry_officer, emulation_year=year)
    year.refresh_from_db()
    assert year.state == "closed"


def test_issuing_offers_the_news_desk_a_draft_and_honour_suggestions(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from thidua.news.models import Article, HonourEntry

    council = voted_council(world)
    decision = ministry_decision(world, council.dossier)
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_decision(
            actor=world.ministry_officer,
            decision=decision,
            issued_on=ISSUED,
            signer_name="Trần Văn Ký",
            signer_title="BỘ TRƯỞNG",
        )
    article = Article.objects.get()
    assert article.status == "draft"
    assert (
        article.title
        == "Bộ trưởng Bộ Thử nghiệm khen thưởng các tập thể, cá nhân có thành tích xuất sắc năm 2018"
    )
    assert "Quyết định số 1/QĐ-BTN ngày 15/01/2019" in article.summary
    entry = HonourEntry.objects.get()
    assert (entry.display_name, entry.unit, entry.year) == (world.unit_a.name, world.unit_a, 2018)
