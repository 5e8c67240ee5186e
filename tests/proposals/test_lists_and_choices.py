"""Lists and choices: a council's dossiers counted once however many members sit on it; a
decision's people and collectives once however many titles and awards each receives; a merged
body's officers offered its successor, the former body marked closed."""

from __future__ import annotations

import datetime

import pytest
from django.test import RequestFactory
from tests.factories import World, make_person, make_unit
from tests.proposals.conftest import cluster_dossier, voted_council

from thidua.organisations.enums import LineageKind, UnitKind
from thidua.organisations.services import record_lineage_event
from thidua.proposals import services
from thidua.proposals.models import AwardDecision, DecisionEntry
from thidua.proposals.selectors import (
    body_units,
    councils_visible_to,
    decisions_visible_to,
    history,
    published_decisions,
)
from thidua.proposals.views import _dossier_form

pytestmark = pytest.mark.django_db


def test_a_council_with_ten_members_counts_its_one_dossier_once(world: World) -> None:
    council = voted_council(world)
    assert council.session.members.count() == 10
    rows = {s.pk: s.dossier_count for s in councils_visible_to(world.ministry_officer)}
    assert rows == {council.session.pk: 1}


def test_a_person_with_a_title_and_an_award_is_one_subject_of_the_decision(world: World) -> None:
    person = make_person(unit=world.unit_b, full_name="Đỗ Bích Nhung")
    decision = AwardDecision.objects.create(
        body=world.ministry,
        issuer="Bộ trưởng Bộ Thử nghiệm",
        year=2018,
        subject_line="Về việc khen thưởng",
        symbol="QĐ-BTN",
    )
    for code in ("LDTT", "BK_BO"):
        DecisionEntry.objects.create(
            decision=decision, person=person, code=code, year=2018, label="Đỗ Bích Nhung"
        )
    DecisionEntry.objects.create(
        decision=decision, unit=world.unit_a, code="CO_BO", year=2018, label=world.unit_a.name
    )
    listed = decisions_visible_to(world.ministry_officer).get(pk=decision.pk)
    assert (listed.entry_count, listed.subject_count) == (3, 2)
    assert not published_decisions().filter(pk=decision.pk).exists()  # a draft is not public


def test_a_merged_ministrys_officer_is_offered_its_successor_and_the_former_body_marked(
    world: World,
) -> None:
    successor = make_unit(code="BO-MOI", name="Bộ Hợp Nhất", kind=UnitKind.MINISTRY)
    record_lineage_event(
        actor=None,
        kind=LineageKind.MERGE,
        date=datetime.date(2025, 3, 1),
        legal_basis="Nghị quyết số 176/2025/QH15",
        predecessors=[world.ministry],
        successors=[successor],
    )
    bodies = body_units(world.ministry_officer)
    assert [u.name for u in bodies] == ["Bộ Hợp Nhất", "Bộ Thử nghiệm"]  # the open body first
    request = RequestFactory().get("/")
    request.user = world.ministry_officer
    labels = dict(_dossier_form(request).fields["authority"].choices)
    assert labels[world.ministry.pk] == "Bộ Thử nghiệm (hoạt động đến hết ngày 28/02/2025)"
    assert labels[successor.pk] == "Bộ Hợp Nhất"


def test_an_entry_taken_off_with_a_reason_is_written_in_the_dossiers_history(world: World) -> None:
    dossier = cluster_dossier(world)
    entry = dossier.entries.order_by("id").first()
    assert entry is not None
    name = entry.subject_name
    services.remove_dossier_entry(
        actor=world.cluster_leader, entry=entry, reason="trúng phiếu suy tôn nhưng chưa đủ điều kiện"
    )
    assert [e.reason for e in history(dossier)] == [
        f"Bỏ khỏi hồ sơ {name} – Bằng khen của bộ, ban, ngành, tỉnh: trúng phiếu suy tôn nhưng chưa đủ điều kiện"
    ]
    assert not dossier.entries.filter(pk=entry.pk).exists()
