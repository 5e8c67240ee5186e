"""Articles and their workflow (draft → review → published, scheduled), categories, images.

A draft or an article in review is edited in place. An edit of a published (or scheduled) article
becomes a pending revision instead (`revisions.py`): the article row keeps the published version,
so every public page, feed, search (the stored `search_text`) and API call keeps serving it until
another editor approves the revision. Publishing is four-eyes: `news.publishing_right`, and not
one's own article while `settings.NEWS_FOUR_EYES` is on.

Every function checks its rule, validates, changes, saves, audits and queues side effects, in that
order, inside one transaction. Free text is kept as plain text (templates escape it); the body is
rich text and is sanitised with nh3 before it is stored (`text.py`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from thidua.clusters.models import Cluster, Conference
from thidua.core.audit import record_audit, snapshot
from thidua.core.audited import create_audited
from thidua.core.errors import Conflict, Forbidden, InvalidInput
from thidua.core.images import clean_image_bytes
from thidua.core.rules import require
from thidua.core.text import collation_key, fold
from thidua.core.years import check_year
from thidua.news.enums import ArticleStatus, RevisionState
from thidua.news.models import Article, ArticleImage, ArticleRevision, Category, Tag
from thidua.news.rules import NO_PUBLISHING_RIGHT_MESSAGE, OWN_WORK_MESSAGE, is_own_work
from thidua.news.services.audio import _queue_audio
from thidua.news.services.text import _plain, html_to_text, sanitize_html, tag_names
from thidua.organisations.models import Unit


@dataclass(frozen=True)
class ArticleInput:
    title: str
    summary: str
    body: str
    category: Category | None = None
    tag_names: Sequence[str] = ()
    byline: str = ""
    cluster: Cluster | None = None
    year: int | None = None
    conference: Conference | None = None


def _unique_slug(title: str) -> str:
    base = slugify(fold(title))[:100].strip("-") or "tin-bai"
    slug, n = base, 2
    while Article.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


_SLUG_ATTEMPTS = 5


def _save_with_unique_slug(article: Article, title: str) -> None:
    """Insert a new article under a free slug. Two requests with the same title (a double submit)
    can both find the same slug free: the loser's insert fails inside a savepoint and it tries the
    next free slug, so neither gets an IntegrityError (a 500)."""
    for _ in range(_SLUG_ATTEMPTS):
        article.slug = _unique_slug(title)
        try:
            with transaction.atomic():
                article.save()
            return
        except IntegrityError:
            if not Article.objects.filter(slug=article.slug).exists():
                raise  # not the slug: a real bug, let it show
    raise Conflict(
        "Nhiều tin bài cùng tiêu đề đang được tạo cùng lúc; vui lòng gửi lại sau giây lát.",
        fields={"title": "duplicate"},
    )


def _tags_from_names(names: Iterable[str]) -> list[Tag]:
    tags: list[Tag] = []
    for name in tag_names(names):  # trimmed, deduplicated, at most MAX_TAGS
        slug = slugify(fold(name))[:100] or "the"
        try:
            # get_or_create inserts inside a savepoint and, if another request inserted the same
            # tag meanwhile, reads that one instead of failing.
            tag, _ = Tag.objects.get_or_create(
                slug=slug, defaults={"name": name, "sort_key": collation_key(name)}
            )
        except IntegrityError:
            raise Conflict(
                f"Không lưu được thẻ «{name}» vì đang có người tạo thẻ trùng; vui lòng gửi lại.",
                fields={"tags": "duplicate"},
            ) from None
        if tag not in tags:
            tags.append(tag)
    return tags


def _validated(data: ArticleInput) -> tuple[str, str, str]:
    title = _plain(data.title, max_length=10_000)
    summary = _plain(data.summary, max_length=10_000)
    body = sanitize_html(data.body or "")
    fields: dict[str, str] = {}
    problems: list[str] = []
    if not title:
        fields["title"] = "required"
        problems.append("cần có tiêu đề")
    elif len(title) > 300:
        fields["title"] = "too_long"
        problems.append("tiêu đề dài quá 300 ký tự")
    if not summary:
        fields["summary"] = "required"
        problems.append("cần có tóm tắt")
    elif len(summary) > 1000:
        fields["summary"] = "too_long"
        problems.append("tóm tắt dài quá 1000 ký tự")
    if not html_to_text(body) and "<img" not in body:
        fields["body"] = "required"
        problems.append("nội dung trống (hoặc chỉ có mã không được phép)")
    if data.year is not None:
        try:
            check_year(data.year)  # the emulation years (thidua.core.years)
        except InvalidInput as error:
            fields.update(error.fields)
            problems.append(error.message[0].lower() + error.message[1:].rstrip("."))
    if (
        data.conference is not None
        and data.cluster is not None
        and data.conference.cluster_id != data.cluster.pk
    ):
        fields["conference"] = "invalid"
        problems.append("hội nghị không thuộc cụm đã chọn")
    if fields:
        raise InvalidInput("Tin bài chưa hợp lệ: " + "; ".join(problems) + ".", fields=fields)
    return title, summary, body


def _search_text(article: Article, tags: Iterable[Tag]) -> str:
    parts = [article.title, article.summary, html_to_text(article.body), *(t.name for t in tags)]
    return fold(" ".join(parts))


def _links(data: ArticleInput) -> tuple[Cluster | None, int | None, Conference | None]:
    """Cluster, year and conference; a conference implies its cluster and year."""
    cluster = data.cluster or (data.conference.cluster if data.conference else None)
    year = data.year or (data.conference.year if data.conference else None)
    return cluster, year, data.conference


def _image_list(images: Iterable[ArticleImage]) -> list[dict[str, Any]]:
    return [{"id": i.pk, "caption": i.caption, "credit": i.credit} for i in images]


def _add_revision(*, actor: Any, article: Article, tags: Iterable[Tag]) -> ArticleRevision:
    """Record the article's current content as an applied revision (drafts, corrections applied)."""
    article.version += 1
    return ArticleRevision.objects.create(
        article=article,
        number=article.version,
        state=RevisionState.APPLIED,
        title=article.title,
        summary=article.summary,
        body=article.body,
        category=article.category,
        tag_names=[t.name for t in tags],
        byline=article.byline,
        cluster=article.cluster,
        year=article.year,
        conference=article.conference,
        images=_image_list(article.images.filter(revision__isnull=True).order_by("order", "id")),
        author=actor if getattr(actor, "pk", None) else None,
    )


