"""PDF output checked with poppler-utils (pdftotext, pdffonts) and pypdf."""

from __future__ import annotations

import functools
import io
import re
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pypdf
import pytest
from fontTools.ttLib import TTFont

from thidua.documents.rendering import (
    Document,
    Header,
    Paragraph,
    render_pdf,
)
from thidua.documents.rendering.fonts import find_serif_font
from thidua.documents.rendering.pdf_renderer import LocalFontsFetcher, ResourceRefused
from thidua.documents.rendering.samples import (
    build_sample_covenant,
    build_sample_note,
    build_sample_registration_summary,
)

ALL_VIETNAMESE = (
    "ĂÂĐÊÔƠƯ ăâđêôơư Ấ Ầ Ẩ Ẫ Ậ ắ ằ ẳ ẵ ặ ế ề ể ễ ệ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ứ ừ ử ữ ự "
    "á à ả ã ạ é è ẻ ẽ ẹ í ì ỉ ĩ ị ó ò ỏ õ ọ ú ù ủ ũ ụ ý ỳ ỷ ỹ ỵ"
)


@functools.cache
def covenant_pdf() -> bytes:
    return render_pdf(document=build_sample_covenant())


@functools.cache
def registration_pdf() -> bytes:
    return render_pdf(document=build_sample_registration_summary())


