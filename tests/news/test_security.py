"""Stored XSS in every field, non-image uploads, and who may write."""

from __future__ import annotations

import datetime
import json
from xml.etree import ElementTree

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from tests.factories import make_user
from tests.news.conftest import article_input, dangerous_markup, png_bytes
from thidua.accounts.enums import Role
from thidua.core.errors import Forbidden, InvalidInput
from thidua.core.models import AuditEntry
from thidua.news import services
from thidua.news.enums import ConsentMethod, HonourKind
from thidua.news.models import Article, ArticleImage, ArticleRevision, HonourEntry

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">bấm</a>',
    '<a href="JaVaScRiPt:alert(1)">bấm</a>',
    '<a href="java\tscript:alert(1)">bấm</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">bấm</a>',
    '<p style="width: expression(alert(1))">x</p>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<iframe src="javascript:alert(1)"></iframe>',
    "<body onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)//",
    "<details open ontoggle=alert(1)>",
    '<object data="javascript:alert(1)"></object>',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<input autofocus onfocus=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "<style>@import 'javascript:alert(1)';</style>",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitiser_leaves_nothing_executable(payload):
    assert dangerous_markup(services.sanitize_html(payload + "<p>chữ</p>")) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xss_in_every_article_field_is_neutralised_on_page_feeds_and_api(client, world, editor, payload):
    article = services.create_article(
        actor=editor,
        unit=world.ministry,
        data=article_input(
            title=f"Tiêu đề {payload}"[:300],
            summary=f"Tóm tắt {payload}",
            body=f"<p>Nội dung</p>{payload}",
            tag_names=[f"thẻ {payload}"[:80]],
            byline=f"Tác giả {payload}"[:150],
        ),
    )
    services.add_article_image(
        actor=editor,
        article=article,
        data=png_bytes(),
        caption=f"Ảnh {payload}"[:300],
        credit=f"Chụp {payload}"[:150],
    )
    services.submit_article_for_review(actor=editor, article=article)
    services.publish_article(
        actor=make_user("truongbientap", (Role.CHIEF_EDITOR, world.ministry)), article=article
    )
    article.refresh_from_db()
    pages = [
        reverse("news:home"),
        reverse("news:article_detail", args=[article.slug]),
        reverse("news:search") + "?q=noi+dung",
        reverse("news:tag_detail", args=[article.tags.get().slug]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert dangerous_markup(response.content.decode()) == [], url
    for url in (reverse("news:feed_rss"), reverse("news:feed_atom")):
        root = ElementTree.fromstring(client.get(url).content)  # noqa: S314  (our own feed)
        texts = [
            el.text or ""
            for el in root.iter()
            if el.tag.split("}")[-1] in {"title", "description", "summary", "category"}
        ]
        assert len(texts) >= 3
        for text in texts:  # what a feed reader would render as HTML after unescaping the XML once
            assert dangerous_markup(text) == [], text
    data = client.get(f"/api/v1/articles/{article.slug}").json()
    assert dangerous_markup(data["body"]) == []


@pytest.mark.parametrize("payload", PAYLOADS[:8])
def test_xss_in_honour_entry_is_neutralised(client, world, editor, payload):
    entry = services.create_honour_entry(
        actor=editor,
        kind=HonourKind.PERSON,
        display_name=f"Tên {payload}"[:200],
        unit=world.ministry,
        year=2018,
        achievement=f"Thành tích {payload}",
    )
    services.record_honour_consent(
        actor=editor,
        entry=entry,
        given_by=f"Người {payload}"[:200],
        given_on=datetime.date(2018, 4, 1),
        method=ConsentMethod.WRITTEN,
        note=payload[:300],
    )
    services.publish_honour_entry(actor=editor, entry=entry)
    for url in (reverse("news:honour_board"), reverse("news:home")):
        assert dangerous_markup(client.get(url).content.decode()) == []


def test_body_keeps_what_an_office_worker_writes():
    word_paste = (
        '<p class=MsoNormal style="margin:0"><b>Đậm</b> <i>nghiêng</i><o:p></o:p></p>'
        "<!--[if gte mso 9]><xml>w</xml><![endif]-->"
        '<h1>Tiêu đề lớn</h1><h2>Mục</h2><ul><li>một</li></ul><ol start="3"><li>ba</li></ol>'
        '<a href="https://thidua.example/">liên kết</a><img src="/tin-bai/anh/7/" alt="ảnh"><p>&nbsp;</p>'
    )
    assert services.sanitize_html(word_paste) == (
        '<p><b>Đậm</b> <i>nghiêng</i></p>Tiêu đề lớn<h2>Mục</h2><ul><li>một</li></ul><ol start="3"><li>ba</li></ol>'
        '<a href="https://thidua.example/" rel="noopener noreferrer">liên kết</a><img src="/tin-bai/anh/7/" alt="ảnh">'
    )


# --- images -------------------------------------------------------------------------------------


def _truncated_png() -> bytes:
    return png_bytes((400, 300))[:-40]


def _polyglot_gif() -> bytes:
    return b"GIF89a\x01\x00\x01\x00\x00\x00\x00;<script>alert(1)</script>"


def _png_with_trailing_html() -> bytes:
    return png_bytes() + b"<html><body>hi</body></html>"


def _jpeg_with_zip_tail() -> bytes:
    return png_bytes(exif=True) + b"PK\x03\x04" + b"\x00" * 30


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Day la van ban, khong phai anh", "không phải là ảnh hợp lệ"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "không phải là ảnh hợp lệ"),
        (_truncated_png(), "không phải là ảnh hợp lệ"),
        (_polyglot_gif(), "Tệp có chứa mã lệnh"),
        (_png_with_trailing_html(), "Tệp có chứa mã lệnh"),
        (_jpeg_with_zip_tail(), "dữ liệu lạ sau phần ảnh"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "không phải là ảnh hợp lệ"),
        (b"", "tệp rỗng"),
        (b"\xff\xd8" + b"\x00" * (services.MAX_IMAGE_BYTES + 1), "Ảnh quá lớn"),
    ],
    ids=[
        "text-renamed-jpg",
        "png-header-only",
        "truncated-png",
        "gif-polyglot",
        "png-html-tail",
        "jpeg-zip-tail",
        "svg",
        "empty",
        "too-big",
    ],
)
def test_non_images_are_refused_and_nothing_is_stored(published, editor, data, message):
    with pytest.raises(InvalidInput, match=message):
        services.add_article_image(actor=editor, article=published, data=data, caption="Ảnh")
    assert ArticleImage.objects.count() == 0
    dirs, files = (
        default_storage.listdir("news/images") if default_storage.exists("news/images") else ([], [])
    )
    assert (dirs, files) == ([], [])


