"""Server-drawn SVG bar charts (no JavaScript library; presentation attributes, no style="")."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from html import escape

from django.utils.safestring import SafeString, mark_safe

from thidua.scoring.aggregation import show

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 330
BAR_WIDTH = 420


@dataclass(frozen=True)
class Bar:
    label: str
    value: Fraction
    highlight: bool = False


def bar_chart(*, title: str, bars: list[Bar], maximum: Fraction) -> SafeString:
    """Horizontal bars with their value written at the end; a <title> and <desc> for screen readers."""
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + 70
    scale = Fraction(BAR_WIDTH) / maximum if maximum > 0 else Fraction(0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="chart-title chart-desc">',
        f'<title id="chart-title">{escape(title)}</title>',
        '<desc id="chart-desc">' + escape("; ".join(f"{b.label}: {show(b.value)}" for b in bars)) + "</desc>",
    ]
    for index, bar in enumerate(bars):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = float(bar.value * scale)
        colour = "#a4161a" if bar.highlight else "#1f4e79"
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 16}" text-anchor="end" font-size="13" fill="#1b1b1b">'
            f"{escape(bar.label[:48])}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" fill="{colour}"/>'
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 16}" font-size="13" fill="#1b1b1b">'
            f"{show(bar.value)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text above is escaped)
