from __future__ import annotations

import itertools

import pytest
from django.db import transaction

from tests.factories import World, make_unit
from thidua.core.audit import SYSTEM_LABEL, record_audit, snapshot, verify_audit_chain
from thidua.core.models import AuditChainHead, AuditEntry
from thidua.core.request_context import reset_request_id, set_request_id
from thidua.organisations.models import Unit

ZERO = "0" * 64


def _three_entries(world: World) -> list[AuditEntry]:
    start = AuditEntry.objects.order_by("id").last()
    for name in ("Vụ Một", "Vụ Hai", "Vụ Ba"):
        make_unit(name=name, parent=world.ministry)
    return list(AuditEntry.objects.filter(id__gt=start.pk).order_by("id"))


def test_record_audit_links_each_entry_to_the_previous_one(world: World) -> None:
    entries = list(AuditEntry.objects.order_by("id"))
    assert entries[0].prev_hash == ZERO
    for previous, entry in itertools.pairwise(entries):
        assert entry.prev_hash == previous.hash
    assert AuditChainHead.objects.get(pk=1).last_hash == entries[-1].hash
    assert len({e.hash for e in entries}) == len(entries)


def test_record_audit_names_the_actor_the_target_and_the_request(world: World) -> None:
    token = set_request_id("req-12345678")
    try:
        entry = record_audit(
            actor=world.ministry_officer,
            action="organisations.unit.update",
            target=world.unit_a,
            before={"name": "cũ"},
            after={"name": "mới"},
        )
    finally:
        reset_request_id(token)
    assert (entry.actor_id, entry.actor_label, entry.action) == (
        world.ministry_officer.pk,
        "bo.thidua",
        "organisations.unit.update",
    )
    assert (entry.object_type, entry.object_id, entry.object_repr) == (
        "organisations.unit",
        str(world.unit_a.pk),
        "Sở Tài nguyên và Môi trường tỉnh An Giang",
    )
    assert (entry.before, entry.after, entry.request_id) == ({"name": "cũ"}, {"name": "mới"}, "req-12345678")


def test_record_audit_by_the_system_has_no_actor(world: World) -> None:
    entry = record_audit(actor=None, action="core.test")
    assert (entry.actor_id, entry.actor_label, entry.object_type, entry.object_id) == (
        None,
        SYSTEM_LABEL,
        "",
        "",
    )


def _create_then_fail() -> None:
    with transaction.atomic():
        make_unit(code="ROLLBACK", name="Đơn vị bị hủy")
        raise RuntimeError("boom")


def test_record_audit_is_rolled_back_with_the_change(world: World) -> None:
    count = AuditEntry.objects.count()
    head = AuditChainHead.objects.get(pk=1).last_hash
    with pytest.raises(RuntimeError):
        _create_then_fail()
    assert AuditEntry.objects.count() == count
    assert AuditChainHead.objects.get(pk=1).last_hash == head
    assert not Unit.objects.filter(code="ROLLBACK").exists()
    assert verify_audit_chain().ok


def test_snapshot_gives_json_values_with_foreign_keys_as_ids(world: World) -> None:
    data = snapshot(world.department)
    assert data["parent_id"] == world.ministry.pk
    assert data["code"] == "BO-TDKT"
    assert snapshot(world.department, fields=["code", "name"]) == {
        "code": "BO-TDKT",
        "name": "Vụ Thi đua – Khen thưởng",
    }


def test_verify_audit_chain_accepts_an_intact_chain(world: World) -> None:
    _three_entries(world)
    report = verify_audit_chain()
    assert report.ok
    assert report.checked == AuditEntry.objects.count()


def test_verify_audit_chain_finds_an_edited_entry(world: World) -> None:
    _first, second, _third = _three_entries(world)
    AuditEntry.objects.filter(pk=second.pk).update(after={"name": "Vụ Hai đã bị sửa"})
    report = verify_audit_chain()
    assert not report.ok
    assert report.broken_at == second.pk
    assert report.checked == AuditEntry.objects.filter(pk__lt=second.pk).count()


def test_verify_audit_chain_finds_an_edit_that_recomputed_the_hash(world: World) -> None:
    """Whoever rewrites one entry and its hash still breaks the link from the next one."""
    _first, second, third = _three_entries(world)
    from thidua.core.audit import _digest

    second.actor_label = "người khác"
    second.hash = _digest(second)
    second.save()
    assert verify_audit_chain().broken_at == third.pk


def test_verify_audit_chain_finds_a_deleted_entry(world: World) -> None:
    _first, second, third = _three_entries(world)
    AuditEntry.objects.filter(pk=second.pk).delete()
    report = verify_audit_chain()
    assert (report.ok, report.broken_at) == (False, third.pk)


def test_verify_audit_chain_finds_the_newest_entry_deleted(world: World) -> None:
    _first, _second, third = _three_entries(world)
    AuditEntry.objects.filter(pk=third.pk).delete()
    report = verify_audit_chain()
    assert (report.ok, report.broken_at) == (False, -1)
