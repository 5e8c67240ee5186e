"""Writes of the news app: articles and their workflow, images, read-aloud audio, the honour board.

Every function checks its rule, validates, changes, saves, audits and queues side effects, in that
order, inside one transaction. Free text is kept as plain text (templates escape it); the body is
rich text and is sanitised here with nh3 and an explicit allow-list before it is stored.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import logging
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import nh3
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from thidua.clusters.models import Cluster, Conference
from thidua.core.audit import record_audit, snapshot
from thidua.core.errors import Conflict, Forbidden, InvalidInput
from thidua.core.images import MAX_IMAGE_BYTES as MAX_IMAGE_BYTES  # re-exported for the views
from thidua.core.images import clean_image_bytes
from thidua.core.jobs import enqueue_job, finish_progress, report_progress
from thidua.core.rules import FORBIDDEN_MESSAGE, allows, require
from thidua.core.text import collation_key, fold
from thidua.news.enums import (
    ArticleStatus,
    AudioState,
    ConsentMethod,
    HonourKind,
    HonourSource,
    HonourStatus,
)
from thidua.news.models import (
    Article,
    ArticleAudio,
    ArticleImage,
    ArticleRevision,
    Category,
    HonourEntry,
    Tag,
)
from thidua.organisations.models import Unit

logger = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------------------
# Rich text

#: What an office worker's editor (and a paste from Word) may keep: paragraphs, headings below the
#: page title, bold, italics, underline, lists, quotes, links, images and simple tables. Everything
#: else is dropped (its text kept); script and style elements are dropped with their content.
ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "hr",
    "a", "img", "figure", "figcaption",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
#: Images in the body must be ours (uploaded through `add_article_image`); pasted `file:` or
#: `data:` pictures from Word cannot be shown under the CSP anyway and are dropped.
_OWN_IMAGE = re.compile(r"^/tin-bai/anh/\d+/$")
_NUMBER = re.compile(r"^\d{1,4}$")


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src":
        return value if _OWN_IMAGE.match(value) else None
    if attribute in {"width", "height", "colspan", "rowspan", "start"}:
        return value if _NUMBER.match(value) else None
    return value


def sanitize_html(raw: str) -> str:
    """The stored form of rich text: only the allow-list survives, links get rel=noopener."""
    cleaned = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_attribute_filter,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # Drop paragraphs that Word leaves empty (<p></p>, <p>&nbsp;</p>).
    return re.sub(r"<p>(\s|&nbsp;|<br>)*</p>", "", cleaned).strip()


def html_to_text(fragment: str) -> str:
    """Plain text of sanitised HTML, one space between blocks."""
    spaced = re.sub(r"<(br|/p|/h[2-4]|/li|/td|/th|/figcaption|/blockquote)>", " \n", fragment)
    return " ".join(html.unescape(nh3.clean(spaced, tags=set())).split())


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _plain(value: str, *, max_length: int) -> str:
    """Plain text as stored: control characters removed, spaces trimmed, length capped."""
    return _CONTROL.sub("", value or "").strip()[:max_length]


# --------------------------------------------------------------------------------------------------
# Articles


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
    for raw in names:
        name = _plain(raw, max_length=80)
        if not name:
            continue
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
    if data.year is not None and not 1990 <= data.year <= 2100:
        fields["year"] = "invalid"
        problems.append(f"năm {data.year} không hợp lệ")
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


def _add_revision(*, actor: Any, article: Article) -> ArticleRevision:
    article.version += 1
    return ArticleRevision.objects.create(
        article=article,
        number=article.version,
        title=article.title,
        summary=article.summary,
        body=article.body,
        author=actor if getattr(actor, "pk", None) else None,
    )


@transaction.atomic
def create_article(*, actor: Any, unit: Unit, data: ArticleInput) -> Article:
    require(actor, "news.write_article", unit)
    title, summary, body = _validated(data)
    article = Article(
        unit=unit,
        title=title,
        summary=summary,
        body=body,
        category=data.category,
        byline=_plain(data.byline, max_length=150),
        author=actor if getattr(actor, "pk", None) else None,
        cluster=data.cluster or (data.conference.cluster if data.conference else None),
        year=data.year or (data.conference.year if data.conference else None),
        conference=data.conference,
    )
    _save_with_unique_slug(article, title)
    tags = _tags_from_names(data.tag_names)
    article.tags.set(tags)
    _add_revision(actor=actor, article=article)
    article.search_text = _search_text(article, tags)
    article.save(update_fields=["version", "search_text"])
    record_audit(actor=actor, action="news.article.create", target=article, after=snapshot(article))
    return article


@transaction.atomic
def update_article(*, actor: Any, article: Article, data: ArticleInput) -> Article:
    """Save new text; a change of title, summary or body keeps a revision. Editing a published
    article publishes the correction as a new version (and queues its audio)."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    require(actor, "news.write_article", article)
    title, summary, body = _validated(data)
    before = snapshot(article)
    text_changed = (title, summary, body) != (article.title, article.summary, article.body)
    article.title, article.summary, article.body = title, summary, body
    article.category = data.category
    article.byline = _plain(data.byline, max_length=150)
    article.cluster = data.cluster or (data.conference.cluster if data.conference else None)
    article.year = data.year or (data.conference.year if data.conference else None)
    article.conference = data.conference
    tags = _tags_from_names(data.tag_names)
    article.tags.set(tags)
    if text_changed:
        _add_revision(actor=actor, article=article)
    if text_changed and article.status == ArticleStatus.PUBLISHED:
        article.published_version = article.version
    article.search_text = _search_text(article, tags)
    article.save()
    record_audit(
        actor=actor, action="news.article.update", target=article, before=before, after=snapshot(article)
    )
    if text_changed and article.status == ArticleStatus.PUBLISHED:
        _queue_audio(actor=actor, article=article)
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
    """Send an article in review back to its writer, or take a published one off the portal."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    require(actor, "news.publish_article", article)
    reason = _plain(reason, max_length=500)
    if not reason:
        raise InvalidInput("Cần ghi lý do trả lại hoặc gỡ tin bài.", fields={"reason": "required"})
    if article.status == ArticleStatus.DRAFT:
        raise Conflict("Tin bài đang là bản nháp.")
    before = snapshot(article, fields=["status", "published_at"])
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
    stays invisible until then). Queues the read-aloud audio of this version."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    require(actor, "news.publish_article", article)
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
            category = Category.objects.create(name=name, slug=slug, sort_key=collation_key(name))
    except IntegrityError:
        raise Conflict(f"Chuyên mục «{name}» đã có.", fields={"name": "duplicate"}) from None
    record_audit(actor=actor, action="news.category.create", target=category, after=snapshot(category))
    return category


# --------------------------------------------------------------------------------------------------
# Images


@transaction.atomic
def add_article_image(
    *, actor: Any, article: Article, data: bytes, caption: str, credit: str = ""
) -> ArticleImage:
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
    order = article.images.count() + 1
    extension = "png" if content_type == "image/png" else "jpg"
    image = ArticleImage(
        article=article,
        content_type=content_type,
        width=width,
        height=height,
        caption=caption,
        credit=credit,
        order=order,
    )
    image.file.save(f"{article.slug}-{order}.{extension}", ContentFile(content), save=False)
    try:
        image.save()
    except Exception:
        image.file.delete(save=False)
        raise
    after = {
        **snapshot(image, fields=["article", "content_type", "width", "height", "caption", "credit", "order"])
    }
    record_audit(actor=actor, action="news.image.add", target=image, after={**after, "file": image.file.name})
    return image


# --------------------------------------------------------------------------------------------------
# Read-aloud audio (espeak-ng), one file per published version


def spoken_text(article: Article) -> str:
    return f"{article.title}. {article.summary} {html_to_text(article.body)}"


def _queue_audio(*, actor: Any, article: Article) -> ArticleAudio:
    from thidua.news.tasks import generate_article_audio_task  # tasks import services

    text_hash = hashlib.sha256(spoken_text(article).encode()).hexdigest()
    audio, _ = ArticleAudio.objects.update_or_create(
        article=article, version=article.published_version, defaults={"text_hash": text_hash}
    )
    same = (
        ArticleAudio.objects.filter(text_hash=text_hash, state=AudioState.READY).exclude(pk=audio.pk).first()
    )
    if same is not None:  # the text was spoken before (e.g. published again unchanged)
        audio.file.name, audio.state = same.file.name, AudioState.READY
        audio.save(update_fields=["file", "state"])
        return audio
    progress = enqueue_job(
        generate_article_audio_task,
        audio.pk,
        label=f"Tạo âm thanh đọc bài «{article.title[:120]}»",
        owner=actor,
    )
    ArticleAudio.objects.filter(pk=audio.pk).update(progress=progress)
    return audio


def espeak_wav(text: str) -> bytes:
    """Vietnamese speech as a WAV file, by espeak-ng (Debian package espeak-ng)."""
    program = shutil.which("espeak-ng")
    if program is None:
        raise RuntimeError("espeak-ng is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "text.txt", Path(tmp) / "out.wav"
        source.write_text(text, encoding="utf-8")
        subprocess.run(  # noqa: S603
            [program, "-v", "vi", "-b", "1", "-f", str(source), "-w", str(target)],
            check=True,
            capture_output=True,
            timeout=300,
        )
        return target.read_bytes()


def generate_article_audio(*, audio_id: int, progress_id: int | None = None) -> ArticleAudio:
    """Run by the background job: speak the published version once and store the WAV."""
    audio = ArticleAudio.objects.select_related("article").get(pk=audio_id)
    if audio.state == AudioState.READY and audio.file:
        finish_progress(progress_id=progress_id, message="Âm thanh đã có sẵn.")
        return audio
    report_progress(progress_id=progress_id, done=0, total=2, message="Đang đọc bài bằng espeak-ng")
    try:
        wav = espeak_wav(spoken_text(audio.article))
    except (OSError, RuntimeError, subprocess.SubprocessError):
        # The cause (English, technical) goes to the log; the person watching the job gets Vietnamese.
        logger.exception("espeak-ng failed for article audio %s", audio.pk)
        ArticleAudio.objects.filter(pk=audio.pk).update(state=AudioState.FAILED)
        finish_progress(
            progress_id=progress_id,
            message="Không tạo được âm thanh đọc bài; lỗi đã được ghi lại để quản trị viên xử lý.",
            failed=True,
        )
        raise
    report_progress(progress_id=progress_id, done=1, total=2, message="Đang lưu tệp âm thanh")
    audio.file.save(f"{audio.text_hash}.wav", ContentFile(wav), save=False)
    audio.state = AudioState.READY
    audio.save(update_fields=["file", "state"])
    finish_progress(progress_id=progress_id, message="Đã tạo âm thanh đọc bài.")
    return audio


# --------------------------------------------------------------------------------------------------
# Drafts from events (a conference now; a decision later through the same DraftSource protocol)


@dataclass(frozen=True)
class DraftFacts:
    """Facts an event offers a draft article: the editor writes the words around them."""

    title: str
    summary: str
    facts: list[tuple[str, str]]
    lists: list[tuple[str, list[str]]] = field(default_factory=list)
    cluster: Cluster | None = None
    year: int | None = None
    conference: Conference | None = None
    owner_units: list[Unit] = field(default_factory=list)  # who may own the article, first allowed wins


class DraftSource(Protocol):
    def draft_facts(self) -> DraftFacts: ...


@dataclass(frozen=True)
class ConferenceSource:
    conference: Conference

    def draft_facts(self) -> DraftFacts:
        c = self.conference
        attendees = [
            ", ".join(part for part in (a.name, a.position, a.organisation) if part)
            for a in c.attendees.all().order_by("order", "id")
        ]
        facts = [
            ("Hội nghị", c.title),
            ("Loại hội nghị", c.get_kind_display()),
            ("Thời gian", f"{c.date:%d/%m/%Y}"),
            ("Địa điểm", c.place),
            ("Cụm thi đua", f"{c.cluster.name} – {c.cluster.authority.name}"),
        ]
        if c.host is not None:
            facts.append(("Đơn vị đăng cai", c.host.name))
        lists = [("Thành phần tham dự", attendees)] if attendees else []
        if c.summary:
            lists.append(
                ("Kết quả hội nghị", [line.strip() for line in c.summary.splitlines() if line.strip()])
            )
        owners = [c.cluster.authority] + ([c.host] if c.host is not None else [])
        return DraftFacts(
            title=c.title,
            summary=f"{c.title}, ngày {c.date:%d/%m/%Y} tại {c.place}.",
            facts=facts,
            lists=lists,
            cluster=c.cluster,
            year=c.year,
            conference=c,
            owner_units=owners,
        )


def _facts_html(facts: DraftFacts) -> str:
    esc = html.escape
    parts = [
        "<p>[Biên tập viên viết phần mở đầu tại đây; các dữ kiện dưới đây lấy từ dữ liệu đã ghi.]</p>",
        "<ul>",
    ]
    parts += [f"<li><strong>{esc(label)}:</strong> {esc(value)}</li>" for label, value in facts.facts]
    parts.append("</ul>")
    for heading, items in facts.lists:
        parts.append(f"<h3>{esc(heading)}</h3><ul>")
        parts += [f"<li>{esc(item)}</li>" for item in items]
        parts.append("</ul>")
    return "".join(parts)


@transaction.atomic
def draft_article_from_source(*, actor: Any, source: DraftSource) -> Article:
    facts = source.draft_facts()
    unit = next((u for u in facts.owner_units if allows(actor, "news.write_article", u)), None)
    if unit is None:
        raise Forbidden(FORBIDDEN_MESSAGE)
    data = ArticleInput(
        title=facts.title,
        summary=facts.summary,
        body=_facts_html(facts),
        cluster=facts.cluster,
        year=facts.year,
        conference=facts.conference,
    )
    return create_article(actor=actor, unit=unit, data=data)


def draft_article_from_conference(*, actor: Any, conference: Conference) -> Article:
    """A draft article pre-filled with the conference's facts (date, place, host, attendees, outcomes)."""
    return draft_article_from_source(actor=actor, source=ConferenceSource(conference))


