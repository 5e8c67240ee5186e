"""DOCX output: the file officers open in Word, edit and sign.

Every run carries its font, size and emphasis directly (not only through styles) so the file
looks the same in Word, LibreOffice and WPS, which resolve style inheritance differently, and so
a reviewer can check any run in isolation.
"""

from __future__ import annotations

import math
from io import BytesIO

import docx
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.shared import Mm, Pt
from docx.table import Table as WordTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as WordParagraph

from thidua.documents.rendering.fonts import measure_rule_mm, measure_text_mm
from thidua.documents.rendering.formatting import (
    format_issue_date,
    format_recipient_lines,
    normalize_text,
    to_upper,
)
from thidua.documents.rendering.layout import DOCX_FONT_NAME, LAYOUT
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
)
from thidua.documents.rendering.validation import validate_document

_ALIGN = {
    Alignment.LEFT: WD_ALIGN_PARAGRAPH.LEFT,
    Alignment.CENTER: WD_ALIGN_PARAGRAPH.CENTER,
    Alignment.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT,
    Alignment.JUSTIFY: WD_ALIGN_PARAGRAPH.JUSTIFY,
}
_LIST_LEVEL_STEP_MM = 5.0
_GRID_ROW_GAP_PT = 12.0


def render_docx(*, document: Document) -> bytes:
    """Render the document to the bytes of a .docx file."""
    validate_document(document=document)
    word = docx.Document()
    _set_up_page(word=word)
    _set_up_styles(word=word)
    _add_page_numbers(word=word)
    _add_header(word=word, header=document.header)
    for block in document.blocks:
        _add_block(word=word, block=block)
    properties = word.core_properties
    properties.title = normalize_text(
        text=document.title or _default_title(header=document.header)
    )
    properties.language = "vi-VN"
    properties.author = normalize_text(text=document.header.issuing_body)
    output = BytesIO()
    word.save(output)
    return output.getvalue()


def _default_title(*, header: Header) -> str:
    return (
        " ".join(part for part in (header.document_type, header.summary) if part)
        or header.issuing_body
    )


# --- page, styles, page numbers ---------------------------------------------------------------


def _set_up_page(*, word: WordDocument) -> None:
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(LAYOUT.page_width_mm)
    section.page_height = Mm(LAYOUT.page_height_mm)
    section.top_margin = Mm(LAYOUT.margin_top_mm)
    section.bottom_margin = Mm(LAYOUT.margin_bottom_mm)
    section.left_margin = Mm(LAYOUT.margin_left_mm)
    section.right_margin = Mm(LAYOUT.margin_right_mm)
    section.header_distance = Mm(LAYOUT.header_distance_mm)
    section.footer_distance = Mm(LAYOUT.header_distance_mm)


def _set_up_styles(*, word: WordDocument) -> None:
    # The Normal style still matters for text the officer types later in Word.
    normal = word.styles["Normal"]
    font = normal.font
    font.name = DOCX_FONT_NAME
    font.size = Pt(LAYOUT.body_pt)
    r_pr = normal.element.get_or_add_rPr()
    _set_run_fonts(r_pr=r_pr)
    # Marks the text as Vietnamese so Word's spelling check uses the right dictionary.
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    r_pr.append(lang)


def _set_run_fonts(*, r_pr: object) -> None:
    # python-docx sets only the ascii and hAnsi slots; Word picks the eastAsia or cs slot for
    # some characters, and an unset slot there falls back to the theme font (Calibri).
    r_fonts = r_pr.get_or_add_rFonts()  # type: ignore[attr-defined]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        r_fonts.set(qn(slot), DOCX_FONT_NAME)


def _add_page_numbers(*, word: WordDocument) -> None:
    """Page numbers centred in the top margin from page 2 on; page 1 has an empty header."""
    section = word.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    _format_paragraph(paragraph=paragraph, align=Alignment.CENTER, space_after_pt=0)
    for kind, text in (
        ("begin", ""),
        ("", " PAGE "),
        ("separate", ""),
        ("", "2"),
        ("end", ""),
    ):
        run = paragraph.add_run()
        _style_run(run=run, size_pt=LAYOUT.page_number_pt)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text.strip() == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = (
                text  # cached result, replaced by Word when it lays out the pages
            )


# --- small building blocks --------------------------------------------------------------------


