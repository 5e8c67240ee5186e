"""Low-level DOCX helpers: page set-up, runs, paragraphs, rules and fixed-width tables.

Every run carries its font, size and emphasis directly (not only through styles) so the file
looks the same in Word, LibreOffice and WPS, which resolve style inheritance differently, and so
a reviewer can check any run in isolation.
"""

from __future__ import annotations

import copy
from typing import cast

from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row, CT_Tbl, CT_Tc
from docx.oxml.text.paragraph import CT_P
from docx.shared import Mm, Pt
from docx.table import Table as WordTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as WordParagraph

from thidua.documents.rendering.formatting import normalize_text
from thidua.documents.rendering.layout import DOCX_FONT_NAME, LAYOUT
from thidua.documents.rendering.model import Alignment, Span

# Word rejects property elements out of schema order (ECMA-376 Part 1, CT_PPrBase and
# CT_TblPrBase), so elements python-docx has no API for are inserted before these followers.
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_AFTER_TBLCELLMAR = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")

_ALIGN = {
    Alignment.LEFT: WD_ALIGN_PARAGRAPH.LEFT,
    Alignment.CENTER: WD_ALIGN_PARAGRAPH.CENTER,
    Alignment.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT,
    Alignment.JUSTIFY: WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def set_up_page(*, word: WordDocument) -> None:
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


def set_up_styles(*, word: WordDocument) -> None:
    # The Normal style still matters for text the officer types later in Word.
    normal = word.styles["Normal"]
    font = normal.font
    font.name = DOCX_FONT_NAME
    font.size = Pt(LAYOUT.body_pt)
    r_pr = normal.element.get_or_add_rPr()
    set_run_fonts(r_pr=r_pr)
    # Marks the text as Vietnamese so Word's spelling check uses the right dictionary.
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    r_pr.append(lang)


def set_run_fonts(*, r_pr: object) -> None:
    # python-docx sets only the ascii and hAnsi slots; Word picks the eastAsia or cs slot for
    # some characters, and an unset slot there falls back to the theme font (Calibri).
    r_fonts = r_pr.get_or_add_rFonts()  # type: ignore[attr-defined]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        r_fonts.set(qn(slot), DOCX_FONT_NAME)


def add_page_numbers(*, word: WordDocument) -> None:
    """Page numbers centred in the top margin from page 2 on; page 1 has an empty header."""
    section = word.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    format_paragraph(paragraph=paragraph, align=Alignment.CENTER, space_after_pt=0)
    for kind, text in (
        ("begin", ""),
        ("", " PAGE "),
        ("separate", ""),
        ("", "2"),
        ("end", ""),
    ):
        run = paragraph.add_run()
        style_run(run=run, size_pt=LAYOUT.page_number_pt)
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
            run.text = text  # cached result, replaced by Word when it lays out the pages


def style_run(*, run: object, size_pt: float, bold: bool = False, italic: bool = False) -> None:
    font = run.font  # type: ignore[attr-defined]
    font.name = DOCX_FONT_NAME
    font.size = Pt(size_pt)
    font.bold = bold
    font.italic = italic
    set_run_fonts(r_pr=run._r.get_or_add_rPr())  # type: ignore[attr-defined]


def add_text(
    *,
    paragraph: WordParagraph,
    text: str,
    size_pt: float,
    bold: bool = False,
    italic: bool = False,
) -> None:
    run = paragraph.add_run(normalize_text(text=text))
    style_run(run=run, size_pt=size_pt, bold=bold, italic=italic)


def add_spans(
    *,
    paragraph: WordParagraph,
    content: str | tuple[Span, ...],
    size_pt: float,
    bold: bool,
    italic: bool,
) -> None:
    spans = (Span(text=content),) if isinstance(content, str) else content
    for span in spans:
        add_text(
            paragraph=paragraph,
            text=span.text,
            size_pt=size_pt,
            bold=bold or span.bold,
            italic=italic or span.italic,
        )


def format_paragraph(
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


def add_rule(*, container: WordDocument | _Cell, length_mm: float, column_mm: float) -> None:
    """A centred solid line: an empty paragraph whose top border spans `length_mm`.

    A paragraph border needs no drawing object, so it survives every editor and moves with the
    text above it when the officer edits the name.
    """
    side = max((column_mm - length_mm) / 2, 0.0)
    paragraph = container.add_paragraph()
    format_paragraph(
        paragraph=paragraph,
        align=Alignment.CENTER,
        left_mm=side,
        right_mm=side,
        space_after_pt=0,
    )
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(LAYOUT.rule_gap_pt)
    fmt.line_spacing = Pt(LAYOUT.rule_line_pt)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p_pr = paragraph._p.get_or_add_pPr()
    # The empty paragraph's mark sets its line height: at 14 pt an exactly-4 pt line is cut from
    # the top, and LibreOffice then draws the border across the letters above.
    mark = OxmlElement("w:rPr")  # last child of pPr in the schema; pBdr goes before it below
    p_pr.append(mark)
    mark_size = OxmlElement("w:sz")
    mark_size.set(qn("w:val"), str(round(LAYOUT.rule_line_pt)))  # half-points: 2 pt
    mark.append(mark_size)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    top.set(qn("w:val"), "single")
    top.set(qn("w:sz"), str(round(LAYOUT.rule_width_pt * 8)))  # eighths of a point
    top.set(qn("w:space"), "0")
    top.set(qn("w:color"), "000000")
    borders.append(top)
    p_pr.insert_element_before(borders, *_AFTER_PBDR)


def add_centered(
    *,
    container: WordDocument | _Cell,
    text: str,
    size_pt: float,
    bold: bool = False,
    italic: bool = False,
    space_after_pt: float = 0.0,
) -> WordParagraph:
    paragraph = container.add_paragraph()
    format_paragraph(paragraph=paragraph, align=Alignment.CENTER, space_after_pt=space_after_pt)
    add_text(paragraph=paragraph, text=text, size_pt=size_pt, bold=bold, italic=italic)
    return paragraph


def new_layout_table(
    *, word: WordDocument | _Cell, widths_mm: list[float], rows: int, padding_mm: float = 0.0
) -> WordTable:
    """A borderless, fixed-width table used to place text side by side (header, signatures)."""
    table = word.add_table(rows=rows, cols=len(widths_mm))
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    fix_table_geometry(tbl=table._tbl, widths_mm=widths_mm, padding_mm=padding_mm)
    return table


def fix_table_geometry(*, tbl: CT_Tbl, widths_mm: list[float], padding_mm: float) -> None:
    # Fixed layout with explicit grid and cell widths: Word and LibreOffice otherwise re-flow
    # "auto" tables by content, and the header columns would drift from their decree places.
    tbl_pr = tbl.tblPr
    tbl_pr.autofit = False  # writes <w:tblLayout w:type="fixed"/>
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        # Twentieths of a point: 1 mm = 56.7 twips.
        margin.set(qn("w:w"), str(round(padding_mm * 56.7)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.insert_element_before(margins, *_AFTER_TBLCELLMAR)
    for grid_col, width in zip(tbl.tblGrid.gridCol_lst, widths_mm, strict=True):
        grid_col.w = Mm(width)
    for tr in tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths_mm, strict=True):
            tc.width = Mm(width)


def drop_first_paragraph(*, cell: _Cell) -> None:
    # A new cell holds one empty paragraph; content is appended after it and the placeholder
    # removed, so every paragraph is made by the same helpers.
    cell._tc.remove(cell.paragraphs[0]._p)


def mark_row(*, tr: CT_Row, repeat_as_header: bool) -> None:
    tr_pr = tr.get_or_add_trPr()
    # A row is never cut in two across pages.
    tr_pr.append(OxmlElement("w:cantSplit"))
    if repeat_as_header:
        # The column titles repeat at the top of every page the table runs over.
        tr_pr.append(OxmlElement("w:tblHeader"))


def make_cell_prototype(*, align: Alignment, bold: bool, keep_with_next: bool = False) -> CT_P:
    """A formatted, empty table-cell paragraph to be copied into many cells.

    Styling a run through python-docx's proxies costs about half a millisecond, so a 500-row
    table took seconds; the prototype is styled once by the same helpers as every other
    paragraph and then deep-copied, which keeps one definition of the cell format.
    """
    p = OxmlElement("w:p")
    paragraph = WordParagraph(p, None)  # type: ignore[arg-type]  # no parent: XML only
    format_paragraph(
        paragraph=paragraph, align=align, space_before_pt=2, space_after_pt=2, keep_with_next=keep_with_next
    )
    add_text(paragraph=paragraph, text="", size_pt=LAYOUT.table_pt, bold=bold)
    return cast(CT_P, p)


def put_cell_text(*, tc: CT_Tc, prototype: CT_P, text: str) -> None:
    """Replace the cell's placeholder paragraph by a copy of `prototype` holding `text`,
    and centre the content vertically."""
    paragraph = copy.deepcopy(prototype)
    paragraph.r_lst[0].text = normalize_text(text=text)  # "\n" becomes a line break
    for placeholder in tc.p_lst:
        tc.remove(placeholder)
    tc.append(paragraph)
    v_align = OxmlElement("w:vAlign")
    v_align.set(qn("w:val"), "center")
    tc.get_or_add_tcPr().append(v_align)
