"""API authentication: a bearer token for scripts, or the browser session (with CSRF)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from thidua.accounts.services import authenticate_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = authenticate_token(token)
        if user is not None:
            request.user = user
        return user


# Endpoints that need a login accept either; public endpoints declare auth=None.
AUTH = [TokenAuth(), SessionAuth(csrf=True)]
