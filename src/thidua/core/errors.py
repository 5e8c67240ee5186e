"""Domain errors: every service raises one of these, with a Vietnamese message.

Views, the API and the command line turn them into a page message, the one API error shape
(`{"message", "code", "fields"}`) and a non-zero exit respectively, so a service never needs to
know who called it.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.http import Http404


class DomainError(Exception):
    """Base of every expected failure. `message` is shown to people as is (Vietnamese)."""

    code = "domain_error"
    http_status = 400

    def __init__(self, message: str, *, fields: Mapping[str, str] | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.fields: dict[str, str] = dict(fields or {})
        if code is not None:
            self.code = code

    def as_dict(self) -> dict[str, object]:
        return {"message": self.message, "code": self.code, "fields": self.fields}


class InvalidInput(DomainError):
    """Input that can never succeed as given (bad value, wrong column, broken file)."""

    code = "invalid"
    http_status = 422


class Forbidden(DomainError, PermissionDenied):
    """Also a PermissionDenied, so a page that lets it through answers 403 (templates/403.html), not 500."""

    code = "forbidden"
    http_status = 403


class NotFound(DomainError, Http404):
    """Also an Http404, so a page that lets it through answers the styled 404 (templates/404.html)."""

    code = "not_found"
    http_status = 404


class TooLarge(DomainError):
    """A request body or file over the size the server accepts."""

    code = "too_large"
    http_status = 413


class Conflict(DomainError):
    """Valid input that clashes with the stored state (duplicate, wrong state, stale form)."""

    code = "conflict"
    http_status = 409
