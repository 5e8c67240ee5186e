"""Public pages, feeds, search, the API, and constant query counts on every list page."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.news.conftest import png_bytes
from thidua.news import services
from thidua.news.rules import NO_PUBLISHING_RIGHT_MESSAGE


@pytest.fixture
def hidden(make_article):
    """A draft, an article in review and a scheduled one, all mentioning Hải Dương."""
    return [
        make_article("Bản nháp Hải Dương"),
        make_article("Chờ duyệt Hải Dương", state="review"),
        make_article(
            "Hẹn giờ Hải Dương", state="published", when=timezone.now() + datetime.timedelta(days=1)
        ),
    ]


def test_unpublished_and_scheduled_articles_are_invisible_everywhere(client, hidden, published):
    pages = [
        reverse("news:home"),
        reverse("news:search") + "?q=hai+duong",
        reverse("news:feed_rss"),
        reverse("news:feed_atom"),
        reverse("news:tag_detail", args=["giao-uoc"]),
        "/api/v1/articles?q=hai duong",
        "/api/v1/articles",
    ]
    for url in pages:
        response = client.get(url)
        text = (
            json.dumps(response.json(), ensure_ascii=False)
            if url.startswith("/api/")
            else response.content.decode()
        )
        assert published.title in text, url
        for article in hidden:
            assert article.title not in text, url
    for article in hidden:
        assert client.get(reverse("news:article_detail", args=[article.slug])).status_code == 404
        assert client.get(f"/api/v1/articles/{article.slug}").status_code == 404
        assert client.get(reverse("news:article_audio", args=[article.slug])).status_code == 404


def test_search_is_accent_and_case_insensitive(client, make_article):
    make_article(
        "Hội nghị tại thành phố Hải Dương", state="published", when=timezone.now(), summary="Tin một."
    )
    make_article("Tổng kết ở Đồng Tháp", state="published", when=timezone.now(), summary="Tin hai.")
    for query, expected in [
        ("hai duong", ["Hải Dương"]),
        ("HẢI DƯƠNG", ["Hải Dương"]),
        ("dong thap", ["Đồng Tháp"]),
        ("hoi nghi hai", ["Hải Dương"]),
        ("ha noi", []),
    ]:
        text = client.get(reverse("news:search"), {"q": query}).content.decode()
        data = client.get("/api/v1/articles", {"q": query}).json()
        assert [a["title"].split()[-2] + " " + a["title"].split()[-1] for a in data] == expected, query
        for name in expected:
            assert name in text
    assert "Nhập từ cần tìm" in client.get(reverse("news:search")).content.decode()


def test_article_page_has_tools_og_tags_audio_and_image(client, make_article, editor, chief):
    published = make_article(state="review")
    image = services.add_article_image(
        actor=editor, article=published, data=png_bytes(), caption="Ảnh hội nghị", credit="Ban biên tập"
    )
    services.publish_article(actor=chief, article=published)
    html = client.get(reverse("news:article_detail", args=[published.slug])).content.decode()
    assert 'property="og:title" content="Hội nghị tại thành phố Hải Dương"' in html
    assert f'property="og:image" content="http://testserver/tin-bai/anh/{image.pk}/"' in html
    assert 'aria-label="Tăng cỡ chữ">A+</button>' in html
    assert "Đọc bài viết</button>" in html
    audio_url = reverse("news:article_audio", args=[published.slug])
    assert f'data-audio-url="{audio_url}"' in html
    assert "Ảnh hội nghị" in html
    assert "(Ảnh: Ban biên tập)" in html
    response = client.get(audio_url)
    assert response["Content-Type"] == "audio/wav"
    assert b"".join(response.streaming_content)[:4] == b"RIFF"
    picture = client.get(reverse("news:article_image", args=[image.pk]))
    assert picture["Content-Type"] == "image/jpeg"
    assert "<script>" not in html.split("</head>")[1]  # only our external files


def test_images_of_unpublished_articles_are_private(client, make_article, editor):
    article = make_article()
    image = services.add_article_image(actor=editor, article=article, data=png_bytes(), caption="Ảnh")
    assert client.get(reverse("news:article_image", args=[image.pk])).status_code == 404
    client.force_login(editor)
    assert client.get(reverse("news:article_image", args=[image.pk])).status_code == 200


def test_feeds_list_published_articles(client, published):
    rss = client.get(reverse("news:feed_rss"))
    atom = client.get(reverse("news:feed_atom"))
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert f"/tin-bai/{published.slug}/" in rss.content.decode()
    assert published.title in atom.content.decode()


def test_api_editor_flow(client, world, editor, chief):
    client.force_login(editor)
    payload = {
        "unit_code": world.ministry.code,
        "title": "Tin qua API",
        "summary": "Tóm tắt",
        "body": "<p>Nội <b>dung</b></p>",
        "tags": ["API"],
    }
    created = client.post("/api/v1/articles", json.dumps(payload), content_type="application/json")
    assert created.status_code == 201
    slug = created.json()["slug"]
    assert created.json()["status"] == "draft"
    updated = client.put(
        f"/api/v1/articles/{slug}",
        json.dumps({**payload, "body": "<p>Bản hai</p>"}),
        content_type="application/json",
    )
    assert updated.json()["version"] == 2
    assert client.post(f"/api/v1/articles/{slug}/submit").json()["status"] == "review"
    refused = client.post(f"/api/v1/articles/{slug}/publish", "{}", content_type="application/json")
    assert (refused.status_code, refused.json()["message"]) == (403, NO_PUBLISHING_RIGHT_MESSAGE)
    client.force_login(chief)
    published = client.post(f"/api/v1/articles/{slug}/publish", "{}", content_type="application/json")
    assert (published.json()["status"], published.json()["published_version"]) == ("published", 2)
    client.logout()
    assert client.get(f"/api/v1/articles/{slug}").json()["body"] == "<p>Bản hai</p>"


def test_api_bad_input_gets_the_error_shape(client, world, editor):
    client.force_login(editor)
    response = client.post(
        "/api/v1/articles",
        json.dumps({"unit_code": world.ministry.code, "title": "", "summary": "", "body": ""}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["message"].startswith("Tin bài chưa hợp lệ: cần có tiêu đề")
    assert response.json()["fields"] == {"title": "required", "summary": "required", "body": "required"}
    assert client.post("/api/v1/articles", "{}", content_type="application/json").json()["code"] == "invalid"


def test_editor_writes_and_a_chief_editor_publishes_through_the_pages(client, world, editor, chief):
    client.force_login(editor)
    response = client.post(
        reverse("news:article_create"),
        {
            "unit": world.ministry.pk,
            "title": "Tin từ trang biên tập",
            "summary": "Tóm tắt",
            "body": "<p>Nội dung</p>",
            "tags": "a, b",
        },
    )
    assert response.status_code == 302
    from thidua.news.models import Article

    article = Article.objects.get(title="Tin từ trang biên tập")
    client.post(reverse("news:article_submit", args=[article.pk]))
    page = client.post(reverse("news:article_publish", args=[article.pk]), {"published_at": ""}, follow=True)
    assert NO_PUBLISHING_RIGHT_MESSAGE in page.content.decode()
    assert "Tin bài đang chờ Trưởng ban biên tập duyệt và xuất bản." in page.content.decode()
    article.refresh_from_db()
    assert article.status == "review"
    client.force_login(chief)
    waiting = client.get(reverse("news:editor_home")).content.decode()
    assert 'Tin bài mới: <a href="' + reverse("news:article_edit", args=[article.pk]) in waiting
    page = client.post(reverse("news:article_publish", args=[article.pk]), {"published_at": ""}, follow=True)
    assert "Đã xuất bản tin bài." in page.content.decode()
    article.refresh_from_db()
    assert article.status == "published"
    bad = client.post(
        reverse("news:article_create"),
        {"unit": world.ministry.pk, "title": "x", "summary": "y", "body": "<script>x</script>"},
    )
    assert bad.status_code == 422
    assert "nội dung trống" in bad.content.decode()


def test_draft_from_conference_button(client, world, editor):
    from tests.news.test_services import _conference

    conference = _conference(world)
    client.force_login(editor)
    assert "Soạn tin từ hội nghị này" in client.get(reverse("news:editor_home")).content.decode()
    response = client.post(reverse("news:draft_from_conference", args=[conference.pk]), follow=True)
    assert "Đã tạo bản nháp từ dữ liệu hội nghị" in response.content.decode()


# --- constant query counts ----------------------------------------------------------------------


def _publish_n(make_article, editor, n):
    for i in range(n):
        article = make_article(
            f"Tin số {i} Hải Dương", state="published", when=timezone.now() - datetime.timedelta(minutes=1)
        )
        services.add_article_image(actor=editor, article=article, data=png_bytes(), caption=f"Ảnh {i}")


LIST_PAGES = {
    "home": lambda: reverse("news:home"),
    "tag": lambda: reverse("news:tag_detail", args=["giao-uoc"]),
    "search": lambda: reverse("news:search") + "?q=hai+duong",
    "category": lambda: reverse("news:category_detail", args=["hoat-dong"]),
    "editor": lambda: reverse("news:editor_home"),
    "honour": lambda: reverse("news:honour_board"),
    "feed": lambda: reverse("news:feed_rss"),
}


@pytest.mark.parametrize("page", list(LIST_PAGES))
def test_list_pages_use_a_constant_number_of_queries(
    client, world, editor, make_article, django_assert_num_queries, page
):
    from thidua.news.models import Article

    category = services.create_category(actor=editor, name="Hoạt động")
    client.force_login(editor)

    def count(n: int) -> int:
        _publish_n(make_article, editor, n - Article.objects.count())
        Article.objects.update(category=category)
        for i in range(n - world.ministry.honour_entries.count()):
            entry = services.create_honour_entry(
                actor=editor,
                kind="person",
                display_name=f"Người {i}",
                unit=world.ministry,
                year=2018,
                achievement="Giỏi",
            )
            services.record_honour_consent(
                actor=editor, entry=entry, given_by="A", given_on=datetime.date(2018, 1, 1), method="written"
            )
            services.publish_honour_entry(actor=editor, entry=entry)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            response = client.get(LIST_PAGES[page]())
        assert response.status_code == 200
        return len(ctx.captured_queries)

    one = count(1)
    three = count(3)
    assert one == three