# --------------------------------------------------------------------------------------------------
# Honour board

#: Personal identifiers never belong on the public board: citizen or ID card numbers, phone
#: numbers, e-mail addresses, dates of birth.
_IDENTIFIERS = [
    (re.compile(r"(?<!\d)\d{9}(?!\d)|(?<!\d)\d{12}(?!\d)"), "số định danh, CCCD hoặc CMND"),
    (re.compile(r"(?<!\d)(\+?84|0)(\s?\.?\d){9,10}(?!\d)"), "số điện thoại"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"), "địa chỉ thư điện tử"),
    (
        re.compile(r"\bsinh (ngày|năm)\b|\bngày sinh\b|\bquê quán\b|\bđịa chỉ\b", re.IGNORECASE),
        "ngày sinh hoặc địa chỉ",
    ),
]


def _refuse_identifiers(**texts: str) -> None:
    for name, text in texts.items():
        for pattern, what in _IDENTIFIERS:
            if pattern.search(text):
                raise InvalidInput(
                    f"Không được đưa thông tin cá nhân ({what}) lên bảng vinh danh.",
                    fields={name: "personal_identifier"},
                )


@transaction.atomic
def create_honour_entry(
    *,
    actor: Any,
    kind: str,
    display_name: str,
    unit: Unit,
    year: int,
    achievement: str,
    source: str = HonourSource.EDITOR,
    source_reference: str = "",
) -> HonourEntry:
    require(actor, "news.manage_honour", unit)
    display_name = _plain(display_name, max_length=1000)
    achievement = _plain(achievement, max_length=10_000)
    source_reference = _plain(source_reference, max_length=1000)
    if kind not in HonourKind.values or source not in HonourSource.values:
        raise InvalidInput("Loại gương điển hình hoặc nguồn không hợp lệ.", fields={"kind": "invalid"})
    if not display_name or len(display_name) > 200:
        raise InvalidInput("Cần ghi tên (tối đa 200 ký tự).", fields={"display_name": "required"})
    if not achievement or len(achievement) > 3000:
        raise InvalidInput("Cần ghi thành tích (tối đa 3000 ký tự).", fields={"achievement": "required"})
    if not 1990 <= year <= 2100:
        raise InvalidInput(f"Năm {year} không hợp lệ.", fields={"year": "invalid"})
    if source == HonourSource.DECISION and not source_reference:
        raise InvalidInput(
            "Gương điển hình lấy từ quyết định cần ghi số quyết định.",
            fields={"source_reference": "required"},
        )
    _refuse_identifiers(display_name=display_name, achievement=achievement)
    entry = HonourEntry.objects.create(
        kind=kind,
        display_name=display_name,
        unit=unit,
        year=year,
        achievement=achievement,
        source=source,
        source_reference=source_reference[:200],
        sort_key=collation_key(display_name),
    )
    record_audit(actor=actor, action="news.honour.create", target=entry, after=snapshot(entry))
    return entry


@transaction.atomic
def record_honour_consent(
    *, actor: Any, entry: HonourEntry, given_by: str, given_on: datetime.date, method: str, note: str = ""
) -> HonourEntry:
    """Record who agreed to appear on the board, when and how."""
    entry = HonourEntry.objects.select_for_update().get(pk=entry.pk)
    require(actor, "news.manage_honour", entry)
    given_by = _plain(given_by, max_length=1000)
    note = _plain(note, max_length=1000)
    if not given_by or len(given_by) > 200:
        raise InvalidInput("Cần ghi người đồng ý (tối đa 200 ký tự).", fields={"given_by": "required"})
    if method not in ConsentMethod.values:
        raise InvalidInput("Hình thức đồng ý không hợp lệ.", fields={"method": "invalid"})
    if given_on > timezone.localdate():
        raise InvalidInput("Ngày đồng ý không thể ở tương lai.", fields={"given_on": "future"})
    if len(note) > 300:
        raise InvalidInput("Ghi chú tối đa 300 ký tự.", fields={"note": "too_long"})
    before = snapshot(entry)
    entry.consent_given_by, entry.consent_given_on, entry.consent_method = given_by, given_on, method
    entry.consent_note = note
    entry.consent_recorded_by = actor if getattr(actor, "pk", None) else None
    entry.save()
    record_audit(
        actor=actor, action="news.honour.consent", target=entry, before=before, after=snapshot(entry)
    )
    return entry


@transaction.atomic
def publish_honour_entry(*, actor: Any, entry: HonourEntry) -> HonourEntry:
    entry = HonourEntry.objects.select_for_update().get(pk=entry.pk)
    require(actor, "news.manage_honour", entry)
    if entry.status == HonourStatus.PUBLISHED:
        raise Conflict("Gương điển hình này đã được đăng.")
    if not (entry.consent_given_by and entry.consent_given_on and entry.consent_method):
        raise Conflict(
            "Chưa ghi nhận sự đồng ý (ai đồng ý, ngày nào, bằng hình thức nào) nên chưa thể đăng.",
            fields={"consent": "missing"},
        )
    before = snapshot(entry, fields=["status", "published_at"])
    entry.status = HonourStatus.PUBLISHED
    entry.published_at = timezone.now()
    entry.save(update_fields=["status", "published_at"])
    record_audit(
        actor=actor,
        action="news.honour.publish",
        target=entry,
        before=before,
        after=snapshot(entry, fields=["status", "published_at"]),
    )
    return entry
