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
from thidua.core.spreadsheets import ReadLimits, SheetSpec, read_xlsx, write_xlsx
from thidua.core.text import fold
from thidua.covenants.enums import CollectiveTarget, PersonTarget, SubjectKind
from thidua.covenants.models import Registration, RegistrationCall, RegistrationEntry
from thidua.covenants.selectors import (
    member_units,
    registration_day,
    registration_rows,
    registrations_of,
    staff_on,
)
from thidua.documents.rendering.model import NATIONAL_MOTTO, NATIONAL_NAME
from thidua.organisations.models import Unit

MAX_PEOPLE = 2000


@dataclass(frozen=True)
class PersonTargetInput:
    name: str
    target: str
    position: str = ""


_BY_NAME = {fold(legal_name(code)): code for code in PersonTarget.values}
_COLLECTIVE_BY_NAME = {fold(legal_name(code)): code for code in CollectiveTarget.values}


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


# --- the offline form: an Excel template to fill and import -------------------------------------

TEMPLATE_COLUMNS = ("STT", "Họ và tên", "Chức vụ", "Danh hiệu, hình thức khen thưởng đăng ký")
COLLECTIVE_LABEL = "Tập thể"
UNIT_MARK = "Mã đơn vị:"
TEMPLATE_LIMITS = ReadLimits(
    max_bytes=5 * 1024 * 1024, max_rows=MAX_PEOPLE + 60, max_uncompressed=40_000_000, max_cols=8
)


def _collective_target(text: str) -> str:
    text = " ".join(text.split())
    return (
        text.upper() if text.upper() in CollectiveTarget.values else _COLLECTIVE_BY_NAME.get(fold(text), text)
    )


def registration_template_xlsx(*, actor: Any, emulation_year: EmulationYear, unit: Unit) -> bytes:
    """The unit's registration as an Excel form to fill offline: the Decree 30 header block, one
    row for the collective, one per person on the staff (current posts), each pre-filled with what
    the unit registered already; a second sheet lists the targets by their legal names."""
    require(actor, "covenants.act_for_unit", (emulation_year, unit))
    existing = next((r for r in registrations_of(emulation_year) if r.unit_id == unit.pk), None)
    entries = list(existing.entries.all()) if existing else []
    collective = [e.target for e in entries if e.subject_kind == SubjectKind.COLLECTIVE] or [""]
    registered = {
        (e.person_name, e.person_position): e.target for e in entries if e.subject_kind == SubjectKind.PERSON
    }
    rows: list[tuple[object, ...]] = [
        (0, COLLECTIVE_LABEL, "", legal_name(code) if code else "") for code in collective
    ]
    listed: set[tuple[str, str]] = set()
    for post in staff_on(unit, registration_day(emulation_year, clock.today())):
        key = (post.person.full_name, post.title)
        listed.add(key)
        target = registered.get(key, "")
        rows.append((0, key[0], key[1], legal_name(target) if target else ""))
    # People registered before who are not on today's staff list keep their line.
    rows += [
        (0, name, position, legal_name(t))
        for (name, position), t in registered.items()
        if (name, position) not in listed
    ]
    numbered = [(index, *row[1:]) for index, row in enumerate(rows, start=1)]
    preamble = (
        (unit.name.upper(), "", NATIONAL_NAME),
        ("", "", NATIONAL_MOTTO),
        (),
        (f"DANH SÁCH ĐĂNG KÝ THI ĐUA NĂM {emulation_year.year}",),
        (f"{emulation_year.cluster.name} – {unit.name}",),
        (UNIT_MARK, unit.code),
        ("Ghi cột cuối bằng tên danh hiệu (xem trang «Danh mục»); để trống nếu không đăng ký.",),
        (),
    )
    catalogue = [(COLLECTIVE_LABEL, legal_name(code)) for code in CollectiveTarget.values]
    catalogue += [("Cá nhân", legal_name(code)) for code in PersonTarget.values]
    return write_xlsx(
        [
            SheetSpec("Đăng ký", TEMPLATE_COLUMNS, numbered, widths=(6, 32, 28, 48), preamble=preamble),
            SheetSpec(
                "Danh mục", ("Đối tượng", "Danh hiệu, hình thức khen thưởng"), catalogue, widths=(14, 60)
            ),
        ]
    )


