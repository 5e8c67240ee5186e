"""Hostile .xlsx files for the import tests (issue 14 item 3), built small on disk or in memory."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from openpyxl import Workbook

SHEET1 = "xl/worksheets/sheet1.xml"


def workbook(sheets: dict[str, list[Sequence[object]]], *, last_row: int | None = None) -> bytes:
    """A normal workbook; with `last_row`, the first sheet also has one cell on that row, so the
    file stays a few KB while the sheet has `last_row` rows (only set cells are stored)."""
    book = Workbook()
    first = True
    for title, rows in sheets.items():
        sheet = book.active if first else book.create_sheet()
        assert sheet is not None
        sheet.title = title
        for row in rows:
            sheet.append(list(row))
        first = False
    out = io.BytesIO()
    book.save(out)
    return out.getvalue() if last_row is None else sparse_rows(out.getvalue(), last_row)


def replace_member(content: bytes, name: str, data: bytes | None = None, *, pad_to: int = 0) -> bytes:
    """`content` with member `name` replaced by `data`, or padded with `pad_to` bytes of spaces
    inside its root element (a zip bomb: megabytes of spaces compress to a few KB)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename != name:
                target.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED)
                continue
            if data is not None:
                target.writestr(info.filename, data)
                continue
            head, _, tail = body.rpartition(b"</")
            with target.open(info.filename, "w", force_zip64=True) as stream:
                stream.write(head)
                chunk = b" " * (1 << 20)
                for _ in range(pad_to // len(chunk)):
                    stream.write(chunk)
                stream.write(b"</" + tail)
        if data is not None and name not in source.namelist():
            target.writestr(name, data)
    return out.getvalue()


def sparse_rows(content: bytes, last_row: int) -> bytes:
    """`content` whose first sheet also has a cell on row `last_row` (Excel stops at 1,048,576 rows,
    openpyxl will not write past it; the XML, and the issue's attack file, do)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read(SHEET1)
    row = f'<row r="{last_row}"><c r="A{last_row}" t="inlineStr"><is><t>Nhóm</t></is></c></row>'.encode()
    return replace_member(content, SHEET1, xml.replace(b"</sheetData>", row + b"</sheetData>"))


BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>
</sheetData></worksheet>"""
