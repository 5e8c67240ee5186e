"""Unit search ignores accents and case, the same way on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import make_unit
from thidua.organisations import services
from thidua.organisations.models import Unit
from thidua.organisations.selectors import search_units


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
