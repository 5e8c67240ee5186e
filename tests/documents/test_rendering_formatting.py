"""Pure helpers and model validation of the documents engine (no rendering)."""

from __future__ import annotations

from datetime import date

import pytest

from thidua.core.errors import InvalidInput
from thidua.documents.rendering import (
    Column,
    Document,
    Header,
    Recipients,
    SignatureBlock,
    SignatureGrid,
    Signer,
    Table,
    TableRow,
    format_document_number,
    format_issue_date,
    format_recipient_lines,
    render_docx,
    render_pdf,
)
from thidua.documents.rendering.formatting import normalize_text
from thidua.documents.rendering.validation import validate_document

HEADER = Header(issuing_body="Cụm thi đua số 1", place="Hải Dương", issued_on=date(2018, 2, 5))


def test_document_number_joins_number_type_and_issuer():
    assert format_document_number(number=12, type_code="KH", issuer_code="CTĐ1") == "12/KH-CTĐ1"


def test_document_number_below_ten_takes_leading_zero():
    assert format_document_number(number=5, type_code="QĐ", issuer_code="STNMT") == "05/QĐ-STNMT"


def test_document_number_upper_cases_the_symbol():
    assert format_document_number(number=101, type_code="bb", issuer_code="ctđ1") == "101/BB-CTĐ1"


def test_document_number_of_official_letter_has_no_type_code():
    assert format_document_number(number=7, issuer_code="STNMT-VP") == "07/STNMT-VP"


@pytest.mark.parametrize("number", [0, -3])
def test_document_number_rejects_non_positive_numbers(number):
    with pytest.raises(InvalidInput) as error:
        format_document_number(number=number, type_code="KH", issuer_code="CTĐ1")
    assert error.value.fields == {"number": "Phải lớn hơn 0."}


@pytest.mark.parametrize("issuer_code", ["CTĐ 1", "CTĐ/1", "CTĐ1-", ""])
def test_document_number_rejects_malformed_symbols(issuer_code):
    with pytest.raises(InvalidInput):
        format_document_number(number=1, type_code="KH", issuer_code=issuer_code)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2018, 2, 5), "Hải Dương, ngày 05 tháng 02 năm 2018"),
        (date(2018, 3, 30), "Hải Dương, ngày 30 tháng 3 năm 2018"),
        (date(2025, 1, 1), "Hải Dương, ngày 01 tháng 01 năm 2025"),
        (date(2025, 12, 9), "Hải Dương, ngày 09 tháng 12 năm 2025"),
        (date(2025, 10, 10), "Hải Dương, ngày 10 tháng 10 năm 2025"),
    ],
)
def test_issue_date_pads_days_below_ten_and_months_one_and_two(on, expected):
    assert format_issue_date(place="Hải Dương", on=on) == expected


def test_issue_date_requires_a_place():
    with pytest.raises(InvalidInput) as error:
        format_issue_date(place="  ", on=date(2025, 1, 1))
    assert error.value.message == "Thiếu địa danh ghi trên văn bản."


def test_issue_date_normalizes_decomposed_place_names():
    decomposed = "Ha\u0309i Dương"  # "ả" typed as a + combining hook above
    assert format_issue_date(place=decomposed, on=date(2025, 3, 3)).startswith("Hải Dương,")


def test_recipient_lines_end_with_semicolons_and_the_archive_with_a_period():
    lines = format_recipient_lines(
        items=("Hội đồng Thi đua - Khen thưởng Bộ", "- Các đơn vị thành viên;", "  "),
        archive="VT, VP.",
    )
    assert lines == [
        "- Hội đồng Thi đua - Khen thưởng Bộ;",
        "- Các đơn vị thành viên;",
        "- Lưu: VT, VP.",
    ]


def test_normalize_text_composes_vietnamese_letters():
    assert normalize_text(text="Đo\u0302\u0323c la\u0302\u0323p") == "Độc lập"


def test_validation_rejects_a_row_with_the_wrong_number_of_cells():
    table = Table(columns=(Column("TT"), Column("Nội dung")), rows=(TableRow(("1",)),))
    with pytest.raises(InvalidInput) as error:
        validate_document(document=Document(header=HEADER, blocks=(table,)))
    assert error.value.message == "Dòng 1 của bảng có 1 ô, bảng có 2 cột (khối thứ 1)."


def test_validation_rejects_recipients_and_left_signer_together():
    signer = Signer(position="Chủ tọa", name="Lê Văn An")
    block = SignatureBlock(signer=signer, left_signer=signer, recipients=Recipients(items=("A",)))
    with pytest.raises(InvalidInput):
        validate_document(document=Document(header=HEADER, blocks=(block,)))


def test_validation_rejects_an_empty_signature_grid():
    with pytest.raises(InvalidInput) as error:
        validate_document(document=Document(header=HEADER, blocks=(SignatureGrid(signers=()),)))
    assert error.value.message == "Bảng chữ ký không có người ký nào (khối thứ 1)."


def test_validation_rejects_a_signer_without_a_name():
    grid = SignatureGrid(signers=(Signer(position="Giám đốc", name=" "),))
    with pytest.raises(InvalidInput):
        validate_document(document=Document(header=HEADER, blocks=(grid,)))


@pytest.mark.parametrize("render", [render_docx, render_pdf])
def test_renderers_refuse_a_header_without_issuing_body(render):
    header = Header(issuing_body="", place="Hải Dương", issued_on=date(2025, 1, 1))
    with pytest.raises(InvalidInput) as error:
        render(document=Document(header=header))
    assert error.value.fields == {"issuing_body": "Bắt buộc."}
