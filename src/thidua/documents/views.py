"""Download of a rendered document (DOCX or PDF) from its page.

The file is served from storage when it is the current rendering of the document (see
`services.render_and_store`); otherwise it is rendered now and stored, or — for a long PDF —
rendered by a background job whose progress page links back here when it is done.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

from thidua.core.errors import DomainError
from thidua.core.jobs import enqueue_job
from thidua.core.models import JobProgress
from thidua.core.pages import refuse
from thidua.documents import services
from thidua.documents.registry import FORMATS, get_kind


def download(request: HttpRequest, kind: str, pk: int, fmt: str) -> HttpResponseBase:
    """The kind's `can_view` is the same rule as the object's page (e.g. `covenants.view_plan`), so
    a document is refused exactly when its page is: login first, else the styled 403."""
    try:
        document_kind = get_kind(kind)
        if not document_kind.can_view(request.user, pk):
            return refuse(request, "Bạn không có quyền tải văn bản này.")
        document = services.build_document(kind=kind, object_id=pk, fmt=fmt)
        stored = services.current_render(kind=kind, object_id=pk, fmt=fmt, document=document)
        if stored is None and fmt == "pdf" and services.is_long(document=document):
            return redirect(
                "core:job_progress", pk=_render_job(request, kind, pk, fmt, document_kind.label).pk
            )
        if stored is None:
            stored = services.render_and_store(kind=kind, object_id=pk, fmt=fmt)
        filename = f"{document_kind.filename(pk)}.{fmt}"
    except DomainError:
        raise Http404 from None
    return FileResponse(
        stored.file.open("rb"), as_attachment=True, filename=filename, content_type=FORMATS[fmt]
    )


def _render_job(request: HttpRequest, kind: str, pk: int, fmt: str, label: str) -> JobProgress:
    from thidua.documents.tasks import render_document_task  # tasks import services

    title = f"Dựng văn bản {label} (số {pk}, {fmt.upper()})"
    owner = request.user if request.user.is_authenticated else None
    running = JobProgress.objects.filter(
        label=title, owner=owner, state__in=[JobProgress.State.QUEUED, JobProgress.State.RUNNING]
    ).first()
    return running or enqueue_job(render_document_task, kind, pk, fmt, label=title, owner=owner)
