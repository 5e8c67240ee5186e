"""A unit's year-end ratings of its people (xếp loại chất lượng): entered on the page, or imported
from the personnel system's Excel file (all or nothing, row-level errors), corrected with a reason.

Which people a unit rates for a year is the placement rule of `thidua.awards.unit_year` (the unit
the person serves at the end of the year, domain.md §2.2 [S38]); the months the person served in
each unit are read from the posts, the year's totals (months worked, statutory leave, absence) are
what the personnel system reports. A first entry is a `awards.rating.enter`; once a rating is
stored, any change is a correction (`awards.rating.correct`) that needs a reason, kept in the
audit entry and shown with the record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.db import transaction
from openpyxl.utils import get_column_letter

from thidua.awards.enums import Discipline, Rating
from thidua.awards.models import YearRecord
from thidua.awards.services.registry import check_year_values
from thidua.awards.services.transfer import RowError
from thidua.awards.unit_year import Placement, placements
from thidua.core.audit import record_audit, snapshot
from thidua.core.errors import Forbidden, InvalidInput
from thidua.core.rules import require
from thidua.core.spreadsheets import ReadLimits, SheetSpec, read_xlsx, write_xlsx
from thidua.core.years import RECORD_YEARS, check_year, parse_int
from thidua.organisations.models import Person, Unit

SHEET = "Xếp loại"
COLUMNS = (
    "Mã cá nhân",  # A: the person's id in thidua (the template fills it)
    "Họ và tên",  # B: for the reader; checked against the id
    "Xếp loại",  # C: HTXSNV | HTTNV | HTNV | KHTNV
    "Kỷ luật",  # D: a discipline code, or empty
    "Số tháng công tác",  # E: 0–12 (whole year, all units)
    "Số tháng nghỉ chế độ",  # F: 0–12 (statutory leave: maternity, treatment)
    "Số ngày nghỉ",  # G: 0–366 (absence other than statutory leave)
    "Lý do điều chỉnh",  # H: required when a stored rating changes
)
MAX_BYTES = 5_000_000
MAX_ROWS = 20_000
MAX_UNCOMPRESSED = 60_000_000
MAX_ERRORS_SHOWN = 50
FACTS = ("rating", "discipline", "months_worked", "statutory_leave_months", "absence_days")


@dataclass(frozen=True)
class RatingInput:
    person: Person
    rating: str
    discipline: str = ""
    months_worked: int = 12
    statutory_leave_months: int = 0
    absence_days: int = 0
    reason: str = ""


@dataclass
class RatingsReport:
    entered: int = 0
    corrected: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)


def _placed(unit: Unit, year: int, people: list[Person]) -> dict[int, Placement]:
    return {p.person.pk: p for p in placements(unit, year, person_ids=[person.pk for person in people])}


def _refuse_unplaced(person: Person, placement: Placement | None, unit: Unit, year: int) -> None:
    if placement is None:
        raise Forbidden(f"{person.full_name} không công tác tại {unit.name} trong năm {year}.")
    if not placement.placed_here:
        raise Forbidden(
            f"{person.full_name} do {placement.placed_unit_name} xếp loại năm {year} "
            "(đơn vị công tác cuối năm)."
        )


def _write(*, actor: Any, unit: Unit, year: int, item: RatingInput, record: YearRecord | None) -> str:
    """Store one person's facts; answer "entered", "corrected" or "unchanged"."""
    values = {
        "rating": item.rating,
        "discipline": item.discipline,
        "months_worked": item.months_worked,
        "statutory_leave_months": item.statutory_leave_months,
        "absence_days": item.absence_days,
    }
    if record is not None and all(getattr(record, k) == v for k, v in values.items()):
        return "unchanged"
    correcting = record is not None and bool(record.rating)
    reason = " ".join(item.reason.split())[:300]
    if correcting and not reason:
        raise InvalidInput(
            f"{item.person.full_name}: đã có xếp loại năm {year}; điều chỉnh cần ghi lý do.",
            fields={"reason": "required"},
        )
    before = snapshot(record) if record is not None else None
    if record is None:
        record = YearRecord(person=item.person, year=year)
    for key, value in values.items():
        setattr(record, key, value)
    record.imported = False
    if correcting:
        record.note = f"Điều chỉnh: {reason}"[:300]
    record.save()
    after = {**snapshot(record), "unit": unit.code}
    if correcting:
        after["reason"] = reason
    record_audit(
        actor=actor,
        action="awards.rating.correct" if correcting else "awards.rating.enter",
        target=record,
        before=before,
        after=after,
    )
    return "corrected" if correcting else "entered"


