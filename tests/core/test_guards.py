"""Issue 14 item 5: text no database should store is refused before saving, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.factories import World
from thidua.accounts.services import create_api_token
from thidua.core.errors import InvalidInput
from thidua.organisations.models import Unit

pytestmark = pytest.mark.django_db


def _admin_client(world: World) -> Client:
    _, raw = create_api_token(actor=None, user=world.administrator, name="thử")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _unit(name: str) -> str:
    return json.dumps({"code": "BO-X", "name": name, "kind": "ministry_department", "parent_code": "BO"})


def test_a_100000_character_unit_name_is_refused_and_nothing_stored(world: World) -> None:
    before = Unit.objects.count()
    response = _admin_client(world).post(
        "/api/v1/units", _unit("A" * 100_000), content_type="application/json"
    )
    assert response.status_code == 422
    limit = Unit._meta.get_field("name").max_length
    assert response.json()["fields"] == {"name": "too_long"}
    assert f"dài 100000 ký tự, tối đa {limit}" in response.json()["message"]
    assert Unit.objects.count() == before


def test_a_zero_width_only_name_is_refused(world: World) -> None:
    response = _admin_client(world).post(
        "/api/v1/units", _unit("\u200b\u200b "), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["fields"] == {"name": "blank"}
    assert not Unit.objects.filter(code="BO-X").exists()


def test_the_guard_runs_on_every_save_path(world: World) -> None:
    unit = world.unit_a
    unit.name = "x" * 1000
    with pytest.raises(InvalidInput) as caught:
        unit.save()
    assert caught.value.fields == {"name": "too_long"}
    unit.refresh_from_db()
    assert unit.name == "Sở Tài nguyên và Môi trường tỉnh An Giang"


def test_a_nul_character_is_refused_by_the_guard(world: World) -> None:
    unit = world.unit_a
    unit.short_name = "A\x00B"
    with pytest.raises(InvalidInput) as caught:
        unit.save()
    assert caught.value.fields == {"short_name": "nul"}
