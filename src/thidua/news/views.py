"""Pages of the public portal (home, articles, categories, tags, search, feeds, honour board) and
the editor's pages. Thin: they call selectors and services and show `error.message`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.views.decorators.http import require_POST

from thidua.clusters.models import Conference
from thidua.clusters.selectors import public_clusters
from thidua.core.errors import DomainError
from thidua.core.pages import cleaned, named, page_action
from thidua.core.rules import allows
from thidua.news import selectors, services
from thidua.news.forms import ArticleForm, ConsentForm, HonourForm, ImageForm, PublishForm, ReturnForm
from thidua.news.models import Article, ArticleImage, ArticleRevision, Category, HonourEntry, Tag
from thidua.news.rules import is_own_work
from thidua.news.services import revisions

PAGE_SIZE = 20


# --------------------------------------------------------------------------------------------------
# Public pages


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "clusters": public_clusters()[:12],
        "conferences": Conference.objects.select_related("cluster", "host").order_by("-date")[:5],
        "articles": selectors.latest_articles(limit=8),
        "honour_entries": selectors.honour_board(limit=6),
        "categories": Category.objects.all(),
    }
    return render(request, "news/home.html", context)


def _article_page(request: HttpRequest, article: Article, *, preview: bool) -> HttpResponse:
    audio = None if preview else selectors.ready_audio(article)
    context = {
        "article": article,
        "preview": preview,
        "audio_url": reverse("news:article_audio", args=[article.slug]) if audio else "",
        "images": list(article.images.all()),
        "tags": list(article.tags.all()),
        "page_url": request.build_absolute_uri(reverse("news:article_detail", args=[article.slug])),
    }
    return render(request, "news/article_detail.html", context)


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = selectors.public_article(slug)
    if article is None:
        raise Http404("Không tìm thấy tin bài.")
    return _article_page(request, article, preview=False)


def article_audio(request: HttpRequest, slug: str) -> FileResponse:
    """The read-aloud audio of the published version, served by us (no outside service)."""
    article = selectors.public_article(slug)
    audio = selectors.ready_audio(article) if article is not None else None
    if audio is None:
        raise Http404("Chưa có âm thanh đọc bài.")
    response = FileResponse(audio.file.open("rb"), content_type="audio/wav")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def article_image(request: HttpRequest, pk: int) -> FileResponse:
    """An article's picture: public once the article is visible, otherwise only to its editors."""
    image = get_object_or_404(ArticleImage.objects.select_related("article__unit"), pk=pk)
    visible = image.revision_id is None and selectors.visible_articles().filter(pk=image.article_id).exists()
    if not visible and not allows(request.user, "news.write_article", image.article):
        raise Http404("Không tìm thấy ảnh.")
    response = FileResponse(image.file.open("rb"), content_type=image.content_type)
    response["Cache-Control"] = "public, max-age=86400" if visible else "private, no-store"
    return response


def _list_page(request: HttpRequest, queryset: Any, **context: Any) -> HttpResponse:
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "news/article_list.html", {"page": page, "articles": page.object_list, **context})


def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    return _list_page(request, selectors.articles_in_category(slug), heading=f"Chuyên mục: {category.name}")


def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    return _list_page(request, selectors.articles_with_tag(slug), heading=f"Thẻ: {tag.name}")


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    results = selectors.search_articles(query) if query.strip() else Article.objects.none()
    message = "" if query.strip() else "Nhập từ cần tìm (có dấu hoặc không dấu đều được)."
    return _list_page(request, results, heading="Tìm kiếm tin bài", query=query, search=True, message=message)


def honour_board(request: HttpRequest) -> HttpResponse:
    return render(request, "news/honour_board.html", {"entries": selectors.honour_board()})


