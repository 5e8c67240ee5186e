"""Excel (.xlsx) reading and writing for every import and export: streaming, capped, formula-safe.

Writing (`write_xlsx`): every text cell is written as text, never as a formula, and text that a
spreadsheet would run — a leading `=`, `+`, `-`, `@`, tab or carriage return — is neutralised with
a leading apostrophe (OWASP's advice for CSV/formula injection). Characters that XML cannot hold
are dropped instead of failing the export.

Reading (`read_xlsx`): the upload is read up to its byte limit and no further (a special file such
as /dev/zero stops there); the zip's declared member sizes are added up before anything is
decompressed (Python's zipfile never inflates a member past its declared size, so this caps the
work); XML with a document type declaration is refused (xlsx never has one; entity tricks need
one); rows are streamed in openpyxl's read-only mode and reading stops at the row limit; columns
are capped so a forged `<dimension>` cannot pad every row to 16,384 cells. Every failure is an
`InvalidInput` with a Vietnamese message, raised before the caller stores anything.
"""

from __future__ import annotations

import io
import logging
import os
import re
import stat
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO, Final

from thidua.core.errors import InvalidInput

logger = logging.getLogger(__name__)

#: What a spreadsheet reads as the start of a formula or a command.
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_DOCTYPE_MARKERS: Final = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
MAX_MEMBERS: Final = 1000
_CHUNK: Final = 1 << 20

BROKEN = "Tệp không phải tệp Excel (.xlsx) hợp lệ hoặc đã bị hỏng."


# ---------------------------------------------------------------------------------------------
# Writing


