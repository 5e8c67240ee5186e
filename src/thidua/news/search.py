"""What the site's search box finds in this app (`thidua.core.search`): published articles, with
the news search (`selectors.search_articles`); a title that matches ranks first."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from thidua.core.search import Found, SearchResult
from thidua.news.selectors import search_articles


def find_articles(user: Any, query: str, window: int) -> Found:
    matches = search_articles(query)
    return Found(
        total=matches.count(),
        candidates=[
            SearchResult(
                title=article.title,
                url=reverse("news:article_detail", args=[article.slug]),
                detail=(
                    f"{timezone.localtime(article.published_at):%d/%m/%Y} · " if article.published_at else ""
                )
                + (article.summary[:160] + ("…" if len(article.summary) > 160 else "")),
            )
            for article in matches[:window]
        ],
    )
