"""Registry writes: yearly records, decisions, conferred titles and award forms, initiatives, revocation."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.db import IntegrityError, transaction

from thidua.awards.enums import Discipline, InitiativeScope, Rating, SubjectKind
from thidua.awards.models import AwardForm, CatalogueEntry, Conferral, Decision, Initiative, Title, YearRecord
from thidua.awards.selectors import Subjectish, subject_filter, subject_kind
from thidua.core.audit import record_audit, snapshot
from thidua.core.audited import create_audited, save_audited
from thidua.core.errors import Conflict, InvalidInput, NotFound
from thidua.core.rules import require
from thidua.core.years import RECORD_YEARS, check_year
from thidua.organisations.models import Person

USED_FOR = re.compile(r"^[A-Z0-9_]{2,20}:\d{4}$")


def _subject_fields(subject: Subjectish) -> dict[str, Any]:
    return {"person": subject} if isinstance(subject, Person) else {"unit": subject}


def _check_year(year: int) -> None:
    check_year(year, years=RECORD_YEARS)


def _check_used_for(value: str, *, field: str) -> str:
    value = value.strip()
    if value and not USED_FOR.match(value):
        raise InvalidInput(f"«{value}» phải có dạng MÃ:NĂM, ví dụ CSTDCS:2025.", fields={field: "invalid"})
    return value


@transaction.atomic
def record_year(
    *,
    actor: Any,
    subject: Subjectish,
    year: int,
    rating: str = "",
    discipline: str = "",
    months_worked: int = 12,
    statutory_leave_months: int = 0,
    absence_days: int = 0,
    note: str = "",
    imported: bool = False,
    authorised: bool = False,
) -> YearRecord:
    """Create or update a subject's record for one year. `authorised`: see `confer`."""
    if not authorised:
        require(actor, "awards.change_registry", subject)
    _check_year(year)
    check_year_values(
        rating=rating,
        discipline=discipline,
        months_worked=months_worked,
        statutory_leave_months=statutory_leave_months,
        absence_days=absence_days,
    )
    record = YearRecord.objects.select_for_update().filter(subject_filter(subject), year=year).first()
    before = snapshot(record) if record else None
    if record is None:
        record = YearRecord(year=year, **_subject_fields(subject))
    record.rating = rating
    record.discipline = discipline
    record.months_worked = months_worked
    record.statutory_leave_months = statutory_leave_months
    record.absence_days = absence_days
    record.note = note.strip()[:300]
    record.imported = imported
    record.save()
    record_audit(
        actor=actor,
        action="awards.record.update" if before else "awards.record.create",
        target=record,
        before=before,
        after=snapshot(record),
    )
    return record


def check_year_values(
    *, rating: str, discipline: str, months_worked: int, statutory_leave_months: int, absence_days: int
) -> None:
    """The bounds of one year's facts (shared by `record_year` and the unit's ratings)."""
    if rating and rating not in Rating.values:
        raise InvalidInput(f"Mã xếp loại «{rating}» không hợp lệ.", fields={"rating": "invalid"})
    if discipline and discipline not in Discipline.values:
        raise InvalidInput(f"Mã kỷ luật «{discipline}» không hợp lệ.", fields={"discipline": "invalid"})
    if not 0 <= months_worked <= 12:
        raise InvalidInput("Số tháng công tác phải từ 0 đến 12.", fields={"months_worked": "range"})
    if not 0 <= statutory_leave_months <= 12 or months_worked + statutory_leave_months > 12:
        raise InvalidInput(
            "Số tháng nghỉ chế độ cộng số tháng công tác không được quá 12.",
            fields={"statutory_leave_months": "range"},
        )
    if not 0 <= absence_days <= 366:
        raise InvalidInput("Số ngày nghỉ phải từ 0 đến 366.", fields={"absence_days": "range"})


@transaction.atomic
def record_decision(
    *,
    actor: Any,
    number: str,
    date: datetime.date,
    authority: str,
    legal_basis: str = "",
    authorised: bool = False,
) -> Decision:
    """Find or create a decision: number, authority and the year of its date identify it (numbers
    start again each year, Decree 30/2020 Art. 15). `authorised`: see `confer`."""
    if not authorised:
        require(actor, "awards.record_decision")
    number, authority = number.strip(), " ".join(authority.split())
    if not number:
        raise InvalidInput("Cần ghi số quyết định.", fields={"number": "required"})
    if not authority:
        raise InvalidInput("Cần ghi cơ quan, người ký quyết định.", fields={"authority": "required"})
    existing = Decision.objects.filter(number=number, authority=authority, year=date.year).first()
    if existing is not None:
        if existing.date != date:
            raise Conflict(
                f"Quyết định số {number} của {authority} năm {date.year} đã có với ngày "
                f"{existing.date:%d/%m/%Y}.",
                fields={"date": "conflict"},
            )
        return existing
    return create_audited(
        Decision,
        actor=actor,
        action="awards.decision.create",
        number=number,
        date=date,
        authority=authority,
        legal_basis=legal_basis.strip(),
    )


def catalogue_entry(code: str) -> CatalogueEntry:
    entry: CatalogueEntry | None = (
        Title.objects.filter(code=code).first() or AwardForm.objects.filter(code=code).first()
    )
    if entry is None:
        raise InvalidInput(
            f"Mã «{code}» không có trong danh mục danh hiệu, hình thức khen thưởng.",
            fields={"code": "unknown"},
        )
    return entry


