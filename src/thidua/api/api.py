"""The REST API at /api/v1/: one NinjaAPI, the routers of the domain apps, one error shape.

Every error is `{"message": str, "code": str, "fields": {name: problem}}` with a Vietnamese message.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from thidua import __version__
from thidua.api.auth import AUTH
from thidua.api.parsing import SafeParser
from thidua.clusters.api import router as clusters_router
from thidua.core.errors import DomainError
from thidua.core.json_input import body_too_large
from thidua.organisations.api import router as organisations_router

_ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["message", "code", "fields"],
    "properties": {
        "message": {"type": "string", "description": "Thông báo bằng tiếng Việt"},
        "code": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}
_ERROR_RESPONSES = {
    "401": "Chưa đăng nhập, hoặc mã truy cập sai",
    "403": "Không có quyền",
    "404": "Không tìm thấy (hoặc không được phép biết là có)",
    "409": "Xung đột với dữ liệu đã lưu",
    "413": "Nội dung gửi lên quá lớn",
    "422": "Dữ liệu không hợp lệ",
}
_WRITE_ONLY = {"409", "413"}


class ThiduaAPI(NinjaAPI):
    """Adds the one error shape to every operation of the OpenAPI document, so it tells the truth."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = _ERROR_SCHEMA
        reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                responses = operation.setdefault("responses", {})
                for status, description in _ERROR_RESPONSES.items():
                    if status in _WRITE_ONLY and method == "get":
                        continue
                    responses.setdefault(status, {"description": description, "content": reference})
        return schema


api = ThiduaAPI(
    title="thidua API",
    version="1",
    description="API của thidua: cơ quan, đơn vị, cụm thi đua, giao ước, chấm điểm, khen thưởng, tin bài.",
    urls_namespace="api",
    auth=AUTH,
    parser=SafeParser(),
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


@api.exception_handler(RequestDataTooBig)
def on_body_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return on_domain_error(request, body_too_large())


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
    if isinstance(exc.__cause__, DomainError):  # ninja wraps what our body parser raised
        return on_domain_error(request, exc.__cause__)
    status, code, message = _HTTP_ERRORS.get(
        exc.status_code, (exc.status_code, "error", "Không thực hiện được yêu cầu; vui lòng thử lại.")
    )
    return _error(request, status, message, code)


def unknown_path(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under /api/: the API's 404 in its one shape (JSON, never Django's HTML page)."""
    return JsonResponse({"message": "Không tìm thấy.", "code": "not_found", "fields": {}}, status=404)


api.add_router("/", organisations_router)
api.add_router("/", clusters_router)
api.add_router("/", "thidua.news.api.router")
api.add_router("/", "thidua.covenants.api.router")
api.add_router("/", "thidua.awards.api.router")  # awards: registry and eligibility
api.add_router("/", "thidua.voting.api.router")  # voting: sessions, ballots, bulletin board, tally
api.add_router("/", "thidua.scoring.api.router")  # scoring: year-end review, ranking, compute
api.add_router("/", "thidua.proposals.api.router")  # proposals: dossiers, council, decisions
api.add_router("/", "thidua.certificates.api.router")  # certificates: verification, public lookup
