from __future__ import annotations

import datetime
import io

import pytest
from django.db import IntegrityError, transaction
from openpyxl import Workbook, load_workbook

from tests.awards.conftest import Registry
from thidua.awards import services
from thidua.awards.models import Conferral, Decision, Initiative, YearRecord
from thidua.awards.services import transfer
from thidua.awards.services.transfer import COLUMNS, INITIATIVE_COLUMNS, INITIATIVES_SHEET, RECORDS_SHEET
from thidua.core.errors import Forbidden, InvalidInput
from thidua.core.models import AuditEntry


def workbook(rows: list[list[object]], initiatives: list[list[object]] | None = None) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = RECORDS_SHEET
    ws.append(list(COLUMNS))
    for row in rows:
        ws.append(row)
    if initiatives is not None:
        sheet = wb.create_sheet(INITIATIVES_SHEET)
        sheet.append(list(INITIATIVE_COLUMNS))
        for row in initiatives:
            sheet.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def good_rows(pid: int) -> list[list[object]]:
    return [
        ["cá nhân", str(pid), 2019, "HTTNV", "LDTT", "", "", "", "", "", 12, 0, 0, ""],
        [
            "cá nhân",
            str(pid),
            2020,
            "HTXSNV",
            "LDTT, CSTDCS",
            "BK_BO",
            "15/QĐ-UBND",
            "20/01/2021",
            "UBND tỉnh B",
            "",
            12,
            0,
            2,
            "BK_BO",
        ],
        [
            "tập thể",
            "SO-B",
            2020,
            "HTXSNV",
            "TTLDXS",
            "",
            "16/QĐ-UBND",
            "20/01/2021",
            "UBND tỉnh B",
            "",
            12,
            0,
            0,
            "",
        ],
    ]


def test_import_stores_every_row(registry: Registry) -> None:
    pid = registry.person.pk
    report = services.import_registry(
        actor=registry.world.administrator,
        file=workbook(
            good_rows(pid), [["cá nhân", str(pid), "SK-1", "Cải tiến", 2020, "CO_SO", "CSTDCS:2020"]]
        ),
    )
    assert (report.records, report.conferrals, report.initiatives) == (3, 5, 1)
    assert YearRecord.objects.get(person=registry.person, year=2019).imported
    bk = Conferral.objects.get(award_form__code="BK_BO")
    assert bk.decision is not None
    assert bk.decision.number == "15/QĐ-UBND"
    assert bk.revoked_on == datetime.date(2021, 1, 20)
    assert Conferral.objects.get(record__year=2019).imported
    assert Initiative.objects.get().used_for == "CSTDCS:2020"


def test_one_bad_row_stores_nothing_and_names_row_and_column(registry: Registry) -> None:
    rows = good_rows(registry.person.pk)
    rows.append(
        ["cá nhân", str(registry.person.pk), 2021, "XUAT_SAC", "TTLDXS", "", "", "", "", "", 14, 0, 0, ""]
    )
    with pytest.raises(InvalidInput) as excinfo:
        services.import_registry(actor=registry.world.administrator, file=workbook(rows))
    message = excinfo.value.message
    assert message.startswith("Tệp có 3 lỗi; chưa lưu dòng nào.")
    assert "dòng 5, cột D (Xếp loại): mã xếp loại «XUAT_SAC» không hợp lệ" in message
    assert "dòng 5, cột E (Danh hiệu): danh hiệu «TTLDXS» không dùng cho cá nhân." in message
    assert "dòng 5, cột K (Số tháng công tác): 14 phải nằm trong khoảng 0–12." in message
    assert excinfo.value.fields["Sổ khen thưởng!D5"].startswith("mã xếp loại")
    assert not YearRecord.objects.exists()
    assert not Conferral.objects.exists()


def test_unknown_subject_and_bad_date(registry: Registry) -> None:
    rows = [
        ["cá nhân", "999999", 2020, "HTTNV", "", "", "", "", "", "", 12, 0, 0, ""],
        ["tập thể", "SO-B", 2020, "", "", "", "1/QĐ", "32/01/2021", "UBND", "", 12, 0, 0, ""],
    ]
    with pytest.raises(InvalidInput) as excinfo:
        services.import_registry(actor=None, file=workbook(rows))
    assert "dòng 2, cột B (Mã đối tượng): không có cá nhân mã «999999»." in excinfo.value.message
    assert "dòng 3, cột H (Ngày quyết định): «32/01/2021» phải là ngày" in excinfo.value.message


def test_not_an_excel_file(db: None) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        services.import_registry(actor=None, file=io.BytesIO(b"not a zip"))
    assert excinfo.value.message == "Không đọc được tệp: tệp không phải Excel (.xlsx) hoặc đã hỏng."


