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