def test_upload_page_shows_the_vietnamese_message(client, published, editor):
    client.force_login(editor)
    upload = __import__("django.core.files.uploadedfile", fromlist=["x"]).SimpleUploadedFile(
        "anh.jpg", b"van ban doi ten thanh jpg", content_type="image/jpeg"
    )
    response = client.post(
        reverse("news:article_image_add", args=[published.pk]),
        {"image": upload, "caption": "Ảnh"},
        follow=True,
    )
    assert "Tệp tải lên không phải là ảnh hợp lệ" in response.content.decode()
    assert ArticleImage.objects.count() == 0


def test_images_are_resized_and_stripped_of_exif(published, editor):
    image = services.add_article_image(
        actor=editor,
        article=published,
        data=png_bytes((3200, 1600), exif=True),
        caption="Ảnh lớn",
        credit="Ban biên tập",
    )
    assert (image.width, image.height, image.content_type) == (1600, 800, "image/jpeg")
    stored = image.file.read()
    import io

    from PIL import Image as PILImage

    with PILImage.open(io.BytesIO(stored)) as reopened:
        assert dict(reopened.getexif()) == {}
    assert b"M\xc3\xa1y" not in stored
    assert b"Exif" not in stored


# --- who may write -------------------------------------------------------------------------------


def _state() -> tuple:
    return (
        list(Article.objects.order_by("pk").values_list("pk", "title", "status", "version", "published_at")),
        ArticleImage.objects.count(),
        list(HonourEntry.objects.values_list("pk", "status", "consent_given_by", "display_name")),
        list(ArticleRevision.objects.order_by("pk").values_list("pk", "state", "title", "images")),
        AuditEntry.objects.count(),
    )


