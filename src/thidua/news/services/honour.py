"""The honour board: entries with recorded consent, never showing personal identifiers."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone

from thidua.core.audit import record_audit, snapshot
from thidua.core.audited import create_audited, save_audited
from thidua.core.errors import Conflict, InvalidInput
from thidua.core.rules import require
from thidua.core.text import collation_key
from thidua.core.years import check_year
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


def _validated_entry(
    *, kind: str, display_name: str, year: int, achievement: str, source: str, source_reference: str
) -> tuple[str, str, str]:
    display_name = _plain(display_name, max_length=1000)
    achievement = _plain(achievement, max_length=10_000)
    source_reference = _plain(source_reference, max_length=1000)
    if kind not in HonourKind.values or source not in HonourSource.values:
        raise InvalidInput("Loại gương điển hình hoặc nguồn không hợp lệ.", fields={"kind": "invalid"})
    if not display_name or len(display_name) > 200:
        raise InvalidInput("Cần ghi tên (tối đa 200 ký tự).", fields={"display_name": "required"})
    if not achievement or len(achievement) > 3000:
        raise InvalidInput("Cần ghi thành tích (tối đa 3000 ký tự).", fields={"achievement": "required"})
    check_year(year)  # the emulation years (thidua.core.years), one message everywhere
    if source == HonourSource.DECISION and not source_reference:
        raise InvalidInput(
            "Gương điển hình lấy từ quyết định cần ghi số quyết định.",
            fields={"source_reference": "required"},
        )
    if len(source_reference) > 200:
        raise InvalidInput("Số quyết định tối đa 200 ký tự.", fields={"source_reference": "too_long"})
    _refuse_identifiers(display_name=display_name, achievement=achievement)
    return display_name, achievement, source_reference


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
    display_name, achievement, source_reference = _validated_entry(
        kind=kind,
        display_name=display_name,
        year=year,
        achievement=achievement,
        source=source,
        source_reference=source_reference,
    )
    return create_audited(
        HonourEntry,
        actor=actor,
        action="news.honour.create",
        kind=kind,
        display_name=display_name,
        unit=unit,
        year=year,
        achievement=achievement,
        source=source,
        source_reference=source_reference,
        sort_key=collation_key(display_name),
    )


_CONSENT_FIELDS = (
    "consent_given_by",
    "consent_given_on",
    "consent_method",
    "consent_note",
    "consent_recorded_by",
)


@transaction.atomic
def update_honour_entry(
    *,
    actor: Any,
    entry: HonourEntry,
    kind: str,
    display_name: str,
    unit: Unit,
    year: int,
    achievement: str,
    source: str = HonourSource.EDITOR,
    source_reference: str = "",
) -> HonourEntry:
    """Correct an entry, with the checks of a new one. Consent was given for a name and a unit:
    changing either clears it and takes a published entry off the board until consent is recorded
    again; a corrected achievement or year keeps it."""
    entry = HonourEntry.objects.select_for_update().select_related("unit").get(pk=entry.pk)
    require(actor, "news.manage_honour", entry)
    require(actor, "news.manage_honour", unit)
    display_name, achievement, source_reference = _validated_entry(
        kind=kind,
        display_name=display_name,
        year=year,
        achievement=achievement,
        source=source,
        source_reference=source_reference,
    )
    identity_changed = (kind, display_name, unit.pk) != (entry.kind, entry.display_name, entry.unit_id)
    changes: dict[str, Any] = {
        "kind": kind,
        "display_name": display_name,
        "unit": unit,
        "year": year,
        "achievement": achievement,
        "source": source,
        "source_reference": source_reference,
        "sort_key": collation_key(display_name),
    }
    if identity_changed and entry.consent_given_on is not None:
        changes.update(dict.fromkeys(("consent_given_by", "consent_method", "consent_note"), ""))
        changes.update(consent_given_on=None, consent_recorded_by=None)
        changes.update(status=HonourStatus.DRAFT, published_at=None)
    return save_audited(entry, actor=actor, action="news.honour.update", changes=changes)


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


# --------------------------------------------------------------------------------------------------
# Entries from a decision's recipients (the seam: decisions come with the proposals work)


@dataclass(frozen=True)
class HonourCandidate:
    """One recipient of a decision, as the board would name it (never an identifier)."""

    kind: str
    display_name: str
    unit: Unit
    year: int
    achievement: str


class HonourCandidateSource(Protocol):
    """What a decision offers the honour board. `DecisionSource` will implement it once decisions
    exist; the editor then drafts entries from a decision's recipients in one step."""

    def decision_reference(self) -> str: ...

    def honour_candidates(self) -> Sequence[HonourCandidate]: ...


@transaction.atomic
def draft_honour_entries_from_source(*, actor: Any, source: HonourCandidateSource) -> list[HonourEntry]:
    """Draft one entry per recipient (source «from a decision», its number as reference). All or
    nothing: a recipient outside the editor's units refuses the lot. Recipients drafted from the
    same decision before are skipped. Each draft still needs its consent recorded before publishing."""
    reference = _plain(source.decision_reference(), max_length=200)
    candidates = list(source.honour_candidates())
    for candidate in candidates:
        require(actor, "news.manage_honour", candidate.unit)
    created: list[HonourEntry] = []
    for candidate in candidates:
        name = _plain(candidate.display_name, max_length=1000)
        if HonourEntry.objects.filter(
            source=HonourSource.DECISION,
            source_reference=reference,
            display_name=name,
            unit=candidate.unit,
            year=candidate.year,
        ).exists():
            continue
        created.append(
            create_honour_entry(
                actor=actor,
                kind=candidate.kind,
                display_name=name,
                unit=candidate.unit,
                year=candidate.year,
                achievement=candidate.achievement,
                source=HonourSource.DECISION,
                source_reference=reference,
            )
        )
    return created