class LatestArticlesFeed(Feed):
    title = "thidua – Tin thi đua, khen thưởng"
    description = "Các tin bài mới nhất về thi đua, khen thưởng."

    def link(self) -> str:
        return reverse("news:home")

    def items(self) -> Any:
        return selectors.latest_articles(limit=30)

    def item_title(self, item: Article) -> str:
        return escape(item.title)

    def item_description(self, item: Article) -> str:
        # Feed readers render the description as HTML: the summary is plain text, so escape it.
        return escape(item.summary)

    def item_link(self, item: Article) -> str:
        return reverse("news:article_detail", args=[item.slug])

    def item_pubdate(self, item: Article) -> Any:
        return item.published_at

    def item_categories(self, item: Article) -> list[str]:
        return [escape(tag.name) for tag in item.tags.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


# --------------------------------------------------------------------------------------------------
# Editor pages


def _input_from(form: ArticleForm) -> services.ArticleInput:
    data = form.cleaned_data
    return services.ArticleInput(
        title=data["title"],
        summary=data["summary"],
        body=data["body"],
        category=data["category"],
        tag_names=[name for name in data["tags"].split(",") if name.strip()],
        byline=data["byline"],
        cluster=data["cluster"],
        year=data["year"],
        conference=data["conference"],
    )


def _render_error(
    request: HttpRequest, template: str, context: dict[str, Any], error: DomainError
) -> HttpResponse:
    messages.error(request, error.message)
    return render(request, template, context, status=error.http_status)


@login_required
def editor_home(request: HttpRequest) -> HttpResponse:
    if not allows(request.user, "news.write_article", None):
        return render(request, "news/editor_forbidden.html", {}, status=403)
    context = {
        "review_articles": selectors.articles_awaiting_review(request.user)[:50],
        "review_revisions": selectors.revisions_awaiting_review(request.user)[:50],
        "own_revisions": selectors.own_pending_revisions(request.user)[:50],
        "articles": selectors.editor_articles(request.user)[:100],
        "honour_entries": selectors.editor_honour_entries(request.user)[:100],
        "conferences": Conference.objects.select_related("cluster").order_by("-date")[:20],
        "now": timezone.now(),
    }
    return render(request, "news/editor_home.html", context)


@login_required
def article_create(request: HttpRequest) -> HttpResponse:
    if not allows(request.user, "news.write_article", None):
        return render(request, "news/editor_forbidden.html", {}, status=403)
    form = ArticleForm(request.POST or None, user=request.user)
    context = {"form": form, "article": None}
    if request.method == "POST" and form.is_valid():
        try:
            article = services.create_article(
                actor=request.user, unit=form.cleaned_data["unit"], data=_input_from(form)
            )
        except DomainError as error:
            return _render_error(request, "news/article_form.html", context, error)
        messages.success(request, "Đã lưu bản nháp.")
        return redirect("news:article_edit", pk=article.pk)
    return render(request, "news/article_form.html", context, status=422 if form.errors else 200)


def _editable_article(request: HttpRequest, pk: int) -> Article:
    article = get_object_or_404(Article.objects.select_related("unit"), pk=pk)
    if not allows(request.user, "news.write_article", article):
        raise Http404("Không tìm thấy tin bài.")
    return article


def _edit_context(article: Article, form: ArticleForm, user: Any) -> dict[str, Any]:
    pending = selectors.pending_revision(article)
    if pending is not None:  # the pictures of the version being edited, in its order
        by_id = {image.pk: image for image in article.images.all()}
        images = [by_id[item["id"]] for item in pending.images if item["id"] in by_id]
    else:
        images = list(selectors.published_images().filter(article=article))
    return {
        "form": form,
        "article": article,
        "pending": pending,
        "can_publish": allows(user, "news.publish_article", article),
        "has_publishing_right": allows(user, "news.publishing_right", article),
        "own_work": is_own_work(user, article),
        "image_form": ImageForm(),
        "publish_form": PublishForm(),
        "return_form": ReturnForm(),
        "revisions": article.revisions.select_related("author", "decided_by").all()[:20],
        "images": images,
    }


def _initial(article: Article) -> dict[str, Any]:
    """The form starts from the version being worked on: the pending revision if there is one."""
    source: Article | ArticleRevision = selectors.pending_revision(article) or article
    tags = source.tag_names if isinstance(source, ArticleRevision) else [t.name for t in article.tags.all()]
    return {
        "unit": article.unit,
        "title": source.title,
        "summary": source.summary,
        "body": source.body,
        "category": source.category,
        "tags": ", ".join(tags),
        "byline": source.byline,
        "cluster": source.cluster,
        "year": source.year,
        "conference": source.conference,
    }


@login_required
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = _editable_article(request, pk)
    form = ArticleForm(request.POST or None, initial=_initial(article), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_article(actor=request.user, article=article, data=_input_from(form))
        except DomainError as error:
            return _render_error(
                request, "news/article_form.html", _edit_context(article, form, request.user), error
            )
        if article.status == "published":
            messages.success(
                request,
                "Đã lưu bản sửa, đang chờ duyệt. Công chúng vẫn thấy bản đang đăng cho đến khi bản sửa được duyệt.",
            )
        else:
            messages.success(request, "Đã lưu tin bài (thêm một phiên bản).")
        return redirect("news:article_edit", pk=article.pk)
    return render(
        request,
        "news/article_form.html",
        _edit_context(article, form, request.user),
        status=422 if form.errors else 200,
    )


@login_required
def article_revision(request: HttpRequest, pk: int) -> HttpResponse:
    """The pending revision beside the published version: what the reviewing editor approves."""
    article = _editable_article(request, pk)
    revision = selectors.pending_revision(article)
    if revision is None:
        messages.info(request, "Tin bài không có bản sửa nào đang chờ duyệt.")
        return redirect("news:article_edit", pk=article.pk)
    fields, body = selectors.compare_with_published(article, revision)
    context = {
        "article": article,
        "revision": revision,
        "fields": fields,
        "body": body,
        "can_approve": allows(request.user, "news.publish_article", revision),
        "own_work": is_own_work(request.user, revision),
        "can_withdraw": allows(request.user, "news.withdraw_revision", revision),
    }
    return render(request, "news/article_revision.html", context)


def _revision_action(request: HttpRequest, pk: int, action: Any, success: str) -> HttpResponseRedirect:
    article = _editable_article(request, pk)
    revision = selectors.pending_revision(article)
    if revision is None:
        messages.error(request, "Tin bài không có bản sửa nào đang chờ duyệt.")
        return redirect("news:article_edit", pk=article.pk)
    try:
        action(revision)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("news:article_revision", pk=article.pk)
    messages.success(request, success)
    return redirect("news:article_edit", pk=article.pk)


@login_required
@require_POST
def revision_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _revision_action(
        request,
        pk,
        lambda r: revisions.approve_article_revision(actor=request.user, revision=r),
        "Đã duyệt bản sửa: công chúng thấy phiên bản mới từ bây giờ.",
    )


@login_required
@require_POST
def revision_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _revision_action(
        request,
        pk,
        lambda r: revisions.withdraw_article_revision(actor=request.user, revision=r, reason=reason),
        "Đã rút lại bản sửa; bản đang đăng giữ nguyên.",
    )


@login_required
def article_preview(request: HttpRequest, pk: int) -> HttpResponse:
    article = _editable_article(request, pk)
    return _article_page(request, article, preview=True)


def _transition(request: HttpRequest, pk: int, action: Any, success: str) -> HttpResponseRedirect:
    article = _editable_article(request, pk)
    try:
        action(article)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("news:article_edit", pk=article.pk)


@login_required
@require_POST
def article_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request,
        pk,
        lambda a: services.submit_article_for_review(actor=request.user, article=a),
        "Đã gửi tin bài chờ duyệt.",
    )


@login_required
@require_POST
def article_publish(request: HttpRequest, pk: int) -> HttpResponse:
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Thời điểm xuất bản không hợp lệ (dạng ngày/tháng/năm giờ:phút).")
        return redirect("news:article_edit", pk=pk)
    when = form.cleaned_data["published_at"]
    return _transition(
        request,
        pk,
        lambda a: services.publish_article(actor=request.user, article=a, published_at=when),
        "Đã xuất bản tin bài." if when is None else f"Đã hẹn giờ xuất bản lúc {when:%H:%M %d/%m/%Y}.",
    )


@login_required
@require_POST
def article_return(request: HttpRequest, pk: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _transition(
        request,
        pk,
        lambda a: services.return_article_to_draft(actor=request.user, article=a, reason=reason),
        "Đã chuyển tin bài về bản nháp.",
    )


@login_required
@require_POST
def article_image_add(request: HttpRequest, pk: int) -> HttpResponse:
    article = _editable_article(request, pk)
    form = ImageForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Cần chọn tệp ảnh và ghi chú thích.")
        return redirect("news:article_edit", pk=pk)
    upload = form.cleaned_data["image"]
    if upload.size > services.MAX_IMAGE_BYTES:
        messages.error(request, f"Ảnh quá lớn, tối đa {services.MAX_IMAGE_BYTES // 1048576} MB.")
        return redirect("news:article_edit", pk=pk)
    try:
        services.add_article_image(
            actor=request.user,
            article=article,
            data=upload.read(),
            caption=form.cleaned_data["caption"],
            credit=form.cleaned_data["credit"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Đã thêm ảnh.")
    return redirect("news:article_edit", pk=pk)


@login_required
@require_POST
def article_image_remove(request: HttpRequest, pk: int, image_pk: int) -> HttpResponse:
    article = _editable_article(request, pk)
    image = get_object_or_404(ArticleImage, pk=image_pk, article=article)
    try:
        services.remove_article_image(actor=request.user, image=image)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, "Đã bỏ ảnh." if article.status != "published" else "Đã bỏ ảnh khỏi bản sửa (chờ duyệt)."
        )
    return redirect("news:article_edit", pk=pk)


@login_required
@require_POST
def draft_from_conference(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_object_or_404(Conference.objects.select_related("cluster__authority", "host"), pk=pk)
    try:
        article = services.draft_article_from_conference(actor=request.user, conference=conference)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("news:editor_home")
    messages.success(request, "Đã tạo bản nháp từ dữ liệu hội nghị; hãy viết lời dẫn và hoàn thiện bài.")
    return redirect("news:article_edit", pk=article.pk)


@login_required
def honour_create(request: HttpRequest) -> HttpResponse:
    if not allows(request.user, "news.manage_honour", None):
        return render(request, "news/editor_forbidden.html", {}, status=403)
    form = HonourForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.create_honour_entry(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            return _render_error(request, "news/honour_form.html", {"form": form}, error)
        messages.success(
            request, "Đã lưu gương điển hình (chưa đăng). Hãy ghi nhận sự đồng ý trước khi đăng."
        )
        return redirect("news:honour_edit", pk=entry.pk)
    return render(request, "news/honour_form.html", {"form": form}, status=422 if form.errors else 200)


def _honour_initial(entry: HonourEntry) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "display_name": entry.display_name,
        "unit": entry.unit,
        "year": entry.year,
        "achievement": entry.achievement,
        "source": entry.source,
        "source_reference": entry.source_reference,
    }


def _honour_entry(request: HttpRequest, pk: int) -> HonourEntry:
    entry = get_object_or_404(HonourEntry.objects.select_related("unit"), pk=pk)
    if not allows(request.user, "news.manage_honour", entry):
        raise Http404("Không tìm thấy.")
    return entry


@login_required
@named("news:honour_edit")
def honour_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The entry, its consent and its details; each change is its own URL (the actions below)."""
    entry = _honour_entry(request, pk)
    context = {
        "entry": entry,
        "form": ConsentForm(),
        "entry_form": HonourForm(initial=_honour_initial(entry), user=request.user),
    }
    return render(request, "news/honour_edit.html", context)


@page_action(honour_edit)
def honour_consent(request: HttpRequest, pk: int) -> None:
    entry = _honour_entry(request, pk)
    data = cleaned(ConsentForm(request.POST))
    services.record_honour_consent(
        actor=request.user,
        entry=entry,
        given_by=data["given_by"],
        given_on=data["given_on"],
        method=data["method"],
        note=data["note"],
    )
    messages.success(request, "Đã ghi nhận sự đồng ý.")


@page_action(honour_edit)
def honour_update(request: HttpRequest, pk: int) -> None:
    entry = _honour_entry(request, pk)
    data = cleaned(HonourForm(request.POST, initial=_honour_initial(entry), user=request.user))
    had_consent = entry.consent_given_on is not None
    entry = services.update_honour_entry(actor=request.user, entry=entry, **data)
    if had_consent and entry.consent_given_on is None:
        messages.warning(
            request,
            "Đã sửa. Tên, loại hoặc đơn vị đã đổi nên sự đồng ý cũ không còn giá trị: "
            "hãy ghi nhận lại sự đồng ý rồi đăng lại.",
        )
    else:
        messages.success(request, "Đã sửa gương điển hình.")


@page_action(honour_edit)
def honour_publish(request: HttpRequest, pk: int) -> None:
    services.publish_honour_entry(actor=request.user, entry=_honour_entry(request, pk))
    messages.success(request, "Đã đăng lên bảng vinh danh.")
