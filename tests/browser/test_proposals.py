"""Browser: the chain from a cluster's selection to an issued decision. The leader builds the dossier
from the closed selection vote, records the reasoned decision the engine asks for and sends it; the
ministry officer puts it on the council's agenda, opens the secret vote (members vote with their
one-time codes), closes it, writes the minutes, drafts and issues the decision; a visitor on a phone
finds it on the public register without diacritics. axe-core clean on every page."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.certificates.qr import qr_carries
from tests.factories import PASSWORD, World
from tests.proposals.conftest import closed_selection
from thidua.awards.models import Conferral
from thidua.certificates.layouts import default_layout
from thidua.certificates.models import Certificate
from thidua.certificates.services import verify_url
from thidua.proposals.models import AwardDecision, CouncilSession, Dossier
from thidua.voting import services as voting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _assert_accessible(page: Page) -> None:
    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    )
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in bad]


def _login(browser: Browser, base: str, username: str, **context: object) -> Page:
    page = browser.new_context(locale="vi-VN", **context).new_page()  # type: ignore[arg-type]
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    return page


def test_from_a_selection_to_a_verified_certificate(
    browser: Browser, live_server: object, world: World, tmp_path: Path, settings: object
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")  # type: ignore[attr-defined]
    base = str(live_server)
    selection = closed_selection(world)

    # the leader: from the menu to a new dossier of the cluster, picked by name
    leader = _login(browser, base, world.cluster_leader.username, viewport={"width": 1366, "height": 768})
    leader.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Đề nghị khen thưởng"
    ).click()
    expect(leader.get_by_role("heading", level=1)).to_have_text("Hồ sơ đề nghị khen thưởng")
    leader.get_by_text("Lập hồ sơ mới").click()
    leader.get_by_label("Hồ sơ của").select_option(label=world.cluster.name)
    leader.get_by_label("Gửi đến (cấp quyết định)").select_option(label=world.ministry.name)
    leader.get_by_label("Năm thành tích").fill("2018")
    leader.get_by_label("Tên hồ sơ").fill("Đề nghị khen thưởng năm 2018 của Cụm thi đua số 1")
    leader.get_by_role("button", name="Lập hồ sơ").click()
    expect(leader.get_by_role("heading", level=1)).to_have_text(
        "Đề nghị khen thưởng năm 2018 của Cụm thi đua số 1"
    )
    dossier = Dossier.objects.get()
    assert (dossier.sender, dossier.authority, dossier.cluster) == (
        world.unit_a,
        world.ministry,
        world.cluster,
    )

    # entries from the selection, a reasoned decision where the engine asks for one, send
    leader.get_by_label("Kết quả bình xét, suy tôn của cụm").select_option(str(selection.pk))
    leader.get_by_label("Hình thức đề nghị").select_option("BK_BO")
    leader.get_by_role("button", name="Thêm các đơn vị được suy tôn").click()
    expect(leader.get_by_role("cell", name=world.unit_a.name, exact=True)).to_be_visible()
    entry = Dossier.objects.get(pk=dossier.pk).entries.get()
    if entry.verdict != "eligible":
        leader.get_by_label("Lý do").fill("Cụm suy tôn 10/10 phiếu; chờ quy định của Bộ.")
        leader.get_by_role("button", name="Ghi quyết định").click()
        expect(leader.get_by_text("Chấp nhận đề nghị: Cụm suy tôn 10/10 phiếu")).to_be_visible()
    _assert_accessible(leader)
    leader.get_by_role("button", name=f"Gửi hồ sơ đến {world.ministry.name}").click()
    expect(leader.get_by_text("Đã gửi hồ sơ.")).to_be_visible()
    expect(leader.get_by_role("listitem").filter(has_text="Đã gửi")).to_be_visible()

    # the ministry officer: the council session, set up on its page
    officer = _login(browser, base, world.ministry_officer.username, viewport={"width": 1366, "height": 768})
    officer.goto(f"{base}/khen-thuong/hoi-dong/")
    officer.locator("summary", has_text="Tạo phiên họp").click()
    officer.get_by_label("Cơ quan").select_option(label=world.ministry.name)
    officer.get_by_label("Năm thành tích xét").fill("2018")
    officer.get_by_label("Tên phiên họp").fill(
        "Phiên họp Hội đồng Thi đua – Khen thưởng xét khen thưởng năm 2018"
    )
    officer.get_by_label("Ngày họp (dd/mm/yyyy)").fill("10/01/2019")
    officer.get_by_label("Chủ trì").fill("Nguyễn Văn Chủ")
    officer.get_by_label("Thư ký").fill("Trần Thư Ký")
    officer.get_by_label("Thành viên (mỗi dòng một người)").fill(
        "\n".join(f"Thành viên {i}" for i in range(1, 11))
    )
    officer.get_by_role("button", name="Tạo phiên họp").click()
    council = CouncilSession.objects.get()
    expect(officer.get_by_role("heading", level=1)).to_have_text(council.title)
    officer.get_by_role("button", name="Đưa các hồ sơ đã gửi vào chương trình").click()
    expect(officer.get_by_text("Đã đưa 1 hồ sơ vào chương trình họp.")).to_be_visible()
    officer.get_by_role("button", name="Mở biểu quyết (cấp mã cho thành viên)").click()
    expect(officer.get_by_role("heading", level=1)).to_contain_text("Mã biểu quyết")
    codes = officer.locator("td code").all_inner_texts()
    assert len(codes) == 10
    vote = CouncilSession.objects.get(pk=council.pk).vote
    assert vote is not None
    for code in codes:
        voting.cast_ballot(session=vote, credential=code, choices=["c1"])
    officer.goto(f"{base}/khen-thuong/hoi-dong/{council.pk}/")
    officer.get_by_role("button", name="Kết thúc biểu quyết").click()
    expect(officer.get_by_role("cell", name="Đề nghị khen thưởng")).to_be_visible()
    officer.get_by_label("Kết luận của phiên họp").fill("Hội đồng thống nhất trình Bộ trưởng quyết định.")
    officer.get_by_role("button", name="Ghi biên bản").click()
    expect(officer.get_by_text("Đã có biên bản")).to_be_visible()
    _assert_accessible(officer)

    # the decision: drafted from the dossier, issued with the next number
    officer.goto(f"{base}/khen-thuong/quyet-dinh/")
    officer.get_by_text("Dự thảo quyết định từ hồ sơ").click()
    officer.get_by_label("Cơ quan ban hành").select_option(label=world.ministry.name)
    officer.get_by_label("Người có thẩm quyền quyết định").fill("Bộ trưởng Bộ Thử nghiệm")
    officer.get_by_label("Năm thành tích").fill("2018")
    officer.get_by_label("Trích yếu").fill("Về việc tặng Bằng khen của Bộ trưởng năm 2018")
    officer.get_by_label("Ký hiệu (ví dụ QĐ-BTNMT)").fill("QĐ-BTN")
    officer.get_by_role(
        "checkbox", name=re.compile(r"Đề nghị khen thưởng năm 2018 của Cụm thi đua số 1 — ")
    ).check()
    officer.get_by_label("Căn cứ (mỗi dòng một căn cứ)").fill("Căn cứ Luật Thi đua, Khen thưởng;")
    officer.get_by_role("button", name="Lập dự thảo").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Dự thảo quyết định")
    officer.get_by_label("Ngày ký (dd/mm/yyyy)").fill("18/01/2019")
    officer.get_by_role("textbox", name="Người ký:", exact=True).fill("Trần Văn Ký")
    officer.get_by_label("Chức vụ người ký").fill("BỘ TRƯỞNG")
    officer.once("dialog", lambda dialog: dialog.accept())
    officer.get_by_role("button", name="Ban hành và ghi sổ khen thưởng").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Quyết định số 1/QĐ-BTN")
    expect(officer.get_by_role("cell", name="Đã ghi")).to_be_visible()
    _assert_accessible(officer)
    decision = AwardDecision.objects.get()
    assert Conferral.objects.get(record__unit=world.unit_a).decision == decision.registry

    # the certificates: printed as a background job, the ZIP and the unit's own file downloaded
    officer.get_by_role("link", name="In bằng, giấy chứng nhận").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text(
        "Bằng, giấy chứng nhận theo Quyết định số 1/QĐ-BTN"
    )
    officer.get_by_role("button", name="In bằng, giấy chứng nhận (chạy nền)").click()
    expect(officer.get_by_text("Đã in 1 bằng, giấy chứng nhận (1 mới, 0 in lại).")).to_be_visible()
    _assert_accessible(officer)
    with officer.expect_download() as zipped:
        officer.get_by_role("link", name="Mở kết quả").click()
    with zipfile.ZipFile(zipped.value.path()) as archive:
        names = archive.namelist()
    certificate = Certificate.objects.get(conferral__record__unit=world.unit_a)
    assert names == [f"0001-so-tai-nguyen-va-moi-truong-tinh-an-giang-{certificate.code}.pdf"]
    officer.go_back()
    officer.goto(f"{base}/chung-nhan/quyet-dinh/{decision.registry_id}/")
    with officer.expect_download() as printed:
        officer.get_by_role("link", name=f"Tải bằng in trên phôi của {world.unit_a.name} (PDF)").click()
    text = "".join(p.extract_text() for p in PdfReader(printed.value.path()).pages)
    printed_code = re.search(r"Mã xác minh: ([0-9A-Z]{6}-[0-9A-Z]{6}-[0-9A-Z]{6})", text)
    assert printed_code is not None
    assert printed_code[1] == certificate.display_code
    assert certificate.content_hash in text.replace("\n", "")

    # the QR printed on the file carries the verification URL (read back from the page's pixels)
    qr = default_layout(certificate.blank_kind)["fields"]["qr"]
    url = verify_url(certificate.code)
    assert qr_carries(Path(printed.value.path()), url, x_mm=qr["x"], y_mm=qr["y"], size_mm=qr["size"])

    # the recipient scans the QR code on a phone: the verification page, in Vietnamese
    scanner = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, locale="vi-VN"
    ).new_page()
    scanner.goto(url.replace(settings.SITE_URL, base))  # type: ignore[attr-defined]
    expect(scanner.get_by_role("heading", level=1)).to_have_text("Xác minh bằng, giấy chứng nhận")
    expect(scanner.get_by_role("status")).to_contain_text("Còn hiệu lực.")
    listing = scanner.locator("dl").inner_text()
    assert world.unit_a.name in listing
    assert "Số 1/QĐ-BTN ngày 18/01/2019" in listing
    assert scanner.evaluate("document.documentElement.scrollWidth") <= 390
    _assert_accessible(scanner)
    scanner.screenshot(path=str(tmp_path / "verification-phone.png"))

    # a visitor on a phone: the public register, searched without diacritics
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, locale="vi-VN"
    ).new_page()
    phone.goto(f"{base}/khen-thuong/cong-bo/")
    phone.get_by_label("Tìm (tên, số quyết định; gõ có dấu hoặc không dấu)").fill("so tai nguyen an giang")
    phone.locator("main").get_by_role("button", name="Tìm").click()
    phone.get_by_role("link", name="Số 1/QĐ-BTN").click()
    expect(phone.get_by_role("cell", name=world.unit_a.name)).to_be_visible()
    _assert_accessible(phone)
    phone.screenshot(path=str(tmp_path / "public-decision-phone.png"))