def _style_run(
    *, run: object, size_pt: float, bold: bool = False, italic: bool = False
) -> None:
    font = run.font  # type: ignore[attr-defined]
    font.name = DOCX_FONT_NAME
    font.size = Pt(size_pt)
    font.bold = bold
    font.italic = italic
    _set_run_fonts(r_pr=run._r.get_or_add_rPr())  # type: ignore[attr-defined]


def _add_text(
    *,
    paragraph: WordParagraph,
    text: str,
    size_pt: float,
    bold: bool = False,
    italic: bool = False,
) -> None:
    run = paragraph.add_run(normalize_text(text=text))
    _style_run(run=run, size_pt=size_pt, bold=bold, italic=italic)


def _add_spans(
    *,
    paragraph: WordParagraph,
    content: str | tuple[Span, ...],
    size_pt: float,
    bold: bool,
    italic: bool,
) -> None:
    spans = (Span(text=content),) if isinstance(content, str) else content
    for span in spans:
        _add_text(
            paragraph=paragraph,
            text=span.text,
            size_pt=size_pt,
            bold=bold or span.bold,
            italic=italic or span.italic,
        )


def _format_paragraph(
    *,
    paragraph: WordParagraph,
    align: Alignment,
    first_line_mm: float = 0.0,
    left_mm: float = 0.0,
    right_mm: float = 0.0,
    space_before_pt: float = 0.0,
    space_after_pt: float = LAYOUT.paragraph_space_pt,
    keep_with_next: bool = False,
) -> None:
    fmt = paragraph.paragraph_format
    fmt.alignment = _ALIGN[align]
    fmt.first_line_indent = Mm(first_line_mm)
    fmt.left_indent = Mm(left_mm)
    fmt.right_indent = Mm(right_mm)
    fmt.space_before = Pt(space_before_pt)
    fmt.space_after = Pt(space_after_pt)
    fmt.line_spacing = 1.0
    if keep_with_next:
        fmt.keep_with_next = True


def _add_rule(
    *, container: WordDocument | _Cell, length_mm: float, column_mm: float
) -> None:
    """A centred solid line: an empty paragraph whose top border spans `length_mm`.

    A paragraph border needs no drawing object, so it survives every editor and moves with the
    text above it when the officer edits the name.
    """
    side = max((column_mm - length_mm) / 2, 0.0)
    paragraph = container.add_paragraph()
    _format_paragraph(
        paragraph=paragraph,
        align=Alignment.CENTER,
        left_mm=side,
        right_mm=side,
        space_after_pt=0,
    )
    paragraph.paragraph_format.line_spacing = Pt(2)
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    top.set(qn("w:val"), "single")
    top.set(qn("w:sz"), str(round(LAYOUT.rule_width_pt * 8)))  # eighths of a point
    top.set(qn("w:space"), "1")
    top.set(qn("w:color"), "000000")
    borders.append(top)
    p_pr.append(borders)


def _add_centered(
    *,
    container: WordDocument | _Cell,
    text: str,
    size_pt: float,
    bold: bool = False,
    italic: bool = False,
    space_after_pt: float = 0.0,
) -> WordParagraph:
    paragraph = container.add_paragraph()
    _format_paragraph(
        paragraph=paragraph, align=Alignment.CENTER, space_after_pt=space_after_pt
    )
    _add_text(paragraph=paragraph, text=text, size_pt=size_pt, bold=bold, italic=italic)
    return paragraph


def _new_layout_table(
    *, word: WordDocument | _Cell, widths_mm: list[float], rows: int
) -> WordTable:
    """A borderless, fixed-width table used to place text side by side (header, signatures)."""
    table = word.add_table(rows=rows, cols=len(widths_mm))
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fix_table_geometry(tbl=table._tbl, widths_mm=widths_mm, padding_mm=0.0)
    return table


def _fix_table_geometry(
    *, tbl: CT_Tbl, widths_mm: list[float], padding_mm: float
) -> None:
    # Fixed layout with explicit grid and cell widths: Word and LibreOffice otherwise re-flow
    # "auto" tables by content, and the header columns would drift from their decree places.
    tbl_pr = tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(
            qn("w:w"), str(round(padding_mm * 56.7))
        )  # twentieths of a point per mm
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.append(margins)
    for grid_col, width in zip(tbl.tblGrid.gridCol_lst, widths_mm, strict=True):
        grid_col.w = Mm(width)
    for tr in tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths_mm, strict=True):
            tc.width = Mm(width)


