"""Unit search ignores accents and case, the same way on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import make_unit
from thidua.core.text import search_words
from thidua.organisations import services
from thidua.organisations.models import Unit
from thidua.organisations.selectors import SEARCH_WORDS, search_units


@pytest.fixture
def units(db: None) -> list[Unit]:
    return [
        make_unit(
            code="STNMT-HD",
            name="Sở Tài nguyên và Môi trường tỉnh Hải Dương",
            short_name="Sở TN&MT Hải Dương",
        ),
        make_unit(code="SNNMT-DN", name="Sở Nông nghiệp và Môi trường tỉnh Đồng Nai"),
        make_unit(code="UBND-HN", name="Ủy ban nhân dân thành phố Hà Nội"),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("hai duong", ["STNMT-HD"]),
        ("HẢI DƯƠNG", ["STNMT-HD"]),
        ("tn&mt hải", ["STNMT-HD"]),
        ("ĐỒNG NAI", ["SNNMT-DN"]),
        ("dong nai moi truong", ["SNNMT-DN"]),
        ("uy ban", ["UBND-HN"]),
        ("ubnd-hn", ["UBND-HN"]),
        ("môi trường", ["SNNMT-DN", "STNMT-HD"]),
        ("hai phong", []),
    ],
)
def test_search_units_ignores_accents_and_case(units: list[Unit], query: str, expected: list[str]) -> None:
    found = search_units(Unit.objects.order_by("code"), query)
    assert [u.code for u in found] == expected


def test_renaming_a_unit_updates_what_search_finds(units: list[Unit]) -> None:
    services.update_unit(actor=None, unit=units[2], name="Ủy ban nhân dân thành phố Hải Phòng")
    assert [u.code for u in search_units(Unit.objects.all(), "hai phong")] == ["UBND-HN"]
    assert list(search_units(Unit.objects.all(), "ha noi")) == []


def test_unit_list_page_and_api_search_without_diacritics(units: list[Unit]) -> None:
    html = Client().get("/units/", {"q": "hai duong"}).content.decode()
    assert "Sở Tài nguyên và Môi trường tỉnh Hải Dương" in html
    assert "Đồng Nai" not in html
    body = Client().get("/api/v1/units", {"q": "DONG NAI"}).json()
    assert [item["code"] for item in body["items"]] == ["SNNMT-DN"]


# --- by word start, short words included (issue 15 item 1) -------------------------------------

NATIONAL = [
    ("SYT", "Sở Y tế", ""),
    ("SYT-HN", "Sở Y tế thành phố Hà Nội", "Sở Y tế Hà Nội"),
    ("SYT-HNAM", "Sở Y tế tỉnh Hà Nam", ""),
    ("STC-HN", "Sở Tài chính thành phố Hà Nội", "STC Hà Nội"),
    ("TTYT-DA", "Trung tâm Y tế huyện Đông Anh", ""),
    ("BV-YB", "Bệnh viện Đa khoa tỉnh Yên Bái", ""),
    ("UBND-HG", "Ủy ban nhân dân tỉnh Hà Giang", "UBND Hà Giang"),
    ("STNMT-HD", "Sở Tài nguyên và Môi trường tỉnh Hải Dương", "Sở TN&MT Hải Dương"),
    ("SGD.01", "Sở Giáo dục và Đào tạo tỉnh Bắc Ninh", ""),
    ("BQL-STC", "Ban quản lý dự án Sở Tài chính", ""),
]


@pytest.fixture
def national(db: None) -> list[Unit]:
    return [make_unit(code=code, name=name, short_name=short) for code, name, short in NATIONAL]


# The expected sets are the same on both databases: this module runs on SQLite and PostgreSQL.
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Sở Y tế", {"SYT", "SYT-HN", "SYT-HNAM"}),
        ("so y te", {"SYT", "SYT-HN", "SYT-HNAM"}),
        ("y", {"SYT", "SYT-HN", "SYT-HNAM", "TTYT-DA", "BV-YB"}),  # "Ủy" starts with u, not y
        ("Y tế", {"SYT", "SYT-HN", "SYT-HNAM", "TTYT-DA"}),
        ("Hà", {"SYT-HN", "SYT-HNAM", "STC-HN", "UBND-HG", "STNMT-HD"}),  # "hai" starts with "ha"
        ("Hà Nam", {"SYT-HNAM"}),
        ("hà nội", {"SYT-HN", "STC-HN"}),
        ("hà n", {"SYT-HN", "SYT-HNAM", "STC-HN", "UBND-HG", "STNMT-HD"}),  # nội, nam, nhân, nguyên
        ("Sở", {"SYT", "SYT-HN", "SYT-HNAM", "STC-HN", "STNMT-HD", "SGD.01", "BQL-STC"}),
        ("đa", {"BV-YB", "SGD.01", "UBND-HG", "TTYT-DA"}),  # Đa khoa, Đào tạo, nhân dân, code
        ("ương", set()),  # a word's middle is not its start
        ("tn&mt", {"STNMT-HD"}),
        ("stc", {"STC-HN", "BQL-STC"}),  # short name and codes
        ("sgd.01", {"SGD.01"}),
        ("01", {"SGD.01"}),
        ("y tế hà", {"SYT-HN", "SYT-HNAM"}),
        ("%", set()),
        ("_", set()),
        ("'", set()),
        ("so_y", {"SYT", "SYT-HN", "SYT-HNAM"}),  # "_" separates words: "so" and "y"
        ("a:* | b", {"BQL-STC"}),  # tsquery syntax is just punctuation: words "a" and "b"
    ],
)
def test_search_finds_words_by_their_start(national: list[Unit], query: str, expected: set[str]) -> None:
    assert {u.code for u in search_units(Unit.objects.all(), query)} == expected


def test_search_ranks_the_exact_name_then_names_that_start_with_the_query(national: list[Unit]) -> None:
    def codes(query: str, *order: str) -> list[str]:
        return [u.code for u in search_units(Unit.objects.order_by(*order), query)]

    # exact name, then the names starting with it (in the caller's order), then the rest
    assert codes("Sở Y tế", "-code") == ["SYT", "SYT-HNAM", "SYT-HN"]
    assert codes("Sở Tài", "code") == ["STC-HN", "STNMT-HD", "BQL-STC"]
    # the exact code first
    assert codes("syt", "-code") == ["SYT", "SYT-HNAM", "SYT-HN"]
    # no name starts with "ha": the caller's order stays
    assert codes("ha", "code") == ["STC-HN", "STNMT-HD", "SYT-HN", "SYT-HNAM", "UBND-HG"]
    # without an order of its own: by sort key after the rank
    assert codes("Sở Tài")[-1] == "BQL-STC"


def _reference(units: list[Unit], query: str) -> set[str]:
    """The search as plain Python: every query word starts a word of code, name or short name."""
    wanted = search_words(query)[:SEARCH_WORDS]
    found = set()
    for unit in units:
        words = search_words(f"{unit.code} {unit.name} {unit.short_name}")
        if wanted and all(any(w.startswith(q) for w in words) for q in wanted):
            found.add(unit.code)
    return found


def test_search_equals_the_plain_python_definition(national: list[Unit]) -> None:
    """Every 1-, 2- and 3-letter start of every stored word, alone and in pairs: the database gives
    exactly the units the definition gives (on whichever database the suite runs)."""
    starts = sorted(
        {
            w[:n]
            for u in national
            for w in search_words(f"{u.code} {u.name} {u.short_name}")
            for n in (1, 2, 3)
        }
    )
    queries = [*starts, *(f"{a} {b}" for a, b in zip(starts, reversed(starts), strict=True))]
    for query in queries:
        assert {u.code for u in search_units(Unit.objects.all(), query)} == _reference(national, query), query


@pytest.mark.skipif("not __import__('django.db').db.connection.vendor == 'postgresql'")
def test_postgresql_serves_short_words_from_the_index(national: list[Unit]) -> None:
    from django.db import connection

    queryset = search_units(Unit.objects.all(), "Sở Y tế")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "organisations_unit_search_words" in plan
