"""Decisions: drafted from dossiers' recommended entries or from a list, issued with a number from
the issuing body's counter (which writes every registry entry in one transaction, all or nothing),
revoked with a reason and a legal basis (which revokes every entry it wrote)."""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from thidua.awards import services as registry
from thidua.awards.eligibility.codes import legal_name
from thidua.awards.models import Decision as RegistryDecision
from thidua.core import clock
from thidua.core.audit import record_audit, snapshot
from thidua.core.audited import create_audited
from thidua.core.errors import Conflict, DomainError, InvalidInput
from thidua.core.rules import require
from thidua.core.text import fold
from thidua.core.years import EMULATION_YEARS, RECORD_YEARS, check_year, parse_int
from thidua.documents.models import DocumentNumber
from thidua.organisations.models import Person, Unit

from ..enums import DecisionState, DossierState, EntryDecision
from ..models import AwardDecision, DecisionEntry, Dossier, DossierEntry
from .common import Subject, log_event, person_unit_label, subject_fields, subject_name, text
from .dossiers import check_code

logger = logging.getLogger(__name__)

# Higher apps (news) are told when a decision is issued, after the commit: the news desk drafts an
# article and honour-board suggestions from it. Registered by name in their AppConfig.ready().
DecisionListener = Callable[[AwardDecision], None]
_ISSUED_LISTENERS: dict[str, DecisionListener] = {}


def register_decision_listener(name: str, listener: DecisionListener) -> None:
    _ISSUED_LISTENERS[name] = listener


def _tell_listeners(decision_pk: int) -> None:
    decision = AwardDecision.objects.filter(pk=decision_pk).first()
    for name, listener in sorted(_ISSUED_LISTENERS.items()):
        try:
            listener(decision)  # type: ignore[arg-type]
        except Exception:  # a side effect never undoes an issued decision
            logger.exception("decision listener %s failed for decision %s", name, decision_pk)


SYMBOL = re.compile(r"^[0-9A-ZĐ][0-9A-ZĐa-zđ&\-]{1,29}$")
MAX_DECISION_ENTRIES = 5000


@dataclass(frozen=True)
class EntrySpec:
    """One line of a decision prepared from a list (not from a dossier)."""

    subject: Subject
    code: str
    year: int | None = None  # the decision's year when None
    unit_label: str = ""


def counter_key(body: Unit) -> str:
    """The issuing body's key in the documents app's counter of numbers (one series a year)."""
    return f"unit:{body.pk}"


def decidable_entries(dossier: Dossier) -> list[DossierEntry]:
    """What a decision takes from a dossier: entries the council recommended; for a dossier not put
    to a council (a unit's head deciding on its own people), every entry admitted at submission."""
    rows = dossier.entries.exclude(decision=EntryDecision.REJECT).select_related("person", "unit")
    if dossier.state == DossierState.REVIEWED:
        return [e for e in rows if e.recommended]
    if dossier.state == DossierState.SUBMITTED:
        return list(rows)
    return []


