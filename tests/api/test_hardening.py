"""Issue 14 items 4 and 8: bad bodies answer 4xx in the one error shape, tokens count everywhere."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.factories import World
from thidua.accounts.services import create_api_token
from thidua.organisations.models import Unit

pytestmark = pytest.mark.django_db


def _bearer(user: object) -> dict[str, str]:
    _, raw = create_api_token(actor=None, user=user, name="thử")  # type: ignore[arg-type]
    return {"Authorization": f"Bearer {raw}"}


def _post(client: Client, path: str, body: bytes | str, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(path, data=body, content_type="application/json", headers=headers)


def test_deeply_nested_json_is_a_422_not_a_recursion_error(world: World) -> None:
    client = Client()
    client.force_login(world.member_officer)
    response = _post(client, "/api/v1/eligibility/check", "[" * 100_000)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert "lồng" in response.json()["message"]


def test_deeply_nested_json_on_a_schema_endpoint_is_a_422(world: World) -> None:
    before = Unit.objects.count()
    response = _post(Client(), "/api/v1/units", "[" * 100_000, **_bearer(world.administrator))
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert Unit.objects.count() == before


def test_a_body_over_the_upload_limit_is_a_413_in_the_error_shape(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    before = Unit.objects.count()
    body = json.dumps({"code": "X", "name": "a" * 5000, "kind": "other"})
    response = _post(Client(), "/api/v1/units", body, **_bearer(world.administrator))
    assert response.status_code == 413
    assert response.json() == {
        "message": "Nội dung gửi lên quá lớn (tối đa 1 KB).",
        "code": "too_large",
        "fields": {},
    }
    assert Unit.objects.count() == before


def test_a_lone_surrogate_in_a_string_is_refused_with_nothing_stored(world: World) -> None:
    before = Unit.objects.count()
    body = '{"code": "BO-X", "name": "Văn phòng \\ud800", "kind": "ministry_department", "parent_code": "BO"}'
    response = _post(Client(), "/api/v1/units", body, **_bearer(world.administrator))
    assert response.status_code == 422
    assert response.json()["fields"] == {"name": "Ký tự không hợp lệ (nửa cặp UTF-16)."}
    assert Unit.objects.count() == before


def test_a_nul_byte_in_a_string_is_refused(world: World) -> None:
    body = '{"code": "BO-X", "name": "Văn\\u0000phòng", "kind": "ministry_department", "parent_code": "BO"}'
    response = _post(Client(), "/api/v1/units", body, **_bearer(world.administrator))
    assert response.status_code == 422
    assert response.json()["fields"] == {"name": "Ký tự NUL không được phép."}


def test_an_integer_beyond_64_bits_is_refused(world: World) -> None:
    client = Client()
    client.force_login(world.member_officer)
    response = _post(client, "/api/v1/eligibility/check", '{"number": 100000000000000000000}')
    assert response.status_code == 422
    assert response.json()["fields"] == {"number": "Số quá lớn."}


def test_nan_and_infinity_are_not_json(world: World) -> None:
    client = Client()
    client.force_login(world.member_officer)
    response = _post(client, "/api/v1/eligibility/check", '{"x": NaN}')
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_unknown_api_path_answers_json(world: World) -> None:
    response = Client().get("/api/v1/khong-co")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"message": "Không tìm thấy.", "code": "not_found", "fields": {}}
    assert Client().get("/api/khong-co").json()["code"] == "not_found"


def test_a_token_is_honoured_on_endpoints_that_also_allow_anonymous_reads(world: World) -> None:
    from tests.covenants.conftest import build_covenant
    from thidua.clusters.services import open_emulation_year

    year = open_emulation_year(actor=None, cluster=world.cluster, year=2018)
    build_covenant(year)  # a draft: only the cluster's units and the ministry may read it
    url = f"/api/v1/years/{year.pk}/covenant"
    assert Client().get(url).status_code == 403
    response = Client().get(url, headers=_bearer(world.ministry_officer))
    assert response.status_code == 200
    assert response.json()["theme"] == "Kỷ cương, liêm chính, hành động"


def test_an_invalid_token_is_a_401_even_on_a_public_endpoint(world: World) -> None:
    response = Client().get("/api/v1/clusters", headers={"Authorization": "Bearer sai-ma"})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_anonymous_writes_answer_401_not_403(world: World) -> None:
    before = Unit.objects.count()
    response = _post(Client(), "/api/v1/units", json.dumps({"code": "X"}))
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert Unit.objects.count() == before


def test_a_user_without_any_role_is_refused_a_write_before_the_body_is_validated(world: World) -> None:
    response = _post(Client(), "/api/v1/units", json.dumps({"code": 1}), **_bearer(world.outsider))
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_a_user_without_any_role_may_still_check_a_case(world: World) -> None:
    response = _post(Client(), "/api/v1/eligibility/check", "{}", **_bearer(world.outsider))
    assert response.status_code == 422  # the case is judged, not the caller
    assert response.json()["code"] == "invalid"
