from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client

from tests.factories import World, make_unit
from thidua.accounts.services import create_api_token
from thidua.core.rules import FORBIDDEN_MESSAGE
from thidua.organisations.enums import LineageKind
from thidua.organisations.models import Unit
from thidua.organisations.services import load_provinces, record_lineage_event

UNAUTHENTICATED = {
    "message": "Cần đăng nhập hoặc mã truy cập hợp lệ.",
    "code": "unauthenticated",
    "fields": {},
}
NEW_UNIT = {"code": "BO-VP", "name": "Văn phòng Bộ", "kind": "ministry_department", "parent_code": "BO"}


def _bearer(user: object) -> dict[str, str]:
    _, raw = create_api_token(actor=None, user=user, name="thử")  # type: ignore[arg-type]
    return {"Authorization": f"Bearer {raw}"}


def test_public_cluster_list_is_readable_without_login(world: World) -> None:
    response = Client().get("/api/v1/clusters")
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": world.cluster.pk,
            "kind": "cluster",
            "number": 1,
            "name": "Cụm thi đua số 1",
            "authority": "Bộ Thử nghiệm",
            "authority_code": "BO",
        }
    ]


def test_public_cluster_detail_lists_members_and_leaders_per_year(world: World) -> None:
    data = Client().get(f"/api/v1/clusters/{world.cluster.pk}").json()
    assert (data["name"], data["authority"], data["authority_code"], data["description"]) == (
        "Cụm thi đua số 1",
        "Bộ Thử nghiệm",
        "BO",
        "",
    )
    assert data["years"] == [
        {
            "year": 2018,
            "leader": "SO-A",
            "deputy": "SO-B",
            "members": [
                {"code": "SO-A", "name": "Sở Tài nguyên và Môi trường tỉnh An Giang", "short_name": ""},
                {"code": "SO-B", "name": "Sở Tài nguyên và Môi trường tỉnh Bắc Ninh", "short_name": ""},
                {"code": "SO-C", "name": "Sở Tài nguyên và Môi trường tỉnh Cà Mau", "short_name": ""},
            ],
        }
    ]


def test_public_unit_list_is_paginated_and_filtered(world: World) -> None:
    client = Client()
    data = client.get("/api/v1/units?limit=2").json()
    assert data["count"] == 5
    assert [u["code"] for u in data["items"]] == ["BO", "SO-A"]
    assert client.get("/api/v1/units?q=bắc ninh").json()["items"][0]["code"] == "SO-B"
    assert [u["code"] for u in client.get("/api/v1/units?kind=ministry_department").json()["items"]] == [
        "BO-TDKT"
    ]
    assert (
        client.get("/api/v1/units?q=so-c").json()["items"][0]["name"]
        == "Sở Tài nguyên và Môi trường tỉnh Cà Mau"
    )


def test_public_unit_detail_shows_its_lineage(world: World) -> None:
    new = make_unit(code="SO-BC", name="Sở Nông nghiệp và Môi trường tỉnh Bắc Cà")
    record_lineage_event(
        actor=None,
        kind=LineageKind.MERGE,
        date=datetime.date(2025, 7, 1),
        legal_basis="Nghị quyết 202/2025/QH15",
        predecessors=[world.unit_b, world.unit_c],
        successors=[new],
    )
    response = Client().get("/api/v1/units/SO-B")
    assert response.status_code == 200
    data = response.json()
    assert (data["code"], data["active_to"], data["parent_code"]) == ("SO-B", "2025-06-30", None)
    assert [u["code"] for u in data["successors"]] == ["SO-BC"]
    assert data["predecessors"] == []
    assert data["lineage"] == [
        {
            "kind": "merge",
            "date": "2025-07-01",
            "legal_basis": "Nghị quyết 202/2025/QH15",
            "predecessors": ["SO-B", "SO-C"],
            "successors": ["SO-BC"],
        }
    ]
    assert [u["code"] for u in Client().get("/api/v1/units/SO-BC").json()["predecessors"]] == ["SO-B", "SO-C"]


def test_public_unit_detail_names_the_parent_and_province(world: World) -> None:
    load_provinces()
    from thidua.organisations.models import Province

    hanoi = Province.objects.get(code="01", is_current=True)
    make_unit(code="BO-VP", name="Văn phòng Bộ", parent=world.ministry, province=hanoi)
    data = Client().get("/api/v1/units/BO-VP").json()
    assert (data["parent_code"], data["province"]) == ("BO", "Thành phố Hà Nội")