def safe_text(value: str) -> str:
    """Text a spreadsheet shows as text: no formula start, no character XML cannot hold."""
    value = _ILLEGAL_XML.sub("", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def unescape_text(value: str) -> str:
    """The reader's side of `safe_text`: a file we exported reads back to the value we wrote."""
    if len(value) > 1 and value[0] == "'" and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


@dataclass
class SheetSpec:
    """One sheet to write: a bold header row, then rows; `widths` are column widths in characters.
    `preamble` rows come above the header, in bold (an official header block: issuing body,
    national name and motto, the list's title); an importer finds its header row below them."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[object]]
    widths: Sequence[float] = field(default_factory=tuple)
    preamble: Sequence[Sequence[object]] = field(default_factory=tuple)


def write_xlsx(sheets: Sequence[SheetSpec]) -> bytes:
    """An .xlsx file of the given sheets, written in openpyxl's streaming (write-only) mode."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for spec in sheets:
        sheet = book.create_sheet(title=safe_text(spec.title)[:31] or "Sheet")
        for index, width in enumerate(spec.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        for line in spec.preamble:
            cells = []
            for value in line:
                cell = WriteOnlyCell(sheet, value=_cell(sheet, value) if value is None else value)
                if isinstance(value, str):
                    cell.value, cell.data_type = safe_text(value), "s"
                cell.font = bold
                cells.append(cell)
            sheet.append(cells)
        header = []
        for title in spec.header:
            cell = WriteOnlyCell(sheet, value=safe_text(str(title)))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in spec.rows:
            sheet.append([_cell(sheet, value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(sheet: Any, value: object) -> object:
    if value is None or isinstance(value, bool):
        return "" if value is None else ("Có" if value else "Không")
    if isinstance(value, str):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=safe_text(value))
        cell.data_type = "s"  # text, whatever it looks like
        return cell
    return value  # numbers, Decimals and dates keep their type


# ---------------------------------------------------------------------------------------------
# Reading


@dataclass(frozen=True)
class ReadLimits:
    """Caps of one import. `max_rows` counts every row after the header, empty ones too."""

    max_bytes: int
    max_rows: int
    max_uncompressed: int
    max_cols: int = 50


def open_regular_file(path: str | os.PathLike[str]) -> BinaryIO:
    """Open a file given on the command line, refusing devices, pipes and directories first
    (`/dev/zero` never ends, a FIFO blocks on open)."""
    location = Path(path)
    try:
        info = location.stat()
    except OSError as exc:
        raise InvalidInput(
            f"Không mở được tệp «{location}»: {exc.strerror}.", fields={"file": "missing"}
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise InvalidInput(
            f"«{location}» không phải một tệp thông thường (thiết bị, đường ống hoặc thư mục); hãy chỉ ra tệp .xlsx.",
            fields={"file": "not_regular"},
        )
    try:
        return location.open("rb")
    except OSError as exc:
        raise InvalidInput(
            f"Không mở được tệp «{location}»: {exc.strerror}.", fields={"file": "missing"}
        ) from None


def read_upload(source: bytes | IO[bytes], *, max_bytes: int) -> bytes:
    """The upload's bytes, reading at most `max_bytes` + 1 (a size claimed by seek is not trusted)."""
    if isinstance(source, bytes | bytearray | memoryview):
        content = bytes(source)
    else:
        fileno = getattr(source, "fileno", None)
        if fileno is not None:
            try:
                mode = os.fstat(fileno()).st_mode
            except (OSError, io.UnsupportedOperation, ValueError):
                mode = None
            if mode is not None and not stat.S_ISREG(mode):
                raise InvalidInput(
                    "Nguồn dữ liệu không phải một tệp thông thường; hãy chọn tệp .xlsx.",
                    fields={"file": "not_regular"},
                )
        content = source.read(max_bytes + 1)
    if not content:
        raise InvalidInput("Tệp Excel rỗng.", fields={"file": "empty"})
    if len(content) > max_bytes:
        raise InvalidInput(f"Tệp Excel lớn quá {_megabytes(max_bytes)} MB.", fields={"file": "too_large"})
    return content


Rows = list[tuple[int, tuple[object, ...]]]


def read_xlsx(
    source: bytes | IO[bytes],
    *,
    limits: ReadLimits,
    sheets: Sequence[str] | None = None,
) -> dict[str, Rows]:
    """Rows of the named sheets (or of the first sheet when `sheets` is None), as (row number,
    values), header row included, values trimmed to `limits.max_cols` and text unescaped.

    A named sheet that the workbook lacks is absent from the result.
    """
    content = read_upload(source, max_bytes=limits.max_bytes)
    _check_archive(content, limits)
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except InvalidInput:
        raise
    except Exception:  # openpyxl raises many kinds (zip, XML, KeyError…) for a file that is not xlsx
        logger.info("unreadable workbook", exc_info=True)
        raise InvalidInput(BROKEN, fields={"file": "broken"}) from None
    try:
        if sheets is None:
            if not book.worksheets:
                raise InvalidInput(BROKEN, fields={"file": "broken"})
            wanted = [book.worksheets[0]]
        else:
            wanted = [book[name] for name in sheets if name in book.sheetnames]
        result: dict[str, Rows] = {}
        for sheet in wanted:
            result[sheet.title] = _sheet_rows(sheet, limits)
        return result
    except InvalidInput:
        raise
    except Exception:
        logger.info("unreadable worksheet", exc_info=True)
        raise InvalidInput(BROKEN, fields={"file": "broken"}) from None
    finally:
        book.close()


def _sheet_rows(sheet: Any, limits: ReadLimits) -> Rows:
    # The sheet's own <dimension> is whatever the file claims: too small hides rows, too large pads
    # them. Forget it and read the rows the XML really has (`max_col` caps the width).
    sheet.reset_dimensions()
    rows: Rows = []
    last = limits.max_rows + 1  # the header row comes first
    for number, values in enumerate(sheet.iter_rows(max_col=limits.max_cols, values_only=True), start=1):
        if number > last:
            raise InvalidInput(
                f"Tệp có quá {limits.max_rows:,} dòng; hãy chia thành nhiều tệp.".replace(",", "."),
                fields={"file": "too_many_rows"},
            )
        rows.append((number, tuple(unescape_text(v) if isinstance(v, str) else v for v in values)))
    return rows


def _check_archive(content: bytes, limits: ReadLimits) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InvalidInput(BROKEN, fields={"file": "broken"}) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise InvalidInput(BROKEN, fields={"file": "broken"})
        declared = sum(member.file_size for member in members)
        if declared > limits.max_uncompressed:
            raise InvalidInput(
                f"Tệp Excel khi giải nén lớn quá {_megabytes(limits.max_uncompressed)} MB; hãy chia thành nhiều tệp.",
                fields={"file": "too_large_uncompressed"},
            )
        for member in members:
            if member.filename.endswith((".xml", ".rels")) and _has_doctype(archive, member):
                raise InvalidInput(
                    "Tệp Excel có khai báo DTD/thực thể XML (không có trong tệp .xlsx bình thường); tệp bị từ chối.",
                    fields={"file": "xml_entities"},
                )


def _has_doctype(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """Scan the member's decompressed bytes (bounded by its declared size) for a DTD."""
    try:
        with archive.open(member) as stream:
            tail = b""
            while chunk := stream.read(_CHUNK):
                window = tail + chunk
                if any(marker in window for marker in _DOCTYPE_MARKERS):
                    return True
                tail = window[-32:]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        raise InvalidInput(BROKEN, fields={"file": "broken"}) from None
    return False


def _megabytes(size: int) -> int:
    return max(1, size // 1_000_000)
