"""Writing and verifying the audit trail. Services call `record_audit` after they save."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from thidua.core.models import AuditChainHead, AuditEntry
from thidua.core.request_context import current_request_id

if TYPE_CHECKING:
    from thidua.core.audit_checkpoints import Checkpoint

SYSTEM_LABEL = "Hệ thống"
ZERO_HASH = "0" * 64


def snapshot(instance: models.Model, *, fields: list[str] | None = None) -> dict[str, Any]:
    """Plain JSON-able values of a model's concrete fields (foreign keys as ids)."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        data[field.attname] = field.value_from_object(instance)
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def audit_key() -> bytes:
    return settings.AUDIT_KEY.encode()


def _digest(entry: AuditEntry) -> str:
    """HMAC-SHA256 of the entry and its predecessor's hash under the audit key (`THIDUA_AUDIT_KEY`):
    whoever can write to the database but lacks the key cannot forge a hash that verifies."""
    payload = json.dumps(
        {
            "at": entry.at.isoformat(),
            "actor": entry.actor_id,
            "actor_label": entry.actor_label,
            "action": entry.action,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "object_repr": entry.object_repr,
            "before": entry.before,
            "after": entry.after,
            "request_id": entry.request_id,
            "prev": entry.prev_hash,
        },
        sort_keys=True,
        ensure_ascii=False,
        cls=DjangoJSONEncoder,
    )
    return hmac.new(audit_key(), payload.encode(), hashlib.sha256).hexdigest()


def record_audit(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the chain. Runs inside the caller's transaction: no change, no entry."""
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=(actor.get_username() if getattr(actor, "pk", None) else SYSTEM_LABEL),
            action=action,
            object_type=target._meta.label_lower if target is not None else "",
            object_id=str(target.pk) if target is not None else "",
            object_repr=str(target)[:300] if target is not None else "",
            before=json.loads(json.dumps(before, cls=DjangoJSONEncoder)) if before is not None else None,
            after=json.loads(json.dumps(after, cls=DjangoJSONEncoder)) if after is not None else None,
            request_id=current_request_id(),
            prev_hash=head.last_hash,
        )
        entry.hash = _digest(entry)
        entry.save()
        head.last_hash = entry.hash
        head.save(update_fields=["last_hash"])
    return entry


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None  # id of the first entry whose hash or link does not hold; -1 for the tail
    reason: str = ""  # in Vietnamese, for the operator
    checkpoints: int = 0  # signed checkpoints that were compared with the chain
    last_id: int | None = None  # the newest entry verified
    last_hash: str = ZERO_HASH

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_audit_chain(*, checkpoints: Iterable[Checkpoint] = ()) -> ChainReport:
    """Walk the whole chain; then hold it against the head row and against signed checkpoints kept
    outside the database (see `thidua.core.audit_checkpoints`), which catch what the chain alone
    cannot: a trail rewritten with the key, truncated with its head moved back, or deleted."""
    from thidua.core.audit_checkpoints import checkpoint_problem, unmatched_checkpoint_problem

    wanted: dict[int, list[Checkpoint]] = {}
    compared = 0
    for checkpoint in checkpoints:
        problem = checkpoint_problem(checkpoint)
        if problem:
            return ChainReport(checked=0, broken_at=checkpoint.last_id or -1, reason=problem)
        if checkpoint.count == 0:
            compared += 1  # a checkpoint of an empty trail holds whatever came after it
        else:
            wanted.setdefault(checkpoint.last_id, []).append(checkpoint)
    previous = ZERO_HASH
    checked = 0
    last_id: int | None = None
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != previous or _digest(entry) != entry.hash:
            return ChainReport(
                checked=checked,
                broken_at=entry.pk,
                reason=(
                    f"bản ghi số {entry.pk} đã bị sửa, hoặc bản ghi trước nó đã bị xóa, "
                    "hoặc chuỗi không được ký bằng khóa nhật ký (THIDUA_AUDIT_KEY) của máy này"
                ),
            )
        previous = entry.hash
        checked += 1
        last_id = entry.pk
        for checkpoint in wanted.pop(entry.pk, []):
            problem = checkpoint_problem(checkpoint, position=checked, entry_hash=entry.hash)
            if problem:
                return ChainReport(checked=checked, broken_at=entry.pk, reason=problem)
            compared += 1
    if wanted:
        checkpoint = min((c for group in wanted.values() for c in group), key=lambda c: c.last_id)
        return ChainReport(
            checked=checked,
            broken_at=-1,
            reason=unmatched_checkpoint_problem(checkpoint),
            checkpoints=compared,
        )
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != previous:
        # The newest entries (or all of them) were deleted: the head remembers a hash nobody has.
        reason = (
            "nhật ký trống nhưng đầu chuỗi đã ghi nhận bản ghi: toàn bộ nhật ký đã bị xóa"
            if not checked
            else "cuối chuỗi: bản ghi mới nhất đã bị xóa (đầu chuỗi ghi nhận một bản ghi không còn)"
        )
        return ChainReport(checked=checked, broken_at=-1, reason=reason, checkpoints=compared)
    return ChainReport(
        checked=checked, broken_at=None, checkpoints=compared, last_id=last_id, last_hash=previous
    )
