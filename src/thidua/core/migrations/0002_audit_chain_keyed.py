"""Re-sign the audit chain with the audit key (THIDUA_AUDIT_KEY).

Entries written before this migration carry plain SHA-256 hashes. If that chain is intact, every
entry is re-hashed with HMAC-SHA256 under the key, in order, and the head moved to the new end; a
chain that is already broken is left as it is, so `thidua audit verify` keeps reporting where.
The payload is written out here so that later changes to `thidua.core.audit` cannot alter it.
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import migrations

ZERO = "0" * 64


def _payload(entry, prev):
    return json.dumps(
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
            "prev": prev,
        },
        sort_keys=True,
        ensure_ascii=False,
        cls=DjangoJSONEncoder,
    ).encode()


def rekey(apps, schema_editor):
    Entry = apps.get_model("core", "AuditEntry")
    Head = apps.get_model("core", "AuditChainHead")
    entries = list(Entry.objects.order_by("id"))
    previous = ZERO
    for entry in entries:
        if (
            entry.prev_hash != previous
            or hashlib.sha256(_payload(entry, entry.prev_hash)).hexdigest() != entry.hash
        ):
            print(f"\n  Chuỗi nhật ký đã bị phá vỡ tại bản ghi số {entry.pk}: giữ nguyên, không ký lại.")
            return
        previous = entry.hash
    head = Head.objects.filter(pk=1).first()
    if head is not None and head.last_hash != previous:
        print(
            "\n  Đầu chuỗi nhật ký không khớp bản ghi mới nhất (cuối chuỗi đã bị xóa): giữ nguyên, không ký lại."
        )
        return
    if not entries:
        return
    key = settings.AUDIT_KEY.encode()
    previous = ZERO
    for entry in entries:
        entry.prev_hash = previous
        entry.hash = hmac.new(key, _payload(entry, previous), hashlib.sha256).hexdigest()
        previous = entry.hash
    Entry.objects.bulk_update(entries, ["prev_hash", "hash"], batch_size=1000)
    Head.objects.update_or_create(pk=1, defaults={"last_hash": previous})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
