"""Services of the news app: each transition, revisions, scheduling, drafts from a conference."""

from __future__ import annotations

import contextlib
import datetime

import pytest
from django.db import connection
from django.utils import timezone

from tests.factories import World
from tests.news.conftest import article_input
from thidua.clusters import services as cluster_services
from thidua.clusters.enums import ConferenceKind
from thidua.core.errors import Conflict, InvalidInput
from thidua.core.models import AuditEntry, JobProgress
from thidua.news import selectors, services
from thidua.news.enums import ArticleStatus, AudioState
from thidua.news.models import Article, ArticleAudio, Tag


def test_create_article_saves_sanitised_body_folded_search_text_and_first_revision(world, editor):
    article = services.create_article(actor=editor, unit=world.ministry, data=article_input())
    assert article.status == ArticleStatus.DRAFT
    assert article.slug == "hoi-nghi-tai-thanh-pho-hai-duong"
    assert article.body == "<p>Lãnh đạo các sở <strong>ký giao ước</strong> thi đua.</p>"
    assert "hai duong" in article.search_text
    assert "giao uoc" in article.search_text
    assert list(article.revisions.values_list("number", "title")) == [(1, "Hội nghị tại thành phố Hải Dương")]
    assert [t.name for t in article.tags.all()] == ["Giao ước"]
    assert AuditEntry.objects.filter(action="news.article.create", object_id=str(article.pk)).count() == 1


def test_same_title_gets_a_distinct_slug(make_article):
    assert make_article().slug != make_article().slug


def test_each_body_save_keeps_a_revision_and_unchanged_saves_do_not(make_article, editor):
    article = make_article()
    services.update_article(actor=editor, article=article, data=article_input(body="<p>Bản sửa lần hai.</p>"))
    services.update_article(actor=editor, article=article, data=article_input(body="<p>Bản sửa lần hai.</p>"))
    article.refresh_from_db()
    assert article.version == 2
    assert [r.body for r in article.revisions.order_by("number")] == [
        "<p>Lãnh đạo các sở <strong>ký giao ước</strong> thi đua.</p>",
        "<p>Bản sửa lần hai.</p>",
    ]


def test_workflow_draft_review_published(make_article, editor, chief):
    article = make_article()
    article = services.submit_article_for_review(actor=editor, article=article)
    assert article.status == ArticleStatus.REVIEW
    assert selectors.public_article(article.slug) is None
    article = services.publish_article(actor=chief, article=article)
    assert article.status == ArticleStatus.PUBLISHED
    assert article.published_version == 1
    assert selectors.public_article(article.slug) == article
    actions = list(
        AuditEntry.objects.filter(object_id=str(article.pk), object_type="news.article")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["news.article.create", "news.article.submit", "news.article.publish"]


def test_publishing_a_draft_directly_is_refused_and_changes_nothing(make_article, chief):
    article = make_article()
    with pytest.raises(Conflict, match="Chỉ xuất bản được tin bài đang chờ duyệt"):
        services.publish_article(actor=chief, article=article)
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    assert article.published_at is None


def test_submitting_twice_is_refused(make_article, editor):
    article = make_article(state="review")
    with pytest.raises(Conflict, match="Chỉ gửi duyệt được bản nháp"):
        services.submit_article_for_review(actor=editor, article=article)


def test_return_needs_a_reason_and_takes_a_published_article_off(published, chief):
    with pytest.raises(InvalidInput, match="Cần ghi lý do"):
        services.return_article_to_draft(actor=chief, article=published, reason="  ")
    services.return_article_to_draft(actor=chief, article=published, reason="Sai số liệu")
    published.refresh_from_db()
    assert published.status == ArticleStatus.DRAFT
    assert published.published_at is None
    assert selectors.public_article(published.slug) is None


def test_scheduled_article_stays_invisible_until_its_time(make_article):
    future = timezone.now() + datetime.timedelta(hours=2)
    article = make_article(state="published", when=future)
    assert article.status == ArticleStatus.PUBLISHED
    assert selectors.public_article(article.slug) is None
    assert not selectors.visible_articles().filter(pk=article.pk).exists()
    assert (
        selectors.visible_articles(now=future + datetime.timedelta(seconds=1)).filter(pk=article.pk).exists()
    )


def test_backdated_publication_by_a_person_is_refused(make_article, chief):
    article = make_article(state="review")
    with pytest.raises(InvalidInput, match="Không thể xuất bản lùi ngày"):
        services.publish_article(
            actor=chief, article=article, published_at=timezone.now() - datetime.timedelta(days=3)
        )


def test_publishing_generates_audio_once_per_published_version(published, editor, chief):
    audio = ArticleAudio.objects.get(article=published, version=1)
    assert audio.state == AudioState.READY
    assert audio.file.read(4) == b"RIFF"
    assert JobProgress.objects.get(pk=audio.progress_id).state == JobProgress.State.DONE
    services.update_article(
        actor=editor, article=published, data=article_input(body="<p>Đính chính số liệu.</p>")
    )
    assert ArticleAudio.objects.filter(article=published).count() == 1  # a pending edit is not spoken
    services.approve_article_revision(actor=chief, revision=published.revisions.get(state="pending"))
    assert list(
        ArticleAudio.objects.filter(article=published).order_by("version").values_list("version", "state")
    ) == [
        (1, "ready"),
        (2, "ready"),
    ]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "  "}, "cần có tiêu đề"),
        ({"title": "x" * 301}, "tiêu đề dài quá 300 ký tự"),
        ({"summary": ""}, "cần có tóm tắt"),
        ({"body": "<script>alert(1)</script>"}, "nội dung trống"),
        ({"year": 1800}, "năm 1800 nằm ngoài khoảng 1990–2100"),
    ],
)
def test_bad_article_input_gets_a_vietnamese_message_and_nothing_is_stored(world, editor, fields, message):
    with pytest.raises(InvalidInput, match=message):
        services.create_article(actor=editor, unit=world.ministry, data=article_input(**fields))
    assert Article.objects.count() == 0