def run_poppler(tool: str, pdf: bytes, *args: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        command = [tool, *args, str(path)] + (["-"] if tool == "pdftotext" else [])
        done = subprocess.run(command, capture_output=True, check=True, text=True)
    return done.stdout


def page_text(pdf: bytes, page: int) -> str:
    return run_poppler("pdftotext", pdf, "-f", str(page), "-l", str(page))


def layout_lines(pdf: bytes, page: int) -> list[str]:
    text = run_poppler("pdftotext", pdf, "-layout", "-f", str(page), "-l", str(page))
    return [line for line in text.splitlines() if line.strip()]


def page_lines(pdf: bytes, page: int) -> list[str]:
    return [line.strip() for line in page_text(pdf, page).splitlines() if line.strip()]


def test_header_elements_come_in_decree_order():
    # -layout keeps the two header columns side by side, one list entry per column.
    rows = [re.split(r"\s{2,}", line.strip()) for line in layout_lines(covenant_pdf(), 1)]
    assert rows[:7] == [
        ["BỘ NÔNG NGHIỆP VÀ MÔI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["TRƯỜNG", "Độc lập - Tự do - Hạnh phúc"],
        ["CỤM THI ĐUA SỐ 1"],
        ["Số: 03/GƯ-CTĐ1", "Hải Phòng, ngày 05 tháng 02 năm 2025"],
        ["GIAO ƯỚC THI ĐUA"],
        ["Năm 2025 giữa các đơn vị thành viên Cụm thi đua số 1"],
        ["Căn cứ Luật Thi đua, khen thưởng năm 2022;"],
    ]


def text_positions(pdf: bytes, page: int) -> list[tuple[str, float, float]]:
    """Every text piece drawn on a page with its start point in PDF points (origin bottom left)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            # WeasyPrint draws in CSS pixels under a flipping 0.75 scale; combine both matrices.
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((text.strip(), x, y))

    reader.pages[page - 1].extract_text(visitor_text=visit)
    return found


PAGE_HEIGHT_PT = 297 / 25.4 * 72
TOP_MARGIN_LINE_PT = PAGE_HEIGHT_PT - 20 / 25.4 * 72


def test_first_page_draws_nothing_in_the_top_margin():
    pieces = text_positions(covenant_pdf(), 1)
    assert pieces
    assert [text for text, _, y in pieces if y > TOP_MARGIN_LINE_PT] == []


def test_later_pages_start_with_their_number_at_the_top():
    pdf = covenant_pdf()
    assert [page_lines(pdf, page)[0] for page in (2, 3, 4)] == ["2", "3", "4"]


def test_page_number_is_centred_in_the_top_margin():
    in_margin = [(t, x, y) for t, x, y in text_positions(covenant_pdf(), 2) if y > TOP_MARGIN_LINE_PT]
    ((text, x, _),) = in_margin
    assert text == "2"
    text_centre_pt = (30 + (210 - 30 - 15) / 2) / 25.4 * 72
    assert round(x + 6.5 / 2 - text_centre_pt, 1) == 0.0  # "2" is 6.5 pt wide at 13 pt


def test_page_size_is_a4():
    reader = pypdf.PdfReader(io.BytesIO(covenant_pdf()))
    box = reader.pages[0].mediabox
    assert (
        round(float(box.width) / 72 * 25.4),
        round(float(box.height) / 72 * 25.4),
    ) == (210, 297)


def test_covenant_fills_four_pages_with_the_grid_on_the_last():
    pdf = covenant_pdf()
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 4
    last = page_lines(pdf, 4)
    assert "Đỗ Đức An" in last
    assert "SỞ NÔNG NGHIỆP VÀ MÔI" in " ".join(page_lines(pdf, 3))


def test_long_registration_table_runs_over_pages_with_repeated_titles():
    pdf = registration_pdf()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    # 500 rows at 12 pt, most of them two lines high because of the unit name: 25 pages on
    # the pinned WeasyPrint 70.0 and Liberation Serif 2.1.5.
    assert len(reader.pages) == 25
    for page in (2, 13, 25):
        rows = [re.split(r"\s{2,}", line.strip()) for line in layout_lines(pdf, page)[:4]]
        # Two titles wrap onto two lines and are centred vertically around the others.
        assert rows == [
            [str(page)],
            ["Danh hiệu đăng", "Ghi"],
            ["TT", "Họ và tên", "Chức vụ", "Đơn vị"],
            ["ký", "chú"],
        ]
    assert "500 Nguyễn Đức Dũng Chuyên viên" in page_lines(pdf, 25)
    assert "Lê Thị Hạnh" in page_lines(pdf, 25)


def test_vietnamese_letters_survive_intact():
    header = Header(issuing_body="Cụm thi đua số 1", place="Hải Dương", issued_on=date(2025, 3, 9))
    pdf = render_pdf(document=Document(header=header, blocks=(Paragraph(ALL_VIETNAMESE),)))
    # -raw follows the drawing order; the default mode guesses word gaps and glues the
    # single-letter words of a ragged last line together.
    raw = run_poppler("pdftotext", pdf, "-raw")
    assert ALL_VIETNAMESE in " ".join(raw.split())
    assert "Hải Dương, ngày 09 tháng 3 năm 2025" in page_text(pdf, 1)


def test_every_font_is_embedded_liberation_serif_and_nothing_else():
    listing = run_poppler("pdffonts", registration_pdf()).splitlines()[2:]
    names = sorted(line.split()[0].split("+", 1)[1] for line in listing)
    assert names == [
        "Liberation-Serif-v2",
        "Liberation-Serif-v2-Bold",
        "Liberation-Serif-v2-Bold-Italic",
        "Liberation-Serif-v2-Italic",
    ]
    assert all(line.split()[-5:-2] == ["yes", "yes", "yes"] for line in listing)  # emb sub uni


def test_embedded_fonts_are_liberation_serif_version_two():
    # Version 1 (fonts-liberation) lacks 92 Vietnamese letters; the file must be 2.x.
    reader = pypdf.PdfReader(io.BytesIO(covenant_pdf()))
    seen = set()
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        descendant = font.get_object()["/DescendantFonts"][0].get_object()
        program = descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()
        names = TTFont(io.BytesIO(program))["name"]
        seen.add((names.getDebugName(1), names.getDebugName(5)))
    assert seen == {("Liberation Serif", "Version 2.1.5")}


def test_metadata_title_and_language():
    reader = pypdf.PdfReader(io.BytesIO(build_note_pdf()))
    assert reader.metadata.title == "Thông báo - Lịch họp Cụm thi đua"
    assert reader.trailer["/Root"]["/Lang"] == "vi"


@functools.cache
def build_note_pdf() -> bytes:
    return render_pdf(document=build_sample_note())


def test_note_is_one_page_without_a_page_number():
    pdf = build_note_pdf()
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1
    assert page_lines(pdf, 1)[0] == "CỤM THI ĐUA SỐ 1"


def test_text_that_looks_like_markup_is_printed_not_fetched():
    header = Header(issuing_body="Cụm thi đua số 1", place="Hải Dương", issued_on=date(2025, 1, 1))
    trap = '<img src="http://127.0.0.1:9/x.png"> & <style>@import url(http://x/)</style>'
    pdf = render_pdf(document=Document(header=header, blocks=(Paragraph(trap),)))
    assert trap in " ".join(page_text(pdf, 1).split())


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/font.ttf",
        "https://fonts.example.org/serif.woff2",
        "data:text/css,body{}",
        "file:///etc/passwd",
    ],
)
def test_fetcher_refuses_everything_but_the_font_files(url):
    fetcher = LocalFontsFetcher(allowed=frozenset({find_serif_font(bold=False, italic=False)}))
    with pytest.raises(ResourceRefused):
        fetcher.fetch(url)


def test_fetcher_serves_an_allowed_font_file():
    path = find_serif_font(bold=True, italic=False)
    response = LocalFontsFetcher(allowed=frozenset({path})).fetch(path.as_uri())
    try:
        assert response.read(4) == b"\x00\x01\x00\x00"  # TrueType signature
    finally:
        response.close()


def test_rendering_fetches_only_the_four_font_files(monkeypatch):
    requested: list[str] = []
    original = LocalFontsFetcher.fetch

    def record(self, url, headers=None):
        requested.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(LocalFontsFetcher, "fetch", record)
    render_pdf(document=build_sample_note())
    expected = {
        find_serif_font(bold=bold, italic=italic).as_uri()
        for bold in (False, True)
        for italic in (False, True)
    }
    assert set(requested) == expected