def _check(item: RatingInput) -> None:
    if not item.rating:
        raise InvalidInput(f"{item.person.full_name}: cần chọn xếp loại.", fields={"rating": "required"})
    check_year_values(
        rating=item.rating,
        discipline=item.discipline,
        months_worked=item.months_worked,
        statutory_leave_months=item.statutory_leave_months,
        absence_days=item.absence_days,
    )


@transaction.atomic
def rate_person(*, actor: Any, unit: Unit, year: int, item: RatingInput) -> YearRecord:
    """Enter (or correct, with a reason) one person's year-end rating and the year's facts."""
    require(actor, "awards.enter_ratings", unit)
    check_year(year, years=RECORD_YEARS)
    placement = _placed(unit, year, [item.person]).get(item.person.pk)
    _refuse_unplaced(item.person, placement, unit, year)
    _check(item)
    record = YearRecord.objects.select_for_update().filter(person=item.person, year=year).first()
    _write(actor=actor, unit=unit, year=year, item=item, record=record)
    return YearRecord.objects.get(person=item.person, year=year)


def ratings_template(*, actor: Any, unit: Unit, year: int) -> bytes:
    """The Excel file the personnel system fills: one row per person the unit rates, stored
    values filled in (so a correction is a change of a row plus its reason)."""
    require(actor, "awards.enter_ratings", unit)
    check_year(year, years=RECORD_YEARS)
    rows = []
    for placement in placements(unit, year):
        if not placement.placed_here:
            continue
        record = placement.record
        rows.append(
            [
                str(placement.person.pk),
                placement.person.full_name,
                record.rating if record else "",
                record.discipline if record else "",
                record.months_worked if record else placement.months_here,
                record.statutory_leave_months if record else 0,
                record.absence_days if record else 0,
                "",
            ]
        )
    return write_xlsx([SheetSpec(SHEET, COLUMNS, rows, widths=(12, 30, 10, 14, 12, 12, 10, 40))])


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _col(index: int) -> str:
    return f"{get_column_letter(index + 1)} ({COLUMNS[index]})"