def test_oversized_file_is_refused_before_reading(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transfer, "MAX_IMPORT_BYTES", 10)
    with pytest.raises(InvalidInput) as excinfo:
        services.import_registry(actor=None, file=io.BytesIO(b"x" * 11))
    assert excinfo.value.fields == {"file": "too_large"}


def test_export_round_trip(registry: Registry) -> None:
    pid = registry.person.pk
    services.import_registry(
        actor=None,
        file=workbook(good_rows(pid), [["cá nhân", str(pid), "SK-1", "Cải tiến", 2020, "CO_SO", ""]]),
    )
    data = services.export_registry(actor=None)
    sheet = load_workbook(io.BytesIO(data))[RECORDS_SHEET]
    exported = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(exported) == 3

    def state() -> list[tuple[object, ...]]:
        return sorted(
            (
                c.record.person_id or 0,
                c.record.unit_id or 0,
                c.record.year,
                c.record.rating,
                c.code,
                c.decision.number if c.decision else "",
                str(c.revoked_on),
            )
            for c in Conferral.objects.select_related("record", "decision", "title", "award_form")
        )

    before = state()
    YearRecord.objects.all().delete()
    Initiative.objects.all().delete()
    services.import_registry(actor=None, file=io.BytesIO(data))
    assert state() == before
    assert list(Initiative.objects.values_list("code", "year", "scope")) == [("SK-1", 2020, "CO_SO")]


def test_member_officer_cannot_revoke_through_an_import(registry: Registry) -> None:
    rows = good_rows(registry.person.pk)[1:2]  # the row that marks BK_BO as revoked
    with pytest.raises(InvalidInput) as excinfo:
        services.import_registry(actor=registry.world.member_officer, file=workbook(rows))
    assert (
        "dòng 2, cột N (Đã thu hồi): chỉ cán bộ Vụ Thi đua – Khen thưởng hoặc quản trị mới được ghi thu hồi."
        in excinfo.value.message
    )
    assert not Conferral.objects.exists()


def test_revocation_in_an_import_is_audited_like_one_by_hand(registry: Registry) -> None:
    services.import_registry(actor=registry.world.administrator, file=workbook(good_rows(registry.person.pk)))
    entry = AuditEntry.objects.get(action="awards.conferral.revoke")
    assert entry.actor == registry.world.administrator
    assert entry.after["revocation_basis"] == "Nhập từ hồ sơ cũ"


def test_clashes_with_the_stored_registry_are_row_errors_before_any_write(registry: Registry) -> None:
    pid = registry.person.pk
    services.record_year(actor=None, subject=registry.person, year=2020, rating="HTXSNV")
    services.confer(actor=None, subject=registry.person, year=2020, code="LDTT", decision=registry.decision)
    rows = [
        # LDTT 2020 is already held under decision 12/QĐ-STNMT; 12/QĐ-STNMT is stored dated 20/01/2025.
        [
            "cá nhân",
            str(pid),
            2020,
            "HTXSNV",
            "LDTT",
            "",
            "7/QĐ",
            "01/02/2021",
            "UBND tỉnh B",
            "",
            12,
            0,
            0,
            "",
        ],
        [
            "cá nhân",
            str(pid),
            2021,
            "HTXSNV",
            "",
            "",
            "12/QĐ-STNMT",
            "21/01/2025",
            "Giám đốc Sở B",
            "",
            12,
            0,
            0,
            "",
        ],
    ]
    records_before = YearRecord.objects.count()
    with pytest.raises(InvalidInput) as excinfo:
        services.import_registry(actor=registry.world.administrator, file=workbook(rows))
    message = excinfo.value.message
    assert "dòng 2, cột E (Danh hiệu): «LDTT» năm 2020 đã có trong sổ theo quyết định khác." in message
    assert (
        "dòng 3, cột H (Ngày quyết định): quyết định số 12/QĐ-STNMT năm 2025 đã có với ngày 20/01/2025."
        in message
    )
    assert YearRecord.objects.count() == records_before


def test_the_database_refuses_a_second_active_entry_of_one_achievement(registry: Registry) -> None:
    services.record_year(actor=None, subject=registry.person, year=2022, rating="HTXSNV")
    first = services.confer(
        actor=None, subject=registry.person, year=2022, code="LDTT", decision=registry.decision
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Conferral.objects.create(record=first.record, title=first.title, decision=registry.decision)
    services.revoke_conferral(actor=None, conferral=first, on=datetime.date(2023, 1, 1), basis="QĐ 9")
    again = services.confer(
        actor=None, subject=registry.person, year=2022, code="LDTT", decision=registry.decision
    )
    assert again.pk != first.pk


def test_recording_a_decision_is_refused_to_the_outsider(registry: Registry) -> None:
    with pytest.raises(Forbidden):
        services.record_decision(
            actor=registry.world.outsider, number="1/QĐ", date=datetime.date(2025, 1, 1), authority="Bộ"
        )
    assert Decision.objects.count() == 1
