"""Browser flows of the news portal (Chromium via Playwright), with axe-core on every public page."""

from __future__ import annotations

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, build_world, make_user
from thidua.accounts.enums import Role
from thidua.news import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _axe_ok(page: Page) -> None:
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert serious == [], [(v["id"], [n["html"] for n in v["nodes"]][:3]) for v in serious]


def _login(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")


@pytest.fixture
def site(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    world = build_world()
    editor = make_user("bientap", (Role.EDITOR, world.ministry))
    chief = make_user("truongbientap", (Role.CHIEF_EDITOR, world.ministry))
    article = services.create_article(
        actor=editor,
        unit=world.ministry,
        data=services.ArticleInput(
            title="Cụm thi đua số 1 ký giao ước tại Hải Dương",
            summary="Mười sở ký giao ước thi đua năm 2018.",
            body="<p>Hội nghị diễn ra tại thành phố <strong>Hải Dương</strong>.</p>",
            category=services.create_category(actor=editor, name="Hoạt động"),
            tag_names=["Giao ước"],
        ),
    )
    services.submit_article_for_review(actor=editor, article=article)
    services.publish_article(
        actor=chief, article=article, published_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    entry = services.create_honour_entry(
        actor=editor,
        kind="collective",
        display_name="Sở Tài nguyên và Môi trường Hà Nội",
        unit=world.ministry,
        year=2018,
        achievement="Trưởng cụm năm 2018.",
    )
    services.record_honour_consent(
        actor=editor,
        entry=entry,
        given_by="Lãnh đạo Sở",
        given_on=datetime.date(2018, 4, 1),
        method="unit_decision",
    )
    services.publish_honour_entry(actor=editor, entry=entry)
    article.refresh_from_db()
    return {"world": world, "editor": editor, "chief": chief, "article": article}


def test_editor_writes_an_article_with_an_image_and_the_chief_editor_publishes(
    page: Page, live_server, site, tmp_path
):
    _login(page, live_server, "bientap")
    page.goto(f"{live_server.url}/bien-tap/")
    page.get_by_role("link", name="Viết tin bài mới").click()
    page.select_option("#id_unit", label="Bộ Thử nghiệm")
    page.fill("#id_title", "Tổng kết năm ở Bắc Ninh")
    page.fill("#id_summary", "Các sở tổng kết phong trào thi đua.")
    editor_area = page.locator(".richtext-area")
    editor_area.click()
    page.keyboard.type("Nội dung bài viết ")
    page.get_by_role("button", name="Đậm").click()
    page.keyboard.type("quan trọng")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu bản nháp.")
    picture = tmp_path / "anh.png"
    Image.new("RGB", (320, 200), (163, 22, 26)).save(picture)
    page.set_input_files("#id_image", str(picture))
    page.fill("#id_caption", "Quang cảnh hội nghị tổng kết")
    page.get_by_role("button", name="Tải ảnh lên").click()
    expect(page.locator(".messages")).to_contain_text("Đã thêm ảnh.")
    page.locator(".richtext-area").click()
    page.keyboard.press("End")
    page.get_by_role("button", name="Chèn vào nội dung").click()
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu tin bài")
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page.locator("main")).to_contain_text("Tin bài đang chờ Trưởng ban biên tập duyệt và xuất bản.")
    expect(page.get_by_role("button", name="Xuất bản")).to_have_count(0)
    page.get_by_role("button", name=re.compile("Đăng xuất")).click()
    _login(page, live_server, "truongbientap")
    page.get_by_role("link", name="Biên tập tin bài").click()
    _axe_ok(page)
    page.get_by_role("link", name="Tổng kết năm ở Bắc Ninh").first.click()
    page.get_by_role("button", name="Xuất bản").click()
    expect(page.locator(".messages")).to_contain_text("Đã xuất bản tin bài.")
    page.get_by_role("link", name="Trang công khai").click()
    expect(page.locator("h1")).to_have_text("Tổng kết năm ở Bắc Ninh")
    expect(page.locator(".news-body strong, .news-body b")).to_have_text("quan trọng")
    expect(page.locator("figure img").first).to_have_attribute("alt", "Quang cảnh hội nghị tổng kết")
    assert page.evaluate("document.querySelector('figure img').naturalWidth") == 320
    body_picture = page.locator(".news-body figure img")
    expect(body_picture).to_have_attribute("alt", "Quang cảnh hội nghị tổng kết")
    assert body_picture.evaluate("el => el.naturalWidth") == 320


def test_an_edit_waits_for_the_second_editor_who_compares_and_approves(
    page: Page, live_server, site, tmp_path
):
    article = site["article"]
    public_url = f"{live_server.url}/tin-bai/{article.slug}/"
    _login(page, live_server, "bientap")
    page.goto(f"{live_server.url}/bien-tap/tin-bai/{article.pk}/")
    page.fill("#id_title", "Cụm thi đua số 1 ký giao ước tại Hải Phòng")
    page.locator(".richtext-area").click()
    page.keyboard.press("End")
    page.keyboard.type(" Có mười sở tham dự.")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu bản sửa, đang chờ duyệt.")
    expect(page.locator("main")).to_contain_text("Có bản sửa đang chờ duyệt")
    page.goto(public_url)
    expect(page.locator("h1")).to_have_text("Cụm thi đua số 1 ký giao ước tại Hải Dương")
    expect(page.locator("main")).not_to_contain_text("Có mười sở tham dự.")
    page.goto(f"{live_server.url}/bien-tap/tin-bai/{article.pk}/ban-sua/")
    expect(page.get_by_role("button", name="Duyệt và đăng bản sửa")).to_have_count(0)  # not one's own
    page.get_by_role("button", name=re.compile("Đăng xuất")).click()

    _login(page, live_server, "truongbientap")
    page.goto(f"{live_server.url}/bien-tap/")
    expect(page.locator("#ed-review + ul")).to_contain_text("Bản sửa tin đang đăng")
    page.get_by_role("link", name="Cụm thi đua số 1 ký giao ước tại Hải Dương").first.click()
    expect(page.locator("h1")).to_have_text("So sánh bản sửa với bản đang đăng")
    expect(page.locator(".diff-table del").first).to_contain_text("Dương")
    expect(page.locator(".diff-table ins").first).to_contain_text("Phòng")
    expect(page.locator(".diff-body ins")).to_contain_text("mười sở tham dự.")
    _axe_ok(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(tmp_path / "news-revision-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.screenshot(path=str(tmp_path / "news-revision-laptop.png"), full_page=True)
    page.goto(public_url)
    expect(page.locator("h1")).to_have_text("Cụm thi đua số 1 ký giao ước tại Hải Dương")
    page.goto(f"{live_server.url}/bien-tap/tin-bai/{article.pk}/ban-sua/")
    page.get_by_role("button", name="Duyệt và đăng bản sửa").click()
    expect(page.locator(".messages")).to_contain_text("Đã duyệt bản sửa")
    page.goto(public_url)
    expect(page.locator("h1")).to_have_text("Cụm thi đua số 1 ký giao ước tại Hải Phòng")
    expect(page.locator("main")).to_contain_text("Có mười sở tham dự.")
    _axe_ok(page)


def test_visitor_font_size_read_aloud_and_search(page: Page, live_server, site):
    article = site["article"]
    page.goto(f"{live_server.url}/tin-bai/{article.slug}/")
    body = page.locator("#news-text")
    before = float(body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    larger = float(body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))
    assert larger > before
    page.reload()
    assert float(body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) == larger
    page.get_by_role("button", name="Đọc bài viết").click()
    audio = page.locator("#news-audio")
    expect(audio).to_have_attribute("src", f"/tin-bai/{article.slug}/doc-bai.wav")
    page.wait_for_function(
        "() => { const a = document.getElementById('news-audio'); return a.currentTime > 0 || a.ended; }",
        timeout=10000,
    )
    assert page.evaluate("document.getElementById('news-audio').duration") > 1
    page.goto(f"{live_server.url}/")
    page.fill("#news-q", "hai duong")
    page.locator("main").get_by_role("button", name="Tìm").click()
    expect(page.locator("main")).to_contain_text("Tìm thấy 1 tin bài")
    expect(page.get_by_role("link", name=re.compile("Hải Dương"))).to_be_visible()


def test_public_pages_have_no_serious_accessibility_violation(page: Page, live_server, site):
    article = site["article"]
    for path in [
        "/",
        f"/tin-bai/{article.slug}/",
        "/chuyen-muc/hoat-dong/",
        "/the/giao-uoc/",
        "/tin-bai/tim-kiem/?q=hai+duong",
        "/guong-dien-hinh/",
    ]:
        page.goto(f"{live_server.url}{path}")
        _axe_ok(page)
