"""Line decisions both renderers share, so Word, LibreOffice and the PDF break text alike."""

from __future__ import annotations

from thidua.documents.rendering.fonts import fits, measure_text_mm, one_line_size, wrap_title
from thidua.documents.rendering.formatting import to_upper
from thidua.documents.rendering.layout import LAYOUT
from thidua.documents.rendering.model import Header, Signer


def header_body_sizes(*, header: Header) -> tuple[float, float]:
    """Sizes of the superior and issuing bodies: 13 pt, or 12 pt (the decree allows 12–13) when
    that keeps the name on one line of the left column."""
    sizes_superior = (LAYOUT.superior_body_pt, LAYOUT.header_body_min_pt)
    sizes_issuing = (LAYOUT.issuing_body_pt, LAYOUT.header_body_min_pt)
    superior = one_line_size(
        text=to_upper(text=header.superior_body),
        bold=False,
        sizes=sizes_superior,
        width_mm=LAYOUT.header_left_mm,
    )
    issuing = one_line_size(
        text=to_upper(text=header.issuing_body),
        bold=True,
        sizes=sizes_issuing,
        width_mm=LAYOUT.header_left_mm,
    )
    return superior, issuing


def signer_title_lines(*, signer: Signer, size_pt: float) -> list[str]:
    """The bold lines above a signing space (unit, TM./KT. line, position), each broken to fit a
    signature column at sensible points. A "\\n" in the caller's text is a forced break."""
    width = LAYOUT.text_width_mm / 2 - 2 * LAYOUT.signature_grid_padding_mm
    lines: list[str] = []
    for part in (signer.unit, signer.authority, signer.position):
        if part:
            lines += wrap_title(text=to_upper(text=part), bold=True, size_pt=size_pt, width_mm=width)
    return lines


def summary_lines(*, text: str) -> list[str]:
    """The summary under the document type, centred: on one line when it fits, else broken into
    lines of even length so no word is left alone on the last line."""
    width = LAYOUT.text_width_mm - 10.0  # centred text reads badly edge to edge
    words = text.split()
    if not words or fits(text=text, bold=True, size_pt=LAYOUT.summary_pt, width_mm=width):
        return [text.strip()] if words else []
    # Two to four lines: the fewest faults, then the fewest lines, then the most even.
    candidates = []
    for count in range(2, min(4, len(words)) + 1):
        split = _even_split(words, count, width)
        if split is not None:
            (faults, longest), lines = split
            candidates.append(((faults, count, longest), lines))
    return min(candidates)[1] if candidates else [text]


def _even_split(words: list[str], count: int, width: float) -> tuple[tuple[int, float], list[str]] | None:
    """`words` in `count` lines that each fit `width`, the longest line as short as possible."""
    best: tuple[tuple[int, float], list[str]] | None = None

    def widths(line: str) -> float:
        return measure_text_mm(text=line, bold=True, size_pt=LAYOUT.summary_pt)

    def walk(start: int, left: int, acc: list[str]) -> None:
        nonlocal best
        if left == 1:
            line = " ".join(words[start:])
            if fits(text=line, bold=True, size_pt=LAYOUT.summary_pt, width_mm=width):
                lines = [*acc, line]
                # Fewest breaks inside a phrase ("kế / hoạch") or short stray lines, then the
                # shortest longest line.
                sizes = [widths(one) for one in lines]
                faults = sum(1 for one in lines[1:] if not _good_break(lines, one))
                faults += sum(1 for size in sizes if size < 0.4 * max(sizes))
                score = (faults, max(sizes))
                if best is None or score < best[0]:
                    best = (score, lines)
            return
        for end in range(start + 1, len(words) - left + 2):
            line = " ".join(words[start:end])
            if not fits(text=line, bold=True, size_pt=LAYOUT.summary_pt, width_mm=width):
                break
            walk(end, left - 1, [*acc, line])

    if len(words) > 40:
        return None
    walk(0, count, [])
    return best


_BREAK_WORDS = frozenset({"và", "của", "về", "năm", "giữa", "trong", "theo", "tại", "cho", "các"})


def _good_break(lines: list[str], line: str) -> bool:
    before = lines[lines.index(line) - 1]
    return before.endswith(",") or line.split()[0].lower() in _BREAK_WORDS
