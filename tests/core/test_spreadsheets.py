"""The shared Excel reader and writer (thidua.core.spreadsheets): formula-safe, streaming, capped."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest
from openpyxl import load_workbook

from tests.xlsx_attacks import BILLION_LAUGHS, SHEET1, replace_member, workbook
from thidua.core.errors import InvalidInput
from thidua.core.spreadsheets import (
    ReadLimits,
    SheetSpec,
    open_regular_file,
    read_upload,
    read_xlsx,
    safe_text,
    unescape_text,
    write_xlsx,
)

EVIL = '=HYPERLINK("http://evil.example","Nguyễn Văn A")'
LIMITS = ReadLimits(max_bytes=5_000_000, max_rows=2000, max_uncompressed=40_000_000, max_cols=7)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_leading_formula_character_is_neutralised(start: str) -> None:
    assert safe_text(start + "1+1") == "'" + start + "1+1"
    assert unescape_text(safe_text(start + "1+1")) == start + "1+1"


def test_plain_text_is_unchanged_and_characters_xml_cannot_hold_are_dropped() -> None:
    assert safe_text("Nguyễn Văn A") == "Nguyễn Văn A"
    assert safe_text("Tên\x00 lạ\x07") == "Tên lạ"
    assert safe_text("\ud800x") == "x"
    assert unescape_text("'quote") == "'quote"


def test_every_text_cell_is_written_as_text() -> None:
    content = write_xlsx([SheetSpec("Thử", ("Tên", "Điểm"), [(EVIL, 5), ("@SUM(A1)", 1.5), ("-2+3", None)])])
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    cells = [sheet.cell(row=r, column=1) for r in (2, 3, 4)]
    assert [c.value for c in cells] == ["'" + EVIL, "'@SUM(A1)", "'-2+3"]
    assert {c.data_type for c in cells} == {"s"}
    assert sheet.cell(row=2, column=2).value == 5
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert b"<f>" not in archive.read(SHEET1)
    # and our reader gives back exactly what was exported
    (rows,) = read_xlsx(content, limits=LIMITS).values()
    assert rows[1][1][0] == EVIL


def test_a_sheet_with_two_million_rows_stops_at_the_limit_quickly_with_bounded_memory() -> None:
    content = workbook({"Tiêu chí": [("Loại", "Nội dung"), ("Nhóm", "A")]}, last_row=2_000_000)
    assert len(content) < 20_000
    tracemalloc.start()
    with pytest.raises(InvalidInput) as info:
        read_xlsx(content, limits=LIMITS)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert info.value.message == "Tệp có quá 2.000 dòng; hãy chia thành nhiều tệp."
    assert peak < 20_000_000  # and 480 MB


def test_a_forged_dimension_cannot_pad_rows_to_thousands_of_columns() -> None:
    content = workbook({"S": [("a",)]})
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read(SHEET1)
    forged = replace_member(
        content, SHEET1, xml.replace(b'<dimension ref="A1"/>', b'<dimension ref="A1:XFD1"/>')
    )
    (rows,) = read_xlsx(forged, limits=LIMITS).values()
    assert rows == [(1, ("a", None, None, None, None, None, None))]


def test_a_zip_bomb_is_refused_before_it_is_inflated() -> None:
    bomb = replace_member(workbook({"S": [("a",)]}), SHEET1, pad_to=60_000_000)
    assert len(bomb) < 1_000_000
    with pytest.raises(InvalidInput) as info:
        read_xlsx(bomb, limits=LIMITS)
    assert info.value.fields == {"file": "too_large_uncompressed"}
    assert info.value.message == "Tệp Excel khi giải nén lớn quá 40 MB; hãy chia thành nhiều tệp."


@pytest.mark.parametrize("member", [SHEET1, "xl/sharedStrings.xml", "[Content_Types].xml"])
def test_xml_entities_are_refused_with_the_vietnamese_422(member: str) -> None:
    content = workbook({"S": [("a",)]})
    with pytest.raises(InvalidInput) as info:
        read_xlsx(replace_member(content, member, BILLION_LAUGHS), limits=LIMITS)
    assert info.value.http_status == 422
    assert info.value.fields == {"file": "xml_entities"}
    # UTF-16 does not hide the declaration
    utf16 = BILLION_LAUGHS.replace(b'encoding="UTF-8"', b'encoding="UTF-16"').decode().encode("utf-16-le")
    with pytest.raises(InvalidInput):
        read_xlsx(replace_member(content, SHEET1, utf16), limits=LIMITS)


def test_broken_xml_is_the_vietnamese_422() -> None:
    content = replace_member(workbook({"S": [("a",)]}), SHEET1, b"<worksheet><sheetData><row>")
    with pytest.raises(InvalidInput) as info:
        read_xlsx(content, limits=LIMITS)
    assert info.value.message == "Tệp không phải tệp Excel (.xlsx) hợp lệ hoặc đã bị hỏng."


def test_special_files_are_refused_without_reading() -> None:
    with pytest.raises(InvalidInput) as info:
        open_regular_file("/dev/zero")
    assert info.value.fields == {"file": "not_regular"}
    with open("/dev/zero", "rb") as zero, pytest.raises(InvalidInput) as info:
        read_upload(zero, max_bytes=1000)
    assert info.value.fields == {"file": "not_regular"}


def test_an_upload_is_read_only_up_to_its_limit() -> None:
    class Endless(io.RawIOBase):
        read_calls = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            Endless.read_calls += 1
            buffer[:] = b"x" * len(buffer)
            return len(buffer)

    with pytest.raises(InvalidInput) as info:
        read_upload(io.BufferedReader(Endless()), max_bytes=100_000)
    assert info.value.fields == {"file": "too_large"}
