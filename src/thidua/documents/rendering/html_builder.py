"""HTML for the PDF: the same document model written as markup for our print stylesheet.

The markup is built in code rather than with a template engine so the package needs no Django
settings and every piece of caller text passes through one escaping function.
"""

from __future__ import annotations

import functools
import html
from importlib import resources
from string import Template

from thidua.documents.rendering.fonts import (
    find_serif_font,
    measure_rule_mm,
    measure_text_mm,
)
from thidua.documents.rendering.formatting import (
    format_issue_date,
    format_recipient_lines,
    normalize_text,
    to_upper,
)
from thidua.documents.rendering.layout import LAYOUT, PDF_FONT_FAMILY
from thidua.documents.rendering.lines import header_body_sizes, signer_title_lines, summary_lines
from thidua.documents.rendering.model import (
    NATIONAL_MOTTO,
    NATIONAL_NAME,
    Alignment,
    Block,
    Document,
    Header,
    Heading,
    ListItem,
    PageBreak,
    Paragraph,
    Recipients,
    RowKind,
    SignatureBlock,
    SignatureGrid,
    Signer,
    Span,
    Table,
    document_title,
)


def build_html(*, document: Document) -> str:
    """The whole document as one HTML page, stylesheet inlined."""
    header = document.header
    title = document_title(document=document)
    parts = [
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">',
        f"<title>{_escape(title)}</title>",
        f'<meta name="author" content="{_escape(header.issuing_body)}">',
        f"<style>{build_css()}</style></head><body>",
        _header_html(header=header),
    ]
    parts.extend(_block_html(block=block) for block in document.blocks)
    parts.append("</body></html>")
    return "".join(parts)


@functools.cache
def build_css() -> str:
    """The print stylesheet with the layout constants filled in (same for every document)."""
    source = resources.files(__package__).joinpath("templates/document.css").read_text("utf-8")
    fonts = {
        f"font_{name}": find_serif_font(bold=bold, italic=italic).as_uri()
        for name, bold, italic in (
            ("regular", False, False),
            ("bold", True, False),
            ("italic", False, True),
            ("bold_italic", True, True),
        )
    }
    return Template(source).substitute(
        family=PDF_FONT_FAMILY,
        page_width=LAYOUT.page_width_mm,
        page_height=LAYOUT.page_height_mm,
        margin_top=LAYOUT.margin_top_mm,
        margin_right=LAYOUT.margin_right_mm,
        margin_bottom=LAYOUT.margin_bottom_mm,
        margin_left=LAYOUT.margin_left_mm,
        page_number_pt=LAYOUT.page_number_pt,
        body_pt=LAYOUT.body_pt,
        line_height=LAYOUT.line_height_em,
        header_left=LAYOUT.header_left_mm,
        header_right=LAYOUT.header_right_mm,
        superior_body_pt=LAYOUT.superior_body_pt,
        issuing_body_pt=LAYOUT.issuing_body_pt,
        national_name_pt=LAYOUT.national_name_pt,
        motto_pt=LAYOUT.motto_pt,
        number_pt=LAYOUT.number_pt,
        letter_summary_pt=LAYOUT.letter_summary_pt,
        place_date_pt=LAYOUT.place_date_pt,
        document_type_pt=LAYOUT.document_type_pt,
        summary_pt=LAYOUT.summary_pt,
        paragraph_space=LAYOUT.paragraph_space_pt,
        rule_width=LAYOUT.rule_width_pt,
        first_indent=LAYOUT.first_line_indent_mm,
        table_pt=LAYOUT.table_pt,
        cell_padding=LAYOUT.table_cell_padding_mm,
        signature_pt=LAYOUT.signature_pt,
        signature_space=LAYOUT.signature_space_mm,
        grid_gap=LAYOUT.signature_grid_gap_pt,
        grid_padding=LAYOUT.signature_grid_padding_mm,
        recipients_label_pt=LAYOUT.recipients_label_pt,
        recipients_pt=LAYOUT.recipients_pt,
        **fonts,
    )


