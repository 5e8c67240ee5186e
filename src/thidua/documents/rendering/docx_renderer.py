"""DOCX output: the file officers open in Word, edit and sign.

The header and every block kind are laid out here from the low-level helpers in `docx_parts`.
"""

from __future__ import annotations

import math
from io import BytesIO

import docx
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.shared import Pt
from docx.table import _Cell

from thidua.documents.rendering.docx_parts import (
    add_centered,
    add_page_numbers,
    add_rule,
    add_spans,
    add_text,
    drop_first_paragraph,
    fix_table_geometry,
    format_paragraph,
    make_cell_prototype,
    mark_row,
    new_layout_table,
    put_cell_text,
    set_up_page,
    set_up_styles,
)
from thidua.documents.rendering.fonts import measure_rule_mm, measure_text_mm
from thidua.documents.rendering.formatting import (
    format_issue_date,
    format_recipient_lines,
    normalize_text,
    to_upper,
)
from thidua.documents.rendering.layout import LAYOUT
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
    Table,
    document_title,
)
from thidua.documents.rendering.validation import validate_document


def render_docx(*, document: Document) -> bytes:
    """Render the document to the bytes of a .docx file."""
    validate_document(document=document)
    word = docx.Document()
    set_up_page(word=word)
    set_up_styles(word=word)
    add_page_numbers(word=word)
    _add_header(word=word, header=document.header)
    for block in document.blocks:
        _add_block(word=word, block=block)
    properties = word.core_properties
    properties.title = normalize_text(text=document_title(document=document))
    properties.language = "vi-VN"
    properties.author = normalize_text(text=document.header.issuing_body)
    output = BytesIO()
    word.save(output)
    return output.getvalue()


# --- the header ------------------------------------------------------------------------------


def _add_header(*, word: WordDocument, header: Header) -> None:
    widths = [LAYOUT.header_left_mm, LAYOUT.header_right_mm]
    table = new_layout_table(word=word, widths_mm=widths, rows=2)
    bodies, national = table.rows[0].cells
    number_cell, date_cell = table.rows[1].cells

    superior_pt, issuing_pt = header_body_sizes(header=header)
    if header.superior_body:
        add_centered(
            container=bodies,
            text=to_upper(text=header.superior_body),
            size_pt=superior_pt,
        )
    issuing = to_upper(text=header.issuing_body)
    add_centered(container=bodies, text=issuing, size_pt=issuing_pt, bold=True)
    rule = measure_rule_mm(
        text=issuing,
        bold=True,
        size_pt=issuing_pt,
        column_mm=LAYOUT.header_left_mm,
        fraction=LAYOUT.short_rule_fraction,
    )
    add_rule(container=bodies, length_mm=rule, column_mm=LAYOUT.header_left_mm)

    add_centered(
        container=national,
        text=NATIONAL_NAME,
        size_pt=LAYOUT.national_name_pt,
        bold=True,
    )
    add_centered(container=national, text=NATIONAL_MOTTO, size_pt=LAYOUT.motto_pt, bold=True)
    motto_mm = measure_text_mm(text=NATIONAL_MOTTO, bold=True, size_pt=LAYOUT.motto_pt)
    add_rule(
        container=national,
        length_mm=round(motto_mm, 1),
        column_mm=LAYOUT.header_right_mm,
    )

    if header.number:
        add_centered(container=number_cell, text=f"Số: {header.number}", size_pt=LAYOUT.number_pt)
    if header.letter_summary:
        add_centered(
            container=number_cell,
            text=header.letter_summary,
            size_pt=LAYOUT.letter_summary_pt,
        )
    date_line = format_issue_date(place=header.place, on=header.issued_on)
    add_centered(container=date_cell, text=date_line, size_pt=LAYOUT.place_date_pt, italic=True)
    for cell in (bodies, national, number_cell, date_cell):
        drop_first_paragraph(cell=cell)
        if not cell.paragraphs:
            cell.add_paragraph()  # a cell must keep one paragraph to be valid

    if header.document_type:
        add_centered(
            container=word,
            text=to_upper(text=header.document_type),
            size_pt=LAYOUT.document_type_pt,
            bold=True,
        ).paragraph_format.space_before = Pt(3 * LAYOUT.paragraph_space_pt)
    if header.summary:
        summary = "\n".join(summary_lines(text=header.summary))  # a run's "\n" is a line break
        add_centered(container=word, text=summary, size_pt=LAYOUT.summary_pt, bold=True)
        rule = measure_rule_mm(
            text=header.summary,
            bold=True,
            size_pt=LAYOUT.summary_pt,
            column_mm=LAYOUT.text_width_mm,
            fraction=LAYOUT.short_rule_fraction,
        )
        add_rule(container=word, length_mm=rule, column_mm=LAYOUT.text_width_mm)
    spacer = word.add_paragraph()
    format_paragraph(paragraph=spacer, align=Alignment.LEFT, space_after_pt=0)


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
    format_paragraph(
        paragraph=paragraph,
        align=block.align,
        first_line_mm=LAYOUT.first_line_indent_mm if block.indent_first_line else 0.0,
        keep_with_next=block.keep_with_next,
    )
    add_spans(
        paragraph=paragraph,
        content=block.content,
        size_pt=LAYOUT.body_pt,
        bold=block.bold,
        italic=block.italic,
    )


