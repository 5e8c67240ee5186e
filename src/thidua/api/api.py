"""The REST API at /api/v1/: one NinjaAPI, the routers of the domain apps, one error shape.

Every error is `{"message": str, "code": str, "fields": {name: problem}}` with a Vietnamese message.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from thidua import __version__
from thidua.api.auth import AUTH
from thidua.clusters.api import router as clusters_router
from thidua.core.errors import DomainError
from thidua.organisations.api import router as organisations_router

api = NinjaAPI(
    title="thidua API",
    version="1",
    description="API của thidua: cơ quan, đơn vị, cụm thi đua, giao ước, chấm điểm, khen thưởng, tin bài.",
    urls_namespace="api",
    auth=AUTH,
    docs_url="/docs",
    openapi_extra={"info": {"x-software-version": __version__}},
)


def _error(
    request: HttpRequest, status: int, message: str, code: str, fields: dict[str, str] | None = None
) -> HttpResponse:
    return api.create_response(
        request, {"message": message, "code": code, "fields": fields or {}}, status=status
    )


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _error(request, exc.http_status, exc.message, exc.code, exc.fields)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, str] = {}
    for error in exc.errors:
        location = ".".join(
            str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "payload")
        )
        fields[location or "request"] = error.get("msg", "invalid")
    return _error(
        request, 422, "Dữ liệu gửi lên không hợp lệ; xem từng trường trong «fields».", "invalid", fields
    )


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "Cần đăng nhập hoặc mã truy cập hợp lệ.", "unauthenticated")


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "Không tìm thấy.", "not_found")


#: django-ninja's own HttpError texts are English ("Cannot parse request body", "CSRF check Failed"):
#: never shown; each status gets a Vietnamese message (ninja raises 400 only for an unreadable body).
_HTTP_ERRORS: dict[int, tuple[int, str, str]] = {
    400: (422, "invalid", "Nội dung gửi lên không phải JSON hợp lệ."),
    403: (403, "forbidden", "Bạn không có quyền thực hiện thao tác này (hoặc thiếu mã chống giả mạo CSRF)."),
    404: (404, "not_found", "Không tìm thấy."),
}


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    status, code, message = _HTTP_ERRORS.get(
        exc.status_code, (exc.status_code, "error", "Không thực hiện được yêu cầu; vui lòng thử lại.")
    )
    return _error(request, status, message, code)


api.add_router("/", organisations_router)
api.add_router("/", clusters_router)
api.add_router("/", "thidua.news.api.router")
api.add_router("/", "thidua.covenants.api.router")
api.add_router("/", "thidua.awards.api.router")  # awards: registry and eligibility
api.add_router("/", "thidua.scoring.api.router")  # scoring: year-end review, ranking, compute