WRITES = {
    "create": lambda u, w, a, e: services.create_article(
        actor=u, unit=w.ministry, data=article_input("Khác")
    ),
    "update": lambda u, w, a, e: services.update_article(actor=u, article=a, data=article_input("Sửa")),
    "submit": lambda u, w, a, e: services.submit_article_for_review(actor=u, article=a),
    "publish": lambda u, w, a, e: services.publish_article(actor=u, article=a),
    "return": lambda u, w, a, e: services.return_article_to_draft(actor=u, article=a, reason="x"),
    "image": lambda u, w, a, e: services.add_article_image(
        actor=u, article=a, data=png_bytes(), caption="Ảnh"
    ),
    "category": lambda u, w, a, e: services.create_category(actor=u, name="Chuyên mục mới"),
    "conference_draft": lambda u, w, a, e: services.draft_article_from_conference(
        actor=u, conference=__import__("tests.news.test_services", fromlist=["x"])._conference(w)
    ),
    "honour_create": lambda u, w, a, e: services.create_honour_entry(
        actor=u, kind="person", display_name="A", unit=w.ministry, year=2018, achievement="B"
    ),
    "honour_consent": lambda u, w, a, e: services.record_honour_consent(
        actor=u, entry=e, given_by="A", given_on=datetime.date(2018, 1, 1), method="written"
    ),
    "honour_publish": lambda u, w, a, e: services.publish_honour_entry(actor=u, entry=e),
    "honour_update": lambda u, w, a, e: services.update_honour_entry(
        actor=u, entry=e, kind="person", display_name="B", unit=w.ministry, year=2018, achievement="C"
    ),
    "honour_from_decision": lambda u, w, a, e: services.draft_honour_entries_from_source(
        actor=u, source=_OneRecipient(w.ministry)
    ),
    "image_remove": lambda u, w, a, e: services.remove_article_image(actor=u, image=a.images.get()),
    "revision_approve": lambda u, w, a, e: services.approve_article_revision(
        actor=u, revision=a.revisions.get(state="pending")
    ),
    "revision_withdraw": lambda u, w, a, e: services.withdraw_article_revision(
        actor=u, revision=a.revisions.get(state="pending")
    ),
}


class _OneRecipient:
    def __init__(self, unit):
        self.unit = unit

    def decision_reference(self) -> str:
        return "1/QĐ"

    def honour_candidates(self):
        return [services.HonourCandidate("person", "Nguyễn Văn A", self.unit, 2018, "Giỏi")]


@pytest.mark.parametrize(
    "persona", ["outsider", "member_officer", "cluster_leader", "ministry_officer", "council_member"]
)
@pytest.mark.parametrize("write", list(WRITES))
def test_every_write_path_refuses_non_editors_and_changes_nothing(
    world, editor, chief, make_article, persona, write
):
    article = make_article(state="review")
    if write.startswith(("revision_", "image_")):  # a published article with a picture and a pending edit
        services.add_article_image(actor=editor, article=article, data=png_bytes(), caption="Ảnh")
        services.publish_article(actor=chief, article=article)
        services.update_article(actor=editor, article=article, data=article_input("Bản sửa"))
    entry = services.create_honour_entry(
        actor=editor,
        kind="person",
        display_name="Nguyễn Văn A",
        unit=world.ministry,
        year=2018,
        achievement="Giỏi",
    )
    user = world.personas[persona]
    if write == "conference_draft":
        from tests.news.test_services import _conference

        conference = _conference(world)
        before = _state()
        with pytest.raises(Forbidden, match="Bạn không có quyền"):
            services.draft_article_from_conference(actor=user, conference=conference)
        assert _state() == before
        return
    before = _state()
    with pytest.raises(Forbidden, match="Bạn không có quyền"):
        WRITES[write](user, world, article, entry)
    assert _state() == before