def _require_publisher(actor: Any, article: Article | ArticleRevision) -> None:
    """The publishing right, then the four-eyes rule (with its own Vietnamese reason)."""
    require(actor, "news.publishing_right", article, message=NO_PUBLISHING_RIGHT_MESSAGE)
    if is_own_work(actor, article):
        raise Forbidden(OWN_WORK_MESSAGE)


@transaction.atomic
def create_article(*, actor: Any, unit: Unit, data: ArticleInput) -> Article:
    require(actor, "news.write_article", unit)
    title, summary, body = _validated(data)
    cluster, year, conference = _links(data)
    article = Article(
        unit=unit,
        title=title,
        summary=summary,
        body=body,
        category=data.category,
        byline=_plain(data.byline, max_length=150),
        author=actor if getattr(actor, "pk", None) else None,
        cluster=cluster,
        year=year,
        conference=conference,
    )
    _save_with_unique_slug(article, title)
    tags = _tags_from_names(data.tag_names)
    article.tags.set(tags)
    _add_revision(actor=actor, article=article, tags=tags)
    article.search_text = _search_text(article, tags)
    article.save(update_fields=["version", "search_text"])
    record_audit(actor=actor, action="news.article.create", target=article, after=snapshot(article))
    return article


@transaction.atomic
def update_article(*, actor: Any, article: Article, data: ArticleInput) -> Article:
    """Save an edit. A draft or an article in review changes in place (a change of its content
    keeps a revision). A published or scheduled article does not change: the edit becomes its
    pending revision (`revisions.propose_revision`), public only once approved."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    require(actor, "news.write_article", article)
    if article.status == ArticleStatus.PUBLISHED:
        from thidua.news.services.revisions import propose_revision  # revisions import this module

        propose_revision(actor=actor, article=article, data=data)
        return article
    title, summary, body = _validated(data)
    before = snapshot(article)
    old_tags = sorted(article.tags.values_list("name", flat=True))
    cluster, year, conference = _links(data)
    article.title, article.summary, article.body = title, summary, body
    article.category = data.category
    article.byline = _plain(data.byline, max_length=150)
    article.cluster, article.year, article.conference = cluster, year, conference
    tags = _tags_from_names(data.tag_names)
    article.tags.set(tags)
    changed = snapshot(article) != before or sorted(t.name for t in tags) != old_tags
    if changed:
        _add_revision(actor=actor, article=article, tags=tags)
    article.search_text = _search_text(article, tags)
    article.save()
    record_audit(
        actor=actor,
        action="news.article.update",
        target=article,
        before={**before, "tags": old_tags},
        after={**snapshot(article), "tags": [t.name for t in tags]},
    )
    return article


@transaction.atomic
def submit_article_for_review(*, actor: Any, article: Article) -> Article:
    article = Article.objects.select_for_update().get(pk=article.pk)
    require(actor, "news.write_article", article)
    if article.status != ArticleStatus.DRAFT:
        raise Conflict(
            f"Chỉ gửi duyệt được bản nháp; tin bài đang ở trạng thái «{article.get_status_display()}»."
        )
    before = snapshot(article, fields=["status"])
    article.status = ArticleStatus.REVIEW
    article.save(update_fields=["status", "updated_at"])
    record_audit(
        actor=actor,
        action="news.article.submit",
        target=article,
        before=before,
        after=snapshot(article, fields=["status"]),
    )
    return article


@transaction.atomic
def return_article_to_draft(*, actor: Any, article: Article, reason: str) -> Article:
    """Send an article in review back to its writer, or take a published one off the portal (a
    pending revision then becomes the draft's content: nothing of it is public any more)."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    require(actor, "news.publishing_right", article)
    reason = _plain(reason, max_length=500)
    if not reason:
        raise InvalidInput("Cần ghi lý do trả lại hoặc gỡ tin bài.", fields={"reason": "required"})
    if article.status == ArticleStatus.DRAFT:
        raise Conflict("Tin bài đang là bản nháp.")
    before = snapshot(article, fields=["status", "published_at"])
    pending = ArticleRevision.objects.filter(article=article, state=RevisionState.PENDING).first()
    if pending is not None:
        from thidua.news.services.revisions import apply_revision

        apply_revision(
            actor=actor, article=article, revision=pending, note="Gộp vào bản nháp khi gỡ tin bài."
        )
    article.status = ArticleStatus.DRAFT
    article.published_at = None
    article.save(update_fields=["status", "published_at", "updated_at"])
    record_audit(
        actor=actor,
        action="news.article.return",
        target=article,
        before=before,
        after={**snapshot(article, fields=["status", "published_at"]), "reason": reason},
    )
    return article


@transaction.atomic
def publish_article(
    *, actor: Any, article: Article, published_at: datetime.datetime | None = None
) -> Article:
    """Publish an article in review, now or at `published_at` (a future time schedules it: it
    stays invisible until then). Needs the publishing right and, with four-eyes on, someone other
    than the author. Queues the read-aloud audio of this version."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    _require_publisher(actor, article)
    if article.status != ArticleStatus.REVIEW:
        raise Conflict(
            f"Chỉ xuất bản được tin bài đang chờ duyệt; tin bài đang ở trạng thái «{article.get_status_display()}»."
        )
    now = timezone.now()
    when = published_at or now
    if timezone.is_naive(when):
        raise InvalidInput("Thời điểm xuất bản cần có múi giờ.", fields={"published_at": "invalid"})
    if when < now - datetime.timedelta(days=1) and actor is not None:  # the system imports old articles
        raise InvalidInput(
            "Không thể xuất bản lùi ngày: thời điểm xuất bản phải từ hôm nay trở đi.",
            fields={"published_at": "past"},
        )
    before = snapshot(article, fields=["status", "published_at", "published_version"])
    article.status = ArticleStatus.PUBLISHED
    article.published_at = when
    article.published_version = article.version
    article.save(update_fields=["status", "published_at", "published_version", "updated_at"])
    record_audit(
        actor=actor,
        action="news.article.publish",
        target=article,
        before=before,
        after=snapshot(article, fields=["status", "published_at", "published_version"]),
    )
    _queue_audio(actor=actor, article=article)
    return article


@transaction.atomic
def create_category(*, actor: Any, name: str) -> Category:
    require(actor, "news.write_article", None)
    name = _plain(name, max_length=200)
    if not name or len(name) > 120:
        raise InvalidInput("Tên chuyên mục cần có, tối đa 120 ký tự.", fields={"name": "invalid"})
    slug = slugify(fold(name))[:140] or "chuyen-muc"
    if Category.objects.filter(slug=slug).exists():
        raise Conflict(f"Chuyên mục «{name}» đã có.", fields={"name": "duplicate"})
    try:
        with transaction.atomic():  # a double submit: the second insert fails here, not with a 500
            category = create_audited(
                Category,
                actor=actor,
                action="news.category.create",
                name=name,
                slug=slug,
                sort_key=collation_key(name),
            )
    except IntegrityError:
        raise Conflict(f"Chuyên mục «{name}» đã có.", fields={"name": "duplicate"}) from None
    return category


# --------------------------------------------------------------------------------------------------
# Images


def _delete_files_on_commit(names: list[str]) -> None:
    """Remove stored files once the rows that named them are gone for good (never on a rollback)."""
    from django.core.files.storage import default_storage

    def delete() -> None:
        for name in names:
            if name:
                default_storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def add_article_image(
    *, actor: Any, article: Article, data: bytes, caption: str, credit: str = ""
) -> ArticleImage:
    """Add a picture (cleaned and re-encoded). On a published article it joins the pending
    revision (made from the published version if there is none) and stays private until approval."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    require(actor, "news.write_article", article)
    caption = _plain(caption, max_length=1000)
    credit = _plain(credit, max_length=1000)
    if not caption:
        raise InvalidInput(
            "Ảnh cần có chú thích (để người khiếm thị cũng biết ảnh nói gì).", fields={"caption": "required"}
        )
    if len(caption) > 300 or len(credit) > 150:
        raise InvalidInput(
            "Chú thích tối đa 300 ký tự, tác giả ảnh tối đa 150 ký tự.", fields={"caption": "too_long"}
        )
    content, content_type, width, height = clean_image_bytes(data)
    revision = None
    if article.status == ArticleStatus.PUBLISHED:
        from thidua.news.services.revisions import pending_revision_for_edit

        revision = pending_revision_for_edit(actor=actor, article=article)
    order = ArticleImage.objects.filter(article=article).count() + 1
    extension = "png" if content_type == "image/png" else "jpg"
    image = ArticleImage(
        article=article,
        content_type=content_type,
        width=width,
        height=height,
        caption=caption,
        credit=credit,
        order=order,
        revision=revision,
    )
    image.file.save(f"{article.slug}-{order}.{extension}", ContentFile(content), save=False)
    try:
        image.save()
    except Exception:
        image.file.delete(save=False)
        raise
    if revision is not None:
        revision.images = [*revision.images, *_image_list([image])]
        revision.save(update_fields=["images"])
    after = snapshot(
        image, fields=["article", "content_type", "width", "height", "caption", "credit", "order", "revision"]
    )
    record_audit(actor=actor, action="news.image.add", target=image, after={**after, "file": image.file.name})
    return image


@transaction.atomic
def remove_article_image(*, actor: Any, image: ArticleImage) -> Article:
    """Take a picture out. On a published article the removal is part of the pending revision
    (the public keeps seeing the picture until approval); otherwise it is deleted at once."""
    article = Article.objects.select_for_update().get(pk=image.article_id)
    require(actor, "news.write_article", article)
    image = ArticleImage.objects.get(pk=image.pk)
    before = {**snapshot(image, fields=["article", "caption", "order", "revision"]), "file": image.file.name}
    if article.status == ArticleStatus.PUBLISHED:
        from thidua.news.services.revisions import pending_revision_for_edit

        revision = pending_revision_for_edit(actor=actor, article=article)
        revision.images = [item for item in revision.images if item["id"] != image.pk]
        revision.save(update_fields=["images"])
        if image.revision_id == revision.pk:  # never public: nothing to keep
            image.delete()
            _delete_files_on_commit([before["file"]])
        record_audit(
            actor=actor,
            action="news.image.remove",
            target=article,
            before=before,
            after={"revision": revision.number},
        )
        return article
    image.delete()
    _delete_files_on_commit([before["file"]])
    record_audit(actor=actor, action="news.image.remove", target=article, before=before, after={})
    return article


# --------------------------------------------------------------------------------------------------
# Read-aloud audio (espeak-ng), one file per published version
