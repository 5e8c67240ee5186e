"""Excel import of historic records (all or nothing, row-level Vietnamese errors) and export.

Sheet «Sổ khen thưởng», one row per subject, year and decision (columns in `COLUMNS`); titles and
award forms are comma-separated codes; a row without a decision number is marked imported.
Sheet «Sáng kiến», one row per initiative. Export writes the same layout, so a file round-trips.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.db import transaction
from django.db.models import Q
from openpyxl.utils import get_column_letter

from thidua.awards.enums import Discipline, InitiativeScope, Rating
from thidua.awards.models import AwardForm, Conferral, Decision, Initiative, Title, YearRecord
from thidua.awards.services.registry import (
    USED_FOR,
    add_initiative,
    confer,
    record_decision,
    record_year,
    revoke_conferral,
)
from thidua.core.audit import record_audit
from thidua.core.errors import InvalidInput
from thidua.core.rules import allows, require
from thidua.core.spreadsheets import ReadLimits, SheetSpec, read_xlsx, write_xlsx
from thidua.core.years import RECORD_YEARS, parse_int
from thidua.organisations.models import Person, Unit

RECORDS_SHEET = "Sổ khen thưởng"
INITIATIVES_SHEET = "Sáng kiến"
COLUMNS = (
    "Loại đối tượng",  # A: cá nhân | tập thể
    "Mã đối tượng",  # B: person id, or unit code
    "Năm",  # C
    "Xếp loại",  # D
    "Danh hiệu",  # E
    "Hình thức khen thưởng",  # F
    "Số quyết định",  # G
    "Ngày quyết định",  # H
    "Cơ quan quyết định",  # I
    "Kỷ luật",  # J
    "Số tháng công tác",  # K
    "Số tháng nghỉ chế độ",  # L
    "Số ngày nghỉ",  # M
    "Đã thu hồi",  # N: codes of this row that were revoked
)
INITIATIVE_COLUMNS = (
    "Loại đối tượng",
    "Mã đối tượng",
    "Mã sáng kiến",
    "Tên sáng kiến",
    "Năm",
    "Phạm vi",
    "Đã dùng cho",
)
KINDS = {"cá nhân": "person", "tập thể": "collective"}
KIND_LABEL = {"person": "cá nhân", "collective": "tập thể"}
MAX_ERRORS_SHOWN = 50
MAX_IMPORT_BYTES = 20_000_000
MAX_IMPORT_ROWS = 100_000
# 100,000 rows of 14 short columns are ~60 MB of sheet XML; more than 200 MB is not a registry.
MAX_IMPORT_UNCOMPRESSED = 200_000_000
logger = logging.getLogger(__name__)


@dataclass
class RowError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Trang «{self.sheet}», dòng {self.row}, cột {self.column}: {self.message}"


@dataclass
class ParsedRow:
    row: int
    subject: Person | Unit
    year: int
    rating: str
    titles: list[str]
    awards: list[str]
    decision: tuple[str, datetime.date, str] | None
    discipline: str
    months: int
    leave: int
    absence: int
    revoked: list[str]


@dataclass
class ParsedInitiative:
    row: int
    subject: Person | Unit
    code: str
    name: str
    year: int
    scope: str
    used_for: str


@dataclass
class ImportReport:
    records: int = 0
    conferrals: int = 0
    initiatives: int = 0
    errors: list[RowError] = field(default_factory=list)


def _col(index: int) -> str:
    return f"{get_column_letter(index + 1)} ({COLUMNS[index]})"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _int(value: object, *, minimum: int, maximum: int, default: int | None = None) -> int:
    text = _text(value)
    if not text and default is not None:
        return default
    try:
        return parse_int(value, field="value", minimum=minimum, maximum=maximum)
    except InvalidInput as error:
        if error.fields.get("value") == "range":
            raise ValueError(f"{text[:30]} phải nằm trong khoảng {minimum}–{maximum}.") from None
        raise ValueError(f"«{text[:30]}» phải là số nguyên.") from None


def _codes(value: object) -> list[str]:
    return [part.strip().upper() for part in _text(value).replace(";", ",").split(",") if part.strip()]


def _date(value: object) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    try:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date()  # noqa: DTZ007 (a calendar date)
    except ValueError:
        raise ValueError(f"«{text}» phải là ngày dạng ngày/tháng/năm, ví dụ 15/01/2020.") from None


class _Lookups:
    """Subjects and codes resolved once per file (not per row)."""

    def __init__(self) -> None:
        self.titles = {t.code: t for t in Title.objects.all()}
        self.awards = {a.code: a for a in AwardForm.objects.all()}
        self.people: dict[int, Person] = {}
        self.units: dict[str, Unit] = {}

    def prefetch(self, rows: Iterable[tuple[object, ...]]) -> None:
        person_ids, unit_codes = set(), set()
        for row in rows:
            kind, key = KINDS.get(_text(row[0]).lower()), _text(row[1])
            if kind == "person" and key.isdigit():
                person_ids.add(int(key))
            elif kind == "collective" and key:
                unit_codes.add(key)
        self.people.update(Person.objects.prefetch_related("positions__unit").in_bulk(person_ids))
        self.units.update({u.code: u for u in Unit.objects.filter(code__in=unit_codes)})

    def subject(self, kind_cell: object, key_cell: object) -> Person | Unit:
        kind = KINDS.get(_text(kind_cell).lower())
        key = _text(key_cell)
        if kind is None:
            raise LookupError("A", f"«{_text(kind_cell)}» phải là «cá nhân» hoặc «tập thể».")
        if kind == "person":
            person = self.people.get(int(key)) if key.isdigit() else None
            if person is None:
                raise LookupError("B", f"không có cá nhân mã «{key}».")
            return person
        unit = self.units.get(key)
        if unit is None:
            raise LookupError("B", f"không có đơn vị mã «{key}».")
        return unit


def _parse_record_row(
    number: int, cells: tuple[object, ...], lookups: _Lookups, actor: Any, errors: list[RowError]
) -> ParsedRow | None:
    cells = tuple(cells) + (None,) * (len(COLUMNS) - len(cells))
    start = len(errors)

    def err(index: int, message: str) -> None:
        errors.append(RowError(RECORDS_SHEET, number, _col(index), message))

    subject: Person | Unit | None = None
    try:
        subject = lookups.subject(cells[0], cells[1])
    except LookupError as exc:
        err(0 if exc.args[0] == "A" else 1, exc.args[1])
    if subject is not None and not allows(actor, "awards.change_registry", subject):
        err(1, "bạn không có quyền ghi sổ cho đối tượng này.")
    year = 0
    try:
        year = _int(cells[2], minimum=RECORD_YEARS.first, maximum=RECORD_YEARS.last)
    except ValueError as exc:
        err(2, str(exc))
    rating = _text(cells[3]).upper()
    if rating and rating not in Rating.values:
        err(3, f"mã xếp loại «{rating}» không hợp lệ (dùng {', '.join(Rating.values)}).")
    kind = "person" if isinstance(subject, Person) else "collective"
    titles, awards = _codes(cells[4]), _codes(cells[5])
    for code in titles:
        title = lookups.titles.get(code)
        if title is None:
            err(4, f"mã danh hiệu «{code}» không có trong danh mục.")
        elif subject is not None and title.subject_kind not in (kind, "both"):
            err(4, f"danh hiệu «{code}» không dùng cho {KIND_LABEL[kind]}.")
    for code in awards:
        award = lookups.awards.get(code)
        if award is None:
            err(5, f"mã hình thức khen thưởng «{code}» không có trong danh mục.")
        elif subject is not None and award.subject_kind not in (kind, "both"):
            err(5, f"hình thức «{code}» không dùng cho {KIND_LABEL[kind]}.")
    decision = None
    number_text, authority = _text(cells[6]), _text(cells[8])
    if number_text:
        try:
            decision = (number_text, _date(cells[7]), authority)
        except ValueError as exc:
            err(7, str(exc))
        if not authority:
            err(8, "cần ghi cơ quan quyết định khi có số quyết định.")
    discipline = _text(cells[9]).upper()
    if discipline and discipline not in Discipline.values:
        err(9, f"mã kỷ luật «{discipline}» không hợp lệ.")
    values = []
    for index, default in ((10, 12), (11, 0), (12, 0)):
        try:
            values.append(_int(cells[index], minimum=0, maximum=366 if index == 12 else 12, default=default))
        except ValueError as exc:
            err(index, str(exc))
            values.append(0)
    if len(values) == 3 and values[0] + values[1] > 12:
        err(11, "số tháng nghỉ chế độ cộng số tháng công tác vượt quá 12.")
    revoked = _codes(cells[13])
    for code in revoked:
        if code not in titles and code not in awards:
            err(13, f"«{code}» không có trong danh hiệu hoặc hình thức của dòng này.")
    if revoked and subject is not None and not allows(actor, "awards.revoke_conferral", subject):
        err(13, "chỉ cán bộ Vụ Thi đua – Khen thưởng hoặc quản trị mới được ghi thu hồi.")
    if len(errors) > start or subject is None:
        return None
    months, leave, absence = values
    return ParsedRow(
        number, subject, year, rating, titles, awards, decision, discipline, months, leave, absence, revoked
    )


def _parse_initiative_row(
    number: int, cells: tuple[object, ...], lookups: _Lookups, actor: Any, errors: list[RowError]
) -> ParsedInitiative | None:
    cells = tuple(cells) + (None,) * (len(INITIATIVE_COLUMNS) - len(cells))
    start = len(errors)

    def err(index: int, message: str) -> None:
        errors.append(
            RowError(
                INITIATIVES_SHEET,
                number,
                f"{get_column_letter(index + 1)} ({INITIATIVE_COLUMNS[index]})",
                message,
            )
        )

    subject = None
    try:
        subject = lookups.subject(cells[0], cells[1])
    except LookupError as exc:
        err(0 if exc.args[0] == "A" else 1, exc.args[1])
    if subject is not None and not allows(actor, "awards.change_registry", subject):
        err(1, "bạn không có quyền ghi sổ cho đối tượng này.")
    code = _text(cells[2])
    if not code:
        err(2, "cần mã sáng kiến.")
    year = 0
    try:
        year = _int(cells[4], minimum=RECORD_YEARS.first, maximum=RECORD_YEARS.last)
    except ValueError as exc:
        err(4, str(exc))
    scope = _text(cells[5]).upper()
    if scope not in InitiativeScope.values:
        err(5, f"phạm vi «{scope}» không hợp lệ (dùng {', '.join(InitiativeScope.values)}).")
    used_for = _text(cells[6]).upper()
    if used_for and not USED_FOR.match(used_for):
        err(6, f"«{used_for}» phải có dạng MÃ:NĂM, ví dụ CSTDCS:2020.")
    if len(errors) > start or subject is None:
        return None
    return ParsedInitiative(number, subject, code, _text(cells[3]), year, scope, used_for)


def _check_against_registry(rows: list[ParsedRow], errors: list[RowError]) -> None:
    """Clashes with what is already stored, found before anything is written (two queries in all):
    a decision number stored with another date, and a title or award already held for the year
    under another decision (one achievement is commended once)."""
    numbers = {row.decision[0] for row in rows if row.decision is not None}
    stored_dates = {
        (number, authority, date.year): date
        for number, authority, date in Decision.objects.filter(number__in=numbers).values_list(
            "number", "authority", "date"
        )
    }
    held: dict[tuple[str, int, int, str], str | None] = {}
    person_ids = {row.subject.pk for row in rows if isinstance(row.subject, Person)}
    unit_ids = {row.subject.pk for row in rows if isinstance(row.subject, Unit)}
    active = Conferral.objects.filter(revoked_on__isnull=True).filter(
        Q(record__person_id__in=person_ids) | Q(record__unit_id__in=unit_ids)
    )
    for person_id, unit_id, year, title, award, held_number in active.values_list(
        "record__person_id",
        "record__unit_id",
        "record__year",
        "title__code",
        "award_form__code",
        "decision__number",
    ):
        kind, pk = ("Person", person_id) if person_id else ("Unit", unit_id)
        held[(kind, pk, year, title or award)] = held_number
    for row in rows:
        number: str | None = None
        if row.decision is not None:
            number, date, authority = row.decision
            stored = stored_dates.get((number, " ".join(authority.split()), date.year))
            if stored is not None and stored != date:
                errors.append(
                    RowError(
                        RECORDS_SHEET,
                        row.row,
                        _col(7),
                        f"quyết định số {number} năm {date.year} đã có với ngày {stored:%d/%m/%Y}.",
                    )
                )
        for code in [*row.titles, *row.awards]:
            key = (type(row.subject).__name__, row.subject.pk, row.year, code)
            if key in held and held[key] != number:
                column = 4 if code in row.titles else 5
                errors.append(
                    RowError(
                        RECORDS_SHEET,
                        row.row,
                        _col(column),
                        f"«{code}» năm {row.year} đã có trong sổ theo quyết định khác.",
                    )
                )


def _import_limits() -> ReadLimits:
    return ReadLimits(
        max_bytes=MAX_IMPORT_BYTES,
        max_rows=MAX_IMPORT_ROWS,
        max_uncompressed=MAX_IMPORT_UNCOMPRESSED,
        max_cols=max(len(COLUMNS), len(INITIATIVE_COLUMNS)),
    )


def _data_rows(rows: list[tuple[int, tuple[object, ...]]]) -> list[tuple[int, tuple[object, ...]]]:
    return [(number, cells) for number, cells in rows[1:] if any(_text(c) for c in cells)]


def import_registry(*, actor: Any, file: BinaryIO) -> ImportReport:
    """Validate every row first; store nothing unless every row is valid (one transaction)."""
    require(actor, "awards.import_registry")
    try:
        sheets = read_xlsx(file, limits=_import_limits(), sheets=(RECORDS_SHEET, INITIATIVES_SHEET))
    except InvalidInput as error:
        if error.fields.get("file") == "broken":
            raise InvalidInput(
                "Không đọc được tệp: tệp không phải Excel (.xlsx) hoặc đã hỏng.", fields={"file": "invalid"}
            ) from None
        raise
    if RECORDS_SHEET not in sheets:
        raise InvalidInput(f"Tệp thiếu trang «{RECORDS_SHEET}».", fields={"file": "sheet"})
    record_rows = _data_rows(sheets[RECORDS_SHEET])
    initiative_rows = _data_rows(sheets.get(INITIATIVES_SHEET, []))
    if len(record_rows) + len(initiative_rows) > MAX_IMPORT_ROWS:
        raise InvalidInput(
            f"Tệp có quá {MAX_IMPORT_ROWS:,} dòng; hãy chia thành nhiều tệp.".replace(",", "."),
            fields={"file": "too_many_rows"},
        )
    lookups = _Lookups()
    lookups.prefetch([cells for _, cells in record_rows + initiative_rows])
    errors: list[RowError] = []
    parsed = [_parse_record_row(n, c, lookups, actor, errors) for n, c in record_rows]
    parsed_initiatives = [_parse_initiative_row(n, c, lookups, actor, errors) for n, c in initiative_rows]
    # The same subject and year twice must agree on the year's facts.
    seen: dict[tuple[str, int, int], ParsedRow] = {}
    for row in parsed:
        if row is None:
            continue
        key = (type(row.subject).__name__, row.subject.pk, row.year)
        first = seen.setdefault(key, row)
        if first is not row and (
            first.rating,
            first.discipline,
            first.months,
            first.leave,
            first.absence,
        ) != (row.rating, row.discipline, row.months, row.leave, row.absence):
            errors.append(
                RowError(
                    RECORDS_SHEET,
                    row.row,
                    _col(3),
                    f"khác với dòng {first.row} về xếp loại, kỷ luật hoặc thời gian của cùng năm.",
                )
            )
    _check_against_registry([row for row in parsed if row is not None], errors)
    if errors:
        shown = "\n".join(str(e) for e in errors[:MAX_ERRORS_SHOWN])
        more = f"\n… và {len(errors) - MAX_ERRORS_SHOWN} lỗi khác." if len(errors) > MAX_ERRORS_SHOWN else ""
        raise InvalidInput(
            f"Tệp có {len(errors)} lỗi; chưa lưu dòng nào.\n{shown}{more}",
            fields={f"{e.sheet}!{e.column.split()[0]}{e.row}": e.message for e in errors},
        )
    report = ImportReport()
    with transaction.atomic():
        for row in parsed:
            assert row is not None
            record_year(
                actor=actor,
                subject=row.subject,
                year=row.year,
                rating=row.rating,
                discipline=row.discipline,
                months_worked=row.months,
                statutory_leave_months=row.leave,
                absence_days=row.absence,
                imported=True,
            )
            report.records += 1
            decision: Decision | None = None
            if row.decision is not None:
                decision = record_decision(
                    actor=actor, number=row.decision[0], date=row.decision[1], authority=row.decision[2]
                )
            for code in [*row.titles, *row.awards]:
                field_name = "title__code" if code in row.titles else "award_form__code"
                existing = Conferral.objects.filter(
                    record__in=YearRecord.objects.filter(
                        **{"person" if isinstance(row.subject, Person) else "unit": row.subject},
                        year=row.year,
                    ),
                    decision=decision,
                    **{field_name: code},
                ).first()
                conferral = existing or confer(
                    actor=actor,
                    subject=row.subject,
                    year=row.year,
                    code=code,
                    decision=decision,
                    imported=decision is None,
                )
                if code in row.revoked and conferral.revoked_on is None:
                    # Through the service: same permission rule and an audit entry as a revocation by hand.
                    revoke_conferral(
                        actor=actor,
                        conferral=conferral,
                        on=decision.date if decision else datetime.date(row.year + 1, 1, 1),
                        basis="Nhập từ hồ sơ cũ",
                    )
                report.conferrals += 0 if existing else 1
        for item in parsed_initiatives:
            assert item is not None
            exists = Initiative.objects.filter(
                **{"person" if isinstance(item.subject, Person) else "unit": item.subject}, code=item.code
            ).exists()
            if not exists:
                add_initiative(
                    actor=actor,
                    subject=item.subject,
                    code=item.code,
                    year=item.year,
                    scope=item.scope,
                    name=item.name,
                    used_for=item.used_for,
                    imported=True,
                )
                report.initiatives += 1
        record_audit(
            actor=actor,
            action="awards.registry.import",
            after={
                "records": report.records,
                "conferrals": report.conferrals,
                "initiatives": report.initiatives,
            },
        )
    return report


def export_registry(
    *, actor: Any, people: Iterable[Person] | None = None, units: Iterable[Unit] | None = None
) -> bytes:
    """The registry in the import layout (people and units the actor may see, or those given)."""
    from thidua.awards.selectors import registry_people

    require(actor, "awards.import_registry")
    if people is not None:
        person_ids = [p.pk for p in people]
    elif actor is None:  # the system exports everything
        person_ids = list(
            YearRecord.objects.filter(person__isnull=False).values_list("person_id", flat=True).distinct()
        )
    else:
        person_ids = list(registry_people(actor).values_list("pk", flat=True))
    if units is not None:
        unit_ids = [u.pk for u in units]
    else:
        # The units `awards.change_registry` allows, as one filter (no rule call per unit).
        from thidua.accounts.access import unit_filter
        from thidua.awards.rules import WRITER_ROLES

        with_records = Unit.objects.filter(year_records__isnull=False)
        condition = None if actor is None else unit_filter(actor, *WRITER_ROLES)
        if condition is not None:
            with_records = with_records.filter(condition)
        unit_ids = list(with_records.order_by().values_list("pk", flat=True).distinct())
    records = (
        (
            YearRecord.objects.filter(person_id__in=person_ids)
            | YearRecord.objects.filter(unit_id__in=unit_ids)
        )
        .select_related("unit")
        .prefetch_related("conferrals__title", "conferrals__award_form", "conferrals__decision")
        .order_by("person_id", "unit_id", "year")
    )
    initiatives = (
        (
            Initiative.objects.filter(person_id__in=person_ids)
            | Initiative.objects.filter(unit_id__in=unit_ids)
        )
        .select_related("unit")
        .order_by("person_id", "unit_id", "year", "code")
    )
    return write_xlsx(
        [
            SheetSpec(RECORDS_SHEET, COLUMNS, _record_rows(records)),
            SheetSpec(INITIATIVES_SHEET, INITIATIVE_COLUMNS, _initiative_rows(initiatives)),
        ]
    )


def _record_rows(records: Iterable[YearRecord]) -> Iterator[list[object]]:
    for record in records:
        kind = "cá nhân" if record.person_id else "tập thể"
        key = str(record.person_id) if record.person_id else record.unit.code  # type: ignore[union-attr]
        groups: dict[int | None, list[Conferral]] = {}
        for conferral in record.conferrals.all():
            groups.setdefault(conferral.decision_id, []).append(conferral)
        base = [kind, key, record.year, record.rating]
        tail = [record.discipline, record.months_worked, record.statutory_leave_months, record.absence_days]
        if not groups:
            yield [*base, "", "", "", "", "", *tail, ""]
        for items in groups.values():
            decision = items[0].decision
            yield [
                *base,
                ", ".join(c.code for c in items if c.is_title),
                ", ".join(c.code for c in items if not c.is_title),
                decision.number if decision else "",
                decision.date.strftime("%d/%m/%Y") if decision else "",
                decision.authority if decision else "",
                *tail,
                ", ".join(c.code for c in items if c.is_revoked),
            ]


def _initiative_rows(initiatives: Iterable[Initiative]) -> Iterator[list[object]]:
    for item in initiatives:
        yield [
            "cá nhân" if item.person_id else "tập thể",
            str(item.person_id) if item.person_id else item.unit.code,  # type: ignore[union-attr]
            item.code,
            item.name,
            item.year,
            item.scope,
            item.used_for,
        ]
