"""DOCX output read back with python-docx and checked against Decree 30/2020, Appendix I."""

from __future__ import annotations

import functools
from datetime import date
from io import BytesIO

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from thidua.documents.rendering import (
    Document,
    Header,
    PageBreak,
    Paragraph,
    SignatureBlock,
    SignatureGrid,
    Signer,
    render_docx,
)
from thidua.documents.rendering.samples import (
    build_sample_covenant,
    build_sample_registration_summary,
)


@functools.cache
def covenant():
    return docx.Document(BytesIO(render_docx(document=build_sample_covenant())))


@functools.cache
def registration():
    return docx.Document(BytesIO(render_docx(document=build_sample_registration_summary())))


def runs_of(paragraph):
    return [run for run in paragraph.runs if run.text]


def only_run(paragraph):
    (run,) = runs_of(paragraph)
    return run


def body_paragraph(document, text):
    (found,) = [p for p in document.paragraphs if p.text == text]
    return found


def test_page_is_a4_portrait():
    section = covenant().sections[0]
    assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == (
        210.0,
        297.0,
    )


def test_margins_are_within_the_decree_ranges():
    section = covenant().sections[0]
    assert round(section.top_margin.mm, 1) == 20.0
    assert round(section.bottom_margin.mm, 1) == 20.0
    assert round(section.left_margin.mm, 1) == 30.0
    assert round(section.right_margin.mm, 1) == 15.0


def test_every_run_is_times_new_roman_with_an_explicit_size():
    document = covenant()
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    runs = [run for paragraph in paragraphs for run in runs_of(paragraph)]
    assert len(runs) > 100
    assert {run.font.name for run in runs} == {"Times New Roman"}
    assert all(run.font.size is not None for run in runs)


def test_runs_name_times_new_roman_for_every_script_slot():
    run = only_run(body_paragraph(covenant(), "I. NỘI DUNG GIAO ƯỚC"))
    fonts = run._r.rPr.rFonts
    slots = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
    assert [fonts.get(qn(slot)) for slot in slots] == ["Times New Roman"] * 4


def test_header_left_column_has_superior_body_upright_and_issuing_body_bold():
    cell = covenant().tables[0].cell(0, 0)
    superior, issuing = cell.paragraphs[0], cell.paragraphs[1]
    assert superior.text == "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"
    assert (only_run(superior).bold, only_run(superior).italic) == (False, False)
    assert only_run(superior).font.size == Pt(13)
    assert issuing.text == "CỤM THI ĐUA SỐ 1"
    assert (only_run(issuing).bold, only_run(issuing).italic) == (True, False)
    assert only_run(issuing).font.size == Pt(13)
    assert issuing.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_issuing_body_and_motto_have_a_rule_under_them():
    table = covenant().tables[0]
    for cell in (table.cell(0, 0), table.cell(0, 1)):
        rule = cell.paragraphs[-1]
        assert rule.text == ""
        border = rule._p.pPr.find(qn("w:pBdr")).find(qn("w:top"))
        assert border.get(qn("w:val")) == "single"


def test_motto_rule_is_as_long_as_the_motto_and_issuer_rule_is_shorter_than_its_text():
    table = covenant().tables[0]
    motto_rule = table.cell(0, 1).paragraphs[-1].paragraph_format
    # Right column 93 mm; "Độc lập - Tự do - Hạnh phúc" is 56.1 mm wide, bold at 13 pt.
    assert motto_rule.left_indent == motto_rule.right_indent
    assert round(93 - 2 * motto_rule.left_indent.mm, 1) == 56.1
    issuer_rule = table.cell(0, 0).paragraphs[-1].paragraph_format
    # "CỤM THI ĐUA SỐ 1" is 42.3 mm wide, bold at 13 pt; the rule is 40 % of it.
    assert round(72 - 2 * issuer_rule.left_indent.mm, 1) == 16.9


def test_national_name_and_motto_are_bold_at_decree_sizes():
    cell = covenant().tables[0].cell(0, 1)
    name, motto = cell.paragraphs[0], cell.paragraphs[1]
    assert name.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert (only_run(name).bold, only_run(name).font.size) == (True, Pt(12))
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    assert (only_run(motto).bold, only_run(motto).font.size) == (True, Pt(13))