def _text(value: object) -> str:
    return "" if value is None else " ".join(str(value).split())


def import_registration_xlsx(
    *,
    actor: Any,
    emulation_year: EmulationYear,
    unit: Unit,
    content: bytes,
    today: datetime.date | None = None,
) -> Registration:
    """Register from the filled template: every row is checked first, and one error anywhere
    (listed with its row number) stores nothing; the registration then replaces the earlier one."""
    require(actor, "covenants.act_for_unit", (emulation_year, unit))
    (rows,) = read_xlsx(content, limits=TEMPLATE_LIMITS).values()
    header_at = next(
        (
            index
            for index, (_, values) in enumerate(rows)
            if tuple(_text(v) for v in values[: len(TEMPLATE_COLUMNS)]) == TEMPLATE_COLUMNS
        ),
        None,
    )
    if header_at is None:
        raise InvalidInput(
            "Tệp không đúng mẫu đăng ký: không thấy dòng tiêu đề "
            + ", ".join(f"«{c}»" for c in TEMPLATE_COLUMNS)
            + ". Hãy tải mẫu Excel trên trang đăng ký.",
            fields={"file": "columns"},
        )
    for _, values in rows[:header_at]:
        if values and _text(values[0]) == UNIT_MARK and len(values) > 1 and _text(values[1]) != unit.code:
            raise InvalidInput(
                f"Tệp là mẫu của đơn vị mã «{_text(values[1])[:40]}», không phải của «{unit}».",
                fields={"file": "unit"},
            )
    errors: dict[str, str] = {}
    collective: list[str] = []
    people: list[PersonTargetInput] = []
    for number, values in rows[header_at + 1 :]:
        cells = [_text(v) for v in (*values, None, None, None, None)[1:4]]
        name, position, target = cells
        if not target:
            continue  # a person (or the collective) the unit does not register
        key = f"dòng {number}"
        if len(name) > 150 or len(position) > 200 or len(target) > 200:
            errors[key] = f"Dòng {number}: nội dung quá dài."
        elif not name:
            errors[key] = f"Dòng {number}: có danh hiệu «{target[:60]}» nhưng chưa có họ và tên."
        elif fold(name) == fold(COLLECTIVE_LABEL):
            code = _collective_target(target)
            if code not in CollectiveTarget.values:
                errors[key] = (
                    f"Dòng {number}: «{target[:60]}» không phải danh hiệu tập thể; dùng một trong: "
                    + ", ".join(legal_name(c) for c in CollectiveTarget.values)
                    + "."
                )
            elif code in collective:
                errors[key] = f"Dòng {number}: danh hiệu tập thể «{legal_name(code)}» đã đăng ký ở dòng trên."
            else:
                collective.append(code)
        else:
            code = _person_target(target)
            if code not in PersonTarget.values:
                errors[key] = (
                    f"Dòng {number}: «{target[:60]}» không phải danh hiệu cá nhân; dùng một trong: "
                    + ", ".join(legal_name(c) for c in PersonTarget.values)
                    + "."
                )
            else:
                people.append(PersonTargetInput(name=name, position=position, target=code))
    if errors:
        raise InvalidInput(
            f"Tệp Excel có {len(errors)} lỗi, chưa có gì được lưu. " + " ".join(errors.values()),
            fields=errors,
        )
    existing = Registration.objects.filter(emulation_year=emulation_year, unit=unit).first()
    return submit_registration(
        actor=actor,
        emulation_year=emulation_year,
        unit=unit,
        collective_targets=collective,
        people=people,
        note=existing.note if existing else "",
        today=today,
    )
