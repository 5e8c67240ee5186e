"""thidua.core.audited: the snapshot → save → audit step of services, written once."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction

from tests.factories import World
from thidua.awards.models import Decision
from thidua.core.audit import verify_audit_chain
from thidua.core.audited import create_audited, delete_audited, save_audited
from thidua.core.models import AuditEntry


def test_create_save_delete_each_leave_one_entry_with_the_snapshots(world: World) -> None:
    decision = create_audited(
        Decision,
        actor=world.administrator,
        action="test.decision.create",
        number="1/QĐ",
        date=datetime.date(2018, 3, 30),
        authority="Bộ",
    )
    created = AuditEntry.objects.latest("id")
    assert (created.action, created.before, created.object_id) == (
        "test.decision.create",
        None,
        str(decision.pk),
    )
    assert created.after["number"] == "1/QĐ"
    assert created.actor_id == world.administrator.pk

    save_audited(decision, actor=None, action="test.decision.update", changes={"number": "2/QĐ"})
    updated = AuditEntry.objects.latest("id")
    assert (updated.before["number"], updated.after["number"]) == ("1/QĐ", "2/QĐ")
    decision.refresh_from_db()
    assert decision.number == "2/QĐ"

    pk = decision.pk
    delete_audited(decision, actor=None, action="test.decision.delete", extra={"reason": "nhập nhầm"})
    deleted = AuditEntry.objects.latest("id")
    assert (deleted.object_id, deleted.after, deleted.before["number"], deleted.before["reason"]) == (
        str(pk),
        None,
        "2/QĐ",
        "nhập nhầm",
    )
    assert not Decision.objects.filter(pk=pk).exists()
    assert verify_audit_chain().ok


def test_no_entry_without_the_change(world: World) -> None:
    before = AuditEntry.objects.count()

    def fail_after_create() -> None:
        with transaction.atomic():
            create_audited(
                Decision,
                actor=None,
                action="test.decision.create",
                number="3/QĐ",
                date=datetime.date(2018, 1, 1),
            )
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_after_create()
    assert AuditEntry.objects.count() == before
    assert not Decision.objects.filter(number="3/QĐ").exists()