def test_editor_of_another_unit_may_not_touch_the_ministrys_articles(world, make_article):
    other = make_user("bientap.b", (Role.EDITOR, world.unit_b))
    article = make_article(state="review")
    with pytest.raises(Forbidden):
        services.publish_article(actor=other, article=article)


@pytest.mark.parametrize("persona", ["outsider", "member_officer"])
def test_editor_pages_refuse_non_editors(client, world, make_article, persona):
    article = make_article(state="review")
    client.force_login(world.personas[persona])
    assert client.get(reverse("news:editor_home")).status_code == 403
    assert client.get(reverse("news:article_create")).status_code == 403
    response = client.post(
        reverse("news:article_create"), {"unit": world.ministry.pk, "title": "x", "summary": "y", "body": "z"}
    )
    assert response.status_code == 403
    assert client.get(reverse("news:article_edit", args=[article.pk])).status_code == 404
    client.post(reverse("news:article_publish", args=[article.pk]))
    article.refresh_from_db()
    assert article.status == "review"
    assert Article.objects.count() == 1


@pytest.mark.parametrize("persona", ["outsider", "member_officer"])
def test_api_writes_refuse_non_editors(client, world, make_article, persona):
    article = make_article(state="review")
    client.force_login(world.personas[persona])
    payload = {"unit_code": world.ministry.code, "title": "T", "summary": "S", "body": "<p>B</p>"}
    response = client.post("/api/v1/articles", json.dumps(payload), content_type="application/json")
    assert response.status_code == 403
    assert response.json()["message"] == "Bạn không có quyền thực hiện thao tác này."
    # An article in review is not public: "not found", exactly like a slug that does not exist. A
    # user without any role is refused every API write up front (403), for both alike: no leak either.
    not_found = (404, {"message": "Không tìm thấy.", "code": "not_found", "fields": {}})
    if persona == "outsider":
        not_found = (
            403,
            {"message": "Bạn không có quyền thực hiện thao tác này.", "code": "forbidden", "fields": {}},
        )
    response = client.post(f"/api/v1/articles/{article.slug}/publish", "{}", content_type="application/json")
    assert (response.status_code, response.json()) == not_found
    response = client.post("/api/v1/articles/khong-co-bai-nay/publish", "{}", content_type="application/json")
    assert (response.status_code, response.json()) == not_found
    response = client.post(f"/api/v1/articles/{article.slug}/submit")
    assert (response.status_code, response.json()) == not_found
    article.refresh_from_db()
    assert article.status == "review"
    assert Article.objects.count() == 1


@pytest.mark.parametrize("persona", ["outsider", "member_officer"])
def test_api_write_to_a_public_article_by_a_non_editor_is_403(client, world, published, persona):
    client.force_login(world.personas[persona])
    payload = {"title": "T", "summary": "S", "body": "<p>B</p>"}
    response = client.put(
        f"/api/v1/articles/{published.slug}", json.dumps(payload), content_type="application/json"
    )
    assert (response.status_code, response.json()["message"]) == (
        403,
        "Bạn không có quyền thực hiện thao tác này.",
    )
    published.refresh_from_db()
    assert published.title == "Hội nghị tại thành phố Hải Dương"


# --- honour board privacy -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "achievement",
    [
        "CCCD 001085012345 đã xác minh",
        "Liên hệ 0912 345 678",
        "Thư: an.nguyen@example.vn",
        "Sinh ngày 01/01/1980",
    ],
)
def test_honour_entry_refuses_personal_identifiers(world, editor, achievement):
    with pytest.raises(InvalidInput, match="Không được đưa thông tin cá nhân"):
        services.create_honour_entry(
            actor=editor,
            kind=HonourKind.PERSON,
            display_name="Nguyễn Văn An",
            unit=world.ministry,
            year=2018,
            achievement=achievement,
        )
    assert HonourEntry.objects.count() == 0


