"""Score sheets as Excel: exported, filled, imported back — all-or-nothing with row errors, refusing
a sheet of another covenant version, another unit or the other kind."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from tests.scoring.conftest import Scoring, fill_all
from tests.scoring.test_services import CROSS, SELF
from thidua.core.errors import Conflict, InvalidInput
from thidua.core.models import AuditEntry
from thidua.scoring import services
from thidua.scoring.models import CrossScore, SelfLine, SelfScore


def _filled(content: bytes, scores: dict[int, Any], about: dict[str, str] | None = None) -> bytes:
    """The exported workbook with column F (Điểm) of the given data rows (2, 3, …) filled in."""
    book = load_workbook(io.BytesIO(content))
    sheet = book["Bảng điểm"]
    for row, value in scores.items():
        sheet.cell(row=row, column=6, value=value)
        sheet.cell(row=row, column=7, value=f"Giải trình dòng {row}")
    for key, value in (about or {}).items():
        info = book["Thông tin"]
        for line in range(2, info.max_row + 1):
            if info.cell(row=line, column=1).value == key:
                info.cell(row=line, column=2, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_self_assessment_goes_to_excel_and_back(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    sheet = s.sheet(w.unit_b)
    exported = services.export_sheet(sheet=sheet)
    book = load_workbook(io.BytesIO(exported))
    rows = list(book["Bảng điểm"].iter_rows(values_only=True))
    assert rows[0] == ("Mã", "TT", "Nhóm tiêu chí", "Nội dung", "Tối đa", "Điểm", "Giải trình, nhận xét")
    assert [r[0] for r in rows[1:]] == [f"TC-{c.pk}" for c in s.criteria] + [
        f"DL-{s.bonus.pk}",
        f"DL-{s.penalty.pk}",
    ]
    assert dict(book["Thông tin"].iter_rows(min_row=2, values_only=True))["Phiên bản giao ước"] == "1"
    filled = _filled(exported, {2: 35, 3: "24,5", 4: 22.5, 5: 17, 6: 3})
    count = services.import_score_sheet(actor=w.member_officer, target=sheet, content=filled, revision=0)
    assert count == 5
    assert sorted((sc.criterion_id, str(sc.score)) for sc in SelfScore.objects.filter(sheet=sheet)) == sorted(
        zip([c.pk for c in s.criteria], ["35.00", "24.50", "22.50", "17.00"], strict=True)
    )
    assert [(li.line_id, str(li.points)) for li in SelfLine.objects.all()] == [(s.bonus.pk, "3.00")]
    assert SelfScore.objects.get(criterion=s.criteria[0]).explanation == "Giải trình dòng 2"
    sheet.refresh_from_db()
    assert (sheet.status, sheet.revision) == ("draft", 1)  # a draft: submitting stays its own act
    # and back out: the export carries what was imported
    again = load_workbook(io.BytesIO(services.export_sheet(sheet=sheet)))["Bảng điểm"]
    assert [again.cell(row=r, column=6).value for r in range(2, 7)] == [35, 24.5, 22.5, 17, 3]


@pytest.mark.parametrize(
    ("about", "message"),
    [
        (
            {"Phiên bản giao ước": "2"},
            "phiên bản giao ước khác (phiên bản «2»); giao ước đang chấm là phiên bản 1",
        ),
        ({"Đơn vị được chấm": "SO-C"}, "của đơn vị khác («Đơn vị được chấm»: «SO-C», cần «SO-B»)"),
        ({"Loại bảng": "Chấm chéo"}, "Tệp không phải bảng «Tự chấm» (tệp ghi «Chấm chéo»)"),
    ],
)
def test_a_sheet_for_another_version_unit_or_kind_is_refused(
    scoring: Scoring, about: dict[str, str], message: str
) -> None:
    s, w = scoring, scoring.y.world
    sheet = s.sheet(w.unit_b)
    filled = _filled(services.export_sheet(sheet=sheet), {2: 30}, about)
    before = AuditEntry.objects.count()
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(").replace(")", r"\)")):
        services.import_score_sheet(actor=w.member_officer, target=sheet, content=filled, revision=0)
    assert SelfScore.objects.count() == 0
    assert AuditEntry.objects.count() == before


def test_row_errors_refuse_the_whole_file(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    sheet = s.sheet(w.unit_b)
    exported = services.export_sheet(sheet=sheet)
    book = load_workbook(io.BytesIO(exported))
    book["Bảng điểm"].cell(row=8, column=1, value="TC-999999")
    book["Bảng điểm"].cell(row=8, column=6, value=1)
    out = io.BytesIO()
    book.save(out)
    filled = _filled(out.getvalue(), {2: 30, 3: 26, 4: "mười", 5: 17, 6: 9})
    with pytest.raises(InvalidInput) as refused:
        services.import_score_sheet(actor=w.member_officer, target=sheet, content=filled, revision=0)
    text = refused.value.message
    assert text.startswith("Chưa nhập được tệp, không có điểm nào được lưu: ")
    assert "Dòng 3: Tiêu chí «" in text
    assert "26 nằm ngoài khoảng 0–25 điểm" in text
    assert "Dòng 4: Tiêu chí «" in text
    assert "«mười» không phải là số" in text
    assert "Dòng 6: «Được tặng Cờ thi đua»: 9 nằm ngoài khoảng 0–3 điểm" in text
    assert "Dòng 8: mã «TC-999999» không có trong giao ước đang chấm." in text
    assert "Dòng 2" not in text
    assert "Dòng 5" not in text
    assert SelfScore.objects.count() == 0
    assert SelfLine.objects.count() == 0


def test_broken_files_and_stale_revisions_change_nothing(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    sheet = s.sheet(w.unit_b)
    with pytest.raises(InvalidInput, match="không phải tệp Excel"):
        services.import_score_sheet(actor=w.member_officer, target=sheet, content=b"MZ\x90\x00", revision=0)
    filled = _filled(services.export_sheet(sheet=sheet), {2: 30})
    with pytest.raises(Conflict, match="bản vừa gửi chưa được lưu"):
        services.import_score_sheet(actor=w.member_officer, target=sheet, content=filled, revision=7)
    empty = services.export_sheet(sheet=sheet)
    with pytest.raises(InvalidInput, match=r"Tệp không có điểm nào để nhập\."):
        services.import_score_sheet(actor=w.member_officer, target=sheet, content=empty, revision=0)
    assert SelfScore.objects.count() == 0


def test_a_scorers_sheet_through_the_page(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    cross = {pair: values for pair, values in CROSS.items() if pair != ("SO-C", "SO-B")}
    fill_all(s, SELF, cross)
    assignment = s.review.assignments.get(scorer=w.unit_c, unit=w.unit_b)
    scorer = Client()
    scorer.force_login(s.y.officer_c)  # type: ignore[arg-type]
    url = f"/cham-diem/cham-cheo/{assignment.pk}"
    exported = scorer.get(f"{url}/bang-diem.xlsx")
    assert exported.status_code == 200
    rows = list(
        load_workbook(io.BytesIO(exported.content))["Bảng điểm"].iter_rows(min_row=2, values_only=True)
    )
    assert len(rows) == 4  # criteria only: bonus and penalty lines are the unit's own claims
    filled = _filled(exported.content, {2: 28, 3: 20, 4: 20, 5: 15})
    # the unit's own self-assessment file is refused here
    own = services.export_sheet(sheet=s.sheet(w.unit_b))
    response = scorer.post(
        f"{url}/nhap-excel/", {"file": SimpleUploadedFile("x.xlsx", _filled(own, {2: 1})), "revision": "0"}
    )
    assert response.status_code == 422
    assert "Tệp không phải bảng «Chấm chéo»" in response.content.decode()
    response = scorer.post(
        f"{url}/nhap-excel/", {"file": SimpleUploadedFile("cham.xlsx", filled), "revision": "0"}
    )
    assert response.status_code == 302
    assert sorted(str(sc.score) for sc in CrossScore.objects.filter(assignment=assignment)) == [
        "15.00",
        "20.00",
        "20.00",
        "28.00",
    ]
    # another scorer cannot import into C's sheet
    member = Client()
    member.force_login(w.member_officer)  # type: ignore[arg-type]
    response = member.post(
        f"{url}/nhap-excel/", {"file": SimpleUploadedFile("c.xlsx", filled), "revision": "1"}
    )
    assert response.status_code == 404
