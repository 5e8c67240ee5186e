"""Officers' lists and statistics: filtered to what the user may see, constant query counts."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tests.certificates.conftest import decide
from tests.factories import World
from thidua.certificates import services

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_certificate_list_queries_do_not_grow_with_rows(world: World, media: None, client: Client) -> None:
    client.force_login(world.ministry_officer)
    one = decide(world, people=1, number="1/QĐ-BTN")
    services.generate_certificates(actor=None, decision=one.decision)
    small = _queries(client, "/chung-nhan/")
    three = decide(world, people=3, number="2/QĐ-BTN", batch=1)
    services.generate_certificates(actor=None, decision=three.decision)
    assert _queries(client, "/chung-nhan/") == small
    text = client.get("/chung-nhan/?year=2018&decision=2/QĐ-BTN").content.decode()
    assert text.count("In trên phôi") == 4  # three people and the flag


def test_statistics_queries_do_not_grow_with_rows(world: World, media: None, client: Client) -> None:
    client.force_login(world.ministry_officer)
    decide(world, people=1, number="1/QĐ-BTN")
    small = _queries(client, "/chung-nhan/thong-ke/?year=2018")
    decide(world, people=3, number="2/QĐ-BTN", batch=1)
    assert _queries(client, "/chung-nhan/thong-ke/?year=2018") == small


def test_statistics_count_what_the_user_may_see(world: World, media: None, client: Client) -> None:
    decide(world, people=3)
    client.force_login(world.ministry_officer)
    text = client.get("/chung-nhan/thong-ke/?year=2018").content.decode()
    # 3 Bằng khen and one LĐTT for people of unit B, one flag for unit A.
    assert "5 lượt danh hiệu" in text
    assert "<svg" in text
    assert 'id="chart-code-title"' in text
    client.force_login(world.member_officer)  # unit B only: its three people
    text = client.get("/chung-nhan/thong-ke/?year=2018").content.decode()
    assert "4 lượt danh hiệu" in text
    client.force_login(world.outsider)
    assert client.get("/chung-nhan/thong-ke/?year=2018").status_code == 403
    assert client.get("/chung-nhan/thong-ke/?year=abc").status_code == 403


def test_statutory_report_in_excel(world: World, media: None, client: Client) -> None:
    decide(world, people=3)
    client.force_login(world.ministry_officer)
    response = client.get("/chung-nhan/thong-ke/bao-cao.xlsx?year=2018")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames[:2] == ["Biểu 0603 năm 2018", "Biểu 0602 năm 2018"]
    rows = [list(row) for row in book["Biểu 0603 năm 2018"].iter_rows(values_only=True)]
    assert rows[0][:5] == ["Chỉ tiêu", "Mã số", "Đơn vị tính", "Tổng số", "Bằng khen"]
    by_number = {row[1]: row for row in rows if len(row) > 1 and row[1]}
    assert by_number["01"][3:8] == [4, 3, 0, 1, 0]  # total; Bằng khen 3; flag 1
    assert by_number["02"][3:8] == [1, 0, 0, 1, 0]
    assert by_number["05"][3:8] == [3, 3, 0, 0, 0]
    assert by_number["03"][3] == "(sổ khen thưởng chưa ghi dữ liệu này)"
