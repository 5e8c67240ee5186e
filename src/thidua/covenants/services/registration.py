"""Registration (đăng ký thi đua): each member's collective targets and its people's titles."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db import IntegrityError, transaction

from thidua.awards.eligibility.codes import legal_name
from thidua.clusters.models import EmulationYear
from thidua.core import clock
from thidua.core.audit import record_audit, snapshot
from thidua.core.errors import Conflict, InvalidInput
from thidua.core.rules import require
from thidua.core.spreadsheets import SheetSpec, write_xlsx
from thidua.core.text import fold
from thidua.covenants.enums import CollectiveTarget, PersonTarget, SubjectKind
from thidua.covenants.models import Registration, RegistrationCall, RegistrationEntry
from thidua.covenants.selectors import member_units, registration_rows
from thidua.organisations.models import Unit

MAX_PEOPLE = 2000


@dataclass(frozen=True)
class PersonTargetInput:
    name: str
    target: str
    position: str = ""


_BY_NAME = {fold(legal_name(code)): code for code in PersonTarget.values}


def _person_target(text: str) -> str:
    text = " ".join(text.split())
    return text.upper() if text.upper() in PersonTarget.values else _BY_NAME.get(fold(text), text)


@transaction.atomic
def set_registration_deadline(
    *, actor: Any, emulation_year: EmulationYear, deadline: datetime.date
) -> RegistrationCall:
    require(actor, "covenants.lead_year", emulation_year)
    if deadline.year not in (emulation_year.year, emulation_year.year - 1):
        raise InvalidInput(
            f"Hạn đăng ký {deadline:%d/%m/%Y} không thuộc năm thi đua {emulation_year.year}.",
            fields={"deadline": "invalid"},
        )
    existing = RegistrationCall.objects.filter(emulation_year=emulation_year).first()
    before = snapshot(existing) if existing else None
    call, _ = RegistrationCall.objects.update_or_create(
        emulation_year=emulation_year, defaults={"deadline": deadline}
    )
    record_audit(
        actor=actor,
        action="covenants.registration.deadline",
        target=call,
        before=before,
        after=snapshot(call),
    )
    return call


@transaction.atomic
def submit_registration(
    *,
    actor: Any,
    emulation_year: EmulationYear,
    unit: Unit,
    collective_targets: Sequence[str],
    people: Sequence[PersonTargetInput] = (),
    note: str = "",
    today: datetime.date | None = None,
) -> Registration:
    """Register (or re-register, replacing the earlier one) before the leader's deadline."""
    require(actor, "covenants.act_for_unit", (emulation_year, unit))
    call = RegistrationCall.objects.filter(emulation_year=emulation_year).first()
    if call is None:
        raise Conflict("Trưởng cụm chưa mở đăng ký thi đua (chưa đặt thời hạn).", code="not_open")
    today = today or clock.today()
    if today > call.deadline:
        raise Conflict(f"Đã quá hạn đăng ký thi đua ({call.deadline:%d/%m/%Y}).", code="late")
    if unit.pk not in {u.pk for u in member_units(emulation_year)}:
        raise InvalidInput(
            f"«{unit}» không phải thành viên của Cụm năm {emulation_year.year}.",
            fields={"unit": "not_member"},
        )
    errors: dict[str, str] = {}
    for code in collective_targets:
        if code not in CollectiveTarget.values:
            errors["collective_targets"] = f"Mã danh hiệu tập thể «{code}» không hợp lệ."
    if len(set(collective_targets)) != len(collective_targets):
        errors["collective_targets"] = "Một danh hiệu tập thể được đăng ký hai lần."
    if len(people) > MAX_PEOPLE:
        errors["people"] = f"Danh sách cá nhân quá {MAX_PEOPLE} người."
    # A person's target may be typed as the code (LDTT) or as its legal name (Lao động tiên tiến).
    people = [replace(person, target=_person_target(person.target)) for person in people]
    for index, person in enumerate(people, start=1):
        if not person.name.strip():
            errors[f"people[{index}].name"] = f"Cá nhân thứ {index}: chưa có họ tên."
        if person.target not in PersonTarget.values:
            errors[f"people[{index}].target"] = (
                f"Cá nhân thứ {index}: danh hiệu «{person.target[:60]}» không hợp lệ; dùng một trong: "
                + ", ".join(f"{code} ({legal_name(code)})" for code in PersonTarget.values)
                + "."
            )
    if not collective_targets and not people:
        errors["collective_targets"] = "Cần đăng ký ít nhất một danh hiệu."
    if errors:
        raise InvalidInput("Đăng ký chưa hợp lệ: " + " ".join(errors.values()), fields=errors)
    existing = (
        Registration.objects.select_for_update().filter(emulation_year=emulation_year, unit=unit).first()
    )
    before = None
    if existing is not None:
        before = {
            **snapshot(existing),
            "entries": list(existing.entries.values("subject_kind", "person_name", "target")),
        }
        existing.entries.all().delete()
        existing.submitted_at, existing.note = clock.now(), note.strip()
        existing.save(update_fields=["submitted_at", "note"])
        registration = existing
    else:
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    emulation_year=emulation_year, unit=unit, submitted_at=clock.now(), note=note.strip()
                )
        except IntegrityError:
            # A double submit: the lock above found no row to lock, the constraint decides.
            raise Conflict(
                f"Đăng ký thi đua của «{unit}» vừa được gửi từ một yêu cầu khác; hãy tải lại trang.",
                fields={"unit": "duplicate"},
            ) from None
    entries = [
        RegistrationEntry(
            registration=registration, subject_kind=SubjectKind.COLLECTIVE, target=code, order=order
        )
        for order, code in enumerate(collective_targets, start=1)
    ]
    entries += [
        RegistrationEntry(
            registration=registration,
            subject_kind=SubjectKind.PERSON,
            person_name=" ".join(person.name.split()),
            person_position=person.position.strip(),
            target=person.target,
            order=order,
        )
        for order, person in enumerate(people, start=1)
    ]
    RegistrationEntry.objects.bulk_create(entries)
    record_audit(
        actor=actor,
        action="covenants.registration.submit",
        target=registration,
        before=before,
        after={**snapshot(registration), "collective": list(collective_targets), "people": len(people)},
    )
    return registration


def export_registrations_xlsx(*, actor: Any, emulation_year: EmulationYear) -> bytes:
    require(actor, "covenants.view_registrations", emulation_year)
    rows = ((index, *row) for index, row in enumerate(registration_rows(emulation_year), start=1))
    sheet = SheetSpec(
        f"Đăng ký {emulation_year.year}",
        ("STT", "Đơn vị", "Tập thể, cá nhân", "Chức vụ", "Mã danh hiệu", "Danh hiệu đăng ký"),
        rows,
        widths=(6, 50, 28, 24, 14, 40),
    )
    return write_xlsx([sheet])
