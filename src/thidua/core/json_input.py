"""Reading JSON input safely: one decoder for every API body, the case endpoint and the CLI.

The standard decoder lets through what the database or Python later chokes on (a 500): nesting
deep enough to exhaust the recursion limit, integers beyond 64 bits, NaN and Infinity, lone UTF-16
surrogates ("\\ud800") that no database can encode, and NUL characters that PostgreSQL refuses in
text. Each becomes an `InvalidInput` (422) naming the field, before any view or service runs.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
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


def read_json_file(
    path: str,
    *,
    returncode: int,
    unreadable: str = "input: không đọc được tệp «{path}»: {reason}.",
    parse_float: Callable[[str], Any] | None = None,
) -> Any:
    """The JSON of a command's `--input FILE` (or `-` for stdin), for the fixed CLI contracts
    (`thidua scoring compute`, `thidua voting tally`). Decoded with the standard decoder, as their
    contracts were fixed with it (the engines then check every value); any failure is a
    `CommandError` with `returncode` and a Vietnamese message starting with `input`."""
    import sys
    from pathlib import Path

    from django.core.management.base import CommandError

    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CommandError(unreadable.format(path=path, reason=exc.strerror), returncode=returncode) from None
    except UnicodeDecodeError:
        raise CommandError(f"input: tệp «{path}» không phải văn bản UTF-8.", returncode=returncode) from None
    try:
        return loads_contract(text, parse_float=parse_float)
    except UnreadableJSON as exc:
        raise CommandError(str(exc), returncode=returncode) from None


class UnreadableJSON(ValueError):
    """Input of a fixed JSON contract that the standard decoder refuses or chokes on; the text is
    the Vietnamese message, starting with `input`."""


def loads_contract(text: str | bytes, *, parse_float: Callable[[str], Any] | None = None) -> Any:
    """The standard decoder of the CLI contracts (and of their API twins), with its failures as
    one `UnreadableJSON`: broken JSON, text that is not UTF-8, nesting past Python's recursion
    limit and integers past its digit limit (the last two would otherwise be a traceback or a 500)."""
    try:
        return json.loads(text, parse_float=parse_float)
    except json.JSONDecodeError as exc:
        raise UnreadableJSON(f"input: JSON không hợp lệ ở dòng {exc.lineno}, cột {exc.colno}.") from None
    except UnicodeDecodeError:
        raise UnreadableJSON("input: nội dung không phải văn bản UTF-8.") from None
    except RecursionError:
        raise UnreadableJSON("input: JSON lồng nhau quá sâu.") from None
    except ValueError:  # an integer past Python's 4,300-digit limit
        raise UnreadableJSON("input: số quá lớn.") from None


def add_json_contract(parser: Any, name: str, *, help: str) -> None:
    """The `thidua <app> <name> --input FILE.json` sub-command of a fixed CLI contract."""
    sub = parser.add_subparsers(dest="action", required=True)
    run = sub.add_parser(name, help=help)
    run.add_argument("--input", required=True, help="Tệp JSON đầu vào, hoặc - để đọc từ stdin.")


def answer_json_contract(
    command: Any,
    path: str,
    *,
    run: Callable[[Any], Any],
    refused: type[ValueError],
    returncode: int,
    unreadable: str = "input: không đọc được tệp «{path}»: {reason}.",
    parse_float: Callable[[str], Any] | None = None,
) -> None:
    """Read `--input`, run the pure engine on it and print its JSON answer (`thidua scoring
    compute`, `thidua voting tally`). The engine's refusal (`refused`, whose text starts with the
    field's path) exits with `returncode` and that Vietnamese message."""
    from django.core.management.base import CommandError

    data = read_json_file(path, returncode=returncode, unreadable=unreadable, parse_float=parse_float)
    try:
        answer = run(data)
    except refused as exc:
        raise CommandError(str(exc), returncode=returncode) from None
    command.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2))
