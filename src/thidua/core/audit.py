"""Writing and verifying the audit trail. Services call `record_audit` after they save."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from thidua.core.models import AuditChainHead, AuditEntry
from thidua.core.request_context import current_request_id

SYSTEM_LABEL = "Hệ thống"


def snapshot(instance: models.Model, *, fields: list[str] | None = None) -> dict[str, Any]:
    """Plain JSON-able values of a model's concrete fields (foreign keys as ids)."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        data[field.attname] = field.value_from_object(instance)
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _digest(entry: AuditEntry) -> str:
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
    return hashlib.sha256(payload.encode()).hexdigest()


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
    broken_at: int | None  # id of the first entry whose hash or link does not hold

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_audit_chain() -> ChainReport:
    previous = "0" * 64
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != previous or _digest(entry) != entry.hash:
            return ChainReport(checked=checked, broken_at=entry.pk)
        previous = entry.hash
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and checked and head.last_hash != previous:
        # The newest entries were deleted: the head remembers a hash nobody has.
        return ChainReport(checked=checked, broken_at=-1)
    return ChainReport(checked=checked, broken_at=None)
