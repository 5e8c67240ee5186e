"""The id of the request (or command) being served, so audit entries of one action group together."""

from __future__ import annotations

import uuid
from contextvars import ContextVar

_request_id: ContextVar[str] = ContextVar("thidua_request_id", default="")


def current_request_id() -> str:
    return _request_id.get() or ""


def new_request_id() -> str:
    return uuid.uuid4().hex


def set_request_id(value: str) -> object:
    return _request_id.set(value)


def reset_request_id(token: object) -> None:
    _request_id.reset(token)  # type: ignore[arg-type]