def _escape(text: str) -> str:
    return html.escape(normalize_text(text=text), quote=True)


def _rule(*, length_mm: float) -> str:
    return f'<div class="rule" style="width: {length_mm:.1f}mm"></div>'


def _header_html(*, header: Header) -> str:
    issuing = to_upper(text=header.issuing_body)
    superior_pt, issuing_pt = header_body_sizes(header=header)
    issuer_rule = measure_rule_mm(
        text=issuing,
        bold=True,
        size_pt=issuing_pt,
        column_mm=LAYOUT.header_left_mm,
        fraction=LAYOUT.short_rule_fraction,
    )
    motto_rule = measure_text_mm(text=NATIONAL_MOTTO, bold=True, size_pt=LAYOUT.motto_pt)
    left = []
    if header.superior_body:
        superior = _escape(to_upper(text=header.superior_body))
        left.append(f'<p class="superior" style="font-size: {superior_pt}pt">{superior}</p>')
    left.append(
        f'<p class="issuer" style="font-size: {issuing_pt}pt">{_escape(issuing)}</p>{_rule(length_mm=issuer_rule)}'
    )
    below_left = []
    if header.number:
        below_left.append(f'<p class="number">Số: {_escape(header.number)}</p>')
    if header.letter_summary:
        below_left.append(f'<p class="letter-summary">{_escape(header.letter_summary)}</p>')
    date_line = format_issue_date(place=header.place, on=header.issued_on)
    parts = [
        '<table class="masthead"><tr>',
        f'<td class="left">{"".join(left)}</td>',
        f'<td class="right"><p class="nation">{_escape(NATIONAL_NAME)}</p>',
        f'<p class="motto">{_escape(NATIONAL_MOTTO)}</p>{_rule(length_mm=motto_rule)}</td>',
        f'</tr><tr><td class="left">{"".join(below_left)}</td>',
        f'<td class="right"><p class="place-date">{_escape(date_line)}</p></td>',
        "</tr></table>",
    ]
    if header.document_type:
        doc_type = _escape(to_upper(text=header.document_type))
        parts.append(f'<p class="document-type">{doc_type}</p>')
    if header.summary:
        summary_rule = measure_rule_mm(
            text=header.summary,
            bold=True,
            size_pt=LAYOUT.summary_pt,
            column_mm=LAYOUT.text_width_mm,
            fraction=LAYOUT.short_rule_fraction,
        )
        summary = "<br>".join(_escape(line) for line in summary_lines(text=header.summary))
        parts.append(f'<p class="summary">{summary}</p>')
        parts.append(_rule(length_mm=summary_rule))
    parts.append('<div class="title-end"></div>')
    return "".join(parts)


def _block_html(*, block: Block) -> str:
    if isinstance(block, Paragraph):
        return _paragraph_html(block=block)
    if isinstance(block, Heading):
        align = f"align-{block.align.value}"
        indent = " indent" if block.align is Alignment.LEFT else ""
        css = f"heading level-{block.level} {align}{indent}"
        return f'<p class="{css}">{_escape(block.text)}</p>'
    if isinstance(block, ListItem):
        # Same convention as the DOCX: the marker sits at the first-line indent.
        indent_mm = LAYOUT.first_line_indent_mm + (block.level - 1) * LAYOUT.list_level_step_mm
        return (
            f'<p class="body align-justify" style="text-indent: {indent_mm:.1f}mm">'
            f"{_escape(block.marker)} {_spans_html(content=block.content)}</p>"
        )
    if isinstance(block, Table):
        return _table_html(block=block)
    if isinstance(block, SignatureBlock):
        return _signature_block_html(block=block)
    if isinstance(block, SignatureGrid):
        return _signature_grid_html(block=block)
    if isinstance(block, Recipients):
        return _recipients_html(block=block).replace('class="recipients"', 'class="recipients standalone"', 1)
    if isinstance(block, PageBreak):
        return '<div class="page-break"></div>'
    raise TypeError(f"Unknown block {type(block).__name__}")  # pragma: no cover