def _add_heading(*, word: WordDocument, block: Heading) -> None:
    paragraph = word.add_paragraph()
    format_paragraph(
        paragraph=paragraph,
        align=block.align,
        first_line_mm=LAYOUT.first_line_indent_mm if block.align is Alignment.LEFT else 0.0,
        keep_with_next=True,  # never leave a heading alone at the foot of a page
    )
    add_text(
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
    indent = LAYOUT.first_line_indent_mm + (block.level - 1) * LAYOUT.list_level_step_mm
    format_paragraph(paragraph=paragraph, align=Alignment.JUSTIFY, first_line_mm=indent)
    add_text(paragraph=paragraph, text=f"{block.marker} ", size_pt=LAYOUT.body_pt)
    add_spans(
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
        add_centered(
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
    fix_table_geometry(tbl=table._tbl, widths_mm=widths, padding_mm=LAYOUT.table_cell_padding_mm)
    # Cells are reached through the rows' XML rather than Table.cell(), which rebuilds the
    # whole cell grid on every call and makes a 500-row table quadratic.
    trs = table._tbl.tr_lst
    mark_row(tr=trs[0], repeat_as_header=True)
    head = make_cell_prototype(align=Alignment.CENTER, bold=True)
    for tc, column in zip(trs[0].tc_lst, block.columns, strict=True):
        put_cell_text(tc=tc, prototype=head, text=column.title)
    # Group and total lines stand out in bold; a group line keeps with the row under it, so a
    # group's title is never left alone at the foot of a page.
    prototypes = {
        kind: [
            make_cell_prototype(
                align=c.align, bold=kind is not RowKind.DATA, keep_with_next=kind is RowKind.GROUP
            )
            for c in block.columns
        ]
        for kind in RowKind
    }
    for tr, row in zip(trs[1:], block.rows, strict=True):
        mark_row(tr=tr, repeat_as_header=False)
        for tc, text, prototype in zip(tr.tc_lst, row.cells, prototypes[row.kind], strict=True):
            put_cell_text(tc=tc, prototype=prototype, text=text)
    spacer = word.add_paragraph()
    format_paragraph(paragraph=spacer, align=Alignment.LEFT, space_after_pt=0)


# --- signatures and recipients ---------------------------------------------------------------


def _add_signer(
    *, cell: _Cell, signer: Signer, size_pt: float = LAYOUT.signature_pt, pad_to: int = 0
) -> None:
    lines = signer_title_lines(signer=signer, size_pt=size_pt)
    lines += [""] * (pad_to - len(lines))  # rows of a grid keep their signing spaces level
    for line in lines:
        paragraph = add_centered(container=cell, text=line, size_pt=size_pt, bold=True)
        paragraph.paragraph_format.keep_with_next = True
    space = add_centered(container=cell, text=signer.note, size_pt=size_pt, italic=True)
    space.paragraph_format.space_before = Pt(LAYOUT.signature_space_mm / 2 / 25.4 * 72)
    space.paragraph_format.space_after = Pt(LAYOUT.signature_space_mm / 2 / 25.4 * 72)
    space.paragraph_format.keep_with_next = True
    add_centered(container=cell, text=signer.name, size_pt=size_pt, bold=True)


def _add_recipients(*, container: WordDocument | _Cell, block: Recipients) -> None:
    label = container.add_paragraph()
    # Standing alone under a signature band (minutes), the list needs air above it.
    before = 2 * LAYOUT.paragraph_space_pt if isinstance(container, WordDocument) else 0.0
    format_paragraph(
        paragraph=label, align=Alignment.LEFT, space_before_pt=before, space_after_pt=0, keep_with_next=True
    )
    add_text(
        paragraph=label,
        text="Nơi nhận:",
        size_pt=LAYOUT.recipients_label_pt,
        bold=True,
        italic=True,
    )
    for line in format_recipient_lines(items=block.items, archive=block.archive):
        paragraph = container.add_paragraph()
        format_paragraph(
            paragraph=paragraph,
            align=Alignment.LEFT,
            space_after_pt=0,
            keep_with_next=True,
        )
        add_text(paragraph=paragraph, text=line, size_pt=LAYOUT.recipients_pt)


def _add_signature_block(*, word: WordDocument, block: SignatureBlock) -> None:
    table = new_layout_table(word=word, widths_mm=[LAYOUT.header_left_mm, LAYOUT.header_right_mm], rows=1)
    mark_row(tr=table._tbl.tr_lst[0], repeat_as_header=False)
    left, right = table.rows[0].cells
    if block.recipients is not None:
        _add_recipients(container=left, block=block.recipients)
    elif block.left_signer is not None:
        _add_signer(cell=left, signer=block.left_signer)
    _add_signer(cell=right, signer=block.signer)
    for cell in (left, right):
        drop_first_paragraph(cell=cell)
        if not cell.paragraphs:
            cell.add_paragraph()


def _add_signature_grid(*, word: WordDocument, block: SignatureGrid) -> None:
    if block.title:
        title = add_centered(
            container=word,
            text=to_upper(text=block.title),
            size_pt=LAYOUT.signature_pt,
            bold=True,
            space_after_pt=LAYOUT.paragraph_space_pt,
        )
        title.paragraph_format.keep_with_next = True
    half = LAYOUT.text_width_mm / 2
    rows = math.ceil(len(block.signers) / 2)
    table = new_layout_table(
        word=word, widths_mm=[half, half], rows=rows, padding_mm=LAYOUT.signature_grid_padding_mm
    )
    size = LAYOUT.signature_grid_pt
    for index, row in enumerate(table.rows):
        mark_row(tr=row._tr, repeat_as_header=False)
        pair = block.signers[2 * index : 2 * index + 2]
        cells = list(row.cells)
        if len(pair) == 1:
            cells = [cells[0].merge(cells[1])]  # an odd last signer sits in the middle
        pad_to = max(len(signer_title_lines(signer=s, size_pt=size)) for s in pair)
        for cell, signer in zip(cells, pair, strict=True):
            _add_signer(cell=cell, signer=signer, size_pt=size, pad_to=pad_to)
            cell.paragraphs[-1].paragraph_format.space_after = Pt(LAYOUT.signature_grid_gap_pt)
            drop_first_paragraph(cell=cell)
