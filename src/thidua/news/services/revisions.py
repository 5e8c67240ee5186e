"""Pending revisions of published articles (product.md §7).

An edit of a published or scheduled article never touches the article row, which is what every
public page, feed, search and API call reads: it is stored as the article's one pending revision
(title, summary, body, pictures with captions, category, tags, byline and the links to cluster,
year and conference). Another editor with the publishing right approves it, which applies it to the
article in one transaction (search text, tags, pictures, version, read-aloud audio), or it is
withdrawn and the published version stays exactly as it was.

Pictures added to a pending revision are `ArticleImage` rows with `revision` set: private until
approval. The revision's `images` list says which pictures the new version shows, in order.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from thidua.core.audit import record_audit, snapshot
from thidua.core.errors import Conflict, InvalidInput
from thidua.core.rules import require
from thidua.news.enums import ArticleStatus, RevisionState
from thidua.news.models import Article, ArticleImage, ArticleRevision
from thidua.news.services.articles import (
    ArticleInput,
    _delete_files_on_commit,
    _image_list,
    _links,
    _require_publisher,
    _search_text,
    _tags_from_names,
    _validated,
)
from thidua.news.services.audio import _queue_audio
from thidua.news.services.text import _plain
from thidua.news.services.text import tag_names as normalise_tag_names

#: Fields of a revision that make up a version (besides tags and pictures).
CONTENT_FIELDS = ["title", "summary", "body", "category", "byline", "cluster", "year", "conference"]


def _revision_snapshot(revision: ArticleRevision) -> dict[str, Any]:
    return snapshot(revision, fields=["number", "state", *CONTENT_FIELDS, "tag_names", "images", "author"])


def _published_state(article: Article) -> dict[str, Any]:
    return {
        **{name: getattr(article, name) for name in CONTENT_FIELDS},
        "tag_names": [t.name for t in article.tags.all()],
        "images": _image_list(article.images.filter(revision__isnull=True).order_by("order", "id")),
    }


def pending_revision(article: Article) -> ArticleRevision | None:
    return ArticleRevision.objects.filter(article=article, state=RevisionState.PENDING).first()


def pending_revision_for_edit(*, actor: Any, article: Article) -> ArticleRevision:
    """The article's pending revision, made from the published version if there is none yet.
    The caller holds the article's row lock and has checked `news.write_article`. The last person
    to change a revision is its author: the four-eyes rule keeps them from approving it."""
    author = actor if getattr(actor, "pk", None) else None
    revision = (
        ArticleRevision.objects.select_for_update()
        .filter(article=article, state=RevisionState.PENDING)
        .first()
    )
    if revision is not None:
        if revision.author_id != getattr(author, "pk", None):
            revision.author = author
            revision.save(update_fields=["author"])
        return revision
    article.version += 1
    Article.objects.filter(pk=article.pk).update(version=article.version)
    return ArticleRevision.objects.create(
        article=article,
        number=article.version,
        state=RevisionState.PENDING,
        author=author,
        **_published_state(article),
    )


def propose_revision(*, actor: Any, article: Article, data: ArticleInput) -> ArticleRevision:
    """Store an edit of a published article as its pending revision (called by `update_article`,
    which holds the row lock and has checked the writing right)."""
    title, summary, body = _validated(data)
    cluster, year, conference = _links(data)
    tag_names = normalise_tag_names(data.tag_names)
    proposed = {
        "title": title,
        "summary": summary,
        "body": body,
        "category": data.category,
        "byline": _plain(data.byline, max_length=150),
        "cluster": cluster,
        "year": year,
        "conference": conference,
        "tag_names": tag_names,
    }
    existing = pending_revision(article)
    if existing is None:
        published = _published_state(article)
        if all(published[name] == value for name, value in proposed.items()):
            raise InvalidInput("Không có thay đổi nào so với bản đang đăng.", fields={"body": "unchanged"})
    revision = pending_revision_for_edit(actor=actor, article=article)
    before = _revision_snapshot(revision) if existing is not None else None
    for name, value in proposed.items():
        setattr(revision, name, value)
    revision.save()
    record_audit(
        actor=actor,
        action="news.revision.propose",
        target=article,
        before=before,
        after=_revision_snapshot(revision),
    )
    return revision


def apply_revision(*, actor: Any, article: Article, revision: ArticleRevision, note: str = "") -> None:
    """Make the revision the article's content: fields, tags, pictures (captions, order, removals),
    search text, version. The caller holds the article's row lock, checks the rules and audits."""
    for name in CONTENT_FIELDS:
        setattr(article, name, getattr(revision, name))
    tags = _tags_from_names(revision.tag_names)
    article.tags.set(tags)
    kept = {item["id"]: (position, item) for position, item in enumerate(revision.images, start=1)}
    removed: list[str] = []
    for image in ArticleImage.objects.select_for_update().filter(article=article):
        if image.pk in kept:
            position, item = kept[image.pk]
            image.caption, image.credit, image.order = item["caption"], item["credit"], position
            image.revision = None
            image.save(update_fields=["caption", "credit", "order", "revision"])
        elif image.revision_id in (None, revision.pk):
            removed.append(image.file.name)
            image.delete()
    _delete_files_on_commit(removed)
    article.version = max(article.version, revision.number)
    article.search_text = _search_text(article, tags)
    article.save()
    revision.state = RevisionState.APPLIED
    revision.decided_by = actor if getattr(actor, "pk", None) else None
    revision.decided_at = timezone.now()
    revision.decision_note = note[:500]
    revision.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])