def import_ratings(*, actor: Any, unit: Unit, year: int, file: BinaryIO) -> RatingsReport:
    """Check every row first (person known and rated by this unit, codes, bounds, a reason for a
    correction, no person twice); store nothing unless every row is valid (one transaction)."""
    require(actor, "awards.enter_ratings", unit)
    check_year(year, years=RECORD_YEARS)
    limits = ReadLimits(
        max_bytes=MAX_BYTES, max_rows=MAX_ROWS, max_uncompressed=MAX_UNCOMPRESSED, max_cols=len(COLUMNS)
    )
    sheets = read_xlsx(file, limits=limits, sheets=(SHEET,))
    if SHEET not in sheets:
        raise InvalidInput(
            f"Tệp thiếu trang «{SHEET}» (tải mẫu trên trang xếp loại).", fields={"file": "sheet"}
        )
    data = [(n, tuple(c)) for n, c in sheets[SHEET][1:] if any(_text(x) for x in c)]
    if not data:
        raise InvalidInput("Tệp không có dòng nào để nhập.", fields={"file": "empty"})
    by_id = {p.person.pk: p for p in placements(unit, year)}
    errors: list[RowError] = []
    parsed: list[tuple[int, RatingInput]] = []
    seen: dict[int, int] = {}
    for number, raw in data:
        cells = raw + (None,) * (len(COLUMNS) - len(raw))
        start = len(errors)

        def err(index: int, message: str, number: int = number) -> None:
            errors.append(RowError(SHEET, number, _col(index), message))

        key = _text(cells[0])
        placement = by_id.get(int(key)) if key.isdigit() else None
        if placement is None:
            err(0, f"không có cá nhân mã «{key[:20]}» công tác tại đơn vị trong năm {year}.")
        elif not placement.placed_here:
            err(0, f"{placement.person.full_name} do {placement.placed_unit_name} xếp loại năm {year}.")
        elif placement.person.pk in seen:
            err(0, f"trùng với dòng {seen[placement.person.pk]}.")
        name = _text(cells[1])
        if placement is not None and name and " ".join(name.split()) != placement.person.full_name:
            err(1, f"«{name[:60]}» khác tên trong sổ ({placement.person.full_name}).")
        rating = _text(cells[2]).upper()
        if not rating:
            err(2, "cần xếp loại.")
        elif rating not in Rating.values:
            err(2, f"mã xếp loại «{rating[:20]}» không hợp lệ (dùng {', '.join(Rating.values)}).")
        discipline = _text(cells[3]).upper()
        if discipline and discipline not in Discipline.values:
            err(3, f"mã kỷ luật «{discipline[:20]}» không hợp lệ.")
        numbers = []
        for index, default, maximum in ((4, 12, 12), (5, 0, 12), (6, 0, 366)):
            text = _text(cells[index])
            try:
                numbers.append(
                    default
                    if not text
                    else parse_int(text, field="value", minimum=0, maximum=maximum, label=COLUMNS[index])
                )
            except InvalidInput:
                err(index, f"«{text[:20]}» phải là số nguyên từ 0 đến {maximum}.")
                numbers.append(0)
        if numbers[0] + numbers[1] > 12:
            err(5, "số tháng nghỉ chế độ cộng số tháng công tác vượt quá 12.")
        reason = _text(cells[7])
        if placement is not None and len(errors) == start:
            record = placement.record
            values = (rating, discipline, *numbers)
            changes = record is not None and tuple(getattr(record, f) for f in FACTS) != values
            if changes and record is not None and record.rating and not reason:
                err(7, f"đã có xếp loại {record.rating}; điều chỉnh cần ghi lý do.")
        if len(errors) == start and placement is not None:
            seen[placement.person.pk] = number
            parsed.append(
                (number, RatingInput(placement.person, rating, discipline, *numbers, reason=reason))
            )
    if errors:
        shown = "\n".join(str(e) for e in errors[:MAX_ERRORS_SHOWN])
        more = f"\n… và {len(errors) - MAX_ERRORS_SHOWN} lỗi khác." if len(errors) > MAX_ERRORS_SHOWN else ""
        raise InvalidInput(
            f"Tệp có {len(errors)} lỗi; chưa lưu dòng nào.\n{shown}{more}",
            fields={f"{e.sheet}!{e.column.split()[0]}{e.row}": e.message for e in errors},
        )
    report = RatingsReport()
    with transaction.atomic():
        records = {
            r.person_id: r
            for r in YearRecord.objects.select_for_update().filter(
                person_id__in=[item.person.pk for _, item in parsed], year=year
            )
        }
        for _, item in parsed:
            outcome = _write(actor=actor, unit=unit, year=year, item=item, record=records.get(item.person.pk))
            setattr(report, outcome, getattr(report, outcome) + 1)
        record_audit(
            actor=actor,
            action="awards.ratings.import",
            target=unit,
            after={
                "year": year,
                "entered": report.entered,
                "corrected": report.corrected,
                "unchanged": report.unchanged,
            },
        )
    return report
