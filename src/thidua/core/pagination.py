"""Limit/offset pagination for the API with bounded numbers.

django-ninja's own class refuses nothing above its limit and passes any offset to the database
(SQLite fails with "datatype mismatch" on an offset past 2^63). Here both are clamped into range —
a page size above the maximum gives the maximum, an offset past the end gives an empty page. The
OpenAPI schema says so in words, not as a minimum/maximum: a client sending -1 gets the first page,
not a 422, so declaring bounds would make the document lie.
"""

from __future__ import annotations

import re
from typing import Annotated

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import BeforeValidator

from thidua.core.years import MAX_COUNT, clamp

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
MAX_OFFSET = MAX_COUNT
_INTEGER = re.compile(r"[+-]?[0-9]+")


def _clamped(minimum: int, maximum: int) -> BeforeValidator:
    def convert(value: object) -> int:
        if isinstance(value, bool):
            raise ValueError("phải là số nguyên")
        if isinstance(value, str):
            text = value.strip()
            if not _INTEGER.fullmatch(text):
                raise ValueError("phải là số nguyên viết bằng chữ số 0–9")
            if len(text.lstrip("+-")) > 18:  # past any real page: no int() of a huge string
                return minimum if text.startswith("-") else maximum
            value = int(text)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int):
            raise ValueError("phải là số nguyên")
        return clamp(value, minimum=minimum, maximum=maximum)

    return BeforeValidator(convert)


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """`?limit=` (1–500, default 100) and `?offset=` (0–1,000,000,000), clamped into range."""

    class Input(Schema):
        limit: Annotated[int, _clamped(1, MAX_LIMIT)] = Field(
            DEFAULT_LIMIT,
            description=f"Số mục mỗi trang, 1–{MAX_LIMIT}; ngoài khoảng thì lấy giới hạn gần nhất.",
        )
        offset: Annotated[int, _clamped(0, MAX_OFFSET)] = Field(
            0, description=f"Bỏ qua bao nhiêu mục, 0–{MAX_OFFSET:,}; ngoài khoảng thì lấy giới hạn gần nhất."
        )
