"""Every persona × every write path: who may, and that a refusal changes nothing."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest

from tests.awards.conftest import Registry
from thidua.awards import services
from thidua.awards.models import Conferral, Initiative, RuleParameter, YearRecord
from thidua.core.errors import Forbidden, InvalidInput
from thidua.core.models import AuditEntry

PERSONAS = ["member_officer", "cluster_leader", "ministry_officer", "council_member", "outsider"]


def _xlsx(person_id: int) -> io.BytesIO:
    from openpyxl import Workbook

    from thidua.awards.services.transfer import COLUMNS, RECORDS_SHEET

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = RECORDS_SHEET
    ws.append(list(COLUMNS))
    ws.append(["cá nhân", str(person_id), 2020, "HTTNV", "LDTT", "", "", "", "", "", 12, 0, 0, ""])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def _conferral(reg: Registry) -> Conferral:
    return services.confer(actor=None, subject=reg.person, year=2023, code="LDTT", decision=reg.decision)


WRITES: dict[str, tuple[Callable[[Any, Registry], object], set[str]]] = {
    "record_year": (
        lambda u, r: services.record_year(actor=u, subject=r.person, year=2024, rating="HTTNV"),
        {"member_officer"},
    ),
    "confer": (
        lambda u, r: services.confer(actor=u, subject=r.person, year=2024, code="LDTT", decision=r.decision),
        {"member_officer"},
    ),
    "add_initiative": (
        lambda u, r: services.add_initiative(actor=u, subject=r.person, code="SK9", year=2024, scope="CO_SO"),
        {"member_officer"},
    ),
    "revoke": (
        lambda u, r: services.revoke_conferral(
            actor=u, conferral=_conferral(r), on=datetime.date(2025, 1, 1), basis="QĐ 1"
        ),
        set(),
    ),
    "set_parameter": (
        lambda u, r: services.set_rule_parameter(
            actor=u, rule_set="LAW_2022", name="min_months_worked", value=9
        ),
        set(),
    ),
    "import": (lambda u, r: services.import_registry(actor=u, file=_xlsx(r.person.pk)), {"member_officer"}),
    "run_batch": (lambda u, r: services.run_batch(actor=u, year=2024), {"ministry_officer"}),
}


def _state() -> tuple[int, ...]:
    return (
        YearRecord.objects.count(),
        Conferral.objects.count(),
        Conferral.objects.filter(revoked_on__isnull=False).count(),
        Initiative.objects.count(),
        RuleParameter.objects.count(),
    )


@pytest.mark.parametrize("write", sorted(WRITES))
@pytest.mark.parametrize("persona", PERSONAS)
def test_write_paths_per_persona(registry: Registry, persona: str, write: str) -> None:
    action, allowed = WRITES[write]
    user = registry.world.personas[persona]
    if write == "revoke":
        _conferral(registry)  # the entry to revoke exists before the attempt
        registry_conferral = Conferral.objects.get()

        def action(u, r):
            return services.revoke_conferral(
                actor=u, conferral=registry_conferral, on=datetime.date(2025, 1, 1), basis="QĐ 1"
            )

    before, audits = _state(), AuditEntry.objects.filter(actor=user).count()
    if persona in allowed:
        action(user, registry)
        assert _state() != before or write == "run_batch"
    else:
        # An import may start for any officer; rows outside their scope are then refused, by row.
        with pytest.raises((Forbidden, InvalidInput) if write == "import" else Forbidden):
            action(user, registry)
        assert _state() == before
        assert AuditEntry.objects.filter(actor=user).count() == audits


def test_administrator_may_revoke_and_set_parameters(registry: Registry) -> None:
    admin = registry.world.administrator
    conferral = _conferral(registry)
    services.revoke_conferral(actor=admin, conferral=conferral, on=datetime.date(2025, 1, 1), basis="QĐ 1")
    services.set_rule_parameter(actor=admin, rule_set="LAW_2022", name="min_months_worked", value=9)
    assert Conferral.objects.get().revoked_on == datetime.date(2025, 1, 1)
    assert RuleParameter.objects.get().value == 9


def test_reading_follows_the_people_scope(registry: Registry) -> None:
    from thidua.core.rules import allows

    world = registry.world
    seen = {
        name for name, user in world.personas.items() if allows(user, "awards.view_registry", registry.person)
    }
    # Unit B's officer, and the ministry's officer and council: B is a member of the ministry's
    # Cụm 1 in 2018 and the person served in B then (docs/access.md, the emulation authority).
    assert seen == {"member_officer", "ministry_officer", "council_member"}


def test_outlook_and_reuse_are_refused_outside_the_people_scope(registry: Registry) -> None:
    with pytest.raises(Forbidden):
        services.prospects_for(
            actor=registry.world.outsider, subject=registry.person, target_code="LDTT", year=2025
        )
    result = services.prospects_for(
        actor=registry.world.member_officer, subject=registry.person, target_code="LDTT", year=2025
    )
    first = result.prospects[0]
    assert (first.target, first.year, first.detail, result.findings) == (
        "CSTDCS",
        2026,
        "Thêm 1 năm (2026) hoàn thành xuất sắc nhiệm vụ, đạt Chiến sĩ thi đua cơ sở thì có thể đủ "
        "điều kiện xét Chiến sĩ thi đua cơ sở vào năm 2026.",
        [],
    )
