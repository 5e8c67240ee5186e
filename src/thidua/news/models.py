"""Articles of the public portal, their revisions, images and read-aloud audio, and the honour board."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from thidua.news.enums import (
    ArticleStatus,
    AudioState,
    ConsentMethod,
    HonourKind,
    HonourSource,
    HonourStatus,
    RevisionState,
)


class Category(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=140, unique=True)
    sort_key = models.CharField(max_length=400, db_index=True)

    class Meta:
        ordering = ["sort_key"]
        verbose_name = "chuyên mục"
        verbose_name_plural = "chuyên mục"

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    sort_key = models.CharField(max_length=300, db_index=True)

    class Meta:
        ordering = ["sort_key"]
        verbose_name = "thẻ"
        verbose_name_plural = "thẻ"

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    """A news item. `body` is stored already sanitised; `search_text` is the folded (accentless,
    lower-case) text of title, summary, body and tags that search matches on every database."""

    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.TextField(max_length=1000)
    body = models.TextField()
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    byline = models.CharField(max_length=150, blank=True)
    cluster = models.ForeignKey(
        "clusters.Cluster", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    conference = models.ForeignKey(
        "clusters.Conference", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    status = models.CharField(max_length=12, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)  # the number of the latest revision
    published_version = models.PositiveIntegerField(default=0)
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"], name="article_public_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="article_published_has_date",
            )
        ]
        verbose_name = "tin bài"
        verbose_name_plural = "tin bài"

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        """Published and its time has come (the same test as `selectors.visible_articles`)."""
        return (
            self.status == ArticleStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class ArticleRevision(models.Model):
    """One version of an article. A draft's saves are applied at once (state applied); an edit of a
    published article is a pending revision holding everything that can change, shown to the public
    only once another editor approves it (product.md §7). Revisions saved before pending revisions
    existed hold only title, summary and body."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=RevisionState.choices, default=RevisionState.APPLIED)
    title = models.CharField(max_length=300)
    summary = models.TextField()
    body = models.TextField()
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    tag_names = models.JSONField(default=list, blank=True)
    byline = models.CharField(max_length=150, blank=True)
    cluster = models.ForeignKey(
        "clusters.Cluster", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    conference = models.ForeignKey(
        "clusters.Conference", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: The pictures of this version in order: [{"id": ArticleImage pk, "caption": …, "credit": …}].
    images = models.JSONField(default=list, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="article_revision_number"),
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(state=RevisionState.PENDING),
                name="article_one_pending_revision",
            ),
        ]
        verbose_name = "phiên bản tin bài"
        verbose_name_plural = "phiên bản tin bài"

    def __str__(self) -> str:
        return f"{self.article} – phiên bản {self.number}"


class ArticleImage(models.Model):
    """A picture of an article, re-encoded by the server (resized, metadata stripped)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(upload_to="news/images/%Y/%m/", max_length=200)
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    caption = models.CharField(max_length=300)
    credit = models.CharField(max_length=150, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    #: Set while the picture belongs only to a pending revision: it stays private until approval.
    revision = models.ForeignKey(
        ArticleRevision, null=True, blank=True, on_delete=models.CASCADE, related_name="new_images"
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "ảnh tin bài"
        verbose_name_plural = "ảnh tin bài"

    def __str__(self) -> str:
        return self.caption


class ArticleAudio(models.Model):
    """Read-aloud audio of one published version, made once by espeak-ng and kept in storage."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="audios")
    version = models.PositiveIntegerField()
    text_hash = models.CharField(max_length=64)
    state = models.CharField(max_length=10, choices=AudioState.choices, default=AudioState.PENDING)
    file = models.FileField(upload_to="news/audio/", max_length=200, blank=True)
    progress = models.ForeignKey(
        "core.JobProgress", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "-version"]
        constraints = [models.UniqueConstraint(fields=["article", "version"], name="article_audio_version")]
        verbose_name = "âm thanh đọc bài"
        verbose_name_plural = "âm thanh đọc bài"

    def __str__(self) -> str:
        return f"{self.article} – phiên bản {self.version}"


class HonourEntry(models.Model):
    """An exemplary model (gương điển hình). Only a display name, the unit and the achievement are
    ever shown; consent (who, when, how) must be recorded before it can be published."""

    kind = models.CharField(max_length=12, choices=HonourKind.choices)
    display_name = models.CharField(max_length=200)
    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="honour_entries")
    year = models.PositiveSmallIntegerField()
    achievement = models.TextField(max_length=3000)
    source = models.CharField(max_length=12, choices=HonourSource.choices, default=HonourSource.EDITOR)
    source_reference = models.CharField(max_length=200, blank=True)
    consent_given_by = models.CharField(max_length=200, blank=True)
    consent_given_on = models.DateField(null=True, blank=True)
    consent_method = models.CharField(max_length=20, choices=ConsentMethod.choices, blank=True)
    consent_note = models.CharField(max_length=300, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=12, choices=HonourStatus.choices, default=HonourStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    sort_key = models.CharField(max_length=400, db_index=True)

    class Meta:
        ordering = ["-year", "sort_key"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=HonourStatus.PUBLISHED)
                | (Q(consent_given_on__isnull=False) & ~Q(consent_given_by="") & ~Q(consent_method="")),
                name="honour_published_needs_consent",
            )
        ]
        verbose_name = "gương điển hình"
        verbose_name_plural = "gương điển hình"

    def __str__(self) -> str:
        return self.display_name
