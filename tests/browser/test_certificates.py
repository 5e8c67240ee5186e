"""A visitor scans a certificate's QR code on a phone (390×844) and reads its verification page in
Vietnamese; then types an altered code by hand and is told it does not exist. axe-core finds nothing
serious."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.certificates.conftest import decide
from tests.factories import build_world
from thidua.certificates import services, verification
from thidua.certificates.models import Certificate


def _serious(page: object) -> list[dict[str, object]]:
    results = Axe().run(page)
    return [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_verification_page_on_a_phone(
    page: object, live_server: object, settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    decided = decide(build_world())
    services.generate_certificates(actor=None, decision=decided.decision)
    certificate = Certificate.objects.get(conferral=decided.person_award)
    base = live_server.url  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 390, "height": 844})  # type: ignore[attr-defined]
    # The QR code's URL, with the configured site address replaced by the test server's.
    url = services.verify_url(certificate.code).replace(settings.SITE_URL, base)  # type: ignore[attr-defined]
    page.goto(url)  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Xác minh bằng, giấy chứng nhận"  # type: ignore[attr-defined]
    status = page.locator("p[role=status]").inner_text()  # type: ignore[attr-defined]
    assert status.startswith("Còn hiệu lực.")
    listing = page.locator("dl").inner_text()  # type: ignore[attr-defined]
    assert "Trần Thị Bình" in listing
    assert "Bằng khen của Bộ trưởng Bộ Thử nghiệm" in listing
    assert "Số 123/QĐ-BTN ngày 10/03/2019" in listing
    assert certificate.content_hash in listing
    width = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert width <= 390  # nothing runs off a phone's screen, the 64-digit hash included
    assert _serious(page) == []
    page.click("text=Xác minh mã khác")  # type: ignore[attr-defined]
    code = certificate.code
    altered = code[:-1] + ("0" if code[-1] != "0" else "1")
    page.fill("#ma", verification.display(altered))  # type: ignore[attr-defined]
    page.click("button:has-text('Xác minh')")  # type: ignore[attr-defined]
    assert "Không có bằng, giấy chứng nhận nào mang mã" in page.locator("[role=alert]").inner_text()  # type: ignore[attr-defined]
    assert _serious(page) == []