def _first_paragraph(*, cell: _Cell) -> WordParagraph:
    paragraph: WordParagraph = cell.paragraphs[0]
    return paragraph


def _drop_first_paragraph(*, cell: _Cell) -> None:
    # A new cell holds one empty paragraph; content is appended after it and the placeholder
    # removed, so every paragraph is made by the same helpers.
    cell._tc.remove(cell.paragraphs[0]._p)


# --- the header ------------------------------------------------------------------------------


def _add_header(*, word: WordDocument, header: Header) -> None:
    widths = [LAYOUT.header_left_mm, LAYOUT.header_right_mm]
    table = _new_layout_table(word=word, widths_mm=widths, rows=2)
    bodies, national = table.rows[0].cells
    number_cell, date_cell = table.rows[1].cells

    if header.superior_body:
        _add_centered(
            container=bodies,
            text=to_upper(text=header.superior_body),
            size_pt=LAYOUT.superior_body_pt,
        )
    issuing = to_upper(text=header.issuing_body)
    _add_centered(
        container=bodies, text=issuing, size_pt=LAYOUT.issuing_body_pt, bold=True
    )
    rule = measure_rule_mm(
        text=issuing,
        bold=True,
        size_pt=LAYOUT.issuing_body_pt,
        column_mm=LAYOUT.header_left_mm,
        fraction=LAYOUT.short_rule_fraction,
    )
    _add_rule(container=bodies, length_mm=rule, column_mm=LAYOUT.header_left_mm)

    _add_centered(
        container=national,
        text=NATIONAL_NAME,
        size_pt=LAYOUT.national_name_pt,
        bold=True,
    )
    _add_centered(
        container=national, text=NATIONAL_MOTTO, size_pt=LAYOUT.motto_pt, bold=True
    )
    motto_mm = measure_text_mm(text=NATIONAL_MOTTO, bold=True, size_pt=LAYOUT.motto_pt)
    _add_rule(
        container=national,
        length_mm=round(motto_mm, 1),
        column_mm=LAYOUT.header_right_mm,
    )

    if header.number:
        _add_centered(
            container=number_cell, text=f"Số: {header.number}", size_pt=LAYOUT.number_pt
        )
    if header.letter_summary:
        _add_centered(
            container=number_cell,
            text=header.letter_summary,
            size_pt=LAYOUT.letter_summary_pt,
        )
    date_line = format_issue_date(place=header.place, on=header.issued_on)
    _add_centered(
        container=date_cell, text=date_line, size_pt=LAYOUT.place_date_pt, italic=True
    )
    for cell in (bodies, national, number_cell, date_cell):
        _drop_first_paragraph(cell=cell)
        if not cell.paragraphs:
            cell.add_paragraph()  # a cell must keep one paragraph to be valid

    if header.document_type:
        _add_centered(
            container=word,
            text=to_upper(text=header.document_type),
            size_pt=LAYOUT.document_type_pt,
            bold=True,
        ).paragraph_format.space_before = Pt(3 * LAYOUT.paragraph_space_pt)
    if header.summary:
        _add_centered(
            container=word, text=header.summary, size_pt=LAYOUT.summary_pt, bold=True
        )
        rule = measure_rule_mm(
            text=header.summary,
            bold=True,
            size_pt=LAYOUT.summary_pt,
            column_mm=LAYOUT.text_width_mm,
            fraction=LAYOUT.short_rule_fraction,
        )
        _add_rule(container=word, length_mm=rule, column_mm=LAYOUT.text_width_mm)
    spacer = word.add_paragraph()
    _format_paragraph(paragraph=spacer, align=Alignment.LEFT, space_after_pt=0)


# --- body blocks -----------------------------------------------------------------------------


