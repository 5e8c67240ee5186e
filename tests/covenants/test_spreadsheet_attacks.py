"""Issue 14 items 2 and 3 on the covenant's spreadsheets: exports never carry a live formula;
hostile criteria files are refused quickly, with a Vietnamese message, and change nothing."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.covenants.conftest import Year
from tests.xlsx_attacks import BILLION_LAUGHS, SHEET1, replace_member, workbook
from thidua.core.errors import InvalidInput
from thidua.core.models import AuditEntry
from thidua.covenants import services
from thidua.covenants.models import Criterion, CriterionGroup, ScoreLine

EVIL = '=HYPERLINK("http://evil.example","Nguyễn Văn A")'
HEADER = ("Loại", "Số thứ tự", "Nội dung", "Điểm tối đa", "Hướng dẫn chấm", "Minh chứng", "Căn cứ pháp lý")


def _text_cells(content: bytes) -> list[tuple[object, str]]:
    book = load_workbook(io.BytesIO(content))
    return [(c.value, c.data_type) for sheet in book for row in sheet.iter_rows() for c in row if c.value]


def _no_formula(content: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), name


def test_registrations_export_writes_the_name_as_text(year: Year) -> None:
    w = year.world
    services.set_registration_deadline(
        actor=w.cluster_leader, emulation_year=year.emulation_year, deadline=datetime.date(2018, 4, 15)
    )
    services.submit_registration(
        actor=w.member_officer,
        emulation_year=year.emulation_year,
        unit=w.unit_b,
        collective_targets=["TTLDXS"],
        people=[services.PersonTargetInput(name=EVIL, position="@Chuyên viên", target="LDTT")],
        today=datetime.date(2018, 4, 1),
    )
    content = services.export_registrations_xlsx(actor=w.cluster_leader, emulation_year=year.emulation_year)
    cells = _text_cells(content)
    assert ("'" + EVIL, "s") in cells
    assert ("'@Chuyên viên", "s") in cells
    assert not [v for v, _ in cells if isinstance(v, str) and v.startswith(("=", "+", "-", "@"))]
    _no_formula(content)
    # the page download is the same file
    client = Client()
    client.force_login(w.cluster_leader)
    response = client.get(f"/covenants/{w.cluster.pk}/2018/registrations.xlsx")
    assert response.status_code == 200
    assert ("'" + EVIL, "s") in _text_cells(response.content)


def test_criteria_export_writes_formulas_as_text_and_reads_back_the_same(year: Year) -> None:
    group = year.covenant.groups.first()
    assert group is not None
    services.add_criterion(actor=None, group=group, name=EVIL, max_points="1", guidance="-trừ 1 điểm")
    content = services.export_criteria_xlsx(year.covenant)
    cells = _text_cells(content)
    assert ("'" + EVIL, "s") in cells
    assert ("'-trừ 1 điểm", "s") in cells
    _no_formula(content)


def _counts() -> tuple[int, int, int, int]:
    return (
        CriterionGroup.objects.count(),
        Criterion.objects.count(),
        ScoreLine.objects.count(),
        AuditEntry.objects.count(),
    )


def _refused(year: Year, content: bytes) -> InvalidInput:
    before = _counts()
    with pytest.raises(InvalidInput) as info:
        services.import_criteria_xlsx(
            actor=year.world.cluster_leader, covenant=year.covenant, content=content
        )
    assert _counts() == before
    return info.value


def test_two_million_rows_are_refused_at_the_row_limit(year: Year) -> None:
    content = workbook({"Tiêu chí": [HEADER, ("Nhóm", "I", "A", 100)]}, last_row=2_000_000)
    assert len(content) < 20_000
    error = _refused(year, content)
    assert error.message == "Tệp có quá 2.000 dòng; hãy chia thành nhiều tệp."


def test_a_zip_bomb_is_refused(year: Year) -> None:
    error = _refused(year, replace_member(workbook({"Tiêu chí": [HEADER]}), SHEET1, pad_to=50_000_000))
    assert error.fields == {"file": "too_large_uncompressed"}


def test_billion_laughs_is_refused(year: Year) -> None:
    error = _refused(year, replace_member(workbook({"Tiêu chí": [HEADER]}), SHEET1, BILLION_LAUGHS))
    assert error.http_status == 422
    assert error.message.startswith("Tệp Excel có khai báo DTD/thực thể XML")
