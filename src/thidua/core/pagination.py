"""Pagination with bounded numbers: limit/offset for the API, pages of a search for the site.

django-ninja's own class refuses nothing above its limit and passes any offset to the database
(SQLite fails with "datatype mismatch" on an offset past 2^63). Here both are clamped into range —
a page size above the maximum gives the maximum, an offset past the end gives an empty page. The
OpenAPI schema says so in words, not as a minimum/maximum: a client sending -1 gets the first page,
not a 422, so declaring bounds would make the document lie.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Annotated, Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import BeforeValidator

from thidua.core.years import MAX_COUNT, clamp

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
MAX_OFFSET = MAX_COUNT
#: a page's search counts at most this many matches (BoundedPaginator)
SEARCH_COUNT_LIMIT = 1000
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


class BoundedPaginator(Paginator):
    """Pages of a search whose count stops at `limit` (the unit list's search, issue 15).

    Counting every match of a common word costs more than the page itself ("Sở" matches 29,800
    of 50,000 units: 20–50 ms for the count, 4 ms for the page); nobody pages that far, the
    sensible next step is a narrower query. The count reads at most `limit + 1` rows; past
    `limit`, `capped` is true, the count is `limit` and the pages stop there."""

    def __init__(self, object_list: Any, per_page: int, *, limit: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.limit = SEARCH_COUNT_LIMIT if limit is None else limit
        self.capped = False

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        # No order for counting (a ranked search's order is what costs); the LIMIT stops early.
        counted = rows.order_by()[: self.limit + 1].count() if isinstance(rows, QuerySet) else len(rows)
        self.capped = counted > self.limit
        return min(counted, self.limit)
