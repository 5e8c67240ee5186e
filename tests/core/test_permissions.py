"""Every persona against every write service: allowed ones succeed, refused ones raise Forbidden
and leave every table exactly as it was."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps

from tests.factories import World, make_person, make_unit
from thidua.accounts import services as account_services
from thidua.accounts.models import ApiToken, User
from thidua.clusters import services as cluster_services
from thidua.core.errors import Forbidden
from thidua.core.rules import FORBIDDEN_MESSAGE
from thidua.organisations import services as org_services
from thidua.organisations.enums import UnitKind

D = datetime.date
PERSONAS = [
    "member_officer",
    "cluster_leader",
    "ministry_officer",
    "council_member",
    "outsider",
    "administrator",
]


def _state() -> dict[str, list[dict[str, Any]]]:
    """Every row of every thidua table (and users), to compare before and after."""
    models = [m for m in apps.get_models() if m.__module__.startswith("thidua.")]
    return {m._meta.label: list(m.objects.order_by("pk").values()) for m in models}


# name → (prepare(world) → context made by the system, act(world, actor, context), personas allowed)
Case = tuple[Callable[[World], Any], Callable[[World, User, Any], Any], set[str]]
AUTHORITY = {"ministry_officer", "administrator"}
CASES: dict[str, Case] = {
    "organisations.create_unit": (
        lambda w: None,
        lambda w, actor, _: org_services.create_unit(
            actor=actor,
            code="BO-VP",
            name="Văn phòng Bộ",
            kind=UnitKind.MINISTRY_DEPARTMENT,
            parent=w.ministry,
        ),
        AUTHORITY,
    ),
    "organisations.create_unit (root)": (
        lambda w: None,
        lambda w, actor, _: org_services.create_unit(
            actor=actor, code="BO2", name="Bộ Mới", kind=UnitKind.MINISTRY
        ),
        {"administrator"},
    ),
    "organisations.update_unit": (
        lambda w: None,
        lambda w, actor, _: org_services.update_unit(actor=actor, unit=w.department, short_name="Vụ TĐKT"),
        AUTHORITY,
    ),
    "organisations.record_lineage_event": (
        lambda w: make_unit(
            code="BO-TDKT-2", name="Vụ Thi đua, Khen thưởng và Truyền thông", parent=w.ministry
        ),
        lambda w, actor, new: org_services.record_lineage_event(
            actor=actor,
            kind="rename",
            date=D(2025, 3, 1),
            legal_basis="Quyết định 1/QĐ-BO",
            predecessors=[w.department],
            successors=[new],
        ),
        AUTHORITY,
    ),
    "organisations.create_person": (
        lambda w: None,
        lambda w, actor, _: org_services.create_person(
            actor=actor,
            unit=w.unit_b,
            family_name="Trần",
            given_name="Bình",
            title="Chuyên viên",
            start=D(2020, 1, 1),
        ),
        {"member_officer", "administrator"},
    ),
    "organisations.appoint_person": (
        lambda w: make_person(unit=w.unit_b, full_name="Lê Thị Hoa"),
        lambda w, actor, person: org_services.appoint_person(
            actor=actor, person=person, unit=w.unit_b, title="Trưởng phòng", start=D(2021, 1, 1)
        ),
        {"member_officer", "administrator"},
    ),
    "clusters.create_cluster": (
        lambda w: None,
        lambda w, actor, _: cluster_services.create_cluster(
            actor=actor, authority=w.ministry, number=2, name="Cụm số 2"
        ),
        AUTHORITY,
    ),
    "clusters.add_member": (
        lambda w: make_unit(code="SO-D", name="Sở D"),
        lambda w, actor, unit: cluster_services.add_member(
            actor=actor, cluster=w.cluster, unit=unit, year=2018
        ),
        AUTHORITY,
    ),
    "clusters.remove_member": (
        lambda w: None,
        lambda w, actor, _: cluster_services.remove_member(
            actor=actor, cluster=w.cluster, unit=w.unit_c, year=2018
        ),
        AUTHORITY,
    ),
    "clusters.carry_over_members": (
        lambda w: None,
        lambda w, actor, _: cluster_services.carry_over_members(
            actor=actor, cluster=w.cluster, from_year=2018, to_year=2019
        ),
        AUTHORITY,
    ),
    "clusters.set_leadership": (
        lambda w: None,
        lambda w, actor, _: cluster_services.set_leadership(
            actor=actor, cluster=w.cluster, year=2018, leader=w.unit_b, deputy=w.unit_c
        ),
        AUTHORITY,
    ),
    "clusters.create_movement": (
        lambda w: None,
        lambda w, actor, _: cluster_services.create_movement(
            actor=actor, authority=w.ministry, name="Phong trào 2018", start=D(2018, 1, 1)
        ),
        AUTHORITY,
    ),
    "clusters.create_conference": (
        lambda w: None,
        lambda w, actor, _: cluster_services.create_conference(
            actor=actor,
            cluster=w.cluster,
            year=2018,
            kind="signing",
            title="Hội nghị ký kết",
            date=D(2018, 3, 30),
            place="Hải Dương",
        ),
        {"cluster_leader", "ministry_officer", "administrator"},
    ),
    "accounts.assign_role": (
        lambda w: User.objects.create_user(username="moi"),
        lambda w, actor, user: account_services.assign_role(
            actor=actor, user=user, role="member_officer", unit=w.unit_c
        ),
        {"administrator"},
    ),
    "accounts.create_api_token (for the member officer)": (
        lambda w: None,
        lambda w, actor, _: account_services.create_api_token(
            actor=actor, user=w.member_officer, name="Kịch bản"
        ),
        {"member_officer", "administrator"},
    ),
    "accounts.revoke_api_token (of the member officer)": (
        lambda w: account_services.create_api_token(actor=None, user=w.member_officer, name="Kịch bản")[0],
        lambda w, actor, token: account_services.revoke_api_token(actor=actor, token=token),
        {"member_officer", "administrator"},
    ),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("service", list(CASES))
def test_write_service_allows_only_its_personas(world: World, service: str, persona: str) -> None:
    prepare, act, allowed = CASES[service]
    context = prepare(world)
    actor = getattr(world, persona)
    before = _state()
    if persona in allowed:
        act(world, actor, context)
        assert _state() != before
        assert world.administrator.pk  # the world is intact
    else:
        with pytest.raises(Forbidden) as error:
            act(world, actor, context)
        assert (error.value.message, error.value.code) == (FORBIDDEN_MESSAGE, "forbidden")
        assert _state() == before


def test_an_inactive_user_is_refused_everything(world: World) -> None:
    world.administrator.is_active = False
    world.administrator.save()
    before = _state()
    with pytest.raises(Forbidden):
        org_services.update_unit(actor=world.administrator, unit=world.unit_a, short_name="X")
    assert _state() == before


def test_everyone_manages_their_own_tokens(world: World) -> None:
    for persona in PERSONAS:
        user = getattr(world, persona)
        token, _ = account_services.create_api_token(actor=user, user=user, name="Của tôi")
        account_services.revoke_api_token(actor=user, token=token)
    assert ApiToken.objects.filter(revoked_at__isnull=False).count() == len(PERSONAS)
