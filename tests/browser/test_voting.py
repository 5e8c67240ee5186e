"""Browser: an in-room session. The leader shows the projector page (QR code, short code, live
turnout); a delegate on a phone (390×844) types the short code and the credential, ticks a unit and
gets a receipt; after the close the receipt is on the public bulletin board. axe-core clean."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.factories import PASSWORD, World
from tests.voting.conftest import make_selection
from thidua.voting import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _assert_accessible(page: Page) -> None:
    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    )
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in bad]


def test_in_room_session_on_a_phone(
    page: Page, browser: Browser, live_server: object, world: World, tmp_path: Path
) -> None:
    base = str(live_server)
    sel = make_selection(world, seats=1, voters=3)
    session = sel.session
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(world.cluster_leader.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{base}/bo-phieu/{session.pk}/may-chieu/")
    expect(page.locator(".qr svg")).to_be_visible()
    expect(page.locator(".short-code")).to_have_text(session.short_code)
    expect(page.locator("#turnout")).to_contain_text("0/3")
    _assert_accessible(page)

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="vi-VN")
    voter = phone.new_page()
    voter.goto(f"{base}/bo-phieu/phieu/")
    voter.get_by_label("Mã phiên").fill(session.short_code.lower())
    voter.get_by_role("button", name="Tiếp tục").click()
    expect(voter.get_by_role("heading", level=1)).to_have_text(session.title)
    _assert_accessible(voter)
    voter.get_by_label("Mã bỏ phiếu của bạn").fill("SAI0-SAI0-SAI0")
    voter.get_by_label(world.unit_b.name).check()
    voter.get_by_role("button", name="Bỏ phiếu").click()
    expect(voter.get_by_role("alert")).to_have_text("Mã bỏ phiếu không đúng.")
    voter.get_by_label("Mã bỏ phiếu của bạn").fill(sel.credentials[0])
    voter.get_by_label(world.unit_b.name).check()
    voter.get_by_role("button", name="Bỏ phiếu").click()
    expect(voter.get_by_role("heading", level=1)).to_have_text("Đã nhận phiếu của bạn")
    receipt = voter.locator(".short-code").inner_text()
    _assert_accessible(voter)
    voter.screenshot(path=str(tmp_path / "phone-receipt.png"))

    # the projector's turnout follows (htmx every 5 s), without results
    expect(page.locator("#turnout")).to_contain_text("1/3", timeout=12_000)
    page.screenshot(path=str(tmp_path / "projector.png"))
    services.close_session(actor=world.cluster_leader, session=session, present=3)
    voter.goto(f"{base}/bo-phieu/{session.pk}/bang-cong-khai/")
    expect(voter.get_by_role("cell", name=receipt)).to_be_visible()
    expect(voter.get_by_role("cell", name=world.unit_b.name)).to_be_visible()
    _assert_accessible(voter)
    phone.close()