@transaction.atomic
def confer(
    *,
    actor: Any,
    subject: Subjectish,
    year: int,
    code: str,
    decision: Decision | None = None,
    imported: bool = False,
    used_for: str = "",
    period_from: int | None = None,
    period_to: int | None = None,
    authorised: bool = False,
) -> Conferral:
    """Enter a title or award form held for an achievement year, from its decision or imported.

    `authorised=True`: the caller's own rule has already allowed `actor` (a decision's issuing body
    commends people of another body's tree, which the registry's officer rule does not cover:
    `proposals.issue_decision`); the registry's rule is not asked again, and the audit entries
    still name the actor."""
    if not authorised:
        require(actor, "awards.change_registry", subject)
    _check_year(year)
    entry = catalogue_entry(code)
    kind = subject_kind(subject)
    if entry.subject_kind not in (kind, SubjectKind.BOTH):
        who = "cá nhân" if kind == "person" else "tập thể"
        raise InvalidInput(f"«{entry.name}» không dùng cho {who}.", fields={"code": "subject_kind"})
    if decision is None and not imported:
        raise InvalidInput(
            "Cần có quyết định khen thưởng, hoặc đánh dấu là dữ liệu nhập từ hồ sơ cũ.",
            fields={"decision": "required"},
        )
    used_for = _check_used_for(used_for, field="used_for")
    record = YearRecord.objects.filter(subject_filter(subject), year=year).first()
    if record is None:
        record = record_year(
            actor=actor, subject=subject, year=year, imported=imported, authorised=authorised
        )
    field = "title" if isinstance(entry, Title) else "award_form"
    duplicate = Conflict(f"{entry.name} năm {year} đã có trong sổ.", fields={"code": "duplicate"})
    if Conferral.objects.filter(record=record, revoked_on__isnull=True, **{field: entry}).exists():
        raise duplicate
    try:
        with transaction.atomic():
            conferral = Conferral.objects.create(
                record=record,
                decision=decision,
                imported=decision is None,
                used_for=used_for,
                period_from=period_from,
                period_to=period_to,
                **{field: entry},
            )
    except IntegrityError:
        # A concurrent entry of the same achievement: the database's constraint decides.
        raise duplicate from None
    record_audit(actor=actor, action="awards.conferral.create", target=conferral, after=snapshot(conferral))
    return conferral


def _subject_of(conferral: Conferral) -> Subjectish:
    record = conferral.record
    return record.person if record.person_id else record.unit  # type: ignore[return-value]


@transaction.atomic
def revoke_conferral(
    *,
    actor: Any,
    conferral: Conferral,
    on: datetime.date,
    basis: str,
    reason: str = "",
    authorised: bool = False,
) -> Conferral:
    """Cancel a conferred title or award (Law 06/2022, Chapter VII). It stays visible and stops counting."""
    conferral = (
        Conferral.objects.select_for_update(of=("self",))
        .select_related("record__person", "record__unit", "title", "award_form")
        .get(pk=conferral.pk)
    )
    if not authorised:  # see confer
        require(actor, "awards.revoke_conferral", _subject_of(conferral))
    if conferral.revoked_on is not None:
        raise Conflict(f"Đã thu hồi ngày {conferral.revoked_on:%d/%m/%Y}.", fields={"revoked_on": "already"})
    if not basis.strip():
        raise InvalidInput(
            "Cần ghi căn cứ thu hồi (số, ngày quyết định thu hồi).", fields={"basis": "required"}
        )
    return save_audited(
        conferral,
        actor=actor,
        action="awards.conferral.revoke",
        changes={"revoked_on": on, "revocation_basis": basis.strip(), "revocation_reason": reason.strip()},
    )


@transaction.atomic
def add_initiative(
    *,
    actor: Any,
    subject: Subjectish,
    code: str,
    year: int,
    scope: str,
    name: str = "",
    recognised_by: str = "",
    used_for: str = "",
    imported: bool = False,
) -> Initiative:
    require(actor, "awards.change_registry", subject)
    _check_year(year)
    code = code.strip()
    if not code:
        raise InvalidInput("Cần mã sáng kiến.", fields={"code": "required"})
    if scope not in InitiativeScope.values:
        raise InvalidInput(f"Phạm vi sáng kiến «{scope}» không hợp lệ.", fields={"scope": "invalid"})
    used_for = _check_used_for(used_for, field="used_for")
    if Initiative.objects.filter(subject_filter(subject), code=code).exists():
        raise Conflict(f"Sáng kiến mã «{code}» đã có trong sổ.", fields={"code": "duplicate"})
    initiative = Initiative.objects.create(
        code=code,
        year=year,
        scope=scope,
        name=name.strip(),
        recognised_by=recognised_by.strip(),
        used_for=used_for,
        imported=imported,
        **_subject_fields(subject),
    )
    record_audit(
        actor=actor, action="awards.initiative.create", target=initiative, after=snapshot(initiative)
    )
    return initiative


def get_conferral(pk: int) -> Conferral:
    conferral = Conferral.objects.select_related("record__person", "record__unit").filter(pk=pk).first()
    if conferral is None:
        raise NotFound("Không tìm thấy mục khen thưởng.")
    return conferral
