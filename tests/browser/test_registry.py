"""An officer opens a person's timeline and eligibility page in Vietnamese; axe finds nothing serious."""

from __future__ import annotations

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client

from tests.factories import build_world, make_person
from thidua.awards import services


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_reads_timeline_and_eligibility(page: object, live_server: object) -> None:
    world = build_world()
    person = make_person(unit=world.unit_b, full_name="Phạm Thị Hạnh")
    decision = services.record_decision(
        actor=None,
        number="5/QĐ-STNMT",
        date=datetime.date(2025, 1, 15),
        authority="Giám đốc Sở B",
    )
    for year in (2023, 2024):
        services.record_year(actor=None, subject=person, year=year, rating="HTXSNV")
        services.confer(actor=None, subject=person, year=year, code="LDTT", decision=decision)
    base = live_server.url  # type: ignore[attr-defined]
    client = Client()
    client.force_login(world.member_officer)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}])  # type: ignore[attr-defined]
    page.goto(f"{base}/awards/people/{person.pk}/")  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Sổ khen thưởng: Phạm Thị Hạnh"  # type: ignore[attr-defined]
    assert "QĐ số 5/QĐ-STNMT ngày 15/01/2025" in page.content()  # type: ignore[attr-defined]
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    page.click("text=Xét điều kiện khen thưởng")  # type: ignore[attr-defined]
    # The page opens on the latest year with data (2024), not the calendar year (issue 12).
    assert page.input_value("#year") == "2024"  # type: ignore[attr-defined]
    page.select_option("#target", "LDTT")  # type: ignore[attr-defined]
    page.fill("#year", "2026")  # type: ignore[attr-defined]
    page.click("button:has-text('Xét')")  # type: ignore[attr-defined]
    assert "Chưa đủ dữ liệu để kết luận" in page.locator("#verdict-heading").inner_text()  # type: ignore[attr-defined]
    assert page.locator("td span.unknown").count() == 4  # type: ignore[attr-defined]
    assert "Không đạt" not in page.content()  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 390, "height": 844})  # type: ignore[attr-defined]
    # the page's script makes the now-scrolling tables focusable on the resize
    page.wait_for_selector(".table-wrap.is-scrollable[tabindex='0']")  # type: ignore[attr-defined]
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    page.set_viewport_size({"width": 1366, "height": 768})  # type: ignore[attr-defined]
    page.fill("#year", "2024")  # type: ignore[attr-defined]
    page.click("button:has-text('Xét')")  # type: ignore[attr-defined]
    assert "Lao động tiên tiến năm 2024: Đủ điều kiện" in page.locator("#verdict-heading").inner_text()  # type: ignore[attr-defined]
    assert "Điều 24, khoản 1" in page.content()  # type: ignore[attr-defined]
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
