"""List counts: a council's dossiers once however many members sit on it; a decision's people and
collectives once however many titles and awards each receives."""

from __future__ import annotations

import pytest
from tests.factories import World, make_person
from tests.proposals.conftest import voted_council

from thidua.proposals.models import AwardDecision, DecisionEntry
from thidua.proposals.selectors import councils_visible_to, decisions_visible_to, published_decisions

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
