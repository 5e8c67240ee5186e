"""Browser: the whole year-end review in Vietnamese through its page forms — the leader opens
self-assessment from the year, three units self-assess (one with a bonus claim and evidence), the
leader moves to cross-scoring, every unit cross-scores (one asks about evidence, the unit answers),
the leader sees the signals, opens the appeal window, records and answers an appeal, and the
ranking is final; every state-changing button asks for confirmation first; axe-core finds no
serious or critical WCAG 2.1 AA violation; and one pass at a phone viewport."""

from __future__ import annotations

import pytest
from playwright.sync_api import Dialog, Page, expect

from tests.browser.test_covenant import _assert_accessible, _login
from tests.covenants.conftest import build_covenant, sign
from tests.factories import World, make_user
from thidua.accounts.enums import Role
from thidua.clusters import services as cluster_services
from thidua.clusters.enums import YearState
from thidua.scoring.models import CrossAssignment, EvidenceQuery, Review, SelfAssessment

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


def _year_in_progress(world: World) -> None:
    make_user("canbo.c", (Role.MEMBER_OFFICER, world.unit_c))
    year = cluster_services.open_emulation_year(actor=None, cluster=world.cluster, year=2018)
    covenant = build_covenant(year)
    for unit in (world.unit_a, world.unit_b, world.unit_c):
        sign(covenant, unit)
    year.refresh_from_db()
    cluster_services.advance_year(actor=None, emulation_year=year, to_state=YearState.IN_PROGRESS)