def _conference(world: World):
    return cluster_services.create_conference(
        actor=None,
        cluster=world.cluster,
        year=2018,
        kind=ConferenceKind.SIGNING,
        title="Hội nghị ký kết giao ước thi đua năm 2018",
        date=datetime.date(2018, 3, 30),
        place="Thành phố Hải Dương",
        host=world.unit_b,
        summary="Thông qua kế hoạch năm 2018.\nKý giao ước thi đua.",
        attendees=[
            cluster_services.AttendeeInput(
                name="Vũ Minh Sơn", position="Vụ trưởng", organisation="Bộ", is_guest=True
            )
        ],
    )


def test_draft_from_conference_carries_the_facts(world, editor):
    conference = _conference(world)
    article = services.draft_article_from_conference(actor=editor, conference=conference)
    assert article.status == ArticleStatus.DRAFT
    assert (article.conference, article.cluster, article.year, article.unit) == (
        conference,
        world.cluster,
        2018,
        world.ministry,
    )
    for fact in (
        "30/03/2018",
        "Thành phố Hải Dương",
        world.unit_b.name,
        "Vũ Minh Sơn, Vụ trưởng, Bộ",
        "Thông qua kế hoạch năm 2018.",
        "Ký giao ước thi đua.",
    ):
        assert fact in article.body
    assert (
        article.summary
        == "Hội nghị ký kết giao ước thi đua năm 2018, ngày 30/03/2018 tại Thành phố Hải Dương."
    )


def test_failed_audio_shows_a_vietnamese_message_and_logs_the_cause(published, monkeypatch, caplog):
    def broken(text: str) -> bytes:
        raise RuntimeError("espeak-ng is not installed")

    monkeypatch.setattr(services.audio, "espeak_wav", broken)
    audio = ArticleAudio.objects.create(article=published, version=9, text_hash="x" * 64)
    progress = JobProgress.objects.create(label="Tạo âm thanh")
    with pytest.raises(RuntimeError):
        services.generate_article_audio(audio_id=audio.pk, progress_id=progress.pk)
    progress.refresh_from_db()
    assert (progress.state, progress.message) == (
        JobProgress.State.FAILED,
        "Không tạo được âm thanh đọc bài; lỗi đã được ghi lại để quản trị viên xử lý.",
    )
    assert ArticleAudio.objects.get(pk=audio.pk).state == AudioState.FAILED
    assert "espeak-ng is not installed" in caplog.text


# Double submits: another request inserts the same row between our check and our insert. The
# wrapper plays that request once, right after our first read of the table (outside any savepoint).


@contextlib.contextmanager
def _other_request_inserts_after_first_read(table, insert):
    state = {"done": False}

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not state["done"] and sql.lstrip().upper().startswith("SELECT") and f'FROM "{table}"' in sql:
            state["done"] = True
            insert()
        return result

    with connection.execute_wrapper(wrapper):
        yield
    assert state["done"]


def test_a_double_submit_of_the_same_title_gets_the_next_slug(world, editor):
    def insert():
        Article.objects.bulk_create(
            [Article(unit=world.ministry, title="Hội nghị", slug="hoi-nghi", summary="S", body="<p>B</p>")]
        )

    with _other_request_inserts_after_first_read("news_article", insert):
        article = services.create_article(actor=editor, unit=world.ministry, data=article_input("Hội nghị"))
    assert article.slug == "hoi-nghi-2"
    assert sorted(Article.objects.values_list("slug", flat=True)) == ["hoi-nghi", "hoi-nghi-2"]


def test_a_slug_that_stays_taken_is_a_conflict_in_vietnamese(world, editor, monkeypatch):
    services.create_article(actor=editor, unit=world.ministry, data=article_input("Hội nghị"))
    monkeypatch.setattr(services.articles, "_unique_slug", lambda title: "hoi-nghi")  # every check is stale
    with pytest.raises(Conflict) as error:
        services.create_article(actor=editor, unit=world.ministry, data=article_input("Hội nghị"))
    assert (error.value.message, error.value.fields) == (
        "Nhiều tin bài cùng tiêu đề đang được tạo cùng lúc; vui lòng gửi lại sau giây lát.",
        {"title": "duplicate"},
    )
    assert Article.objects.count() == 1


def test_a_tag_created_meanwhile_by_another_request_is_reused(world, editor):
    def insert():
        Tag.objects.bulk_create([Tag(name="Giao ước", slug="giao-uoc", sort_key="giao uoc")])

    with _other_request_inserts_after_first_read("news_tag", insert):
        article = services.create_article(actor=editor, unit=world.ministry, data=article_input("Hội nghị"))
    assert list(article.tags.values_list("slug", flat=True)) == ["giao-uoc"]
    assert Tag.objects.count() == 1
