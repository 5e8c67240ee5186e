"""Issue 12 item 9: one search box (header) for articles, units, clusters and, for officers,
people; ranked exact name, then prefix, then contains; accent-insensitive; grouped with counts;
paginated."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import World, make_person, make_unit
from thidua.core import search
from thidua.news.models import Article

pytestmark = pytest.mark.django_db


def _get(user: object | None, query: str, **params: str) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    response = client.get("/tim-kiem/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def _titles(html: str, kind: str) -> list[str]:
    section = html.split(f'id="group-{kind}"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<li><a href="[^"]+">([^<]+)</a>', section)


def test_the_header_box_is_on_every_page(world: World) -> None:
    html = Client().get("/").content.decode()
    assert '<form method="get" action="/tim-kiem/" role="search" class="header-search">' in html


def test_units_rank_exact_then_prefix_then_contains_accents_ignored(world: World) -> None:
    make_unit(code="SO-YT", name="Sở Y tế")
    make_unit(code="SO-YT-HN", name="Sở Y tế Hà Nội")
    make_unit(code="BV-1", name="Bệnh viện thuộc Sở Y tế")
    html = _get(None, "so y te")
    assert _titles(html, "units") == ["Sở Y tế", "Sở Y tế Hà Nội", "Bệnh viện thuộc Sở Y tế"]
    assert "Cơ quan, đơn vị (3)" in html


def test_people_only_for_officers_and_only_those_reached(world: World) -> None:
    make_person(unit=world.unit_b, full_name="Đỗ Thị Ánh")
    make_person(unit=world.unit_c, full_name="Đỗ Thị Ánh Hồng")
    # The member officer of unit B reaches B's staff, not C's.
    html = _get(world.member_officer, "do thi anh")
    assert _titles(html, "people") == ["Đỗ Thị Ánh"]
    assert "Chuyên viên, Sở Tài nguyên và Môi trường tỉnh Bắc Ninh" in html
    assert "Cá nhân (1)" in html
    # A visitor and a user without a role see no people at all.
    for user in (None, world.outsider):
        assert 'id="group-people"' not in _get(user, "do thi anh")
    admin = _get(world.administrator, "Đỗ Thị Ánh")
    assert _titles(admin, "people") == ["Đỗ Thị Ánh", "Đỗ Thị Ánh Hồng"]


def test_clusters_and_articles_with_counts(world: World, make_article: Callable[..., Article]) -> None:
    when = timezone.now() - datetime.timedelta(minutes=5)
    make_article(
        "Tổng kết năm của các sở", state="published", when=when, summary="Hội nghị cụm thi đua số 1."
    )
    make_article("Cụm thi đua số 1 ký giao ước", state="published", when=when)
    make_article("Cụm thi đua số 1 – bản nháp", state="draft")
    html = _get(None, "cum thi dua so 1")
    assert _titles(html, "clusters") == ["Cụm thi đua số 1"]
    # the title match first, the summary match after; the draft is not found
    assert _titles(html, "articles") == ["Cụm thi đua số 1 ký giao ước", "Tổng kết năm của các sở"]
    assert "Tin bài (2)" in html
    assert "Cụm, khối thi đua (1)" in html


def test_one_kind_is_paginated(world: World) -> None:
    for number in range(25):
        make_unit(code=f"PHONG-{number:02d}", name=f"Phòng Tài nguyên số {number:02d}")
    overview = _get(None, "phong tai nguyen")
    assert len(_titles(overview, "units")) == search.OVERVIEW
    assert "Xem tất cả 25 kết quả cơ quan, đơn vị" in overview
    first = _get(None, "phong tai nguyen", kind="units")
    assert len(_titles(first, "units")) == search.PAGE_SIZE
    assert "Trang 1/2" in first
    second = _get(None, "phong tai nguyen", kind="units", page="2")
    assert len(_titles(second, "units")) == 5
    assert "Trang 2/2" in second
    assert _titles(first, "units")[0] == "Phòng Tài nguyên số 00"
    # a page out of range or garbage falls back to a page that exists
    assert "Trang 2/2" in _get(None, "phong tai nguyen", kind="units", page="999")
    assert "Trang 1/2" in _get(None, "phong tai nguyen", kind="units", page="x")


def test_empty_and_oversized_queries(world: World) -> None:
    assert "Nhập tên tin bài" in _get(None, "   ")
    html = _get(None, "x" * 5000)
    assert "Không tìm thấy kết quả nào" in html


def test_query_count_does_not_grow_with_results(
    world: World, django_assert_max_num_queries: Callable[..., object]
) -> None:
    client = Client()
    client.force_login(world.ministry_officer)
    make_unit(code="DV-1", name="Đơn vị thử 1")
    make_person(unit=world.unit_b, full_name="Nguyễn Văn Thử")
    client.get("/tim-kiem/", {"q": "thu"})
    with django_assert_max_num_queries(16) as one:  # type: ignore[operator]
        client.get("/tim-kiem/", {"q": "thu"})
    for number in range(2, 4):
        make_unit(code=f"DV-{number}", name=f"Đơn vị thử {number}")
        make_person(unit=world.unit_b, full_name=f"Nguyễn Văn Thử {number}")
    with django_assert_max_num_queries(len(one.captured_queries)):  # type: ignore[attr-defined]
        client.get("/tim-kiem/", {"q": "thu"})
