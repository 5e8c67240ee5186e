"""Download of a rendered document (DOCX or PDF) from its page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from thidua.core.errors import DomainError, Forbidden
from thidua.documents.registry import FORMATS, get_kind, render


def download(request: HttpRequest, kind: str, pk: int, fmt: str) -> HttpResponse:
    try:
        document_kind = get_kind(kind)
        if not document_kind.can_view(request.user, pk):
            raise Forbidden("Bạn không có quyền tải văn bản này.")
        content = render(kind=kind, object_id=pk, fmt=fmt)
    except Forbidden as error:
        return HttpResponse(error.message, status=403, content_type="text/plain; charset=utf-8")
    except DomainError:
        raise Http404 from None
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{document_kind.filename(pk)}.{fmt}"'
    return response