def _add_block(*, word: WordDocument, block: Block) -> None:
    if isinstance(block, Paragraph):
        _add_paragraph(word=word, block=block)
    elif isinstance(block, Heading):
        _add_heading(word=word, block=block)
    elif isinstance(block, ListItem):
        _add_list_item(word=word, block=block)
    elif isinstance(block, Table):
        _add_table(word=word, block=block)
    elif isinstance(block, SignatureBlock):
        _add_signature_block(word=word, block=block)
    elif isinstance(block, SignatureGrid):
        _add_signature_grid(word=word, block=block)
    elif isinstance(block, Recipients):
        _add_recipients(container=word, block=block)
    elif isinstance(block, PageBreak):
        run = word.add_paragraph().add_run()
        run.add_break(WD_BREAK.PAGE)


def _add_paragraph(*, word: WordDocument, block: Paragraph) -> None:
    paragraph = word.add_paragraph()
    _format_paragraph(
        paragraph=paragraph,
        align=block.align,
        first_line_mm=LAYOUT.first_line_indent_mm if block.indent_first_line else 0.0,
    )
    _add_spans(
        paragraph=paragraph,
        content=block.content,
        size_pt=LAYOUT.body_pt,
        bold=block.bold,
        italic=block.italic,
    )


def _add_heading(*, word: WordDocument, block: Heading) -> None:
    paragraph = word.add_paragraph()
    _format_paragraph(
        paragraph=paragraph,
        align=block.align,
        first_line_mm=LAYOUT.first_line_indent_mm
        if block.align is Alignment.LEFT
        else 0.0,
        keep_with_next=True,  # never leave a heading alone at the foot of a page
    )
    _add_text(
        paragraph=paragraph,
        text=block.text,
        size_pt=LAYOUT.body_pt,
        bold=True,
        italic=block.level >= 3,
    )


def _add_list_item(*, word: WordDocument, block: ListItem) -> None:
    # Vietnamese administrative texts indent the marker like a first line, not as a hanging
    # list; nested levels move further in.
    paragraph = word.add_paragraph()
    indent = LAYOUT.first_line_indent_mm + (block.level - 1) * _LIST_LEVEL_STEP_MM
    _format_paragraph(
        paragraph=paragraph, align=Alignment.JUSTIFY, first_line_mm=indent
    )
    _add_text(paragraph=paragraph, text=f"{block.marker} ", size_pt=LAYOUT.body_pt)
    _add_spans(
        paragraph=paragraph,
        content=block.content,
        size_pt=LAYOUT.body_pt,
        bold=False,
        italic=False,
    )


def _column_widths_mm(*, table: Table) -> list[float]:
    total = sum(column.width for column in table.columns)
    return [LAYOUT.text_width_mm * column.width / total for column in table.columns]


def _add_table(*, word: WordDocument, block: Table) -> None:
    if block.caption:
        _add_centered(
            container=word,
            text=block.caption,
            size_pt=LAYOUT.body_pt,
            bold=True,
            space_after_pt=LAYOUT.paragraph_space_pt,
        ).paragraph_format.keep_with_next = True
    widths = _column_widths_mm(table=block)
    table = word.add_table(rows=1 + len(block.rows), cols=len(block.columns))
    table.style = word.styles["Table Grid"]
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fix_table_geometry(
        tbl=table._tbl, widths_mm=widths, padding_mm=LAYOUT.table_cell_padding_mm
    )
    # Cells are reached through the rows' XML rather than Table.cell(), which rebuilds the
    # whole cell grid on every call and makes a 500-row table quadratic.
    trs = table._tbl.tr_lst
    _mark_row(tr=trs[0], repeat_as_header=True)
    titles = [column.title for column in block.columns]
    _fill_row(table=table, tr=trs[0], texts=titles, block=block, bold=True, header=True)
    for tr, row in zip(trs[1:], block.rows, strict=True):
        _mark_row(tr=tr, repeat_as_header=False)
        _fill_row(
            table=table,
            tr=tr,
            texts=list(row.cells),
            block=block,
            bold=row.kind is not RowKind.DATA,
        )
    spacer = word.add_paragraph()
    _format_paragraph(paragraph=spacer, align=Alignment.LEFT, space_after_pt=0)


def _mark_row(*, tr: object, repeat_as_header: bool) -> None:
    tr_pr = tr.get_or_add_trPr()  # type: ignore[attr-defined]
    cant_split = OxmlElement("w:cantSplit")  # a row is never cut in two across pages
    tr_pr.append(cant_split)
    if repeat_as_header:
        tr_pr.append(
            OxmlElement("w:tblHeader")
        )  # titles repeat at the top of every page


