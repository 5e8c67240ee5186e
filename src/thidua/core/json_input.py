"""Reading JSON input safely: one decoder for every API body, the case endpoint and the CLI.

The standard decoder lets through what the database or Python later chokes on (a 500): nesting
deep enough to exhaust the recursion limit, integers beyond 64 bits, NaN and Infinity, lone UTF-16
surrogates ("\\ud800") that no database can encode, and NUL characters that PostgreSQL refuses in
text. Each becomes an `InvalidInput` (422) naming the field, before any view or service runs.
"""

from __future__ import annotations

import json
import math
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest

from thidua.core.errors import InvalidInput, TooLarge

#: the largest magnitude a database integer column holds (signed 64 bits)
MAX_INTEGER = 2**63 - 1
#: deeper documents are refused outright; no endpoint takes anything nested this deep
MAX_DEPTH = 64

NOT_JSON = "Nội dung gửi lên không phải JSON hợp lệ."
INVALID_BODY = "Dữ liệu gửi lên không hợp lệ; xem từng trường trong «fields»."


def read_body(request: HttpRequest) -> bytes:
    try:
        return request.body
    except RequestDataTooBig:
        raise body_too_large() from None


def body_too_large() -> TooLarge:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    return TooLarge(f"Nội dung gửi lên quá lớn (tối đa {_size(limit)}).")


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n // (1024 * 1024)} MB"
    return f"{max(1, n // 1024)} KB"


def parse_json(raw: bytes | str, *, field: str = "body") -> Any:
    """Decode `raw` or raise `InvalidInput`; the result holds only safe strings and numbers."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput("Nội dung không phải văn bản UTF-8 hợp lệ.", fields={field: "utf-8"}) from None
    try:
        data = json.loads(raw)
    except RecursionError:
        raise InvalidInput(
            f"Nội dung JSON lồng nhau quá sâu (tối đa {MAX_DEPTH} cấp).", fields={field: "depth"}
        ) from None
    except json.JSONDecodeError as exc:
        if field == "body":  # a whole request body: the API's one message for it
            raise InvalidInput(NOT_JSON) from None
        raise InvalidInput(
            f"{field}: JSON không hợp lệ ở dòng {exc.lineno}, cột {exc.colno}.", fields={field: "json"}
        ) from None
    except ValueError:  # an integer past Python's 4,300-digit limit
        raise InvalidInput("Số quá lớn.", fields={field: "number"}) from None
    problems = _problems(data)
    if problems:
        raise InvalidInput(INVALID_BODY, fields=problems)
    return data


def _problems(data: Any) -> dict[str, str]:
    """Walk the document once (iteratively) and name each bad value by its path."""
    problems: dict[str, str] = {}
    stack: list[tuple[str, Any, int]] = [("", data, 0)]
    while stack:
        path, value, depth = stack.pop()
        if depth > MAX_DEPTH:
            problems[path or "body"] = f"Lồng nhau quá sâu (tối đa {MAX_DEPTH} cấp)."
            break
        if isinstance(value, dict):
            for key, item in value.items():
                key_problem = _string_problem(key)
                child = f"{path}.{key}" if path else str(key)
                if key_problem:
                    problems[path or "body"] = key_problem
                    continue
                stack.append((child, item, depth + 1))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                stack.append((f"{path}[{index}]", item, depth + 1))
        elif isinstance(value, str):
            problem = _string_problem(value)
            if problem:
                problems[path or "body"] = problem
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INTEGER:
            problems[path or "body"] = "Số quá lớn."
        elif isinstance(value, float) and not math.isfinite(value):  # NaN, Infinity, 1e400
            problems[path or "body"] = "Số không hợp lệ."
    return problems


def _string_problem(text: str) -> str | None:
    if "\x00" in text:
        return "Ký tự NUL không được phép."
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "Ký tự không hợp lệ (nửa cặp UTF-16)."
    return None
