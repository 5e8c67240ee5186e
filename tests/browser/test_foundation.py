"""The foundation's main flows in Chromium, in Vietnamese, each checked with axe-core (WCAG 2.1 AA)
and for requests leaving the machine."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, World, make_unit
from thidua.clusters.models import Cluster
from thidua.organisations.enums import LineageKind
from thidua.organisations.services import record_lineage_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def assert_accessible(page: Page) -> None:
    results = Axe().run(page, options=WCAG_21_AA)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    if serious:
        print(results.generate_report())
    assert [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in serious] == []


@pytest.fixture
def requests_seen(page: Page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def assert_stayed_on(server_url: str, seen: list[str]) -> None:
    host = urlsplit(server_url).netloc
    assert seen
    assert [url for url in seen if urlsplit(url).netloc != host and not url.startswith("data:")] == []


def test_login_in_vietnamese_wrong_password_then_dashboard(
    page: Page, live_server: object, world: World, requests_seen: list[str]
) -> None:
    page.goto(f"{live_server.url}/accounts/login/")  # type: ignore[attr-defined]
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
    assert_accessible(page)
    page.get_by_label("Tên đăng nhập").fill("canbo.b")
    page.get_by_label("Mật khẩu").fill("mật khẩu sai")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng.")
    assert_accessible(page)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/dashboard/")  # type: ignore[attr-defined]
    expect(page.get_by_role("heading", level=1)).to_have_text("Bảng điều khiển")
    expect(page.get_by_text("Cán bộ thi đua đơn vị thành viên")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("link", name="Đăng nhập")).to_be_visible()
    assert_stayed_on(live_server.url, requests_seen)  # type: ignore[attr-defined]


def test_cluster_page_2018_lists_the_ten_departments_and_switches_years(
    page: Page, live_server: object, requests_seen: list[str]
) -> None:
    call_command("demo", stdout=None)
    cluster = Cluster.objects.get(authority__code="BTNMT", number=1)
    page.goto(f"{live_server.url}/clusters/{cluster.pk}/?year=2018")  # type: ignore[attr-defined]
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Cụm thi đua số 1 – Bộ Tài nguyên và Môi trường"
    )
    rows = page.locator("#year-panel tbody tr")
    expect(rows).to_have_count(10)
    expect(page.locator("#members-heading")).to_contain_text("Thành viên năm 2018")
    expect(rows.first).to_contain_text("Sở Tài nguyên và Môi trường thành phố Hà Nội")
    expect(rows.first).to_contain_text("Trưởng cụm")
    assert_accessible(page)

    page.get_by_role("link", name="2019", exact=True).click()  # htmx swaps the year panel
    expect(page.locator("#members-heading")).to_contain_text("Thành viên năm 2019")
    expect(page).to_have_url(f"{live_server.url}/clusters/{cluster.pk}/?year=2019")  # type: ignore[attr-defined]
    expect(page.get_by_text("Trưởng cụm: Sở Tài nguyên và Môi trường tỉnh Hải Dương")).to_be_visible()
    expect(page.get_by_role("link", name="2019", exact=True)).to_have_attribute("aria-current", "page")
    assert_accessible(page)
    assert_stayed_on(live_server.url, requests_seen)  # type: ignore[attr-defined]


def test_unit_page_follows_lineage_links_both_ways(
    page: Page, live_server: object, world: World, requests_seen: list[str]
) -> None:
    successor = make_unit(code="SO-BC", name="Sở Nông nghiệp và Môi trường tỉnh Bắc Cà")
    record_lineage_event(
        actor=None,
        kind=LineageKind.MERGE,
        date=datetime.date(2025, 7, 1),
        legal_basis="Nghị quyết 202/2025/QH15",
        predecessors=[world.unit_b, world.unit_c],
        successors=[successor],
    )
    page.goto(f"{live_server.url}/units/SO-B/")  # type: ignore[attr-defined]
    expect(page.get_by_role("heading", level=1)).to_have_text("Sở Tài nguyên và Môi trường tỉnh Bắc Ninh")
    expect(page.get_by_text("Đơn vị hoạt động đến hết ngày 30/06/2025.")).to_be_visible()
    assert_accessible(page)
    page.locator("section").filter(has_text="Các đơn vị kế thừa").get_by_role(
        "link", name="Sở Nông nghiệp và Môi trường tỉnh Bắc Cà"
    ).last.click()
    expect(page).to_have_url(f"{live_server.url}/units/SO-BC/")  # type: ignore[attr-defined]
    expect(page.get_by_role("heading", name="Các đơn vị tiền thân")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("listitem").filter(has_text="Cà Mau").get_by_role("link").last.click()
    expect(page).to_have_url(f"{live_server.url}/units/SO-C/")  # type: ignore[attr-defined]
    expect(page.get_by_role("heading", level=1)).to_have_text("Sở Tài nguyên và Môi trường tỉnh Cà Mau")
    assert_stayed_on(live_server.url, requests_seen)  # type: ignore[attr-defined]