def _fill_row(
    *,
    table: WordTable,
    tr: object,
    texts: list[str],
    block: Table,
    bold: bool,
    header: bool = False,
) -> None:
    for tc, text, column in zip(tr.tc_lst, texts, block.columns, strict=True):  # type: ignore[attr-defined]
        cell = _Cell(tc, table)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = _first_paragraph(cell=cell)
        _format_paragraph(
            paragraph=paragraph,
            align=Alignment.CENTER if header else column.align,
            space_before_pt=2,
            space_after_pt=2,
        )
        _add_text(paragraph=paragraph, text=text, size_pt=LAYOUT.table_pt, bold=bold)


# --- signatures and recipients ---------------------------------------------------------------


def _add_signer(*, cell: _Cell, signer: Signer) -> None:
    for line in (signer.unit, signer.authority, signer.position):
        if line:
            paragraph = _add_centered(
                container=cell,
                text=to_upper(text=line),
                size_pt=LAYOUT.signature_pt,
                bold=True,
            )
            paragraph.paragraph_format.keep_with_next = True
    space = _add_centered(
        container=cell, text=signer.note, size_pt=LAYOUT.signature_pt, italic=True
    )
    space.paragraph_format.space_before = Pt(LAYOUT.signature_space_mm / 2 / 25.4 * 72)
    space.paragraph_format.space_after = Pt(LAYOUT.signature_space_mm / 2 / 25.4 * 72)
    space.paragraph_format.keep_with_next = True
    _add_centered(
        container=cell, text=signer.name, size_pt=LAYOUT.signature_pt, bold=True
    )


def _add_recipients(*, container: WordDocument | _Cell, block: Recipients) -> None:
    label = container.add_paragraph()
    _format_paragraph(
        paragraph=label, align=Alignment.LEFT, space_after_pt=0, keep_with_next=True
    )
    _add_text(
        paragraph=label,
        text="Nơi nhận:",
        size_pt=LAYOUT.recipients_label_pt,
        bold=True,
        italic=True,
    )
    for line in format_recipient_lines(items=block.items, archive=block.archive):
        paragraph = container.add_paragraph()
        _format_paragraph(
            paragraph=paragraph,
            align=Alignment.LEFT,
            space_after_pt=0,
            keep_with_next=True,
        )
        _add_text(paragraph=paragraph, text=line, size_pt=LAYOUT.recipients_pt)


def _add_signature_block(*, word: WordDocument, block: SignatureBlock) -> None:
    table = _new_layout_table(
        word=word, widths_mm=[LAYOUT.header_left_mm, LAYOUT.header_right_mm], rows=1
    )
    _mark_row(tr=table._tbl.tr_lst[0], repeat_as_header=False)
    left, right = table.rows[0].cells
    if block.recipients is not None:
        _add_recipients(container=left, block=block.recipients)
    elif block.left_signer is not None:
        _add_signer(cell=left, signer=block.left_signer)
    _add_signer(cell=right, signer=block.signer)
    for cell in (left, right):
        _drop_first_paragraph(cell=cell)
        if not cell.paragraphs:
            cell.add_paragraph()


def _add_signature_grid(*, word: WordDocument, block: SignatureGrid) -> None:
    if block.title:
        title = _add_centered(
            container=word,
            text=to_upper(text=block.title),
            size_pt=LAYOUT.signature_pt,
            bold=True,
            space_after_pt=LAYOUT.paragraph_space_pt,
        )
        title.paragraph_format.keep_with_next = True
    half = LAYOUT.text_width_mm / 2
    rows = math.ceil(len(block.signers) / 2)
    table = _new_layout_table(word=word, widths_mm=[half, half], rows=rows)
    for index, row in enumerate(table.rows):
        _mark_row(tr=row._tr, repeat_as_header=False)
        pair = block.signers[2 * index : 2 * index + 2]
        cells = list(row.cells)
        if len(pair) == 1:
            cells = [cells[0].merge(cells[1])]  # an odd last signer sits in the middle
        for cell, signer in zip(cells, pair, strict=True):
            _add_signer(cell=cell, signer=signer)
            cell.paragraphs[-1].paragraph_format.space_after = Pt(_GRID_ROW_GAP_PT)
            _drop_first_paragraph(cell=cell)