def test_unknown_unit_is_a_404_in_the_error_shape(world: World) -> None:
    response = Client().get("/api/v1/units/KHONG-CO")
    assert (response.status_code, response.json()) == (
        404,
        {"message": "Không tìm thấy.", "code": "not_found", "fields": {}},
    )


def test_public_provinces_list_current_first(db: None) -> None:
    load_provinces()
    data = Client().get("/api/v1/provinces").json()
    assert len(data) == 97
    assert [p["is_current"] for p in data[:35]] == [True] * 34 + [False]
    hai_duong = next(p for p in data if p["code"] == "30")
    assert hai_duong == {
        "code": "30",
        "name": "Hải Dương",
        "division_type": "tỉnh",
        "is_current": False,
        "successor_code": "31",
    }


def test_write_endpoints_refuse_anonymous_with_401(world: World) -> None:
    client = Client()
    for url, payload in [
        ("/api/v1/units", NEW_UNIT),
        ("/api/v1/clusters", {"authority_code": "BO", "number": 2, "name": "Cụm 2"}),
        (f"/api/v1/clusters/{world.cluster.pk}/members", {"unit_code": "BO-TDKT", "year": 2018}),
    ]:
        response = client.post(url, payload, content_type="application/json")
        assert (response.status_code, response.json()) == (401, UNAUTHENTICATED), url
    assert client.get("/api/v1/people").status_code == 401
    assert not Unit.objects.filter(code="BO-VP").exists()


def test_write_endpoints_refuse_the_outsider_with_403(world: World) -> None:
    client = Client(headers=_bearer(world.outsider))
    forbidden = {"message": FORBIDDEN_MESSAGE, "code": "forbidden", "fields": {}}
    response = client.post("/api/v1/units", NEW_UNIT, content_type="application/json")
    assert (response.status_code, response.json()) == (403, forbidden)
    response = client.put(
        f"/api/v1/clusters/{world.cluster.pk}/leadership",
        {"year": 2018, "leader_code": "SO-C"},
        content_type="application/json",
    )
    assert (response.status_code, response.json()) == (403, forbidden)
    assert not Unit.objects.filter(code="BO-VP").exists()
    assert world.cluster.leaderships.get().leader == world.unit_a


def test_bearer_token_lets_the_ministry_officer_create_a_unit(world: World) -> None:
    response = Client(headers=_bearer(world.ministry_officer)).post(
        "/api/v1/units", NEW_UNIT, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json() == {
        "code": "BO-VP",
        "name": "Văn phòng Bộ",
        "short_name": "",
        "kind": "ministry_department",
        "parent_code": "BO",
        "province": None,
        "active_from": None,
        "active_to": None,
    }
    assert Unit.objects.get(code="BO-VP").parent == world.ministry


def test_a_wrong_or_revoked_bearer_token_is_401(world: World) -> None:
    response = Client(headers={"Authorization": "Bearer td_abc_def"}).post(
        "/api/v1/units", NEW_UNIT, content_type="application/json"
    )
    assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)