def _spans_html(*, content: str | tuple[Span, ...]) -> str:
    if isinstance(content, str):
        return _escape(content)
    pieces = []
    for span in content:
        classes = " ".join(c for c, on in (("bold", span.bold), ("italic", span.italic)) if on)
        text = _escape(span.text)
        pieces.append(f'<span class="{classes}">{text}</span>' if classes else text)
    return "".join(pieces)


def _paragraph_html(*, block: Paragraph) -> str:
    classes = ["body", f"align-{block.align.value}"]
    if block.indent_first_line:
        classes.append("indent")
    if block.bold:
        classes.append("bold")
    if block.italic:
        classes.append("italic")
    if block.keep_with_next:
        classes.append("keep-with-next")
    return f'<p class="{" ".join(classes)}">{_spans_html(content=block.content)}</p>'


def _table_html(*, block: Table) -> str:
    total = sum(column.width for column in block.columns)
    cols = "".join(f'<col style="width: {100 * c.width / total:.3f}%">' for c in block.columns)
    heads = "".join(f"<th>{_escape(c.title)}</th>" for c in block.columns)
    aligns = [f"align-{c.align.value}" for c in block.columns]
    # Built as a list and joined once: a 500-row registration summary is 3,000+ cells.
    rows = []
    for row in block.rows:
        kind = "" if row.kind is RowKind.DATA else f' class="{row.kind.value}"'
        cells = "".join(
            f'<td class="{align}">{_escape(text).replace(chr(10), "<br>")}</td>'
            for align, text in zip(aligns, row.cells, strict=True)
        )
        rows.append(f"<tr{kind}>{cells}</tr>")
    caption = f'<p class="caption">{_escape(block.caption)}</p>' if block.caption else ""
    return (
        f'{caption}<table class="grid"><colgroup>{cols}</colgroup>'
        f"<thead><tr>{heads}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _signer_html(*, signer: Signer, size_pt: float = LAYOUT.signature_pt, pad_to: int = 0) -> str:
    titles = signer_title_lines(signer=signer, size_pt=size_pt)
    titles += [""] * (pad_to - len(titles))  # rows of a grid keep their signing spaces level
    lines = [f'<p class="title">{_escape(line) or "&nbsp;"}</p>' for line in titles]
    lines.append(f'<div class="space">{_escape(signer.note)}</div>')
    lines.append(f'<p class="name">{_escape(signer.name)}</p>')
    return f'<div class="signer" style="font-size: {size_pt}pt">{"".join(lines)}</div>'


def _recipients_html(*, block: Recipients) -> str:
    lines = format_recipient_lines(items=block.items, archive=block.archive)
    items = "".join(f'<p class="recipient">{_escape(line)}</p>' for line in lines)
    return f'<div class="recipients"><p class="recipients-label">Nơi nhận:</p>{items}</div>'


def _signature_block_html(*, block: SignatureBlock) -> str:
    left = ""
    if block.recipients is not None:
        left = _recipients_html(block=block.recipients)
    elif block.left_signer is not None:
        left = _signer_html(signer=block.left_signer)
    right = _signer_html(signer=block.signer)
    return (
        '<table class="signatures"><tr>'
        f'<td class="left">{left}</td><td class="right">{right}</td>'
        "</tr></table>"
    )


def _signature_grid_html(*, block: SignatureGrid) -> str:
    parts = []
    if block.title:
        parts.append(f'<p class="grid-title">{_escape(to_upper(text=block.title))}</p>')
    parts.append('<table class="signature-grid">')
    for start in range(0, len(block.signers), 2):
        pair = block.signers[start : start + 2]
        size = LAYOUT.signature_grid_pt
        pad_to = max(len(signer_title_lines(signer=s, size_pt=size)) for s in pair)
        if len(pair) == 1:
            cells = f'<td colspan="2">{_signer_html(signer=pair[0], size_pt=size)}</td>'
        else:
            cells = "".join(f"<td>{_signer_html(signer=s, size_pt=size, pad_to=pad_to)}</td>" for s in pair)
        parts.append(f"<tr>{cells}</tr>")
    parts.append("</table>")
    return "".join(parts)
