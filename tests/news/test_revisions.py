"""Pending revisions of published articles: the public keeps the published version (page, feed,
search, API) until another editor approves; approving is one transaction; withdrawing changes nothing."""

from __future__ import annotations

import json
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_user
from tests.news.conftest import article_input, png_bytes
from thidua.accounts.enums import Role
from thidua.core.errors import Forbidden, InvalidInput
from thidua.core.models import AuditEntry
from thidua.news import selectors, services
from thidua.news.enums import RevisionState
from thidua.news.models import Article, ArticleAudio, ArticleImage, ArticleRevision, Category
from thidua.news.rules import OWN_WORK_MESSAGE

NEW_TITLE = "Hội nghị Cụm thi đua số 1 tại Quảng Ninh"


def _public_state(article: Article) -> tuple:
    """Everything the public could see of an article, read the way the public reads it."""
    row = Article.objects.get(pk=article.pk)
    return (
        row.title,
        row.summary,
        row.body,
        row.category_id,
        row.search_text,
        row.published_version,
        sorted(row.tags.values_list("name", flat=True)),
        list(selectors.published_images().filter(article=row).values_list("pk", "caption", "order")),
    )


@pytest.fixture
def edited(published, editor):
    """The editor's edit of the published article, waiting for approval (a new picture included)."""
    category = Category.objects.create(name="Đính chính", slug="dinh-chinh", sort_key="dinh chinh")
    services.update_article(
        actor=editor,
        article=published,
        data=article_input(
            NEW_TITLE,
            summary="Cụm thi đua số 1 họp tại Quảng Ninh.",
            body="<p>Lãnh đạo các sở <strong>ký giao ước</strong> thi đua tại Hạ Long.</p><p>Đoạn mới thêm.</p>",
            tag_names=["Quảng Ninh"],
            category=category,
        ),
    )
    services.add_article_image(actor=editor, article=published, data=png_bytes(), caption="Ảnh Hạ Long")
    return ArticleRevision.objects.get(article=published, state=RevisionState.PENDING)