def test_honour_entry_needs_consent_before_publishing(client, world, editor):
    entry = services.create_honour_entry(
        actor=editor,
        kind=HonourKind.PERSON,
        display_name="Nguyễn Văn An",
        unit=world.ministry,
        year=2018,
        achievement="Hoàn thành xuất sắc nhiệm vụ.",
    )
    with pytest.raises(Exception, match="Chưa ghi nhận sự đồng ý"):
        services.publish_honour_entry(actor=editor, entry=entry)
    assert "Nguyễn Văn An" not in client.get(reverse("news:honour_board")).content.decode()
    services.record_honour_consent(
        actor=editor,
        entry=entry,
        given_by="Nguyễn Văn An",
        given_on=datetime.date(2018, 4, 1),
        method=ConsentMethod.WRITTEN,
        note="Đơn đồng ý ký tay",
    )
    services.publish_honour_entry(actor=editor, entry=entry)
    page = client.get(reverse("news:honour_board")).content.decode()
    assert "Nguyễn Văn An" in page
    assert "Hoàn thành xuất sắc nhiệm vụ." in page
    assert "Đơn đồng ý ký tay" not in page  # consent details stay with the editors


def test_the_audio_job_of_a_scheduled_article_is_shown_to_its_editors_only(client, world, editor):
    """Issue 14: the demo's scheduled article was published by the system (no job owner) and its
    title leaked through /jobs/<id>/ to the account without any role."""
    import datetime as dt

    from django.utils import timezone

    from thidua.news.models import ArticleAudio

    article = services.create_article(actor=editor, unit=world.ministry, data=article_input("Tin hẹn giờ"))
    services.submit_article_for_review(actor=None, article=article)
    services.publish_article(actor=None, article=article, published_at=timezone.now() + dt.timedelta(days=7))
    job = ArticleAudio.objects.get(article=article).progress
    assert (job.owner_id, job.subject_type, job.subject_id) == (None, "news.article", str(article.pk))
    client.force_login(world.outsider)
    response = client.get(f"/jobs/{job.pk}/")
    assert response.status_code == 404
    assert "Tin hẹn giờ" not in response.content.decode()
    client.force_login(world.member_officer)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    client.force_login(editor)
    assert "Tin hẹn giờ" in client.get(f"/jobs/{job.pk}/").content.decode()


def test_uploads_are_never_served_under_media_even_in_debug(client, settings, editor, make_article):
    """Issue 14: a draft's picture was public at /media/news/images/… in debug (the demo)."""
    import importlib

    from django.urls import clear_url_caches

    import thidua.urls

    article = make_article()
    image = services.add_article_image(actor=editor, article=article, data=png_bytes(), caption="Ảnh nháp")
    settings.DEBUG = True
    try:
        importlib.reload(thidua.urls)
        clear_url_caches()
        assert client.get(f"/media/{image.file.name}").status_code == 404
        assert client.get(reverse("news:article_image", args=[image.pk])).status_code == 404
    finally:
        settings.DEBUG = False
        importlib.reload(thidua.urls)
        clear_url_caches()


def test_a_5_mb_body_and_5000_tags_are_refused_and_nothing_stored(client, world, make_article, editor):
    """Issue 14 item 5: the body and the tags are bounded in the services every path goes through."""
    article = make_article(state="draft")
    client.force_login(editor)
    before = (Article.objects.count(), article.body)
    payload = {
        "unit_code": world.ministry.code,
        "title": "T",
        "summary": "S",
        "body": "<p>" + "a" * 5_000_000 + "</p>",
    }
    response = client.post("/api/v1/articles", json.dumps(payload), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["fields"] == {"body": "too_long"}
    payload = {**payload, "body": "<p>B</p>", "tags": [f"thẻ {i}" for i in range(5000)]}
    response = client.post("/api/v1/articles", json.dumps(payload), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["fields"] == {"tags": "too_many"}
    article.refresh_from_db()
    assert (Article.objects.count(), article.body) == before
