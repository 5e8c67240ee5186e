"""Issue 12: each persona starts at its dashboard and reaches every task by clicking, in
Vietnamese, with no serious or critical axe-core violation on the way; the member officer does
it on a phone and registers its unit from the task (staff picker, catalogue names)."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation import assert_accessible
from tests.covenants.conftest import build_covenant
from tests.factories import PASSWORD, World, make_person, make_user
from thidua.accounts.enums import Role
from thidua.clusters import services as cluster_services
from thidua.core import clock
from thidua.covenants import services
from thidua.covenants.models import Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

APRIL = datetime.date(2018, 4, 1)


@pytest.fixture
def spring_2018(world: World, monkeypatch: pytest.MonkeyPatch) -> World:
    """Cụm 1 on 1 April 2018: plan drafted, covenant drafted, registration open until 15/04."""
    monkeypatch.setattr(clock, "today", lambda: APRIL)
    year = cluster_services.open_emulation_year(actor=None, cluster=world.cluster, year=2018)
    services.create_plan(actor=None, emulation_year=year, title="Kế hoạch thi đua năm 2018")
    build_covenant(year)
    services.set_registration_deadline(actor=None, emulation_year=year, deadline=datetime.date(2018, 4, 15))
    make_person(unit=world.unit_b, full_name="Lê Văn Cường", title="Chuyên viên")
    return world


def _login(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bảng điều khiển")


def _tasks(page: Page) -> list[str]:
    return [text.strip() for text in page.locator(".task-list a.task-title").all_inner_texts()]


def _visit_each_task(page: Page, base: str, expected: list[str]) -> None:
    """Click every task of the dashboard in turn; each opens a page of ours, without error."""
    assert _tasks(page) == expected
    assert_accessible(page)
    for title in expected:
        page.goto(f"{base}/accounts/dashboard/")
        with page.expect_response(lambda r: r.request.resource_type == "document") as answer:
            page.locator(".task-list").get_by_role("link", name=title, exact=True).click()
        assert answer.value.status == 200, title
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert page.locator("html").get_attribute("lang") == "vi"
        assert_accessible(page)


def test_the_cluster_leader_reaches_its_tasks(page: Page, live_server: object, spring_2018: World) -> None:
    base = str(live_server)
    _login(page, base, spring_2018.cluster_leader.username)
    _visit_each_task(
        page,
        base,
        [
            "3/3 đơn vị chưa đăng ký thi đua",
            "Sở Tài nguyên và Môi trường tỉnh An Giang chưa đăng ký thi đua",
            "Kế hoạch thi đua chưa được thông qua",
            "3/3 đơn vị chưa ký giao ước",
            "Sở Tài nguyên và Môi trường tỉnh An Giang chưa ký giao ước",
        ],
    )
    page.goto(f"{base}/accounts/dashboard/")
    page.locator(".task-list").get_by_role("link", name="3/3 đơn vị chưa đăng ký thi đua").click()
    expect(page.get_by_role("heading", name="Đơn vị chưa đăng ký (3/3)")).to_be_visible()
    expect(page.locator("#id_deadline-deadline")).to_have_value("2018-04-15")


def test_the_member_officer_registers_from_its_task_on_a_phone(
    page: Page, live_server: object, spring_2018: World
) -> None:
    base = str(live_server)
    page.set_viewport_size({"width": 390, "height": 844})
    _login(page, base, spring_2018.member_officer.username)
    _visit_each_task(
        page,
        base,
        [
            "Sở Tài nguyên và Môi trường tỉnh Bắc Ninh chưa đăng ký thi đua",
            "Sở Tài nguyên và Môi trường tỉnh Bắc Ninh chưa ký giao ước",
        ],
    )
    page.goto(f"{base}/accounts/dashboard/")
    page.get_by_role("link", name="Sở Tài nguyên và Môi trường tỉnh Bắc Ninh chưa đăng ký thi đua").click()
    page.get_by_label("Tập thể lao động xuất sắc").check()
    page.get_by_label("Danh hiệu của Lê Văn Cường").select_option(label="Chiến sĩ thi đua cơ sở")
    page.get_by_role("button", name="Gửi đăng ký").click()
    expect(page.locator(".messages")).to_contain_text("Đã gửi đăng ký thi đua")
    # registering again starts from what was sent
    expect(page.get_by_label("Danh hiệu của Lê Văn Cường")).to_have_value("CSTDCS")
    assert_accessible(page)
    assert list(Registration.objects.get().entries.values_list("person_name", "target")) == [
        ("", "TTLDXS"),
        ("Lê Văn Cường", "CSTDCS"),
    ]
    page.goto(f"{base}/accounts/dashboard/")
    assert _tasks(page) == ["Sở Tài nguyên và Môi trường tỉnh Bắc Ninh chưa ký giao ước"]


def test_the_ministry_officer_reaches_its_clusters(
    page: Page, live_server: object, spring_2018: World
) -> None:
    base = str(live_server)
    _login(page, base, spring_2018.ministry_officer.username)
    _visit_each_task(page, base, ["Năm thi đua ở bước: Xây dựng kế hoạch, giao ước"])


def test_the_editor_finds_the_editing_area_and_the_council_member_its_dashboard(
    page: Page, live_server: object, spring_2018: World
) -> None:
    base = str(live_server)
    make_user("bientap", (Role.EDITOR, spring_2018.ministry))
    _login(page, base, "bientap")
    page.get_by_role("link", name="Trang biên tập: tin bài, bản sửa chờ duyệt, gương điển hình").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.url.endswith("/bien-tap/")
    assert_accessible(page)
    _login(page, base, spring_2018.council_member.username)
    assert_accessible(page)
    # the search box in the header finds the cluster the council oversees
    page.get_by_label("Tìm tin bài, đơn vị, cụm, cá nhân").fill("cum thi dua so 1")
    page.get_by_role("button", name="Tìm", exact=True).click()
    expect(page.get_by_role("heading", name="Cụm, khối thi đua (1)")).to_be_visible()
    page.get_by_role("link", name="Cụm thi đua số 1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cụm thi đua số 1")
    assert_accessible(page)
