"""Download of a rendered document (DOCX or PDF) from its page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from thidua.core.errors import DomainError
from thidua.core.pages import refuse
from thidua.documents.registry import FORMATS, get_kind, render


def download(request: HttpRequest, kind: str, pk: int, fmt: str) -> HttpResponse:
    """The kind's `can_view` is the same rule as the object's page (e.g. `covenants.view_plan`), so
    a document is refused exactly when its page is: login first, else the styled 403."""
    try:
        document_kind = get_kind(kind)
        if not document_kind.can_view(request.user, pk):
            return refuse(request, "Bạn không có quyền tải văn bản này.")
        content = render(kind=kind, object_id=pk, fmt=fmt)
    except DomainError:
        raise Http404 from None
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{document_kind.filename(pk)}.{fmt}"'
    return response