def _locked(revision: ArticleRevision) -> tuple[Article, ArticleRevision]:
    # Lock the two rows only (PostgreSQL would otherwise lock the joined unit rows too).
    article = (
        Article.objects.select_for_update(of=("self",)).select_related("unit").get(pk=revision.article_id)
    )
    revision = (
        ArticleRevision.objects.select_for_update(of=("self",))
        .select_related("article__unit")
        .get(pk=revision.pk)
    )
    return article, revision


@transaction.atomic
def approve_article_revision(*, actor: Any, revision: ArticleRevision) -> Article:
    """Publish a pending revision: another editor with the publishing right (four-eyes) approves,
    and the public sees the new version from this transaction's commit on, audio included."""
    article, revision = _locked(revision)
    _require_publisher(actor, revision)
    if revision.state != RevisionState.PENDING:
        raise Conflict(f"Phiên bản {revision.number} không còn chờ duyệt ({revision.get_state_display()}).")
    if article.status != ArticleStatus.PUBLISHED:
        raise Conflict("Tin bài không còn được đăng; hãy sửa bản nháp rồi gửi duyệt.")
    published = _published_state(article)
    before = {
        **snapshot(article, fields=[*CONTENT_FIELDS, "published_version"]),
        "tags": published["tag_names"],
        "images": published["images"],
    }
    apply_revision(actor=actor, article=article, revision=revision)
    article.published_version = revision.number
    article.save(update_fields=["published_version"])
    record_audit(
        actor=actor,
        action="news.revision.approve",
        target=article,
        before=before,
        after={
            **snapshot(article, fields=[*CONTENT_FIELDS, "published_version"]),
            "tags": list(revision.tag_names),
            "images": revision.images,
        },
    )
    _queue_audio(actor=actor, article=article)
    return article


@transaction.atomic
def withdraw_article_revision(*, actor: Any, revision: ArticleRevision, reason: str = "") -> ArticleRevision:
    """Drop a pending revision (its writer takes it back, or a publisher turns it down). The
    published version is left exactly as it was; pictures added only for this revision go."""
    article, revision = _locked(revision)
    require(actor, "news.withdraw_revision", revision)
    if revision.state != RevisionState.PENDING:
        raise Conflict(f"Phiên bản {revision.number} không còn chờ duyệt ({revision.get_state_display()}).")
    reason = _plain(reason, max_length=500)
    before = _revision_snapshot(revision)
    names = [image.file.name for image in revision.new_images.all()]
    revision.new_images.all().delete()
    _delete_files_on_commit(names)
    revision.state = RevisionState.WITHDRAWN
    revision.decided_by = actor if getattr(actor, "pk", None) else None
    revision.decided_at = timezone.now()
    revision.decision_note = reason
    revision.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    record_audit(
        actor=actor,
        action="news.revision.withdraw",
        target=article,
        before=before,
        after={**_revision_snapshot(revision), "reason": reason},
    )
    return revision
