"""The snapshot → save → audit step of a service, written once.

A service validates first, then calls one of these inside its transaction:

    unit = create_audited(Unit, actor=actor, action="organisations.unit.create", code=code, name=name)
    save_audited(plan, actor=actor, action="covenants.plan.update", changes={"title": title})
    delete_audited(item, actor=actor, action="covenants.plan_item.delete", target=plan)

Each records the entry with `thidua.core.audit.record_audit`: `before` is the row's snapshot before
the change (None for a creation), `after` the snapshot after it (None for a deletion), plus any
`extra` facts the service wants kept (counts, reasons). The write and its entry share the caller's
transaction: no change without its entry, no entry without its change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from django.db import models

from thidua.core.audit import record_audit, snapshot

M = TypeVar("M", bound=models.Model)


def _after(
    instance: models.Model, fields: Sequence[str] | None, extra: Mapping[str, Any] | None
) -> dict[str, Any]:
    return {**snapshot(instance, fields=list(fields) if fields is not None else None), **(extra or {})}


def create_audited(
    model: type[M],
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    audit_fields: Sequence[str] | None = None,
    extra: Mapping[str, Any] | None = None,
    **values: Any,
) -> M:
    """`model.objects.create(**values)` and its audit entry (target: the new row unless given)."""
    instance: M = model._default_manager.create(**values)
    record_audit(
        actor=actor,
        action=action,
        target=target if target is not None else instance,
        after=_after(instance, audit_fields, extra),
    )
    return instance


def save_audited(
    instance: M,
    *,
    actor: Any,
    action: str,
    changes: Mapping[str, Any] | None = None,
    target: models.Model | None = None,
    audit_fields: Sequence[str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> M:
    """Apply `changes` (field → value) to a saved row and save only those fields; or save a new
    row (no pk yet) whole. Audits the snapshot before and after."""
    is_new = instance._state.adding
    fields = list(audit_fields) if audit_fields is not None else None
    before = None if is_new else snapshot(instance, fields=fields)
    for name, value in (changes or {}).items():
        setattr(instance, name, value)
    if is_new:
        instance.save()
    else:
        instance.save(update_fields=list(changes) if changes else None)
    record_audit(
        actor=actor,
        action=action,
        target=target if target is not None else instance,
        before=before,
        after=_after(instance, audit_fields, extra),
    )
    return instance


def delete_audited(
    instance: models.Model,
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    audit_fields: Sequence[str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> None:
    """Delete the row and audit what it was. The target defaults to the row itself (its id stays
    in the entry); pass the parent when the page that shows the trail is the parent's."""
    before = {
        **snapshot(instance, fields=list(audit_fields) if audit_fields is not None else None),
        **(extra or {}),
    }
    label_target = target if target is not None else instance
    if target is None:
        # record first: after delete() the row has no pk to name in the entry
        record_audit(actor=actor, action=action, target=label_target, before=before)
        instance.delete()
        return
    instance.delete()
    record_audit(actor=actor, action=action, target=label_target, before=before)
