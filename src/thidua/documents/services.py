"""Writes of the documents app: document numbers, stored renders."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.core.errors import InvalidInput
from thidua.core.jobs import report_progress
from thidua.documents.models import DocumentNumber, RenderedDocument
from thidua.documents.registry import FORMATS, get_kind
from thidua.documents.rendering import Document, Table, render_docx, render_pdf


@transaction.atomic
def next_document_number(*, issuer: str, year: int) -> int:
    """The next number of `issuer` in `year` (1, 2, …). The counter row is locked until the
    caller's transaction ends, so two concurrent requests never get the same number."""
    if not issuer.strip():
        raise InvalidInput("Thiếu cơ quan ban hành văn bản.", fields={"issuer": "required"})
    try:
        with transaction.atomic():
            DocumentNumber.objects.get_or_create(issuer=issuer, year=year)
    except IntegrityError:
        pass  # another transaction created the row first; lock it below
    counter = DocumentNumber.objects.select_for_update().get(issuer=issuer, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


# --- stored renders ---------------------------------------------------------------------------
# Laying out a covenant PDF takes seconds (WeasyPrint); building its document model takes a few
# queries. So a download builds the model, hashes it, and serves the stored file when the hash
# matches; a new version, number, signature or wording changes the hash and the file is rendered
# again. Bump RENDERER_VERSION when a change to the renderers alters the output of unchanged content.

RENDERER_VERSION = "2026-12-02"
LONG_TABLE_ROWS = 150  # documents with more table rows than this are rendered by a background job


def fingerprint(*, document: Document, fmt: str) -> str:
    """A hash of everything the file is made of: the content, the format, the layout, the CSS."""
    from thidua.documents.rendering.html_builder import build_css
    from thidua.documents.rendering.layout import LAYOUT

    payload = "\n".join(
        (RENDERER_VERSION, fmt, repr(LAYOUT), build_css() if fmt == "pdf" else "", repr(document))
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def is_long(*, document: Document) -> bool:
    """Whether laying the document out takes long enough to be a background job (~0.1 s a page)."""
    rows = sum(len(block.rows) for block in document.blocks if isinstance(block, Table))
    return rows > LONG_TABLE_ROWS


def current_render(*, kind: str, object_id: int, fmt: str, document: Document) -> RenderedDocument | None:
    """The stored file if it is still the current rendering of `document`, else None."""
    return _current(kind=kind, object_id=object_id, fmt=fmt, key=fingerprint(document=document, fmt=fmt))


def _current(*, kind: str, object_id: int, fmt: str, key: str) -> RenderedDocument | None:
    found = RenderedDocument.objects.filter(kind=kind, object_id=object_id, fmt=fmt, fingerprint=key).first()
    if found is None or not found.file or not found.file.storage.exists(found.file.name):
        return None
    return found


def build_document(*, kind: str, object_id: int, fmt: str) -> Document:
    if fmt not in FORMATS:
        raise InvalidInput(
            f"Định dạng «{fmt}» không hỗ trợ; chọn docx hoặc pdf.", fields={"format": "invalid"}
        )
    return get_kind(kind).build(object_id)


def render_and_store(
    *, kind: str, object_id: int, fmt: str, progress_id: int | None = None
) -> RenderedDocument:
    """Render the document once for its current content and keep the file; an up-to-date stored
    file is returned as it is. Safe to call twice at once: the last writer's row wins, both files
    hold the same bytes."""
    report_progress(progress_id=progress_id, done=0, total=3, message="Đang lấy nội dung văn bản")
    document = build_document(kind=kind, object_id=object_id, fmt=fmt)
    key = fingerprint(document=document, fmt=fmt)
    found = _current(kind=kind, object_id=object_id, fmt=fmt, key=key)
    if found is not None:
        return found
    report_progress(progress_id=progress_id, done=1, total=3, message="Đang dàn trang văn bản")
    content = render_docx(document=document) if fmt == "docx" else render_pdf(document=document)
    report_progress(progress_id=progress_id, done=2, total=3, message="Đang lưu tệp")
    with transaction.atomic():
        row = (
            RenderedDocument.objects.select_for_update()
            .filter(kind=kind, object_id=object_id, fmt=fmt)
            .first()
        )
        old_name = row.file.name if row is not None and row.file else ""
        row = row or RenderedDocument(kind=kind, object_id=object_id, fmt=fmt)
        row.fingerprint, row.size, row.rendered_at = key, len(content), timezone.now()
        row.file.save(f"{kind}-{object_id}-{key[:16]}.{fmt}", ContentFile(content), save=False)
        row.save()
    if old_name and old_name != row.file.name:
        row.file.storage.delete(old_name)  # the stale rendering of older content
    return row


def forget_renders(*, kind: str, object_id: int) -> int:
    """Drop the stored files of one document (e.g. when it is deleted). Not needed on edits:
    the fingerprint already tells a stale file from a current one."""
    rows = list(RenderedDocument.objects.filter(kind=kind, object_id=object_id))
    for row in rows:
        if row.file:
            row.file.storage.delete(row.file.name)
    RenderedDocument.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)
