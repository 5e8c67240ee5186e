"""The audit trail cannot be rewritten undetected: a keyed chain and signed checkpoints outside the database.

Each attack of issue 14 item 6 is reproduced as an attacker with write access to the database would
do it, then `audit verify` must fail with a Vietnamese reason.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from tests.factories import World, make_unit
from thidua.core.audit import ZERO_HASH, _digest, verify_audit_chain
from thidua.core.audit_checkpoints import (
    append_checkpoint,
    parse_checkpoint,
    read_checkpoints,
    take_checkpoint,
    verify_with_checkpoints,
)
from thidua.core.errors import Conflict, InvalidInput
from thidua.core.models import AuditChainHead, AuditEntry


@pytest.fixture
def checkpoints(tmp_path: Path, settings: object) -> Path:
    path = tmp_path / "anchor" / "audit-checkpoints.jsonl"
    settings.AUDIT_CHECKPOINT_FILE = str(path)  # type: ignore[attr-defined]
    return path


def _grow(world: World, *names: str) -> None:
    for name in names:
        make_unit(name=name, parent=world.ministry)


def _rechain() -> None:
    """What an attacker does after editing or cutting rows: recompute every hash and the head with
    `_digest` under whatever key is in effect."""
    previous = ZERO_HASH
    for entry in AuditEntry.objects.order_by("id"):
        entry.prev_hash = previous
        entry.hash = _digest(entry)
        entry.save(update_fields=["prev_hash", "hash"])
        previous = entry.hash
    AuditChainHead.objects.filter(pk=1).update(last_hash=previous)


def _verify_command(path: Path) -> str:
    out = io.StringIO()
    call_command("audit", "verify", checkpoint_file=str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _verify_fails(path: Path) -> str:
    with pytest.raises(CommandError) as caught:
        _verify_command(path)
    return str(caught.value)


def test_the_chain_is_keyed_with_the_audit_key(world: World) -> None:
    entry = AuditEntry.objects.order_by("id").last()
    assert entry.hash == _digest(entry)
    with override_settings(AUDIT_KEY="another key entirely, also long enough"):
        assert _digest(entry) != entry.hash
        assert verify_audit_chain().broken_at == AuditEntry.objects.order_by("id").first().pk
    unkeyed = hashlib.sha256(b"").hexdigest()
    assert entry.hash != unkeyed


def test_an_edited_row_with_recomputed_hashes_and_head_fails_without_the_key(
    world: World, checkpoints: Path
) -> None:
    """Attack 1, by someone who can write the database but does not hold THIDUA_AUDIT_KEY."""
    _grow(world, "Vụ Một", "Vụ Hai", "Vụ Ba")
    first = AuditEntry.objects.order_by("id").first()
    victim = AuditEntry.objects.order_by("id")[2]
    AuditEntry.objects.filter(pk=victim.pk).update(actor_label="người khác")
    with override_settings(AUDIT_KEY="the attacker's guess of the key, long"):
        _rechain()
        assert verify_audit_chain().ok  # consistent under the guessed key …
    report = verify_audit_chain()  # … but not under the real one
    assert (report.ok, report.broken_at, report.checked) == (False, first.pk, 0)
    message = _verify_fails(checkpoints)
    assert f"bản ghi số {first.pk} đã bị sửa" in message
    assert "THIDUA_AUDIT_KEY" in message


def test_an_edited_row_rechained_with_the_key_fails_against_a_checkpoint(
    world: World, checkpoints: Path
) -> None:
    """Attack 1 by someone who holds the key too: the checkpoint kept outside the database catches it."""
    _grow(world, "Vụ Một", "Vụ Hai")
    append_checkpoint(take_checkpoint(), path=checkpoints)
    _grow(world, "Vụ Ba")
    victim = AuditEntry.objects.order_by("id")[1]
    AuditEntry.objects.filter(pk=victim.pk).update(after={"name": "đã bị sửa"})
    _rechain()
    assert verify_audit_chain().ok  # the chain alone is consistent again
    checkpoint = read_checkpoints(checkpoints)[0]
    message = _verify_fails(checkpoints)
    assert f"bản ghi số {checkpoint.last_id} khác với điểm mốc ngày" in message
    assert "nhật ký đã bị viết lại" in message


def test_deleting_every_row_fails_because_the_head_remembers(world: World, checkpoints: Path) -> None:
    """Attack 2: «nguyên vẹn: 0 bản ghi» must not be the answer."""
    AuditEntry.objects.all().delete()
    report = verify_audit_chain()
    assert (report.ok, report.broken_at, report.checked) == (False, -1, 0)
    assert "nhật ký trống nhưng đầu chuỗi đã ghi nhận bản ghi" in _verify_fails(checkpoints)


def test_deleting_every_row_and_resetting_the_head_fails_against_a_checkpoint(
    world: World, checkpoints: Path
) -> None:
    append_checkpoint(take_checkpoint(), path=checkpoints)
    count = AuditEntry.objects.count()
    AuditEntry.objects.all().delete()
    AuditChainHead.objects.filter(pk=1).update(last_hash=ZERO_HASH)
    assert verify_audit_chain().ok  # indistinguishable from a new install without the checkpoint
    message = _verify_fails(checkpoints)
    assert f"ghi nhận {count} bản ghi" in message
    assert "nhật ký đã bị cắt bớt hoặc xóa" in message


def test_truncating_the_tail_and_moving_the_head_back_fails_against_a_checkpoint(
    world: World, checkpoints: Path
) -> None:
    """Attack 3: the remaining prefix is a valid chain and the head names its end."""
    _grow(world, "Vụ Một", "Vụ Hai", "Vụ Ba")
    append_checkpoint(take_checkpoint(), path=checkpoints)
    kept = list(AuditEntry.objects.order_by("id"))[:-2]
    AuditEntry.objects.filter(id__gt=kept[-1].pk).delete()
    AuditChainHead.objects.filter(pk=1).update(last_hash=kept[-1].hash)
    assert verify_audit_chain().ok
    assert "nhật ký đã bị cắt bớt hoặc xóa" in _verify_fails(checkpoints)


def test_an_intact_trail_passes_every_checkpoint_taken_along_the_way(world: World, checkpoints: Path) -> None:
    append_checkpoint(take_checkpoint(), path=checkpoints)
    _grow(world, "Vụ Một")
    append_checkpoint(take_checkpoint(), path=checkpoints)
    _grow(world, "Vụ Hai")
    out = _verify_command(checkpoints)
    assert out.strip() == (
        f"Chuỗi nhật ký nguyên vẹn: {AuditEntry.objects.count()} bản ghi, khớp 2 điểm mốc đã ký."
    )


def test_a_checkpoint_of_an_empty_trail_holds_what_came_after(db: None, checkpoints: Path) -> None:
    checkpoint = take_checkpoint()
    assert (checkpoint.count, checkpoint.last_id, checkpoint.head) == (0, 0, ZERO_HASH)
    append_checkpoint(checkpoint, path=checkpoints)
    make_unit(name="Vụ Một")
    report, stored = verify_with_checkpoints()
    assert (report.ok, report.checkpoints, stored) == (True, 1, 1)


def test_an_edited_checkpoint_file_fails(world: World, checkpoints: Path) -> None:
    checkpoint = take_checkpoint()
    forged = json.loads(checkpoint.to_json())
    forged["count"] = checkpoint.count - 1
    checkpoints.parent.mkdir(parents=True)
    checkpoints.write_text(json.dumps(forged) + "\n", encoding="utf-8")
    assert "có chữ ký sai" in _verify_fails(checkpoints)


def test_a_damaged_checkpoint_line_is_refused_with_its_line_number(world: World, checkpoints: Path) -> None:
    append_checkpoint(take_checkpoint(), path=checkpoints)
    with checkpoints.open("a", encoding="utf-8") as handle:
        handle.write("{not json\n")
    with pytest.raises(InvalidInput) as caught:
        read_checkpoints(checkpoints)
    assert (
        caught.value.message
        == f"Tệp điểm mốc {checkpoints}, dòng 2: Điểm mốc nhật ký không phải JSON hợp lệ."
    )
    assert "dòng 2" in _verify_fails(checkpoints)


def test_a_kept_checkpoint_given_on_the_command_line_is_checked(world: World, checkpoints: Path) -> None:
    """For an operator who keeps the printed line instead of a file."""
    out = io.StringIO()
    call_command("audit", "checkpoint", "--print-only", stdout=out, stderr=io.StringIO())
    printed = out.getvalue().strip()
    assert not checkpoints.exists()
    assert parse_checkpoint(printed).count == AuditEntry.objects.count()
    newest = AuditEntry.objects.order_by("id").last()
    AuditEntry.objects.filter(pk=newest.pk).delete()
    AuditChainHead.objects.filter(pk=1).update(last_hash=AuditEntry.objects.order_by("id").last().hash)
    with pytest.raises(CommandError, match="nhật ký đã bị cắt bớt hoặc xóa"):
        call_command("audit", "verify", checkpoint=[printed], stdout=io.StringIO(), stderr=io.StringIO())


def test_the_checkpoint_command_appends_a_line_and_prints_it(world: World, checkpoints: Path) -> None:
    for _ in range(2):
        call_command("audit", "checkpoint", stdout=io.StringIO(), stderr=io.StringIO())
    lines = checkpoints.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    first = parse_checkpoint(lines[0])
    newest = AuditEntry.objects.order_by("id").last()
    assert (first.count, first.last_id, first.head) == (AuditEntry.objects.count(), newest.pk, newest.hash)


def test_no_checkpoint_is_taken_of_a_broken_chain(world: World, checkpoints: Path) -> None:
    AuditEntry.objects.filter(pk=AuditEntry.objects.order_by("id").first().pk).update(action="khác")
    with pytest.raises(Conflict, match="Không ghi điểm mốc: chuỗi nhật ký bị phá vỡ"):
        take_checkpoint()
    with pytest.raises(CommandError, match="Không ghi điểm mốc"):
        call_command("audit", "checkpoint", stdout=io.StringIO(), stderr=io.StringIO())
    assert not checkpoints.exists()


def test_verify_warns_when_no_checkpoint_was_ever_taken(world: World, checkpoints: Path) -> None:
    err = io.StringIO()
    call_command("audit", "verify", stdout=io.StringIO(), stderr=err)
    assert "chưa có điểm mốc nào" in err.getvalue()


def test_the_migration_re_signs_an_intact_unkeyed_chain_and_leaves_a_broken_one(world: World) -> None:
    migration = importlib.import_module("thidua.core.migrations.0002_audit_chain_keyed")
    from django.apps import apps

    # Make the chain what it was before the key: plain SHA-256 over the same payload.
    previous = ZERO_HASH
    for entry in AuditEntry.objects.order_by("id"):
        entry.prev_hash = previous
        entry.hash = hashlib.sha256(migration._payload(entry, previous)).hexdigest()
        entry.save(update_fields=["prev_hash", "hash"])
        previous = entry.hash
    AuditChainHead.objects.filter(pk=1).update(last_hash=previous)
    assert not verify_audit_chain().ok
    migration.rekey(apps, None)
    assert verify_audit_chain().ok

    AuditEntry.objects.filter(pk=AuditEntry.objects.order_by("id").first().pk).update(action="khác")
    before = list(AuditEntry.objects.order_by("id").values_list("hash", flat=True))
    migration.rekey(apps, None)
    assert list(AuditEntry.objects.order_by("id").values_list("hash", flat=True)) == before