def _confirming(page: Page) -> list[str]:
    """Accept every data-confirm question, keeping what was asked."""
    asked: list[str] = []

    def accept(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    return asked


def _fill(page: Page, values: list[str]) -> None:
    inputs = page.locator("input[name^=score_]")
    for index, value in enumerate(values):
        inputs.nth(index).fill(value)


def test_the_whole_review(page: Page, live_server: object, world: World) -> None:
    base = str(live_server)
    _year_in_progress(world)
    asked = _confirming(page)
    _login(page, base, "truongcum.a")
    page.goto(f"{base}/covenants/{world.cluster.pk}/2018/")
    page.get_by_role("link", name="Chấm điểm thi đua năm 2018").click()
    expect(page.get_by_text("Đợt tự chấm điểm chưa được mở.")).to_be_visible()
    _assert_accessible(page)
    page.get_by_label("Hạn nộp bảng tự chấm").fill("2018-12-10")
    page.get_by_role("button", name="Mở đợt tự chấm điểm").click()
    expect(page.locator(".messages")).to_contain_text("Đã mở đợt tự chấm điểm")
    assert "Mở đợt tự chấm điểm theo giao ước đang có hiệu lực?" in asked[-1]
    review_id = Review.objects.get().pk

    units = {"SO-A": world.unit_a, "SO-B": world.unit_b, "SO-C": world.unit_c}
    for code, values in SELF.items():
        _login(page, base, LOGINS[code])
        sheet = SelfAssessment.objects.get(review_id=review_id, unit=units[code])
        page.goto(f"{base}/cham-diem/bang-tu-cham/{sheet.pk}/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Bảng tự chấm điểm năm 2018")
        if code == "SO-B":
            lines = page.locator("section[aria-labelledby=lines-h]")
            lines.locator("input[name^=line_]").last.fill("1")  # the penalty line, declared honestly
            lines.get_by_role("button", name="Lưu điểm thưởng, điểm trừ").click()
            expect(page.locator(".messages")).to_contain_text("Đã lưu điểm thưởng, điểm trừ kê khai.")
            page.get_by_label("Mô tả minh chứng").fill("Báo cáo tổng kết năm 2018")
            page.get_by_label("hoặc đường dẫn (https://…)").fill("https://stnmt.bacninh.gov.vn/bao-cao-2018")
            page.get_by_role("button", name="Thêm minh chứng").click()
            expect(page.locator(".messages")).to_contain_text("Đã thêm minh chứng.")
            expect(page.get_by_role("link", name="Báo cáo tổng kết năm 2018")).to_be_visible()
        _fill(page, values)
        if code == "SO-A":
            _assert_accessible(page)
        page.get_by_role("button", name="Nộp bảng tự chấm").click()
        expect(page.locator(".messages")).to_contain_text("Đã nộp bảng tự chấm.")
    assert any("Nộp bảng tự chấm?" in question for question in asked)

    _login(page, base, "truongcum.a")
    page.goto(f"{base}/cham-diem/{review_id}/")
    expect(page.get_by_text("Bảng tự chấm đã nộp: 3/3")).to_be_visible()
    page.get_by_label("Hạn chấm chéo").fill("2018-12-20")
    page.get_by_role("button", name="Chuyển sang bước chấm chéo").click()
    expect(page.locator(".messages")).to_contain_text("Đã chuyển sang bước chấm chéo")

    for (scorer, unit), values in CROSS.items():
        _login(page, base, LOGINS[scorer])
        assignment = CrossAssignment.objects.get(review_id=review_id, scorer=units[scorer], unit=units[unit])
        page.goto(f"{base}/cham-diem/cham-cheo/{assignment.pk}/")
        expect(page.get_by_text("Điểm của các đơn vị chấm khác chỉ hiện sau khi")).to_be_visible()
        if (scorer, unit) == ("SO-C", "SO-B"):
            page.get_by_label("Câu hỏi cho Sở Tài nguyên và Môi trường tỉnh Bắc Ninh").fill(
                "Đề nghị gửi quyết định tặng Cờ thi đua"
            )
            page.get_by_label("Hạn trả lời").fill("2099-12-31")
            page.get_by_role("button", name="Gửi câu hỏi").click()
            expect(page.locator(".messages")).to_contain_text("Đã gửi câu hỏi về minh chứng")
            _assert_accessible(page)
        _fill(page, values)
        page.get_by_role("button", name="Nộp và khóa bảng chấm").click()
        expect(page.locator(".messages")).to_contain_text("bảng chấm đã khóa")

    _login(page, base, "canbo.b")
    sheet = SelfAssessment.objects.get(review_id=review_id, unit=world.unit_b)
    page.goto(f"{base}/cham-diem/bang-tu-cham/{sheet.pk}/")
    page.get_by_label("Trả lời câu hỏi").fill("Đã bổ sung Quyết định số 123/QĐ-BTNMT")
    page.get_by_role("button", name="Gửi câu trả lời").click()
    expect(page.locator(".messages")).to_contain_text("Đã gửi câu trả lời.")
    assert EvidenceQuery.objects.get().answer == "Đã bổ sung Quyết định số 123/QĐ-BTNMT"

    _login(page, base, "truongcum.a")
    page.goto(f"{base}/cham-diem/{review_id}/")
    signals = page.locator("section[aria-labelledby=signals-h]")
    expect(signals).to_contain_text("Tự chấm cao hơn nhiều so với chấm chéo")
    expect(signals).to_contain_text("Tự chấm 100,00 điểm, trung vị tổng điểm chấm chéo 84,00")
    _assert_accessible(page)
    page.get_by_label("Hạn nhận kiến nghị").fill("2018-12-27")
    page.get_by_role("button", name="Công bố kết quả tạm thời, mở nhận kiến nghị").click()
    expect(page.locator(".messages")).to_contain_text("mở thời gian nhận kiến nghị")
    page.get_by_label("Đơn vị kiến nghị").select_option(label="Sở Tài nguyên và Môi trường tỉnh Bắc Ninh")
    page.get_by_label("Nội dung kiến nghị").fill("Đề nghị xem lại điểm tiêu chí 1")
    page.get_by_label("Ngày nhận").fill("2018-12-24")
    page.get_by_role("button", name="Ghi nhận kiến nghị").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận kiến nghị")
    page.get_by_role("button", name="Kết thúc nhận kiến nghị, công bố kết quả chính thức").click()
    expect(page.locator(".messages")).to_contain_text("Còn 1 kiến nghị chưa được trả lời.")
    page.get_by_label("Trả lời kiến nghị của Sở Tài nguyên và Môi trường tỉnh Bắc Ninh").fill(
        "Giữ nguyên kết quả."
    )
    page.get_by_label("Ngày trả lời").fill("2018-12-26")
    _assert_accessible(page)
    page.get_by_role("button", name="Trả lời", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Đã trả lời kiến nghị")
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
