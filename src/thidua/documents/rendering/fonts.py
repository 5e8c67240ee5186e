"""Locating the serif font files and measuring text with their metrics.

Liberation Serif is metric-compatible with Times New Roman, so a width measured here is the
width Word will give the same text; the short rules under the header elements are sized with it
in both outputs.
"""

from __future__ import annotations

import functools
from pathlib import Path

# fontTools ships no type information; only TTFont's lookups below are used.
from fontTools.ttLib import TTFont

from thidua.documents.rendering.formatting import normalize_text
from thidua.documents.rendering.layout import SERIF_FONT_DIR, SERIF_FONT_FILES

_MM_PER_PT = 25.4 / 72


class FontsMissing(RuntimeError):
    """The machine lacks the fonts the PDF needs: an installation fault, not bad input."""


def find_serif_font(*, bold: bool, italic: bool) -> Path:
    path = SERIF_FONT_DIR / SERIF_FONT_FILES[(bold, italic)]
    if not path.is_file():
        raise FontsMissing(f"Không tìm thấy phông chữ {path}; hãy cài gói Debian fonts-liberation2.")
    return path


@functools.cache
def _load_advances(bold: bool) -> tuple[dict[int, int], float]:
    font = TTFont(find_serif_font(bold=bold, italic=False), lazy=True)
    cmap: dict[int, str] = font.getBestCmap()
    metrics = font["hmtx"].metrics
    advances = {code: metrics[glyph][0] for code, glyph in cmap.items()}
    return advances, float(font["head"].unitsPerEm)


def measure_text_mm(*, text: str, bold: bool, size_pt: float) -> float:
    """Advance width of one line of text, ignoring kerning (Word ignores it by default too)."""
    advances, units_per_em = _load_advances(bold)
    fallback = advances.get(ord("n"), int(units_per_em / 2))
    total = sum(advances.get(ord(char), fallback) for char in normalize_text(text=text))
    return total / units_per_em * size_pt * _MM_PER_PT


def measure_rule_mm(*, text: str, bold: bool, size_pt: float, column_mm: float, fraction: float) -> float:
    """Length of a short rule under a centred text: a fraction of its (longest) line.

    A text wider than its column wraps, so its line is taken as the column width.
    """
    line = min(measure_text_mm(text=text, bold=bold, size_pt=size_pt), column_mm)
    return round(line * fraction, 1)


def fits(*, text: str, bold: bool, size_pt: float, width_mm: float) -> bool:
    """Whether a line fits `width_mm`, with a 2 mm allowance: Word, LibreOffice and WeasyPrint
    round glyph advances differently, and a line that just fits in one wraps in another."""
    return measure_text_mm(text=text, bold=bold, size_pt=size_pt) <= width_mm - 2.0


def one_line_size(*, text: str, bold: bool, sizes: tuple[float, ...], width_mm: float) -> float:
    """The first of `sizes` (largest first, all within the decree's range) at which `text` stays
    on one line; the first size when none does (the text then wraps)."""
    for size in sizes:
        if fits(text=text, bold=bold, size_pt=size, width_mm=width_mm):
            return size
    return sizes[0]


# Words a title line is best broken before: a conjunction, or where the place name starts.
_BREAK_BEFORE = ("VÀ", "TỈNH", "THÀNH", "HUYỆN", "QUẬN", "CỦA")


def wrap_title(*, text: str, bold: bool, size_pt: float, width_mm: float) -> list[str]:
    """Break an upper-case title into lines that fit `width_mm`, at sensible points.

    Both renderers get the same explicit lines, so Word, LibreOffice and the PDF break a unit's
    name in the same places ("SỞ TÀI NGUYÊN / VÀ MÔI TRƯỜNG") instead of inside a place name
    ("HẢI / PHÒNG"). Among the breaks that fit, one before a word of `_BREAK_BEFORE` is preferred,
    then the most even split. A single word wider than the line is left to wrap.
    """
    lines: list[str] = []
    for part in text.split("\n"):
        lines.extend(_wrap_line(part.strip(), bold=bold, size_pt=size_pt, width_mm=width_mm))
    return lines


def _wrap_line(text: str, *, bold: bool, size_pt: float, width_mm: float) -> list[str]:
    if not text or fits(text=text, bold=bold, size_pt=size_pt, width_mm=width_mm):
        return [text] if text else []
    words = text.split()
    if len(words) > 14:  # not a title: let the renderer wrap it (the search below is exponential)
        return [text]
    # (breaks not at a sensible point, lines, unevenness): a name is never cut mid-phrase
    # ("MÔI / TRƯỜNG") to save a line.
    best_score: tuple[int, int, float] | None = None
    best_lines = [text]
    for cut in range(1, len(words)):
        head = " ".join(words[:cut])
        if not fits(text=head, bold=bold, size_pt=size_pt, width_mm=width_mm):
            break
        lines = [head, *_wrap_line(" ".join(words[cut:]), bold=bold, size_pt=size_pt, width_mm=width_mm)]
        widths = [measure_text_mm(text=line, bold=bold, size_pt=size_pt) for line in lines]
        bad = sum(1 for line in lines[1:] if line.split()[0] not in _BREAK_BEFORE)
        score = (bad, len(lines), max(widths) - min(widths))
        if best_score is None or score < best_score:
            best_score, best_lines = score, lines
    return best_lines
