"""Issue 14 item 1 at the doors: pages, API and CLI refuse bad years fast, with a Vietnamese message."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tests.awards.conftest import Registry
from thidua.awards.models import EligibilityRun

HUGE = "99999999999999999999"


def _admin(registry: Registry) -> Client:
    client = Client()
    client.force_login(registry.world.administrator)
    return client


@pytest.mark.parametrize("year", [HUGE, "20000", "²", "1e20"])
def test_eligibility_page_refuses_bad_years_fast(registry: Registry, year: str) -> None:
    response = _admin(registry).get(f"/awards/people/{registry.person.pk}/eligibility/", {"year": year})
    assert response.status_code == 422
    body = response.content.decode()
    assert "Năm " in body
    assert "1945–2100" in body


@pytest.mark.parametrize("year", [HUGE, "²", "20000"])
def test_unit_timeline_refuses_bad_years(registry: Registry, year: str) -> None:
    response = _admin(registry).get(f"/awards/units/{registry.world.unit_b.code}/", {"year": year})
    assert response.status_code == 422
    assert "1945–2100" in response.content.decode()


@pytest.mark.parametrize("year", [HUGE, "1e20", "20000", "²"])
def test_api_eligibility_refuses_bad_years(registry: Registry, year: str) -> None:
    response = _admin(registry).get(
        f"/api/v1/people/{registry.person.pk}/eligibility", {"target": "CSTDCS", "year": year}
    )
    assert response.status_code == 422
    assert response.json()["code"] in {"invalid", "validation"}
    assert response.json()["message"]


def test_openapi_states_year_bounds(registry: Registry) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    params = schema["paths"]["/api/v1/people/{person_id}/eligibility"]["get"]["parameters"]
    year = next(p for p in params if p["name"] == "year")["schema"]
    assert (year["minimum"], year["maximum"]) == (1945, 2100)
    units = schema["paths"]["/api/v1/units"]["get"]["parameters"]
    limit = next(p for p in units if p["name"] == "limit")["schema"]
    # clamped, not refused: the bound is stated in words (a declared maximum would be a lie the
    # schemathesis test catches)
    assert "1–500" in limit["description"]
    assert "maximum" not in limit


@pytest.mark.parametrize(("limit", "offset"), [(10**20, 0), (5, 10**20), (10**6, 10**12), (-3, -7)])
def test_api_limit_and_offset_are_clamped(registry: Registry, limit: int, offset: int) -> None:
    response = Client().get("/api/v1/units", {"limit": limit, "offset": offset})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 5  # the world's ministry, department and three departments
    expected = 0 if offset > 0 else min(5, max(1, limit))
    assert len(body["items"]) == expected


def test_cli_batch_refuses_bad_years_before_any_work(db: None) -> None:
    before = EligibilityRun.objects.count()
    for year in (HUGE, "²", "20000"):
        with pytest.raises(CommandError) as info:
            call_command("eligibility", "batch", "--year", year, stdout=io.StringIO(), stderr=io.StringIO())
        assert "1945–2100" in str(info.value)
    assert EligibilityRun.objects.count() == before