def test_an_edit_of_a_published_article_is_a_pending_revision_holding_everything(published, edited, editor):
    published.refresh_from_db()
    assert published.title == "Hội nghị tại thành phố Hải Dương"
    assert (edited.number, published.version, published.published_version) == (2, 2, 1)
    assert (edited.title, edited.tag_names, edited.category.name) == (NEW_TITLE, ["Quảng Ninh"], "Đính chính")
    image = ArticleImage.objects.get(caption="Ảnh Hạ Long")
    assert edited.images == [{"id": image.pk, "caption": "Ảnh Hạ Long", "credit": ""}]
    assert image.revision_id == edited.pk
    assert edited.author == editor
    actions = list(
        AuditEntry.objects.filter(object_type="news.article", object_id=str(published.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "news.article.create",
        "news.article.submit",
        "news.article.publish",
        "news.revision.propose",
    ]
    added = AuditEntry.objects.get(action="news.image.add", object_id=str(image.pk))
    assert added.after["revision_id"] == edited.pk


def test_the_public_never_sees_a_pending_revision(client, published, edited):
    before = _public_state(published)
    page = client.get(reverse("news:article_detail", args=[published.slug])).content.decode()
    assert "Hội nghị tại thành phố Hải Dương" in page
    assert "Quảng Ninh" not in page
    assert "Ảnh Hạ Long" not in page
    for feed in ("news:feed_rss", "news:feed_atom"):
        text = client.get(reverse(feed)).content.decode()
        assert "Hải Dương" in text
        assert "Quảng Ninh" not in text
    assert client.get(reverse("news:search") + "?q=quang+ninh").context["page"].paginator.count == 0
    assert client.get(reverse("news:search") + "?q=hai+duong").context["page"].paginator.count == 1
    assert list(selectors.search_articles("ha long")) == []
    assert client.get("/api/v1/articles?q=quang%20ninh").json() == []
    api = client.get(f"/api/v1/articles/{published.slug}").json()
    assert (api["title"], api["tags"]) == ("Hội nghị tại thành phố Hải Dương", ["Giao ước"])
    assert client.get(reverse("news:tag_detail", args=["quang-ninh"])).status_code == 404  # no tag made yet
    new_image = ArticleImage.objects.get(caption="Ảnh Hạ Long")
    assert client.get(reverse("news:article_image", args=[new_image.pk])).status_code == 404
    assert _public_state(published) == before


def test_the_author_of_a_revision_cannot_approve_it(published, chief):
    services.update_article(actor=chief, article=published, data=article_input(NEW_TITLE))
    revision = ArticleRevision.objects.get(article=published, state=RevisionState.PENDING)
    before = _public_state(published)
    with pytest.raises(Forbidden) as refused:
        services.approve_article_revision(actor=chief, revision=revision)
    assert refused.value.message == OWN_WORK_MESSAGE
    assert _public_state(published) == before
    assert ArticleRevision.objects.get(pk=revision.pk).state == RevisionState.PENDING


@pytest.mark.parametrize("persona", ["outsider", "member_officer", "ministry_officer"])
def test_outsiders_neither_approve_nor_withdraw(world, published, edited, persona):
    before = (_public_state(published), AuditEntry.objects.count())
    for action in (services.approve_article_revision, services.withdraw_article_revision):
        with pytest.raises(Forbidden):
            action(actor=world.personas[persona], revision=edited)
    assert (_public_state(published), AuditEntry.objects.count()) == before
    assert ArticleRevision.objects.get(pk=edited.pk).state == RevisionState.PENDING


def test_an_editor_without_the_right_cannot_approve(published, edited, editor):
    with pytest.raises(Forbidden, match="Bạn không có quyền xuất bản"):
        services.approve_article_revision(actor=editor, revision=edited)


def test_approving_makes_everything_public_and_speaks_the_new_version(client, published, edited, chief):
    services.approve_article_revision(actor=chief, revision=edited)
    row = Article.objects.get(pk=published.pk)
    assert (row.title, row.category.name, row.published_version, row.version) == (
        NEW_TITLE,
        "Đính chính",
        2,
        2,
    )
    assert [t.name for t in row.tags.all()] == ["Quảng Ninh"]
    assert "quang ninh" in row.search_text
    assert "hai duong" not in row.search_text
    assert list(selectors.search_articles("ha long")) == [row]
    assert list(selectors.search_articles("hai duong")) == []
    page = client.get(reverse("news:article_detail", args=[row.slug])).content.decode()
    assert NEW_TITLE in page
    assert "Ảnh Hạ Long" in page
    assert "Đoạn mới thêm." in page
    image = ArticleImage.objects.get(caption="Ảnh Hạ Long")
    assert image.revision_id is None
    assert client.get(reverse("news:article_image", args=[image.pk])).status_code == 200
    assert client.get(f"/api/v1/articles/{row.slug}").json()["title"] == NEW_TITLE
    assert NEW_TITLE in client.get(reverse("news:feed_rss")).content.decode()
    assert list(
        ArticleAudio.objects.filter(article=row).order_by("version").values_list("version", flat=True)
    ) == [
        1,
        2,
    ]
    revision = ArticleRevision.objects.get(pk=edited.pk)
    assert (revision.state, revision.decided_by) == (RevisionState.APPLIED, chief)
    entry = AuditEntry.objects.filter(action="news.revision.approve").get()
    assert (entry.actor_id, entry.before["title"], entry.after["title"]) == (
        chief.pk,
        published.title,
        NEW_TITLE,
    )


def test_approving_is_one_transaction(published, edited, chief):
    before = (_public_state(published), AuditEntry.objects.count(), ArticleAudio.objects.count())
    with (
        mock.patch("thidua.news.services.revisions._queue_audio", side_effect=RuntimeError("hỏng")),
        pytest.raises(RuntimeError),
    ):
        services.approve_article_revision(actor=chief, revision=edited)
    assert (_public_state(published), AuditEntry.objects.count(), ArticleAudio.objects.count()) == before
    assert ArticleRevision.objects.get(pk=edited.pk).state == RevisionState.PENDING
    assert ArticleImage.objects.get(caption="Ảnh Hạ Long").revision_id == edited.pk


def test_withdrawing_leaves_the_published_version_untouched(
    published, edited, editor, chief, django_capture_on_commit_callbacks
):
    before = _public_state(published)
    new_image = ArticleImage.objects.get(caption="Ảnh Hạ Long")
    name = new_image.file.name
    second_editor = make_user("bientap2", (Role.EDITOR, published.unit))
    with pytest.raises(Forbidden):  # a second editor without the right cannot turn someone's edit down
        services.withdraw_article_revision(actor=second_editor, revision=edited)
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_article_revision(actor=editor, revision=edited, reason="Chưa đủ số liệu")
    assert _public_state(published) == before
    assert ArticleAudio.objects.filter(article=published).count() == 1
    assert not ArticleImage.objects.filter(pk=new_image.pk).exists()
    assert not default_storage.exists(name)
    revision = ArticleRevision.objects.get(pk=edited.pk)
    assert (revision.state, revision.decision_note) == (RevisionState.WITHDRAWN, "Chưa đủ số liệu")
    assert (
        AuditEntry.objects.filter(action="news.revision.withdraw").get().after["reason"] == "Chưa đủ số liệu"
    )
    with pytest.raises(Exception, match="không còn chờ duyệt"):
        services.approve_article_revision(actor=chief, revision=revision)


def test_a_second_edit_updates_the_pending_revision_and_an_unchanged_edit_is_refused(published, editor):
    with pytest.raises(InvalidInput, match="Không có thay đổi nào"):
        services.update_article(actor=editor, article=published, data=article_input())
    assert not ArticleRevision.objects.filter(article=published, state=RevisionState.PENDING).exists()
    services.update_article(actor=editor, article=published, data=article_input("Lần một"))
    services.update_article(actor=editor, article=published, data=article_input("Lần hai"))
    assert list(
        ArticleRevision.objects.filter(article=published)
        .order_by("number")
        .values_list("number", "state", "title")
    ) == [(1, "applied", "Hội nghị tại thành phố Hải Dương"), (2, "pending", "Lần hai")]


def test_removing_a_published_picture_waits_for_approval(client, make_article, editor, chief):
    article = make_article(state="review")
    image = services.add_article_image(actor=editor, article=article, data=png_bytes(), caption="Ảnh cũ")
    services.publish_article(actor=chief, article=article)
    services.remove_article_image(actor=editor, image=image)
    assert client.get(reverse("news:article_image", args=[image.pk])).status_code == 200
    assert "Ảnh cũ" in client.get(reverse("news:article_detail", args=[article.slug])).content.decode()
    services.approve_article_revision(actor=chief, revision=article.revisions.get(state="pending"))
    assert not ArticleImage.objects.filter(pk=image.pk).exists()
    assert "Ảnh cũ" not in client.get(reverse("news:article_detail", args=[article.slug])).content.decode()


def test_taking_an_article_down_folds_its_pending_revision_into_the_draft(published, edited, chief):
    services.return_article_to_draft(actor=chief, article=published, reason="Gỡ để sửa lớn")
    row = Article.objects.get(pk=published.pk)
    assert (row.status, row.title) == ("draft", NEW_TITLE)
    assert ArticleRevision.objects.get(pk=edited.pk).state == RevisionState.APPLIED


def test_the_reviewer_sees_a_readable_comparison_and_approves_on_the_page(
    client, published, edited, chief, editor
):
    client.force_login(chief)
    home = client.get(reverse("news:editor_home")).content.decode()
    assert f'href="{reverse("news:article_revision", args=[published.pk])}"' in home
    page = client.get(reverse("news:article_revision", args=[published.pk])).content.decode()
    hidden = '<span class="visually-hidden">'
    assert (
        f"Hội nghị <ins>{hidden}[thêm: </span>Cụm thi đua số 1{hidden}]</span></ins> tại "
        f"<del>{hidden}[bỏ: </span>thành phố Hải Dương{hidden}]</span></del> "
        f"<ins>{hidden}[thêm: </span>Quảng Ninh{hidden}]</span></ins>"
    ) in page
    assert f"Lãnh đạo các sở ký giao ước thi <del>{hidden}[bỏ: </span>đua.{hidden}]</span></del> " in page
    assert f"<ins>{hidden}[thêm: </span>đua tại Hạ Long.{hidden}]</span></ins>" in page
    assert f"<p><ins>{hidden}[thêm: </span>Đoạn mới thêm.{hidden}]</span></ins> </p>" in page
    assert "Duyệt và đăng bản sửa</button>" in page
    client.force_login(editor)
    own = client.get(reverse("news:article_revision", args=[published.pk])).content.decode()
    assert "Duyệt và đăng bản sửa" not in own
    refused = client.post(reverse("news:revision_approve", args=[published.pk]), follow=True)
    assert "Bạn không có quyền xuất bản" in refused.content.decode()
    client.force_login(chief)
    done = client.post(reverse("news:revision_approve", args=[published.pk]), follow=True)
    assert "Đã duyệt bản sửa" in done.content.decode()
    assert Article.objects.get(pk=published.pk).title == NEW_TITLE


def test_the_api_edit_is_pending_and_approved_by_another_editor(client, published, editor, chief):
    client.force_login(editor)
    payload = {"title": NEW_TITLE, "summary": "Tóm tắt mới", "body": "<p>Nội dung mới</p>", "tags": ["A"]}
    response = client.put(
        f"/api/v1/articles/{published.slug}", json.dumps(payload), content_type="application/json"
    )
    assert (response.json()["title"], response.json()["pending_revision"]) == (published.title, 2)
    assert client.get(f"/api/v1/articles/{published.slug}").json()["title"] == published.title
    assert client.post(f"/api/v1/articles/{published.slug}/revision/approve").status_code == 403
    client.force_login(chief)
    approved = client.post(f"/api/v1/articles/{published.slug}/revision/approve")
    assert (approved.json()["title"], approved.json()["pending_revision"]) == (NEW_TITLE, None)
    client.logout()
    assert client.get(f"/api/v1/articles/{published.slug}").json()["body"] == "<p>Nội dung mới</p>"


def test_the_review_queue_uses_a_constant_number_of_queries(client, make_article, editor, chief):
    client.force_login(chief)

    def queries_with(n: int) -> int:
        while ArticleRevision.objects.filter(state=RevisionState.PENDING).count() < n:
            article = make_article(f"Tin {n}", state="published")
            services.update_article(actor=editor, article=article, data=article_input(f"Sửa {n}"))
            make_article(f"Chờ {n}", state="review")
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("news:editor_home")).content.decode()
        assert page.count("Bản sửa tin đang đăng:") == n
        return len(captured)

    assert queries_with(1) == queries_with(3)
