"""A ranked search read tier by tier gives exactly the slices of the whole ranking (issue 15).

Runs on SQLite and PostgreSQL (the heads are a UNION on one, ORed IN subqueries on the other)."""

from __future__ import annotations

import re

import pytest
from django.core.paginator import Paginator
from django.test import Client

from tests.factories import make_unit
from thidua.core import pagination
from thidua.core.pagination import BoundedPaginator
from thidua.core.text import collation_key
from thidua.core.tiers import TieredQuerySet
from thidua.organisations import views as organisation_views
from thidua.organisations.models import Unit
from thidua.organisations.selectors import search_units

# Query "Sở Y tế": the exact name, four names that start with it, four that hold its words
# elsewhere (one of them in upper case and with the number word "số"), two that do not match.
UNITS = [
    ("SYT", "Sở Y tế"),
    ("SYT-HN", "Sở Y tế thành phố Hà Nội"),
    ("SYT-BN", "Sở Y tế tỉnh Bắc Ninh"),
    ("SYT-AG", "Sở Y tế tỉnh An Giang"),
    ("SYT-DB", "Sở Y tế tỉnh Điện Biên"),
    ("P-KH-HN", "Phòng Kế hoạch – Sở Y tế thành phố Hà Nội"),
    ("P-TC-BN", "Phòng Tổ chức – Sở Y tế tỉnh Bắc Ninh"),
    ("BV-1", "BỆNH VIỆN SỐ 1 NGÀNH Y TẾ"),
    ("TT-AG", "Trung tâm Kiểm soát bệnh tật – Sở Y tế tỉnh An Giang"),
    ("STC", "Sở Tài chính"),
    ("YB", "Bệnh viện Yên Bái"),
]
EXACT, PREFIX = {"SYT"}, {"SYT-HN", "SYT-BN", "SYT-AG", "SYT-DB"}
MATCHES = EXACT | PREFIX | {"P-KH-HN", "P-TC-BN", "BV-1", "TT-AG"}
ORDERS = [("code",), ("-code",), ("sort_key", "id"), ("-sort_key",)]


@pytest.fixture
def units(db: None) -> dict[str, Unit]:
    return {code: make_unit(code=code, name=name) for code, name in UNITS}


def _expected(units: dict[str, Unit], order: tuple[str, ...]) -> list[str]:
    """The ranking as plain Python: tier, then the caller's order within the tier."""
    names = dict(UNITS)

    def key(code: str) -> tuple[object, ...]:
        tier = 0 if code in EXACT else 1 if code in PREFIX else 2
        field = order[0].lstrip("-")
        value = code if field == "code" else collation_key(names[code])
        return tier, value

    ranked = sorted(MATCHES, key=key)
    if order[0].startswith("-"):  # descending within each tier, tiers still first
        ranked = sorted(MATCHES, key=lambda code: (key(code)[0], _Reverse(key(code)[1])))
    return ranked


class _Reverse:
    def __init__(self, value: object) -> None:
        self.value = value

    def __lt__(self, other: _Reverse) -> bool:
        return other.value < self.value  # type: ignore[operator]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Reverse) and other.value == self.value


@pytest.mark.parametrize("order", ORDERS)
def test_every_slice_equals_the_slice_of_the_whole_ranking(
    units: dict[str, Unit], order: tuple[str, ...]
) -> None:
    ranked = search_units(Unit.objects.order_by(*order), "Sở Y tế")
    assert isinstance(ranked, TieredQuerySet)
    whole = [u.code for u in ranked]
    assert whole == _expected(units, order)
    for start in range(len(whole) + 2):
        for stop in range(start, len(whole) + 3):
            assert [u.code for u in ranked[start:stop]] == whole[start:stop], (start, stop)


def test_a_slice_is_one_lazy_query(units: dict[str, Unit], django_assert_num_queries) -> None:
    ranked = search_units(Unit.objects.order_by("code"), "so y te")
    with django_assert_num_queries(0):
        page = ranked[3:7]
    with django_assert_num_queries(1):
        assert [u.code for u in page] == _expected(units, ("code",))[3:7]
    # still a queryset: a form's choices can use it
    assert page.all().count() == 4


def test_single_items_first_and_refused_indexes(units: dict[str, Unit]) -> None:
    ranked = search_units(Unit.objects.order_by("code"), "Sở Y tế")
    expected = _expected(units, ("code",))
    assert ranked[0].code == "SYT"
    assert ranked[5].code == expected[5]
    assert ranked.first().code == "SYT"
    with pytest.raises(IndexError):
        ranked[len(expected)]
    with pytest.raises(ValueError, match="Negative indexing"):
        ranked[-1]
    assert [u.code for u in ranked[1:7:2]] == expected[1:7:2]


def test_filters_keep_the_tiers_and_a_new_order_drops_them(units: dict[str, Unit]) -> None:
    ranked = search_units(Unit.objects.order_by("code"), "Sở Y tế")
    narrowed = ranked.filter(code__contains="-")
    expected = [code for code in _expected(units, ("code",)) if "-" in code]
    assert [u.code for u in narrowed[0:3]] == expected[0:3]
    assert [u.code for u in narrowed[2:10]] == expected[2:10]
    assert [u.code for u in ranked.order_by("code")[0:3]] == sorted(MATCHES)[0:3]
    assert ranked.count() == len(MATCHES)


def test_the_exact_code_comes_first(units: dict[str, Unit]) -> None:
    ranked = search_units(Unit.objects.order_by("-code"), "syt-bn")
    assert [u.code for u in ranked[0:1]] == ["SYT-BN"]


def test_paginated_search_reads_the_ranking_page_by_page(units: dict[str, Unit], monkeypatch) -> None:
    monkeypatch.setattr(organisation_views, "PAGE_SIZE", 3)
    seen = []
    for page in (1, 2, 3):
        html = Client().get("/units/", {"q": "Sở Y tế", "page": page}).content.decode()
        seen += re.findall(r'<a href="/units/([^/"]+)/">', html)
    assert seen == _expected(units, ("sort_key", "id"))
    assert "9 đơn vị" in html


def test_a_search_counts_up_to_its_limit(units: dict[str, Unit], monkeypatch) -> None:
    bounded = BoundedPaginator(search_units(Unit.objects.all(), "Sở Y tế"), 2, limit=5)
    assert (bounded.count, bounded.capped, bounded.num_pages) == (5, True, 3)
    exact = BoundedPaginator(search_units(Unit.objects.all(), "Sở Y tế"), 2, limit=9)
    assert (exact.count, exact.capped) == (9, False)
    assert BoundedPaginator(list(range(4)), 2, limit=3).count == 3
    monkeypatch.setattr(pagination, "SEARCH_COUNT_LIMIT", 5)
    html = Client().get("/units/", {"q": "so y te"}).content.decode()
    assert (
        "Hơn 5 đơn vị phù hợp, hiện 5 đơn vị đầu: thêm từ tìm kiếm hoặc chọn loại, tỉnh để thu hẹp." in html
    )
    # the list without a search keeps its exact count
    html = Client().get("/units/").content.decode()
    assert f"{Paginator(Unit.objects.all(), 50).count} đơn vị" in html
