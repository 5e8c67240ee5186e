"""Four-eyes publishing (product.md §7): the publishing right, and never one's own article while
THIDUA_NEWS_FOUR_EYES is on — through the services, the pages, the API and a scheduled publish."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_user
from tests.news.conftest import article_input
from thidua.accounts.enums import Role
from thidua.core.errors import Forbidden
from thidua.core.models import AuditEntry
from thidua.news import selectors, services
from thidua.news.models import Article
from thidua.news.rules import NO_PUBLISHING_RIGHT_MESSAGE, OWN_WORK_MESSAGE


@pytest.fixture
def own_article(world, chief):
    """An article the chief editor wrote and submitted: the one case four-eyes forbids."""
    article = services.create_article(
        actor=chief, unit=world.ministry, data=article_input("Tin của trưởng ban")
    )
    return services.submit_article_for_review(actor=chief, article=article)


def _unchanged(article: Article) -> tuple:
    article.refresh_from_db()
    return article.status, article.published_at, article.published_version


def test_the_author_cannot_publish_its_own_article(own_article, chief):
    audits = AuditEntry.objects.count()
    with pytest.raises(Forbidden) as refused:
        services.publish_article(actor=chief, article=own_article)
    assert refused.value.message == OWN_WORK_MESSAGE
    assert _unchanged(own_article) == ("review", None, 0)
    assert AuditEntry.objects.count() == audits


def test_the_author_cannot_schedule_its_own_article(own_article, chief):
    with pytest.raises(Forbidden, match="không thể tự xuất bản"):
        services.publish_article(
            actor=chief, article=own_article, published_at=timezone.now() + datetime.timedelta(days=2)
        )
    assert _unchanged(own_article) == ("review", None, 0)


def test_the_author_cannot_publish_on_the_page(client, own_article, chief):
    client.force_login(chief)
    page = client.get(reverse("news:article_edit", args=[own_article.pk])).content.decode()
    assert "Bạn là người viết tin bài này: một người khác có quyền xuất bản sẽ duyệt và xuất bản." in page
    assert ">Xuất bản</button>" not in page
    response = client.post(
        reverse("news:article_publish", args=[own_article.pk]),
        {"published_at": (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )
    assert OWN_WORK_MESSAGE in response.content.decode()
    assert _unchanged(own_article) == ("review", None, 0)
    waiting = client.get(reverse("news:editor_home")).content.decode()
    assert "Không có tin bài hay bản sửa nào chờ bạn duyệt." in waiting  # own work never waits for oneself


def test_the_author_cannot_publish_through_the_api(client, own_article, chief):
    client.force_login(chief)
    later = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    for body in ({}, {"published_at": later}):
        response = client.post(
            f"/api/v1/articles/{own_article.slug}/publish", json.dumps(body), content_type="application/json"
        )
        assert (response.status_code, response.json()["message"]) == (403, OWN_WORK_MESSAGE)
    assert _unchanged(own_article) == ("review", None, 0)


def test_with_four_eyes_off_the_author_publishes_and_schedules_its_own(settings, world, chief, client):
    settings.NEWS_FOUR_EYES = False
    article = services.create_article(
        actor=chief, unit=world.ministry, data=article_input("Tòa soạn một người")
    )
    services.submit_article_for_review(actor=chief, article=article)
    when = timezone.now() + datetime.timedelta(hours=3)
    services.publish_article(actor=chief, article=article, published_at=when)
    assert _unchanged(article) == ("published", when, 1)
    other = services.create_article(actor=chief, unit=world.ministry, data=article_input("Qua API"))
    services.submit_article_for_review(actor=chief, article=other)
    client.force_login(chief)
    response = client.post(f"/api/v1/articles/{other.slug}/publish", "{}", content_type="application/json")
    assert (response.status_code, response.json()["status"]) == (200, "published")


def test_a_second_editor_with_the_right_publishes_and_it_is_audited(make_article, editor, chief):
    article = make_article(state="review")
    assert article.author == editor
    assert list(selectors.articles_awaiting_review(chief)) == [article]
    assert list(selectors.articles_awaiting_review(editor)) == []  # no publishing right
    services.publish_article(actor=chief, article=article)
    entry = AuditEntry.objects.filter(action="news.article.publish", object_id=str(article.pk)).get()
    assert (entry.actor_id, entry.before["status"], entry.after["status"]) == (
        chief.pk,
        "review",
        "published",
    )


def test_an_editor_without_the_right_cannot_publish_even_another_editors_article(world, make_article):
    other_editor = make_user("bientap2", (Role.EDITOR, world.ministry))
    article = make_article(state="review")
    with pytest.raises(Forbidden) as refused:
        services.publish_article(actor=other_editor, article=article)
    assert refused.value.message == NO_PUBLISHING_RIGHT_MESSAGE
    assert _unchanged(article) == ("review", None, 0)


def test_a_chief_editor_of_another_unit_cannot_publish(world, make_article):
    elsewhere = make_user("truongbientap.b", (Role.CHIEF_EDITOR, world.unit_b))
    article = make_article(state="review")
    with pytest.raises(Forbidden):
        services.publish_article(actor=elsewhere, article=article)
    assert list(selectors.articles_awaiting_review(elsewhere)) == []


@pytest.mark.parametrize("persona", ["outsider", "member_officer", "ministry_officer", "council_member"])
def test_outsiders_never_publish_nor_see_the_queue(settings, world, make_article, persona):
    settings.NEWS_FOUR_EYES = False  # even a one-person newsroom lets no outsider in
    article = make_article(state="review")
    with pytest.raises(Forbidden):
        services.publish_article(actor=world.personas[persona], article=article)
    assert _unchanged(article) == ("review", None, 0)
    assert list(selectors.articles_awaiting_review(world.personas[persona])) == []


def test_a_scheduled_article_is_published_by_the_second_editor_and_stays_hidden(make_article, editor, chief):
    article = make_article(state="review")
    with pytest.raises(Forbidden):
        services.publish_article(
            actor=editor, article=article, published_at=timezone.now() + datetime.timedelta(days=1)
        )
    services.publish_article(
        actor=chief, article=article, published_at=timezone.now() + datetime.timedelta(days=1)
    )
    assert selectors.public_article(article.slug) is None


def test_the_editing_area_is_reachable_from_the_menu_and_the_dashboard(client, editor, world):
    client.force_login(editor)
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert dashboard.count(f'href="{reverse("news:editor_home")}"') == 2  # menu and dashboard panel
    client.force_login(world.outsider)
    assert reverse("news:editor_home") not in client.get(reverse("accounts:dashboard")).content.decode()