def test_number_is_upright_and_date_is_italic_with_leading_zeros():
    table = covenant().tables[0]
    number = table.cell(1, 0).paragraphs[0]
    assert number.text == "Số: 03/GƯ-CTĐ1"
    assert (only_run(number).bold, only_run(number).italic) == (False, False)
    assert only_run(number).font.size == Pt(13)
    place_date = table.cell(1, 1).paragraphs[0]
    assert place_date.text == "Hải Phòng, ngày 05 tháng 02 năm 2025"
    assert (only_run(place_date).italic, only_run(place_date).bold) == (True, False)
    assert only_run(place_date).font.size == Pt(14)


def test_date_without_leading_zero_from_march_on():
    header = Header(issuing_body="Cụm thi đua số 1", place="Hải Dương", issued_on=date(2018, 3, 30))
    document = docx.Document(BytesIO(render_docx(document=Document(header=header))))
    assert document.tables[0].cell(1, 1).text == "Hải Dương, ngày 30 tháng 3 năm 2018"


def test_document_type_is_bold_caps_and_summary_bold_with_a_rule():
    document = covenant()
    doc_type = body_paragraph(document, "GIAO ƯỚC THI ĐUA")
    assert (only_run(doc_type).bold, only_run(doc_type).font.size) == (True, Pt(14))
    assert doc_type.alignment == WD_ALIGN_PARAGRAPH.CENTER
    summary = body_paragraph(document, "Năm 2025 giữa các đơn vị thành viên Cụm thi đua số 1")
    assert (only_run(summary).bold, only_run(summary).font.size) == (True, Pt(14))
    after = summary._p.getnext()
    assert after.pPr.find(qn("w:pBdr")) is not None


def test_body_paragraph_is_justified_with_a_first_line_indent():
    document = covenant()
    (paragraph,) = [p for p in document.paragraphs if p.text.startswith("Đơn vị Trưởng Cụm")]
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(paragraph.paragraph_format.first_line_indent.mm, 1) == 10.0
    assert paragraph.paragraph_format.space_after == Pt(6)
    assert only_run(paragraph).font.size == Pt(14)


def test_legal_grounds_are_italic():
    run = only_run(body_paragraph(covenant(), "Căn cứ Luật Thi đua, khen thưởng năm 2022;"))
    assert (run.italic, run.bold) == (True, False)


def test_list_items_keep_their_marker_and_span_emphasis():
    paragraph = body_paragraph(covenant(), "3. Gửi báo cáo đúng hạn và đầy đủ.")
    assert [(run.text, run.bold) for run in runs_of(paragraph)] == [
        ("3. ", False),
        ("Gửi báo cáo ", False),
        ("đúng hạn", True),
        (" và đầy đủ.", False),
    ]
    nested = body_paragraph(covenant(), "- Báo cáo sơ kết trước ngày 15 tháng 6;")
    assert round(nested.paragraph_format.first_line_indent.mm, 1) == 15.0


def test_headings_are_bold_and_kept_with_the_next_paragraph():
    heading = body_paragraph(covenant(), "II. TIÊU CHÍ VÀ THANG ĐIỂM")
    assert only_run(heading).bold is True
    assert heading.paragraph_format.keep_with_next is True