def test_session_login_needs_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.ministry_officer)
    refused = client.post("/api/v1/units", NEW_UNIT, content_type="application/json")
    assert (refused.status_code, refused.json()) == (
        403,
        {
            "message": "Bạn không có quyền thực hiện thao tác này (hoặc thiếu mã chống giả mạo CSRF).",
            "code": "forbidden",
            "fields": {},
        },
    )
    assert not Unit.objects.filter(code="BO-VP").exists()
    page = client.get("/units/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    accepted = client.post(
        "/api/v1/units", NEW_UNIT, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert accepted.status_code == 201
    assert Unit.objects.filter(code="BO-VP").exists()


def test_validation_errors_are_422_naming_the_fields(world: World) -> None:
    client = Client(headers=_bearer(world.ministry_officer))
    response = client.post("/api/v1/units", {"name": "Thiếu mã"}, content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    assert (body["message"], body["code"]) == (
        "Dữ liệu gửi lên không hợp lệ; xem từng trường trong «fields».",
        "invalid",
    )
    assert set(body["fields"]) == {"code", "kind"}
    response = client.post("/api/v1/units", {**NEW_UNIT, "kind": "galaxy"}, content_type="application/json")
    assert (response.status_code, response.json()) == (
        422,
        {"message": "Loại đơn vị «galaxy» không hợp lệ.", "code": "invalid", "fields": {"kind": "invalid"}},
    )
    response = client.post(
        "/api/v1/lineage-events",
        {
            "kind": "merge",
            "date": "không phải ngày",
            "legal_basis": "x",
            "predecessor_codes": [],
            "successor_codes": [],
        },
        content_type="application/json",
    )
    assert (response.status_code, list(response.json()["fields"])) == (422, ["date"])


BAD_JSON = {"message": "Nội dung gửi lên không phải JSON hợp lệ.", "code": "invalid", "fields": {}}


@pytest.mark.parametrize("url", ["/api/v1/units", "/api/v1/articles", "/api/v1/clusters/1/members"])
def test_a_body_that_is_not_json_is_422_in_vietnamese(world: World, url: str) -> None:
    client = Client(headers=_bearer(world.administrator))
    response = client.post(url, '{"code": "BO-VP",', content_type="application/json")
    assert (response.status_code, response.json()) == (422, BAD_JSON)
    assert not Unit.objects.filter(code="BO-VP").exists()


def test_duplicate_unit_code_is_409(world: World) -> None:
    response = Client(headers=_bearer(world.ministry_officer)).post(
        "/api/v1/units", {**NEW_UNIT, "code": "BO-TDKT"}, content_type="application/json"
    )
    assert (response.status_code, response.json()) == (
        409,
        {
            "message": "Mã đơn vị «BO-TDKT» đã được dùng cho một đơn vị khác.",
            "code": "conflict",
            "fields": {"code": "duplicate"},
        },
    )
    assert Unit.objects.filter(code="BO-TDKT").count() == 1


def test_cluster_endpoints_add_a_member_and_set_the_leaders(world: World) -> None:
    client = Client(headers=_bearer(world.ministry_officer))
    unit_d = make_unit(code="SO-D", name="Sở D")
    response = client.post(
        f"/api/v1/clusters/{world.cluster.pk}/members",
        {"unit_code": "SO-D", "year": 2018},
        content_type="application/json",
    )
    assert (response.status_code, response.json()) == (
        201,
        {"code": "SO-D", "name": "Sở D", "short_name": ""},
    )
    response = client.put(
        f"/api/v1/clusters/{world.cluster.pk}/leadership",
        {"year": 2018, "leader_code": "SO-D", "deputy_code": "SO-A", "decided_by": "QĐ 5"},
        content_type="application/json",
    )
    assert (response.status_code, response.json()) == (
        200,
        {"year": 2018, "leader": "SO-D", "deputy": "SO-A", "decided_by": "QĐ 5"},
    )
    assert world.cluster.leaderships.get().leader == unit_d


def test_people_are_visible_only_within_the_officers_scope(world: World) -> None:
    from tests.factories import make_person

    mine = make_person(unit=world.unit_b, full_name="Trần Thị Bình", citizen_id="001090000123")
    make_person(unit=world.unit_c, full_name="Lê Văn Cường")
    data = Client(headers=_bearer(world.member_officer)).get("/api/v1/people").json()
    assert data == {
        "count": 1,
        "items": [
            {
                "id": mine.pk,
                "full_name": "Trần Thị Bình",
                "gender": "",
                "birth_year": None,
                "citizen_id": "••••••••0123",
            }
        ],
    }
    assert Client(headers=_bearer(world.outsider)).get("/api/v1/people").json() == {"count": 0, "items": []}
    # An existing person out of scope and a missing one get the same answer: existence is personal data.
    not_found = (404, {"message": "Không tìm thấy.", "code": "not_found", "fields": {}})
    response = Client(headers=_bearer(world.outsider)).get(f"/api/v1/people/{mine.pk}")
    assert (response.status_code, response.json()) == not_found
    response = Client(headers=_bearer(world.outsider)).get(f"/api/v1/people/{mine.pk + 1000}")
    assert (response.status_code, response.json()) == not_found


def test_openapi_document_lists_the_endpoints(db: None) -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "thidua API"
    assert {
        "/api/v1/units",
        "/api/v1/units/{code}",
        "/api/v1/clusters",
        "/api/v1/provinces",
        "/api/v1/lineage-events",
    } <= set(document["paths"])
    assert document["paths"]["/api/v1/units"]["get"]["summary"] == "Danh sách đơn vị"


@pytest.mark.parametrize("url", ["/api/v1/docs"])
def test_docs_page_loads_nothing_from_outside_the_server(db: None, url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger" in html.lower()
    sources = re.findall(r"<(?:script|link)\b[^>]*(?:src|href)=[\"']([^\"']+)", html)
    assert sources, "the docs page loads its assets"
    outside = [s for s in sources if re.match(r"^(https?:)?//", s)]
    assert outside == []
    assert all(s.startswith("/static/") for s in sources)
