"""The document model: what other apps' services build and both renderers read.

It is plain data (frozen dataclasses, no Django), so a service can build a document in a test
without a database and the DOCX and PDF outputs come from exactly the same description. Text is
given as the reader should see it, with full Vietnamese diacritics; the renderers add the parts
the decree fixes (the "Số:" label, upper case where required, recipient punctuation).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True)
class Span:
    """A piece of a paragraph with its own emphasis, e.g. a bold "Điều 1." before plain text."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Header:
    """The page-1 header and title of Appendix I.

    `number` is the already formatted number and symbol without the "Số:" label (see
    `format_document_number`); numbering itself is the caller's job. `place` is the place name
    written in the date line ("Hải Dương").
    """

    issuing_body: str
    place: str
    issued_on: date
    superior_body: str = ""
    number: str = ""
    document_type: str = ""  # "KẾ HOẠCH", "GIAO ƯỚC THI ĐUA"; empty for an official letter
    summary: str = ""  # trích yếu, under the document type
    letter_summary: str = ""  # "V/v …" of an official letter, under the number


class Alignment(enum.Enum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"
    JUSTIFY = "justify"


@dataclass(frozen=True)
class Paragraph:
    """Body text: justified with a first-line indent unless told otherwise.

    `content` is either plain text or spans with their own emphasis. `italic` suits the legal
    grounds ("Căn cứ …"), which the decree sets in italics.
    """

    content: str | tuple[Span, ...]
    align: Alignment = Alignment.JUSTIFY
    indent_first_line: bool = True
    bold: bool = False
    italic: bool = False
    keep_with_next: bool = False  # e.g. a closing sentence that must not part from the signatures


@dataclass(frozen=True)
class Heading:
    """A section heading, text given with its own numbering ("I. MỤC ĐÍCH, YÊU CẦU").

    Level 1 and 2 are bold, level 3 bold italic.
    """

    text: str
    level: int = 1
    align: Alignment = Alignment.LEFT


@dataclass(frozen=True)
class ListItem:
    """One numbered or bulleted item: the marker ("-", "+", "1.", "a)") is given by the caller
    because Vietnamese documents mix numbering schemes freely within one text."""

    content: str | tuple[Span, ...]
    marker: str = "-"
    level: int = 1


class RowKind(enum.Enum):
    DATA = "data"
    GROUP = "group"  # a criterion group line: bold
    TOTAL = "total"  # a total line: bold


@dataclass(frozen=True)
class Column:
    title: str
    width: float = 1.0  # relative weight; widths are shared out over the text width
    align: Alignment = Alignment.LEFT


@dataclass(frozen=True)
class TableRow:
    cells: tuple[str, ...]
    kind: RowKind = RowKind.DATA


@dataclass(frozen=True)
class Table:
    """A bordered table whose column titles repeat at the top of every page it runs over."""

    columns: tuple[Column, ...]
    rows: tuple[TableRow, ...]
    caption: str = ""


@dataclass(frozen=True)
class Signer:
    """One signature: `authority` is the TM./KT./TL. line, `position` the signer's title,
    `unit` names the signer's unit when several units sign (the covenant grid)."""

    position: str
    name: str
    authority: str = ""
    unit: str = ""
    note: str = ""  # e.g. "(Đã ký)" on a copy; printed in italics in the signing space


@dataclass(frozen=True)
class Recipients:
    """ "Nơi nhận:" and its list. Items are given bare ("Các đơn vị thành viên Cụm"); the
    renderer adds the leading "-" and the ";" or final "." the decree prescribes. `archive`
    names where the file copy is kept ("VT, VP" gives "- Lưu: VT, VP.")."""

    items: tuple[str, ...]
    archive: str = "VT"


@dataclass(frozen=True)
class SignatureBlock:
    """The closing band: the signer on the right, and on the left either the recipients or a
    second signer (minutes are signed by the secretary on the left and the chair on the right)."""

    signer: Signer
    left_signer: Signer | None = None
    recipients: Recipients | None = None


@dataclass(frozen=True)
class SignatureGrid:
    """Many signers in a two-column grid, row by row; an odd last signer is centred."""

    signers: tuple[Signer, ...]
    title: str = ""  # e.g. "ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC"


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Paragraph | Heading | ListItem | Table | SignatureBlock | SignatureGrid | Recipients | PageBreak


@dataclass(frozen=True)
class Document:
    header: Header
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    title: str = ""  # PDF and DOCX metadata title; defaults to type and summary


def document_title(*, document: Document) -> str:
    """Metadata title of both outputs: the explicit one, else type and summary."""
    header = document.header
    joined = " - ".join(part for part in (header.document_type, header.summary) if part)
    return document.title or joined or header.issuing_body