def test_criteria_table_has_groups_maxima_and_totals():
    table = covenant().tables[1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["TT", "Nội dung tiêu chí", "Điểm tối đa"]
    assert rows[1] == [
        "I",
        "Thực hiện nhiệm vụ chuyên môn, quản lý nhà nước của ngành",
        "30",
    ]
    assert rows[31] == ["", "Cộng điểm tiêu chí", "100"]
    assert rows[-1] == ["", "Có cá nhân bị kỷ luật từ khiển trách trở lên", "−5"]
    assert len(rows) == 1 + 30 + 1 + 4 + 4
    group_points = sum(int(row[2]) for row in rows[1:31] if row[0] in {"I", "II", "III", "IV", "V"})
    assert group_points == 100
    assert only_run(table.cell(1, 1).paragraphs[0]).bold is True
    assert only_run(table.cell(2, 1).paragraphs[0]).bold is False
    assert only_run(table.cell(31, 1).paragraphs[0]).bold is True


def test_table_title_row_repeats_on_every_page_and_rows_never_split():
    table = registration().tables[1]
    tr_prs = [row._tr.trPr for row in table.rows]
    assert tr_prs[0].find(qn("w:tblHeader")) is not None
    assert all(tr_pr.find(qn("w:tblHeader")) is None for tr_pr in tr_prs[1:])
    assert all(tr_pr.find(qn("w:cantSplit")) is not None for tr_pr in tr_prs)


def test_registration_summary_keeps_all_five_hundred_rows_in_order():
    table = registration().tables[1]
    assert len(table.rows) == 501
    assert [cell.text for cell in table.rows[500].cells] == [
        "500",
        "Nguyễn Đức Dũng",
        "Chuyên viên",
        "Sở Nông nghiệp và Môi trường Hà Nội",
        "Tập thể lao động xuất sắc",
        "",
    ]
    assert only_run(table.cell(500, 1).paragraphs[0]).font.size == Pt(12)


def test_table_columns_share_the_text_width():
    table = registration().tables[1]
    widths = [round(column.width.mm, 1) for column in table.columns]
    assert round(sum(widths), 0) == 165
    assert widths[0] == round(165 * 0.6 / 10.3, 1)


def test_signature_grid_places_ten_signers_two_per_row():
    grid = covenant().tables[2]
    assert len(grid.rows) == 5
    first = [p.text for p in grid.cell(0, 0).paragraphs]
    # A unit's name breaks before "VÀ" (not inside "MÔI TRƯỜNG"), the same in every renderer.
    assert first == [
        "SỞ NÔNG NGHIỆP",
        "VÀ MÔI TRƯỜNG HÀ NỘI",
        "GIÁM ĐỐC",
        "",
        "Trần Văn Lộc",
    ]
    last = [p.text for p in grid.cell(4, 1).paragraphs]
    assert last == [
        "SỞ NÔNG NGHIỆP",
        "VÀ MÔI TRƯỜNG CAO BẰNG",
        "GIÁM ĐỐC",
        "",
        "Đỗ Đức An",
    ]
    unit, _, position, _, name = grid.cell(4, 1).paragraphs
    assert (only_run(unit).bold, only_run(position).bold, only_run(name).bold) == (True,) * 3
    assert only_run(name).font.size == Pt(13)


def test_signature_grid_centres_an_odd_last_signer_across_both_columns():
    signers = tuple(Signer(position="Giám đốc", name=f"Người ký {i}", unit="Sở") for i in range(3))
    header = Header(issuing_body="Cụm thi đua số 1", place="Hải Dương", issued_on=date(2025, 1, 1))
    rendered = render_docx(document=Document(header=header, blocks=(SignatureGrid(signers),)))
    grid = docx.Document(BytesIO(rendered)).tables[1]
    assert len(grid.rows[1]._tr.tc_lst) == 1
    assert grid.rows[1].cells[0].grid_span == 2
    assert grid.rows[1].cells[0].paragraphs[-1].text == "Người ký 2"


def test_signature_block_has_authority_position_and_name():
    block = registration().tables[2]
    right = [p.text for p in block.cell(0, 1).paragraphs]
    assert right == ["TM. CỤM THI ĐUA SỐ 1", "TRƯỞNG CỤM", "", "Lê Thị Hạnh"]
    authority = block.cell(0, 1).paragraphs[0]
    assert (only_run(authority).bold, only_run(authority).font.size) == (True, Pt(14))


def test_recipients_label_is_bold_italic_12_and_list_11():
    cell = registration().tables[2].cell(0, 0)
    label, *items = cell.paragraphs
    assert label.text == "Nơi nhận:"
    run = only_run(label)
    assert (run.bold, run.italic, run.font.size) == (True, True, Pt(12))
    assert [p.text for p in items] == [
        "- Hội đồng Thi đua - Khen thưởng Bộ;",
        "- Các đơn vị thành viên Cụm;",
        "- Lưu: VT, Cụm.",
    ]
    assert {only_run(p).font.size for p in items} == {Pt(11)}
    assert {only_run(p).bold for p in items} == {False}


def test_minutes_signature_block_has_the_secretary_on_the_left():
    block = SignatureBlock(
        signer=Signer(position="Chủ tọa", name="Lê Văn An"),
        left_signer=Signer(position="Thư ký", name="Đỗ Thị Hương"),
    )
    header = Header(issuing_body="Cụm thi đua số 1", place="Hải Dương", issued_on=date(2025, 1, 1))
    table = docx.Document(BytesIO(render_docx(document=Document(header=header, blocks=(block,)))))
    texts = [[p.text for p in cell.paragraphs] for cell in table.tables[1].rows[0].cells]
    assert texts == [["THƯ KÝ", "", "Đỗ Thị Hương"], ["CHỦ TỌA", "", "Lê Văn An"]]


def test_first_page_header_is_empty_and_later_pages_show_a_page_field():
    section = covenant().sections[0]
    assert section.different_first_page_header_footer is True
    first = section.first_page_header
    assert first.is_linked_to_previous is False
    first_xml = first._element.xml
    assert "PAGE" not in first_xml
    assert "fldChar" not in first_xml
    assert [p.text for p in first.paragraphs] == [""]
    later = section.header._element
    instructions = [node.text for node in later.iter(qn("w:instrText"))]
    assert instructions == [" PAGE "]
    paragraph = section.header.paragraphs[0]
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {run.font.size for run in paragraph.runs} == {Pt(13)}
    assert round(section.header_distance.mm, 1) == 10.0


def test_core_properties_carry_title_and_language():
    properties = covenant().core_properties
    assert properties.title == "Giao ước thi đua - Năm 2025 giữa các đơn vị thành viên Cụm thi đua số 1"
    assert properties.language == "vi-VN"


# Child order of w:pPr and w:tblPr in ECMA-376 Part 1 (CT_PPr, CT_TblPr).
PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
TBLPR_ORDER = [
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
    "tblPrChange",
]


def test_property_elements_follow_the_schema_order_word_requires():
    # Word refuses to open a file whose pPr/tblPr children are out of order, while
    # python-docx and LibreOffice read it without complaint, so the order is checked here.
    body = covenant().element.body
    checks = [
        (PPR_ORDER, body.iter(qn("w:pPr"))),
        (TBLPR_ORDER, body.iter(qn("w:tblPr"))),
    ]
    seen = 0
    for sequence, elements in checks:
        rank = {qn(f"w:{tag}"): index for index, tag in enumerate(sequence)}
        for element in elements:
            positions = [rank[child.tag] for child in element]
            assert positions == sorted(positions), element.xml
            assert len(positions) == len(set(positions)), element.xml
            seen += 1
    assert seen > 100


def test_official_letter_puts_its_summary_under_the_number_and_has_no_type():
    header = Header(
        issuing_body="Sở Nông nghiệp và Môi trường",
        superior_body="Ủy ban nhân dân thành phố Hải Phòng",
        place="Hải Phòng",
        issued_on=date(2025, 11, 3),
        number="125/SNNMT-VP",
        letter_summary="V/v đăng ký thi đua năm 2026",
    )
    document = docx.Document(BytesIO(render_docx(document=Document(header=header))))
    number, summary = document.tables[0].cell(1, 0).paragraphs
    assert (number.text, summary.text) == (
        "Số: 125/SNNMT-VP",
        "V/v đăng ký thi đua năm 2026",
    )
    assert (only_run(summary).bold, only_run(summary).font.size) == (False, Pt(12))
    assert document.tables[0].cell(0, 0).paragraphs[0].text == "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG"
    assert [p.text for p in document.paragraphs] == [""]  # no type, no summary block


def test_page_break_block_starts_a_new_page():
    header = Header(issuing_body="Cụm thi đua số 1", place="Hải Dương", issued_on=date(2025, 1, 1))
    blocks = (Paragraph("Trang một."), PageBreak(), Paragraph("Trang hai."))
    document = docx.Document(BytesIO(render_docx(document=Document(header=header, blocks=blocks))))
    breaks = [br.get(qn("w:type")) for br in document.element.body.iter(qn("w:br"))]
    assert breaks == ["page"]
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts == ["Trang một.", "Trang hai."]
