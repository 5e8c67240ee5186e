"""API authentication: a bearer token for scripts, or the browser session (with CSRF).

The token is read once, by `ApiTokenMiddleware`, for every request under /api/: public endpoints
(`auth=None`) then see the token's user too (a ministry token reads a draft covenant its session
could read), and a token that is wrong answers 401 instead of quietly reading as anonymous.

Writes (POST, PUT, PATCH, DELETE) through `AUTH` need a user who holds at least one role: a
signed-in user without any is refused 403 before its body is read, so an outsider never learns
from a 422 what a valid request would look like. The few posts that change nothing stored and are
open to every signed-in user (checking a case file) are listed by URL name in `OPEN_TO_SIGNED_IN`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja.security import HttpBearer, SessionAuth

from thidua.accounts.selectors import scopes_of
from thidua.accounts.services import authenticate_token
from thidua.core.errors import Forbidden
from thidua.core.rules import FORBIDDEN_MESSAGE

UNAUTHENTICATED = "Cần đăng nhập hoặc mã truy cập hợp lệ."
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
OPEN_TO_SIGNED_IN = frozenset({"api:eligibility_check", "api:scoring_compute", "api:voting_tally"})


def _bearer(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


class ApiTokenMiddleware:
    """Authenticates a bearer token for /api/ requests (after Django's AuthenticationMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            token = _bearer(request)
            if token is not None:
                user = authenticate_token(token)
                if user is None:
                    response = JsonResponse(
                        {"message": UNAUTHENTICATED, "code": "unauthenticated", "fields": {}}, status=401
                    )
                    response["WWW-Authenticate"] = "Bearer"
                    return response
                request.user = user
                request.thidua_token_user = user  # type: ignore[attr-defined]
        return self.get_response(request)


def _gate(request: HttpRequest, user: Any) -> Any:
    match = request.resolver_match
    if match is not None and match.view_name in OPEN_TO_SIGNED_IN:
        return user
    if request.method in _UNSAFE and not scopes_of(user):
        raise Forbidden(FORBIDDEN_MESSAGE)
    return user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = getattr(request, "thidua_token_user", None)  # checked by the middleware
        return None if user is None else _gate(request, user)


class SignedInSession(SessionAuth):
    """Session auth that answers "not signed in" (401) before checking CSRF (which would be 403)."""

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        user = super().__call__(request)
        return None if user is None else _gate(request, user)


# Endpoints that need a login accept either; public endpoints declare auth=None.
AUTH = [TokenAuth(), SignedInSession(csrf=True)]
