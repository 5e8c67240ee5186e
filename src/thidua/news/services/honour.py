"""The honour board: entries with recorded consent, never showing personal identifiers."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.db import transaction
from django.utils import timezone

from thidua.core.audit import record_audit, snapshot
from thidua.core.errors import Conflict, InvalidInput
from thidua.core.rules import require
from thidua.core.text import collation_key
from thidua.news.enums import ConsentMethod, HonourKind, HonourSource, HonourStatus
from thidua.news.models import HonourEntry
from thidua.news.services.text import _plain
from thidua.organisations.models import Unit

_IDENTIFIERS = [
    (re.compile(r"(?<!\d)\d{9}(?!\d)|(?<!\d)\d{12}(?!\d)"), "số định danh, CCCD hoặc CMND"),
    (re.compile(r"(?<!\d)(\+?84|0)(\s?\.?\d){9,10}(?!\d)"), "số điện thoại"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"), "địa chỉ thư điện tử"),
    (
        re.compile(r"\bsinh (ngày|năm)\b|\bngày sinh\b|\bquê quán\b|\bđịa chỉ\b", re.IGNORECASE),
        "ngày sinh hoặc địa chỉ",
    ),
]


def _refuse_identifiers(**texts: str) -> None:
    for name, text in texts.items():
        for pattern, what in _IDENTIFIERS:
            if pattern.search(text):
                raise InvalidInput(
                    f"Không được đưa thông tin cá nhân ({what}) lên bảng vinh danh.",
                    fields={name: "personal_identifier"},
                )


@transaction.atomic
def create_honour_entry(
    *,
    actor: Any,
    kind: str,
    display_name: str,
    unit: Unit,
    year: int,
    achievement: str,
    source: str = HonourSource.EDITOR,
    source_reference: str = "",
) -> HonourEntry:
    require(actor, "news.manage_honour", unit)
    display_name = _plain(display_name, max_length=1000)
    achievement = _plain(achievement, max_length=10_000)
    source_reference = _plain(source_reference, max_length=1000)
    if kind not in HonourKind.values or source not in HonourSource.values:
        raise InvalidInput("Loại gương điển hình hoặc nguồn không hợp lệ.", fields={"kind": "invalid"})
    if not display_name or len(display_name) > 200:
        raise InvalidInput("Cần ghi tên (tối đa 200 ký tự).", fields={"display_name": "required"})
    if not achievement or len(achievement) > 3000:
        raise InvalidInput("Cần ghi thành tích (tối đa 3000 ký tự).", fields={"achievement": "required"})
    if not 1990 <= year <= 2100:
        raise InvalidInput(f"Năm {year} không hợp lệ.", fields={"year": "invalid"})
    if source == HonourSource.DECISION and not source_reference:
        raise InvalidInput(
            "Gương điển hình lấy từ quyết định cần ghi số quyết định.",
            fields={"source_reference": "required"},
        )
    _refuse_identifiers(display_name=display_name, achievement=achievement)
    entry = HonourEntry.objects.create(
        kind=kind,
        display_name=display_name,
        unit=unit,
        year=year,
        achievement=achievement,
        source=source,
        source_reference=source_reference[:200],
        sort_key=collation_key(display_name),
    )
    record_audit(actor=actor, action="news.honour.create", target=entry, after=snapshot(entry))
    return entry


@transaction.atomic
def record_honour_consent(
    *, actor: Any, entry: HonourEntry, given_by: str, given_on: datetime.date, method: str, note: str = ""
) -> HonourEntry:
    """Record who agreed to appear on the board, when and how."""
    entry = HonourEntry.objects.select_for_update().get(pk=entry.pk)
    require(actor, "news.manage_honour", entry)
    given_by = _plain(given_by, max_length=1000)
    note = _plain(note, max_length=1000)
    if not given_by or len(given_by) > 200:
        raise InvalidInput("Cần ghi người đồng ý (tối đa 200 ký tự).", fields={"given_by": "required"})
    if method not in ConsentMethod.values:
        raise InvalidInput("Hình thức đồng ý không hợp lệ.", fields={"method": "invalid"})
    if given_on > timezone.localdate():
        raise InvalidInput("Ngày đồng ý không thể ở tương lai.", fields={"given_on": "future"})
    if len(note) > 300:
        raise InvalidInput("Ghi chú tối đa 300 ký tự.", fields={"note": "too_long"})
    before = snapshot(entry)
    entry.consent_given_by, entry.consent_given_on, entry.consent_method = given_by, given_on, method
    entry.consent_note = note
    entry.consent_recorded_by = actor if getattr(actor, "pk", None) else None
    entry.save()
    record_audit(
        actor=actor, action="news.honour.consent", target=entry, before=before, after=snapshot(entry)
    )
    return entry


@transaction.atomic
def publish_honour_entry(*, actor: Any, entry: HonourEntry) -> HonourEntry:
    entry = HonourEntry.objects.select_for_update().get(pk=entry.pk)
    require(actor, "news.manage_honour", entry)
    if entry.status == HonourStatus.PUBLISHED:
        raise Conflict("Gương điển hình này đã được đăng.")
    if not (entry.consent_given_by and entry.consent_given_on and entry.consent_method):
        raise Conflict(
            "Chưa ghi nhận sự đồng ý (ai đồng ý, ngày nào, bằng hình thức nào) nên chưa thể đăng.",
            fields={"consent": "missing"},
        )
    before = snapshot(entry, fields=["status", "published_at"])
    entry.status = HonourStatus.PUBLISHED
    entry.published_at = timezone.now()
    entry.save(update_fields=["status", "published_at"])
    record_audit(
        actor=actor,
        action="news.honour.publish",
        target=entry,
        before=before,
        after=snapshot(entry, fields=["status", "published_at"]),
    )
    return entry
