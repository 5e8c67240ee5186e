"""Reads of the news app. The public sees only published articles whose time has come
(`published_at <= now`); every public page, feed, search and API call goes through `visible_articles`.

Search matches the stored `search_text` (folded by `thidua.core.text.fold`: lower case, no
diacritics, đ → d), so "hai duong" finds "Hải Dương" identically on SQLite and PostgreSQL: one
mechanism, computed in Python, with no dependence on `unaccent` (PostgreSQL only) or on SQLite's
ASCII-only case folding.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from thidua.accounts.enums import Role
from thidua.accounts.selectors import scope_filter
from thidua.core.text import fold
from thidua.news.diff import BodyChange, FieldChange, compare_fields, diff_paragraphs
from thidua.news.enums import ArticleStatus, AudioState, HonourStatus, RevisionState
from thidua.news.models import Article, ArticleAudio, ArticleImage, ArticleRevision, HonourEntry
from thidua.news.rules import WRITERS
from thidua.news.services.text import html_to_text

MAX_SEARCH_WORDS = 8


def published_images() -> QuerySet[ArticleImage]:
    """Pictures of the published versions: those added by a pending revision stay out."""
    return ArticleImage.objects.filter(revision__isnull=True).order_by("order", "id")


def _for_lists(queryset: QuerySet[Article]) -> QuerySet[Article]:
    """What list pages show of each article, in a constant number of queries."""
    return (
        queryset.select_related("category", "unit")
        .prefetch_related("tags", Prefetch("images", queryset=published_images()))
        .defer("body", "search_text")
    )


def visible_articles(now: datetime.datetime | None = None) -> QuerySet[Article]:
    return Article.objects.filter(status=ArticleStatus.PUBLISHED, published_at__lte=now or timezone.now())


def latest_articles(*, limit: int = 10) -> QuerySet[Article]:
    return _for_lists(visible_articles().order_by("-published_at", "-id"))[:limit]


def search_terms(query: str) -> list[str]:
    return fold(query).split()[:MAX_SEARCH_WORDS]


def search_articles(query: str, queryset: QuerySet[Article] | None = None) -> QuerySet[Article]:
    """Articles whose folded text holds every word of the query, accents and case ignored."""
    queryset = visible_articles() if queryset is None else queryset
    terms = search_terms(query)
    if not terms:
        return queryset.none()
    condition = Q()
    for term in terms:
        condition &= Q(search_text__contains=term)
    return _for_lists(queryset.filter(condition).order_by("-published_at", "-id"))


def articles_in_category(slug: str) -> QuerySet[Article]:
    return _for_lists(visible_articles().filter(category__slug=slug).order_by("-published_at", "-id"))


def articles_with_tag(slug: str) -> QuerySet[Article]:
    return _for_lists(visible_articles().filter(tags__slug=slug).order_by("-published_at", "-id"))


def public_article(slug: str) -> Article | None:
    return (
        visible_articles()
        .select_related("category", "unit", "cluster", "conference")
        .prefetch_related("tags", Prefetch("images", queryset=published_images()))
        .filter(slug=slug)
        .first()
    )


def ready_audio(article: Article) -> ArticleAudio | None:
    return (
        ArticleAudio.objects.filter(
            article=article, version=article.published_version, state=AudioState.READY
        )
        .exclude(file="")
        .first()
    )


def editor_articles(user: Any) -> QuerySet[Article]:
    """Articles of the units the user edits for, newest first (administrators: all)."""
    condition = scope_filter(user, *WRITERS, path_field="unit__path")
    queryset = Article.objects.all() if condition is None else Article.objects.filter(condition)
    return (
        queryset.select_related("category", "unit", "author")
        .annotate(pending_count=Count("revisions", filter=Q(revisions__state=RevisionState.PENDING)))
        .defer("body", "search_text")
        .order_by("-updated_at", "-id")
    )


def honour_board(*, limit: int | None = None) -> QuerySet[HonourEntry]:
    queryset = (
        HonourEntry.objects.filter(status=HonourStatus.PUBLISHED)
        .select_related("unit")
        .order_by("-year", "sort_key")
    )
    return queryset[:limit] if limit else queryset


def editor_honour_entries(user: Any) -> QuerySet[HonourEntry]:
    condition = scope_filter(user, *WRITERS, path_field="unit__path")
    queryset = HonourEntry.objects.all() if condition is None else HonourEntry.objects.filter(condition)
    return queryset.select_related("unit").order_by("-year", "sort_key")


# --------------------------------------------------------------------------------------------------
# Review (four-eyes) and the comparison of two versions


def _not_own(user: Any) -> Q:
    """Four-eyes: what a user wrote never waits for that user's own review."""
    return ~Q(author=user) if settings.NEWS_FOUR_EYES else Q()


