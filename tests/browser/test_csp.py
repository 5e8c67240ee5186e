"""No page breaks its own Content Security Policy (a refused inline style or script shows up as a
console error in Chromium)."""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, Page

from tests.factories import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_and_officer_pages_raise_no_csp_console_error(
    page: Page, live_server: object, world: World
) -> None:
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    base = live_server.url  # type: ignore[attr-defined]
    for path in ("/", "/clusters/", f"/clusters/{world.cluster.pk}/", "/units/", "/accounts/login/"):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
    page.get_by_label("Tên đăng nhập").fill(world.member_officer.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("networkidle")
    assert [e for e in errors if "Content Security Policy" in e or "Refused" in e] == []
