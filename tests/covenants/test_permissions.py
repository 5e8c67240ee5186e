"""Every persona × every write path: who may, who may not, and that a refusal changes nothing."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from tests.covenants.conftest import SIGN_DAY, Year
from thidua.clusters import services as cluster_services
from thidua.clusters.enums import YearState
from thidua.clusters.models import EmulationYear
from thidua.core.errors import Forbidden
from thidua.core.models import AuditEntry
from thidua.covenants import services
from thidua.covenants.models import Plan

LEADERS = {"cluster_leader", "ministry_officer"}
UNIT_B = {"member_officer"}  # acts for unit B only
UNIT_A = {"cluster_leader"}  # the leader's officer is also unit A's officer
COMMENTERS = {"cluster_leader", "ministry_officer", "member_officer"}


def _paths(y: Year) -> dict[str, tuple[set[str], Callable[[Any], object]]]:
    w = y.world
    item = y.plan.items.get(kind="key_task")
    group = y.covenant.groups.get(order=1)
    criterion = group.criteria.get(order=1)
    return {
        "advance_year": (
            LEADERS,
            lambda a: cluster_services.advance_year(
                actor=a, emulation_year=y.emulation_year, to_state="in_progress"
            ),
        ),
        "reopen_year": (
            LEADERS,
            lambda a: cluster_services.reopen_year(
                actor=a, emulation_year=y.emulation_year, to_state="planning", reason="x"
            ),
        ),
        "add_agenda_item": (
            LEADERS,
            lambda a: cluster_services.add_agenda_item(actor=a, conference=y.conference, title="Khai mạc"),
        ),
        "record_outcome": (
            LEADERS,
            lambda a: cluster_services.record_outcome(actor=a, conference=y.conference, kind="other"),
        ),
        "create_plan_again": (
            LEADERS,
            lambda a: services.create_plan(actor=a, emulation_year=y.emulation_year, title="Kế hoạch 2"),
        ),
        "add_plan_item": (
            LEADERS,
            lambda a: services.add_plan_item(actor=a, plan=y.plan, kind="goal", text="Mục tiêu"),
        ),
        "remove_plan_item": (LEADERS, lambda a: services.remove_plan_item(actor=a, item=item)),
        "comment": (COMMENTERS, lambda a: services.comment_on_plan_item(actor=a, item=item, text="Góp ý")),
        "adopt_plan": (LEADERS, lambda a: services.adopt_plan(actor=a, plan=y.plan, conference=y.conference)),
        "update_covenant": (
            LEADERS,
            lambda a: services.update_covenant(actor=a, covenant=y.covenant, theme="Chủ đề mới"),
        ),
        "add_group": (
            LEADERS,
            lambda a: services.add_group(actor=a, covenant=y.covenant, name="Nhóm", max_points=5),
        ),
        "move_group": (LEADERS, lambda a: services.move_group(actor=a, group=group, direction="down")),
        "add_criterion": (
            LEADERS,
            lambda a: services.add_criterion(actor=a, group=group, name="Tiêu chí", max_points=1),
        ),
        "move_criterion": (
            LEADERS,
            lambda a: services.move_criterion(actor=a, criterion=criterion, direction="down"),
        ),
        "remove_criterion": (LEADERS, lambda a: services.remove_criterion(actor=a, criterion=criterion)),
        "add_score_line": (
            LEADERS,
            lambda a: services.add_score_line(
                actor=a, covenant=y.covenant, kind="bonus", name="Thưởng", points=1
            ),
        ),
        "sign_for_b": (
            UNIT_B,
            lambda a: services.sign_covenant(
                actor=a,
                covenant=y.covenant,
                unit=w.unit_b,
                signer_name="Trần Bình",
                signer_position="Giám đốc",
                signed_on=SIGN_DAY,
                place="Hải Dương",
            ),
        ),
        "sign_for_a": (
            UNIT_A,
            lambda a: services.sign_covenant(
                actor=a,
                covenant=y.covenant,
                unit=w.unit_a,
                signer_name="Lê An",
                signer_position="Giám đốc",
                signed_on=SIGN_DAY,
                place="Hải Dương",
            ),
        ),
        "set_deadline": (
            LEADERS,
            lambda a: services.set_registration_deadline(
                actor=a, emulation_year=y.emulation_year, deadline=datetime.date(2018, 4, 15)
            ),
        ),
        "export_registrations": (
            LEADERS,
            lambda a: services.export_registrations_xlsx(actor=a, emulation_year=y.emulation_year),
        ),
    }


#: What each path needs before it can succeed, done for every persona (refused ones included).
SETUP: dict[str, Callable[[Year], object]] = {
    "advance_year": lambda y: EmulationYear.objects.filter(pk=y.emulation_year.pk).update(
        state=YearState.COVENANT_SIGNED
    ),
    "reopen_year": lambda y: EmulationYear.objects.filter(pk=y.emulation_year.pk).update(
        state=YearState.COVENANT_SIGNED
    ),
    "create_plan_again": lambda y: Plan.objects.filter(pk=y.plan.pk).delete(),
}
#: Audit entries written by an allowed call: one, except a read (none), the adoption (which also
#: records the conference's outcome) and a first signature (which also moves the draft to signing).
AUDITS = {"export_registrations": 0, "adopt_plan": 2, "sign_for_a": 2, "sign_for_b": 2}

PATHS = [
    "advance_year",
    "reopen_year",
    "add_agenda_item",
    "record_outcome",
    "create_plan_again",
    "add_plan_item",
    "remove_plan_item",
    "comment",
    "adopt_plan",
    "update_covenant",
    "add_group",
    "move_group",
    "add_criterion",
    "move_criterion",
    "remove_criterion",
    "add_score_line",
    "sign_for_b",
    "sign_for_a",
    "set_deadline",
    "export_registrations",
]
PERSONAS = ["member_officer", "cluster_leader", "ministry_officer", "council_member", "outsider"]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("path", PATHS)
def test_write_paths_by_persona(year: Year, persona: str, path: str) -> None:
    allowed, call = _paths(year)[path]
    SETUP.get(path, lambda y: None)(year)
    actor = year.world.personas[persona]
    entries = AuditEntry.objects.count()
    if persona in allowed:
        call(actor)  # any DomainError fails the test: an allowed persona succeeds
        assert AuditEntry.objects.count() == entries + AUDITS.get(path, 1)
    else:
        with pytest.raises(Forbidden) as caught:
            call(actor)
        assert caught.value.message == "Bạn không có quyền thực hiện thao tác này."
        assert AuditEntry.objects.count() == entries


def test_member_cannot_sign_or_register_for_another_unit(year: Year) -> None:
    w = year.world
    with pytest.raises(Forbidden):
        services.sign_covenant(
            actor=w.member_officer,
            covenant=year.covenant,
            unit=w.unit_c,
            signer_name="X",
            signer_position="Y",
            signed_on=SIGN_DAY,
            place="Z",
        )
    services.set_registration_deadline(
        actor=None, emulation_year=year.emulation_year, deadline=datetime.date(2018, 4, 15)
    )
    with pytest.raises(Forbidden):
        services.submit_registration(
            actor=w.member_officer,
            emulation_year=year.emulation_year,
            unit=w.unit_c,
            collective_targets=["TTLDXS"],
            today=datetime.date(2018, 4, 1),
        )
    assert not year.covenant.signatures.exists()
