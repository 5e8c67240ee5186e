"""Server-drawn SVG bar charts (no JavaScript library; presentation attributes, no style="")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from html import escape

from django.utils.safestring import SafeString, mark_safe

from thidua.scoring.aggregation import show

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 330  # the least room for the names; longer names widen it (CHAR_WIDTH each)
CHAR_WIDTH = 7.9  # of a 13 px letter of DejaVu Sans (Debian's sans-serif), marks included
BAR_WIDTH = 420
LABEL_CHARS = 64


@dataclass(frozen=True)
class Bar:
    label: str
    value: Fraction
    highlight: bool = False


def bar_chart(
    *,
    title: str,
    bars: list[Bar],
    maximum: Fraction,
    ident: str = "chart",
    value_text: Callable[[Fraction], str] = show,
) -> SafeString:
    """Horizontal bars with their value written at the end; a <title> and <desc> for screen readers.
    `ident` keeps the ids unique when a page shows several charts; `value_text` writes the values
    (scores with two decimals by default, counts as integers)."""
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    longest = max((len(b.label[:LABEL_CHARS]) for b in bars), default=0)
    label_width = max(LABEL_WIDTH, int(longest * CHAR_WIDTH) + 16)
    width = label_width + BAR_WIDTH + 70
    scale = Fraction(BAR_WIDTH) / maximum if maximum > 0 else Fraction(0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">'
        + escape("; ".join(f"{b.label}: {value_text(b.value)}" for b in bars))
        + "</desc>",
    ]
    for index, bar in enumerate(bars):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = float(bar.value * scale)
        colour = "#a4161a" if bar.highlight else "#1f4e79"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end" font-size="13" fill="#1b1b1b">'
            f"{escape(bar.label[:LABEL_CHARS])}</text>"
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" fill="{colour}"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 16}" font-size="13" fill="#1b1b1b">'
            f"{value_text(bar.value)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text above is escaped)
