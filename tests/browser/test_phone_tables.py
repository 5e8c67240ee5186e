"""Issue 12 items 6 and 7: wide tables scroll inside a focusable box at phone width with a hint,
and a destructive action asks first."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation import assert_accessible
from tests.factories import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_a_wide_table_scrolls_in_its_box_on_a_phone(page: Page, live_server: object, world: World) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    base = live_server.url  # type: ignore[attr-defined]
    _login(page, base, world.ministry_officer.username)
    page.goto(f"{base}/clusters/{world.cluster.pk}/manage/?year=2018")
    # the template puts this table in no box: the page's script did
    box = page.locator(".table-wrap").first
    expect(box.locator("table")).to_have_count(1)
    expect(box).to_have_class("table-wrap")
    # a cell that cannot wrap makes it wider than the phone (as a long criteria table is)
    page.evaluate(
        "document.querySelector('.table-wrap td').textContent = 'Sở_Nông_nghiệp_và_Môi_trường_'.repeat(6);"
        "fitTables(document);"
    )
    expect(box).to_have_class("table-wrap is-scrollable")
    expect(box).to_have_attribute("tabindex", "0")
    expect(page.locator(".scroll-hint").first).to_have_text("Vuốt ngang để xem hết bảng →")
    # the box stays within the phone's width; its table scrolls inside it
    assert box.evaluate("b => b.clientWidth") <= 390 < box.evaluate("b => b.scrollWidth")
    assert_accessible(page)


def test_removing_a_member_asks_first(page: Page, live_server: object, world: World) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    _login(page, base, world.ministry_officer.username)
    page.goto(f"{base}/clusters/{world.cluster.pk}/manage/?year=2018")
    rows = page.locator("tbody tr")
    before = rows.count()
    messages: list[str] = []

    def dismiss(dialog: object) -> None:
        messages.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    page.remove_listener("dialog", page.accept_dialogs)  # type: ignore[attr-defined]
    page.once("dialog", dismiss)
    page.get_by_role("button", name=f"Bỏ {world.unit_c.name}").click()
    assert messages == [f"Bỏ {world.unit_c.name} khỏi {world.cluster.name} năm 2018?"]
    expect(rows).to_have_count(before)
