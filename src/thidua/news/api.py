"""API of the news portal: public reading of published articles; editors write with the API's auth."""

from __future__ import annotations

import datetime

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from thidua.clusters.models import Cluster, Conference
from thidua.core.errors import InvalidInput, NotFound
from thidua.core.rules import allows
from thidua.core.schema import EmulationYearValue
from thidua.news import selectors, services
from thidua.news.models import Article, ArticleRevision, Category
from thidua.organisations.models import Unit

router = Router(tags=["Tin bài"])
MAX_RESULTS = 50


class ArticleListOut(Schema):
    slug: str
    title: str
    summary: str
    published_at: datetime.datetime | None
    category: str | None = None


class ArticleOut(ArticleListOut):
    body: str
    tags: list[str]
    unit: str
    cluster_id: int | None
    year: int | None
    conference_id: int | None


class ArticleEditorOut(ArticleOut):
    id: int
    status: str
    version: int
    published_version: int
    pending_revision: int | None = None


class WithdrawIn(Schema):
    reason: str = ""


class ArticleIn(Schema):
    unit_code: str | None = None
    title: str
    summary: str
    body: str
    category_slug: str | None = None
    tags: list[str] = []
    byline: str = ""
    cluster_id: int | None = None
    year: EmulationYearValue | None = None
    conference_id: int | None = None


class PublishIn(Schema):
    published_at: datetime.datetime | None = None


def _list_out(article: Article) -> dict[str, object]:
    return {
        "slug": article.slug,
        "title": article.title,
        "summary": article.summary,
        "published_at": article.published_at,
        "category": article.category.name if article.category else None,
    }


def _out(article: Article) -> dict[str, object]:
    return {
        "id": article.pk,
        "slug": article.slug,
        "title": article.title,
        "summary": article.summary,
        "body": article.body,
        "published_at": article.published_at,
        "category": article.category.name if article.category else None,
        "tags": [t.name for t in article.tags.all()],
        "unit": article.unit.name,
        "cluster_id": article.cluster_id,
        "year": article.year,
        "conference_id": article.conference_id,
        "status": article.status,
        "version": article.version,
        "published_version": article.published_version,
    }


def _editor_out(article: Article) -> dict[str, object]:
    """What an editor gets back: the article as published (or as drafted) and its pending revision."""
    article = Article.objects.select_related("unit", "category").get(pk=article.pk)
    pending = selectors.pending_revision(article)
    return {**_out(article), "pending_revision": pending.number if pending else None}


def _input(payload: ArticleIn) -> services.ArticleInput:
    def pick(model: type, value: object, field: str, label: str) -> object:
        if value in (None, ""):
            return None
        found = model.objects.filter(**{field: value}).first()  # type: ignore[attr-defined]
        if found is None:
            raise InvalidInput(f"Không tìm thấy {label} «{value}».", fields={field: "not_found"})
        return found

    return services.ArticleInput(
        title=payload.title,
        summary=payload.summary,
        body=payload.body,
        category=pick(Category, payload.category_slug, "slug", "chuyên mục"),  # type: ignore[arg-type]
        tag_names=payload.tags,
        byline=payload.byline,
        cluster=pick(Cluster, payload.cluster_id, "pk", "cụm thi đua"),  # type: ignore[arg-type]
        year=payload.year,
        conference=pick(Conference, payload.conference_id, "pk", "hội nghị"),  # type: ignore[arg-type]
    )


@router.get("/articles", response=list[ArticleListOut], auth=None, summary="Tìm tin bài đã xuất bản")
def list_articles(request: HttpRequest, q: str = "", limit: int = 20) -> object:
    limit = max(1, min(limit, MAX_RESULTS))
    queryset = selectors.search_articles(q[:200]) if q.strip() else selectors.latest_articles(limit=limit)
    return [_list_out(article) for article in queryset[:limit]]


@router.get("/articles/{slug}", response=ArticleOut, auth=None, summary="Một tin bài đã xuất bản")
def get_article(request: HttpRequest, slug: str) -> object:
    article = selectors.public_article(slug)
    if article is None:
        raise NotFound("Không tìm thấy tin bài.")
    return _out(article)


def _editable(request: HttpRequest, slug: str) -> Article:
    """The article to write to. One the user may not write and the public cannot see (a draft, an
    article in review, a scheduled one) is "not found", like a missing slug: a 403 would confirm it
    exists. A public article the user may not write goes on to the service's 403."""
    article = get_object_or_404(Article.objects.select_related("unit"), slug=slug)
    if (
        not allows(request.user, "news.write_article", article)
        and not selectors.visible_articles().filter(pk=article.pk).exists()
    ):
        raise Http404
    return article


@router.post("/articles", response={201: ArticleEditorOut}, summary="Biên tập viên tạo bản nháp")
def create_article(request: HttpRequest, payload: ArticleIn) -> object:
    if not payload.unit_code:
        raise InvalidInput("Cần mã đơn vị đăng tin (unit_code).", fields={"unit_code": "required"})
    unit = Unit.objects.filter(code=payload.unit_code).first()
    if unit is None:
        raise InvalidInput(f"Không tìm thấy đơn vị «{payload.unit_code}».", fields={"unit_code": "not_found"})
    article = services.create_article(actor=request.user, unit=unit, data=_input(payload))
    return 201, _editor_out(article)


@router.put(
    "/articles/{slug}",
    response=ArticleEditorOut,
    summary="Biên tập viên sửa tin bài (tin đang đăng: lưu thành bản sửa chờ duyệt)",
)
def update_article(request: HttpRequest, slug: str, payload: ArticleIn) -> object:
    article = services.update_article(
        actor=request.user, article=_editable(request, slug), data=_input(payload)
    )
    return _editor_out(article)


@router.post("/articles/{slug}/submit", response=ArticleEditorOut, summary="Gửi duyệt")
def submit_article(request: HttpRequest, slug: str) -> object:
    return _editor_out(
        services.submit_article_for_review(actor=request.user, article=_editable(request, slug))
    )


@router.post(
    "/articles/{slug}/publish",
    response=ArticleEditorOut,
    summary="Xuất bản (ngay hoặc hẹn giờ); cần quyền xuất bản và không phải tin của chính mình",
)
def publish_article(request: HttpRequest, slug: str, payload: PublishIn) -> object:
    article = services.publish_article(
        actor=request.user, article=_editable(request, slug), published_at=payload.published_at
    )
    return _editor_out(article)


def _pending(request: HttpRequest, slug: str) -> ArticleRevision:
    revision = selectors.pending_revision(_editable(request, slug))
    if revision is None:
        raise NotFound("Tin bài không có bản sửa nào đang chờ duyệt.")
    return revision


@router.post(
    "/articles/{slug}/revision/approve",
    response=ArticleEditorOut,
    summary="Duyệt bản sửa chờ duyệt của tin đang đăng (người khác có quyền xuất bản)",
)
def approve_revision(request: HttpRequest, slug: str) -> object:
    revision = _pending(request, slug)
    return _editor_out(services.approve_article_revision(actor=request.user, revision=revision))


@router.post(
    "/articles/{slug}/revision/withdraw", response=ArticleEditorOut, summary="Rút lại bản sửa chờ duyệt"
)
def withdraw_revision(request: HttpRequest, slug: str, payload: WithdrawIn) -> object:
    revision = _pending(request, slug)
    services.withdraw_article_revision(actor=request.user, revision=revision, reason=payload.reason)
    return _editor_out(revision.article)
