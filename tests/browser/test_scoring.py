"""Browser: the whole year-end review in Vietnamese — three units self-assess, the leader moves to
cross-scoring, every unit cross-scores, the leader sees the signals, opens and closes the appeal
window, the ranking is final; axe-core finds no serious or critical WCAG 2.1 AA violation; and one
pass at a phone viewport."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_covenant import _assert_accessible, _login
from tests.covenants.conftest import build_covenant, sign
from tests.factories import World, make_user
from thidua.accounts.enums import Role
from thidua.clusters import services as cluster_services
from thidua.clusters.enums import YearState
from thidua.scoring import services
from thidua.scoring.models import CrossAssignment, SelfAssessment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SELF = {
    "SO-A": ["34", "24", "22", "17"],
    "SO-B": ["35", "25", "22,5", "17,5"],
    "SO-C": ["30", "20", "20", "15"],
}
CROSS = {
    ("SO-B", "SO-A"): ["33", "23", "21", "16"],
    ("SO-C", "SO-A"): ["31", "23", "21", "16"],
    ("SO-A", "SO-B"): ["30", "20", "20", "15"],
    ("SO-C", "SO-B"): ["28", "20", "20", "15"],
    ("SO-A", "SO-C"): ["30", "21", "20", "15"],
    ("SO-B", "SO-C"): ["30", "21", "20", "15"],
}
LOGINS = {"SO-A": "truongcum.a", "SO-B": "canbo.b", "SO-C": "canbo.c"}


def _year_in_self_assessment(world: World) -> int:
    make_user("canbo.c", (Role.MEMBER_OFFICER, world.unit_c))
    year = cluster_services.open_emulation_year(actor=None, cluster=world.cluster, year=2018)
    covenant = build_covenant(year)
    for unit in (world.unit_a, world.unit_b, world.unit_c):
        sign(covenant, unit)
    year.refresh_from_db()
    cluster_services.advance_year(actor=None, emulation_year=year, to_state=YearState.IN_PROGRESS)
    review = services.start_self_assessment(
        actor=None, emulation_year=year, self_deadline=datetime.date(2018, 12, 10)
    )
    return review.pk


def _fill(page: Page, values: list[str]) -> None:
    inputs = page.locator("input[name^=score_]")
    for index, value in enumerate(values):
        inputs.nth(index).fill(value)


def test_the_whole_review(page: Page, live_server: object, world: World) -> None:
    base = str(live_server)
    review_id = _year_in_self_assessment(world)
    units = {"SO-A": world.unit_a, "SO-B": world.unit_b, "SO-C": world.unit_c}
    for code, values in SELF.items():
        _login(page, base, LOGINS[code])
        sheet = SelfAssessment.objects.get(review_id=review_id, unit=units[code])
        page.goto(f"{base}/cham-diem/bang-tu-cham/{sheet.pk}/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Bảng tự chấm điểm năm 2018")
        _fill(page, values)
        if code == "SO-A":
            _assert_accessible(page)
        page.get_by_role("button", name="Nộp bảng tự chấm").click()
        expect(page.locator(".messages")).to_contain_text("Đã nộp bảng tự chấm.")

    _login(page, base, "truongcum.a")
    page.goto(f"{base}/cham-diem/{review_id}/")
    expect(page.get_by_text("Bảng tự chấm đã nộp: 3/3")).to_be_visible()
    page.get_by_role("button", name="Chuyển sang bước chấm chéo").click()
    expect(page.locator(".messages")).to_contain_text("Đã chuyển sang bước chấm chéo")

    for (scorer, unit), values in CROSS.items():
        _login(page, base, LOGINS[scorer])
        assignment = CrossAssignment.objects.get(review_id=review_id, scorer=units[scorer], unit=units[unit])
        page.goto(f"{base}/cham-diem/cham-cheo/{assignment.pk}/")
        expect(page.get_by_text("Điểm của các đơn vị chấm khác chỉ hiện sau khi")).to_be_visible()
        _fill(page, values)
        page.get_by_role("button", name="Nộp và khóa bảng chấm").click()
        expect(page.locator(".messages")).to_contain_text("bảng chấm đã khóa")

    _login(page, base, "truongcum.a")
    page.goto(f"{base}/cham-diem/{review_id}/")
    signals = page.locator("section[aria-labelledby=signals-h]")
    expect(signals).to_contain_text("Tự chấm cao hơn nhiều so với chấm chéo")
    expect(signals).to_contain_text("Tự chấm 100,00 điểm, trung vị tổng điểm chấm chéo 84,00")
    _assert_accessible(page)
    page.get_by_role("button", name="Công bố kết quả tạm thời, mở nhận kiến nghị").click()
    expect(page.locator(".messages")).to_contain_text("mở thời gian nhận kiến nghị")
    page.get_by_role("button", name="Kết thúc nhận kiến nghị, công bố kết quả chính thức").click()
    expect(page.locator(".messages")).to_contain_text("công bố kết quả chính thức")
    expect(page.get_by_role("heading", name="Kết quả xếp hạng chính thức")).to_be_visible()
    rows = page.locator("section[aria-labelledby=ranking-h] tbody tr")
    expect(rows.nth(0)).to_contain_text("Sở Tài nguyên và Môi trường tỉnh An Giang")
    expect(rows.nth(0)).to_contain_text("92,00")
    expect(page.locator("svg.chart").first).to_be_visible()
    _assert_accessible(page)

    _login(page, base, "canbo.b")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/cham-diem/{review_id}/don-vi/SO-B/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Vì sao Sở Tài nguyên và Môi trường tỉnh Bắc Ninh xếp hạng 3"
    )
    expect(page.get_by_text("Đơn vị chấm 1").first).to_be_visible()
    expect(page.locator("table").get_by_text("Sở Tài nguyên và Môi trường tỉnh Cà Mau")).to_have_count(0)
    _assert_accessible(page)