def articles_awaiting_review(user: Any) -> QuerySet[Article]:
    """Articles in review that this user may publish (the publishing right, not their own)."""
    condition = scope_filter(user, Role.CHIEF_EDITOR, path_field="unit__path")
    queryset = Article.objects.filter(status=ArticleStatus.REVIEW)
    if condition is not None:
        queryset = queryset.filter(condition)
    return (
        queryset.filter(_not_own(user))
        .select_related("unit", "author")
        .defer("body", "search_text")
        .order_by("updated_at", "id")
    )


def revisions_awaiting_review(user: Any) -> QuerySet[ArticleRevision]:
    """Pending revisions of published articles that this user may approve."""
    condition = scope_filter(user, Role.CHIEF_EDITOR, path_field="article__unit__path")
    queryset = ArticleRevision.objects.filter(state=RevisionState.PENDING)
    if condition is not None:
        queryset = queryset.filter(condition)
    return (
        queryset.filter(_not_own(user))
        .select_related("article__unit", "author")
        .defer("body", "article__body", "article__search_text")
        .order_by("created_at", "id")
    )


def own_pending_revisions(user: Any) -> QuerySet[ArticleRevision]:
    """The user's edits that wait for someone else's approval."""
    return (
        ArticleRevision.objects.filter(state=RevisionState.PENDING, author=user)
        .select_related("article")
        .defer("body", "article__body", "article__search_text")
        .order_by("created_at", "id")
    )


def pending_revision(article: Article) -> ArticleRevision | None:
    return (
        ArticleRevision.objects.filter(article=article, state=RevisionState.PENDING)
        .select_related("author", "category", "cluster", "conference")
        .first()
    )


_BLOCK_END = re.compile(r"</(?:p|h[2-4]|li|blockquote|figcaption|tr)>|<br>|<hr>")

COMPARED_FIELDS = {
    "title": "Tiêu đề",
    "summary": "Tóm tắt",
    "category": "Chuyên mục",
    "tags": "Thẻ",
    "byline": "Tác giả",
    "cluster": "Cụm thi đua",
    "year": "Năm thi đua",
    "conference": "Hội nghị",
    "images": "Ảnh (chú thích)",
}


def body_paragraphs(body: str) -> list[str]:
    """The body's text, one entry per paragraph, heading, list item or table row."""
    return [text for text in (html_to_text(part) for part in _BLOCK_END.split(body)) if text]


def _texts(
    version: Article | ArticleRevision, tags: list[str], images: list[dict[str, Any]]
) -> dict[str, str]:
    return {
        "title": version.title,
        "summary": version.summary,
        "category": version.category.name if version.category else "",
        "tags": ", ".join(tags),
        "byline": version.byline,
        "cluster": version.cluster.name if version.cluster else "",
        "year": str(version.year or ""),
        "conference": version.conference.title if version.conference else "",
        "images": " | ".join(
            item["caption"] + (f" (Ảnh: {item['credit']})" if item["credit"] else "") for item in images
        ),
    }


def compare_with_published(
    article: Article, revision: ArticleRevision
) -> tuple[list[FieldChange], BodyChange]:
    """The published version (the article row) against the pending revision, field by field."""
    shown = [
        {"id": i.pk, "caption": i.caption, "credit": i.credit}
        for i in published_images().filter(article=article)
    ]
    old = _texts(article, [t.name for t in article.tags.all()], shown)
    new = _texts(revision, list(revision.tag_names), list(revision.images))
    fields = compare_fields(COMPARED_FIELDS, old, new)
    return fields, diff_paragraphs(body_paragraphs(article.body), body_paragraphs(revision.body))