@transaction.atomic
def prepare_decision(
    *,
    actor: Any,
    body: Unit,
    issuer: str,
    year: int,
    subject_line: str,
    symbol: str,
    dossiers: Sequence[Dossier] = (),
    entries: Sequence[EntrySpec] = (),
    signer_name: str = "",
    signer_title: str = "",
    legal_grounds: str = "",
    place: str = "",
) -> AwardDecision:
    """A draft decision of `body` (signed as `issuer`, e.g. "Bộ trưởng Bộ Tài nguyên và Môi
    trường"): its list is the recommended entries of `dossiers` (addressed to `body`) plus `entries`."""
    require(actor, "proposals.prepare_decision", body)
    check_year(year, years=EMULATION_YEARS)
    symbol = (symbol or "").strip()
    if not SYMBOL.match(symbol):
        raise InvalidInput(
            "Ký hiệu quyết định phải như «QĐ-BTNMT» (chữ in hoa, số, dấu gạch ngang; tối đa 30 ký tự).",
            fields={"symbol": "invalid"},
        )
    lines: list[tuple[Subject, str, int, str, DossierEntry | None]] = []
    dossiers = [Dossier.objects.select_for_update().get(pk=d.pk) for d in dossiers]  # their state now
    for dossier in dossiers:
        if dossier.authority_id != body.pk:
            raise InvalidInput(
                f"Hồ sơ «{dossier.title}» không gửi {body.name}.", fields={"dossiers": "other_authority"}
            )
        taken = decidable_entries(dossier)
        if not taken:
            raise Conflict(
                f"Hồ sơ «{dossier.title}» không có đối tượng nào được đề nghị quyết định.",
                fields={"dossiers": "nothing"},
            )
        lines += [(e.subject, e.code, dossier.year, "", e) for e in taken]
    for spec in entries:
        entry_year = spec.year if spec.year is not None else year
        check_year(entry_year, years=RECORD_YEARS)
        lines.append(
            (
                spec.subject,
                check_code(subject=spec.subject, code=spec.code),
                entry_year,
                spec.unit_label,
                None,
            )
        )
    if not lines:
        raise InvalidInput("Quyết định chưa có ai được khen.", fields={"entries": "empty"})
    if len(lines) > MAX_DECISION_ENTRIES:
        raise InvalidInput(
            f"Một quyết định có tối đa {MAX_DECISION_ENTRIES} người, tập thể.", fields={"entries": "too_many"}
        )
    seen: set[tuple[str, int, str]] = set()
    for subject, code, _, _, _ in lines:
        key = (type(subject).__name__, subject.pk, code)
        if key in seen:
            raise InvalidInput(
                f"{subject_name(subject)} có hai lần {legal_name(code)} trong danh sách.",
                fields={"entries": "duplicate"},
            )
        seen.add(key)
    decision = create_audited(
        AwardDecision,
        actor=actor,
        action="proposals.decision.prepare",
        body=body,
        issuer=text(issuer, field="issuer", label="chức danh người có thẩm quyền quyết định", maximum=255),
        year=year,
        subject_line=text(subject_line, field="subject_line", label="trích yếu", maximum=300),
        symbol=symbol,
        signer_name=text(signer_name, field="signer_name", label="người ký", maximum=200, required=False),
        signer_title=text(
            signer_title, field="signer_title", label="chức vụ người ký", maximum=200, required=False
        ),
        legal_grounds=text(
            legal_grounds, field="legal_grounds", label="căn cứ", maximum=5000, required=False
        ),
        place=text(place, field="place", label="địa danh", maximum=100, required=False),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if dossiers:
        decision.dossiers.set(dossiers)
    rows = []
    for i, (subject, code, entry_year, unit_label, dossier_entry) in enumerate(lines, start=1):
        if not unit_label and isinstance(subject, Person):
            unit_label = person_unit_label(subject, on=datetime.date(entry_year, 12, 31))
        rows.append(
            DecisionEntry(
                decision=decision,
                position=i,
                code=code,
                year=entry_year,
                label=subject_name(subject)[:300],
                unit_label=unit_label[:300],
                dossier_entry=dossier_entry,
                search_text=fold(f"{subject_name(subject)} {unit_label}")[:700],
                **subject_fields(subject),
            )
        )
    DecisionEntry.objects.bulk_create(rows)
    return decision


def search_text_of(decision: AwardDecision, entries: Sequence[DecisionEntry]) -> str:
    """What the public search matches, folded: number, subject line, issuer, every recipient."""
    parts = [decision.full_number, decision.subject_line, decision.issuer]
    parts += [f"{e.label} {e.unit_label}" for e in entries]
    return fold(" ".join(parts))


def _claim_number(*, decision: AwardDecision, number: int | None, on: datetime.date) -> int:
    """The number from the body's counter (locked until the transaction ends), or the given one if
    unused; a given number above the counter moves the counter on, so it is never handed out again."""
    key = counter_key(decision.body)
    try:
        with transaction.atomic():
            DocumentNumber.objects.get_or_create(issuer=key, year=on.year)
    except IntegrityError:
        pass  # created by a concurrent request; locked below
    counter = DocumentNumber.objects.select_for_update().get(issuer=key, year=on.year)
    if number is None:
        number = counter.last_number + 1
        while AwardDecision.objects.filter(body=decision.body, number_year=on.year, number=number).exists():
            number += 1
    else:
        number = parse_int(number, field="number", minimum=1, maximum=999999, label="số quyết định")
        if AwardDecision.objects.filter(body=decision.body, number_year=on.year, number=number).exists():
            raise Conflict(
                f"Số {number}/{decision.symbol} năm {on.year} đã dùng cho một quyết định khác.",
                fields={"number": "duplicate"},
            )
    counter.last_number = max(counter.last_number, number)
    counter.save(update_fields=["last_number"])
    return number


def _first_ground(grounds: str) -> str:
    """The registry's one-line basis from the decision's grounds: "Căn cứ Luật …;" is kept as
    "Luật …", since the registry's pages say "căn cứ" themselves."""
    first = next((line.strip() for line in grounds.splitlines() if line.strip()), "")
    if first[:7].lower() == "căn cứ ":
        first = first[7:].lstrip()
    return first.rstrip(" ;.,")[:255]


@transaction.atomic
def issue_decision(
    *,
    actor: Any,
    decision: AwardDecision,
    issued_on: datetime.date,
    signer_name: str,
    signer_title: str,
    number: int | None = None,
    legal_grounds: str | None = None,
) -> AwardDecision:
    """Enter the signed decision: number (from the body's counter, or the one given), date, signer;
    the registry's decision and every conferral are written in this one transaction — if any line
    fails (already in the registry, wrong kind of subject) nothing is written and the number is not
    used. Issuing twice, also from two concurrent requests, is refused (the row is locked)."""
    locked = AwardDecision.objects.select_for_update().select_related("body").filter(pk=decision.pk).first()
    if locked is None:
        raise Conflict("Không tìm thấy quyết định.")
    require(actor, "proposals.issue_decision", locked)
    if locked.state != DecisionState.DRAFT:
        raise Conflict(
            f"Quyết định đã ban hành (số {locked.full_number}), không ban hành lại được.",
            fields={"state": "issued"},
        )
    check_year(issued_on.year, years=EMULATION_YEARS, field="issued_on")
    if issued_on.year < locked.year:
        raise InvalidInput(
            f"Ngày ban hành phải từ năm {locked.year} (năm thành tích) trở đi.", fields={"issued_on": "early"}
        )
    signer_name = text(signer_name, field="signer_name", label="người ký", maximum=200)
    signer_title = text(signer_title, field="signer_title", label="chức vụ người ký", maximum=200)
    grounds = locked.legal_grounds if legal_grounds is None else legal_grounds
    grounds = text(grounds, field="legal_grounds", label="căn cứ ban hành", maximum=5000)
    entries = list(locked.entries.select_related("person", "unit"))
    if not entries:
        raise InvalidInput("Quyết định chưa có ai được khen.", fields={"entries": "empty"})
    before = snapshot(locked)
    claimed = _claim_number(decision=locked, number=number, on=issued_on)
    full_number = f"{claimed}/{locked.symbol}"
    if RegistryDecision.objects.filter(
        number=full_number, authority=" ".join(locked.issuer.split()), year=issued_on.year
    ).exists():
        raise Conflict(
            f"Sổ khen thưởng đã có Quyết định số {full_number} năm {issued_on.year} của {locked.issuer}.",
            fields={"number": "duplicate"},
        )
    # The decision's body is the authority conferring: the registry's own officer rule (over the
    # subject's unit) does not apply to a ministry commending another body's department, so the
    # registry is told the actor was allowed here (proposals.issue_decision); its entries name him.
    record = registry.record_decision(
        actor=actor,
        authorised=True,
        number=full_number,
        date=issued_on,
        authority=locked.issuer,
        legal_basis=_first_ground(grounds),
    )
    for entry in entries:
        try:
            entry.conferral = registry.confer(
                actor=actor,
                authorised=True,
                subject=entry.subject,
                year=entry.year,
                code=entry.code,
                decision=record,
            )
        except DomainError as exc:
            exc.message = f"Dòng {entry.position} ({entry.label} – {legal_name(entry.code)}): {exc.message}"
            raise
        entry.save(update_fields=["conferral"])
    locked.number, locked.number_year, locked.issued_on = claimed, issued_on.year, issued_on
    locked.signer_name, locked.signer_title, locked.legal_grounds = signer_name, signer_title, grounds
    locked.state, locked.registry, locked.issued_at = DecisionState.ISSUED, record, clock.now()
    locked.search_text = search_text_of(locked, entries)
    locked.save()
    for dossier in locked.dossiers.select_for_update():
        if dossier.state != DossierState.DECIDED:
            previous = dossier.state
            dossier.state = DossierState.DECIDED
            dossier.save(update_fields=["state"])
            log_event(
                dossier=dossier,
                from_state=previous,
                to_state=DossierState.DECIDED,
                actor=actor,
                reason=f"Quyết định số {full_number} ngày {issued_on:%d/%m/%Y}",
            )
    record_audit(
        actor=actor,
        action="proposals.decision.issue",
        target=locked,
        before=before,
        after={**snapshot(locked), "conferrals": [e.conferral_id for e in entries]},
    )
    pk = locked.pk
    transaction.on_commit(lambda: _tell_listeners(pk))
    decision.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


@transaction.atomic
def revoke_decision(
    *, actor: Any, decision: AwardDecision, reason: str, basis: str, on: datetime.date | None = None
) -> AwardDecision:
    """Revoke an issued decision (Law 06/2022, Chapter VII): every registry entry it wrote is marked
    revoked (kept visible, no longer counting) with the same reason and basis."""
    locked = AwardDecision.objects.select_for_update().select_related("body").get(pk=decision.pk)
    require(actor, "proposals.issue_decision", locked)
    if locked.state != DecisionState.ISSUED:
        raise Conflict(
            "Chỉ thu hồi được quyết định đã ban hành và chưa bị thu hồi.", fields={"state": "not_issued"}
        )
    reason = text(reason, field="reason", label="lý do thu hồi", maximum=2000)
    basis = text(basis, field="basis", label="căn cứ thu hồi (số, ngày quyết định thu hồi)", maximum=255)
    day = on or clock.today()
    if locked.issued_on and day < locked.issued_on:
        raise InvalidInput("Ngày thu hồi không được trước ngày ban hành.", fields={"on": "early"})
    before = snapshot(locked)
    revoked = []
    for entry in locked.entries.select_related("conferral"):
        if entry.conferral is not None and entry.conferral.revoked_on is None:
            registry.revoke_conferral(
                actor=actor, authorised=True, conferral=entry.conferral, on=day, basis=basis, reason=reason
            )
            revoked.append(entry.conferral_id)
    locked.state, locked.revoked_on = DecisionState.REVOKED, day
    locked.revocation_basis, locked.revocation_reason = basis, reason
    locked.save(update_fields=["state", "revoked_on", "revocation_basis", "revocation_reason"])
    record_audit(
        actor=actor,
        action="proposals.decision.revoke",
        target=locked,
        before=before,
        after={**snapshot(locked), "revoked_conferrals": revoked},
    )
    return locked
