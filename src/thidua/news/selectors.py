"""Reads of the news app. The public sees only published articles whose time has come
(`published_at <= now`); every public page, feed, search and API call goes through `visible_articles`.

Search matches the stored `search_text` (folded by `thidua.core.text.fold`: lower case, no
diacritics, đ → d), so "hai duong" finds "Hải Dương" identically on SQLite and PostgreSQL: one
mechanism, computed in Python, with no dependence on `unaccent` (PostgreSQL only) or on SQLite's
ASCII-only case folding.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from thidua.accounts.enums import Role
from thidua.accounts.selectors import scope_filter
from thidua.core.text import fold
from thidua.news.enums import ArticleStatus, AudioState, HonourStatus
from thidua.news.models import Article, ArticleAudio, ArticleImage, HonourEntry

MAX_SEARCH_WORDS = 8


def _for_lists(queryset: QuerySet[Article]) -> QuerySet[Article]:
    """What list pages show of each article, in a constant number of queries."""
    return (
        queryset.select_related("category", "unit")
        .prefetch_related("tags", Prefetch("images", queryset=ArticleImage.objects.order_by("order", "id")))
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
        .prefetch_related("tags", Prefetch("images", queryset=ArticleImage.objects.order_by("order", "id")))
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
    condition = scope_filter(user, Role.EDITOR, path_field="unit__path")
    queryset = Article.objects.all() if condition is None else Article.objects.filter(condition)
    return (
        queryset.select_related("category", "unit", "author")
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
    condition = scope_filter(user, Role.EDITOR, path_field="unit__path")
    queryset = HonourEntry.objects.all() if condition is None else HonourEntry.objects.filter(condition)
    return queryset.select_related("unit").order_by("-year", "sort_key")
