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


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc), "error")


api.add_router("/", organisations_router)
api.add_router("/", clusters_router)
api.add_router("/", "thidua.news.api.router")
api.add_router("/", "thidua.covenants.api.router")
api.add_router("/", "thidua.awards.api.router")  # awards: registry and eligibility
