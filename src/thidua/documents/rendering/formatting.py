"""Pure text helpers for the parts of a document whose form the decree fixes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date

from thidua.core.errors import InvalidInput

_SYMBOL_GROUP = re.compile(r"^[^\s/\-]+$")


def normalize_text(*, text: str) -> str:
    """NFC form: text pasted from some systems arrives decomposed (NFD), which fonts may draw
    with misplaced marks and which defeats search in the PDF and in Word."""
    return unicodedata.normalize("NFC", text)


def format_document_number(*, number: int, issuer_code: str, type_code: str = "") -> str:
    """Number and symbol as the decree writes them, without the "Số:" label.

    `format_document_number(number=12, type_code="KH", issuer_code="CTĐ1")` gives
    "12/KH-CTĐ1". Numbers below 10 take a leading zero; an official letter has no type code,
    so its symbol is the issuer code alone (which may itself be "STNMT-VP").
    """
    if number < 1:
        raise InvalidInput("Số văn bản phải là số nguyên dương.", fields={"number": "Phải lớn hơn 0."})
    groups = [normalize_text(text=code.strip()).upper() for code in (type_code, *issuer_code.split("-"))]
    if not type_code.strip():
        groups = groups[1:]
    for group in groups:
        if not _SYMBOL_GROUP.match(group):
            raise InvalidInput(
                'Ký hiệu văn bản không hợp lệ: không được có khoảng trắng, dấu "/" hoặc nhóm trống.',
                fields={"issuer_code": issuer_code, "type_code": type_code},
            )
    return f"{number:02d}/{'-'.join(groups)}"


_PLACE_PREFIX = re.compile(r"^(tỉnh|thành phố|tp\.?)\s+", re.IGNORECASE)


def date_line_place(*names: str | None) -> str:
    """The place of the date line ("Hải Dương, ngày …"): the first name given, without its
    "tỉnh"/"thành phố" prefix, as the decree's examples write it; Hà Nội when none is known."""
    for name in names:
        text = _PLACE_PREFIX.sub("", (name or "").strip()).strip()
        if text:
            return text
    return "Hà Nội"


def format_issue_date(*, place: str, on: date) -> str:
    """Place and date line: "Hải Dương, ngày 05 tháng 02 năm 2018".

    The decree pads days below 10 and the months 1 and 2 with a zero; other months are written
    bare ("tháng 3", "tháng 12"). The zero on January and February keeps "tháng 1" and "tháng 2"
    from being altered into "tháng 11" and "tháng 12" by hand.
    """
    place = normalize_text(text=place.strip())
    if not place:
        raise InvalidInput("Thiếu địa danh ghi trên văn bản.", fields={"place": "Bắt buộc."})
    month = f"{on.month:02d}" if on.month < 3 else str(on.month)
    return f"{place}, ngày {on.day:02d} tháng {month} năm {on.year}"


def format_recipient_lines(*, items: Sequence[str], archive: str) -> list[str]:
    """The "Nơi nhận" list: each line opens with "-" and ends with ";", the last one is
    "- Lưu: …" and ends with ".". Punctuation the caller already typed is replaced so it is
    never doubled."""
    lines = [f"- {_strip_list_punctuation(item)};" for item in items if _strip_list_punctuation(item)]
    archive = _strip_list_punctuation(archive) or "VT"
    lines.append(f"- Lưu: {archive}.")
    return lines


def _strip_list_punctuation(text: str) -> str:
    text = normalize_text(text=text).strip()
    text = text.removeprefix("-").strip()
    return text.rstrip(";.,").strip()


def to_upper(*, text: str) -> str:
    """Upper case for the elements the decree sets in capitals; str.upper maps every Vietnamese
    letter (đ → Đ, ư → Ư) correctly once the text is in NFC form."""
    return normalize_text(text=text).upper()
