"""Pages and API: what each persona sees and may do, and constant query counts of list pages."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.covenants.conftest import SIGN_DAY, Year, sign
from thidua.clusters import services as cluster_services
from thidua.clusters.models import ClusterMembership
from thidua.covenants.models import Criterion, PlanComment


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _url(y: Year, page: str = "") -> str:
    return f"/covenants/{y.world.cluster.pk}/2018/{page}"


def test_public_sees_signed_covenant_but_not_draft(year: Year) -> None:
    anonymous = Client()
    assert anonymous.get(_url(year, "covenant/")).status_code == 302  # draft: login first
    w = year.world
    for unit, actor in (
        (w.unit_a, w.cluster_leader),
        (w.unit_b, w.member_officer),
        (w.unit_c, year.officer_c),
    ):
        sign(year.covenant, unit, actor=actor)
    page = anonymous.get(_url(year, "covenant/")).content.decode()
    assert "“Kỷ cương, liêm chính, hành động”" in page
    assert "Có hiệu lực" in page
    assert "Tuyên truyền gương điển hình" in page
    assert "Ký giao ước" not in page


def test_outsider_refused_on_drafts_and_writes(year: Year) -> None:
    client = _client(year.world.outsider)
    assert client.get(_url(year, "plan/")).status_code == 403
    assert client.get(_url(year, "registrations/")).status_code == 403
    item = year.plan.items.first()
    assert client.post(_url(year, "plan/comment/"), {"item": item.pk, "text": "x"}).status_code == 403
    assert (
        client.post(_url(year, "covenant/table/add_group/"), {"name": "N", "max_points": "1"}).status_code
        == 403
    )
    assert not PlanComment.objects.exists()
    assert year.covenant.groups.count() == 2


def test_member_comments_inline_with_htmx(year: Year) -> None:
    client = _client(year.world.member_officer)
    item = year.plan.items.get(kind="key_task")
    response = client.post(
        _url(year, "plan/comment/"),
        {"item": item.pk, "text": "Nên thêm chỉ tiêu"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="comments-{item.pk}"' in body
    assert "Sở Tài nguyên và Môi trường tỉnh Bắc Ninh" in body
    assert "Nên thêm chỉ tiêu" in body


def test_leader_edits_table_with_htmx_and_sees_live_check(year: Year) -> None:
    client = _client(year.world.cluster_leader)
    body = client.post(
        _url(year, "covenant/table/add_group/"),
        {"name": "Nhóm ba", "max_points": "10"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Tổng điểm tối đa của các nhóm là 110, khác tổng điểm giao ước 100." in body
    assert "Nhóm III «Nhóm ba» chưa có tiêu chí nào." in body
    body = client.post(
        _url(year, "covenant/table/add_group/"),
        {"name": "X", "max_points": "-1"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Điểm tối đa của nhóm không được âm (đang là -1)." in body
    first = Criterion.objects.get(group__covenant=year.covenant, group__order=1, order=1)
    client.post(
        _url(year, "covenant/table/criterion_down/"),
        {"criterion": first.pk},
        HTTP_HX_REQUEST="true",
    )
    first.refresh_from_db()
    assert first.order == 2


def test_member_signs_from_the_page(year: Year) -> None:
    client = _client(year.world.member_officer)
    page = client.get(_url(year, "covenant/")).content.decode()
    assert "Ký giao ước" in page
    assert "Chưa ký" in page
    response = client.post(
        _url(year, "covenant/sign/"),
        {
            "sign-unit": "SO-B",
            "sign-signer_name": "Trần Thị Bình",
            "sign-signer_position": "Giám đốc",
            "sign-signed_on": SIGN_DAY.isoformat(),
            "sign-place": "Hải Dương",
        },
    )
    assert response.status_code == 302
    assert list(year.covenant.signatures.values_list("unit__code", "signer_name", "acting_for_head")) == [
        ("SO-B", "Trần Thị Bình", True)
    ]


def test_registration_summary_and_excel_for_leader_only(year: Year, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime
    import io

    from openpyxl import load_workbook

    from thidua.covenants import services
    from thidua.covenants.services import registration

    monkeypatch.setattr(registration.clock, "today", lambda: datetime.date(2018, 4, 1))
    services.set_registration_deadline(
        actor=None, emulation_year=year.emulation_year, deadline=datetime.date(2018, 4, 15)
    )
    member = _client(year.world.member_officer)
    response = member.post(
        _url(year, "registrations/submit/"),
        {
            "reg-unit": "SO-B",
            "reg-collective_targets": ["TTLDXS"],
            "reg-people": "Lê Văn Cường; Chuyên viên; ldtt",
            "reg-note": "",
        },
    )
    assert response.status_code == 302
    assert member.get(_url(year).rstrip("/") + "/registrations.xlsx").status_code == 403
    leader = _client(year.world.cluster_leader)
    book = load_workbook(io.BytesIO(leader.get(_url(year).rstrip("/") + "/registrations.xlsx").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[1:] == [
        (
            1,
            "Sở Tài nguyên và Môi trường tỉnh Bắc Ninh",
            "Tập thể",
            None,
            "TTLDXS",
            "Tập thể lao động xuất sắc",
        ),
        (
            2,
            "Sở Tài nguyên và Môi trường tỉnh Bắc Ninh",
            "Lê Văn Cường",
            "Chuyên viên",
            "LDTT",
            "Lao động tiên tiến",
        ),
    ]


def _add_year(world: object, number: int) -> None:
    from tests.factories import make_unit

    for n in range(number):
        cluster = cluster_services.create_cluster(
            actor=None, authority=world.ministry, number=10 + n, name=f"Cụm {10 + n}"
        )  # type: ignore[attr-defined]
        unit = make_unit()
        cluster_services.add_member(actor=None, cluster=cluster, unit=unit, year=2018)
        cluster_services.set_leadership(actor=None, cluster=cluster, year=2018, leader=unit, deputy=None)
        y = cluster_services.open_emulation_year(actor=None, cluster=cluster, year=2018)
        from thidua.covenants import services

        services.create_covenant(actor=None, emulation_year=y, theme=f"Chủ đề {n}")


def test_year_list_query_count_is_constant(year: Year, django_assert_num_queries: object) -> None:
    client = Client()
    client.get("/covenants/")  # warm up sessions and the like
    with django_assert_num_queries(3):  # type: ignore[operator]  # count, years, their covenants
        one = client.get("/covenants/").content.decode()
    assert one.count("Xây dựng kế hoạch, giao ước") == 1
    _add_year(year.world, 2)
    with django_assert_num_queries(3):  # type: ignore[operator]
        body = client.get("/covenants/").content.decode()
    assert body.count("Xây dựng kế hoạch, giao ước") == 3


def test_year_list_is_paginated_by_fifty(year: Year) -> None:
    from thidua.clusters.models import EmulationYear

    EmulationYear.objects.bulk_create(
        EmulationYear(cluster=year.world.cluster, year=y) for y in range(1990, 2041) if y != 2018
    )
    first = Client().get("/covenants/").content.decode()
    second = Client().get("/covenants/?page=2").content.decode()
    assert (first.count("<tr><td>"), second.count("<tr><td>")) == (50, 1)
    assert "Trang 1/2" in first
    assert ">1990</a>" in second


def test_signing_progress_query_count_is_constant(year: Year, django_assert_num_queries: object) -> None:
    client = Client()
    w = year.world
    for unit, actor in (
        (w.unit_a, w.cluster_leader),
        (w.unit_b, w.member_officer),
        (w.unit_c, year.officer_c),
    ):
        sign(year.covenant, unit, actor=actor)
    client.get(_url(year, "covenant/"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as three:
        client.get(_url(year, "covenant/"))
    from tests.factories import make_unit

    for _ in range(3):
        ClusterMembership.objects.create(cluster=w.cluster, authority=w.ministry, unit=make_unit(), year=2018)
    with CaptureQueriesContext(connection) as six:
        client.get(_url(year, "covenant/"))
    assert len(six) == len(three)


def test_api_flow_and_errors(year: Year) -> None:
    leader = _client(year.world.cluster_leader)
    year_id = year.emulation_year.pk
    data = leader.get(f"/api/v1/years/{year_id}/covenant").json()
    assert data["totals_ok"] is True
    assert [g["name"] for g in data["groups"]] == ["Nhiệm vụ chuyên môn", "Công tác thi đua"]
    group_id = data["groups"][0]["id"]
    bad = leader.post(
        f"/api/v1/groups/{group_id}/criteria",
        json.dumps({"name": "X", "max_points": "abc"}),
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json() == {
        "message": "Điểm tối đa «abc» không phải là số.",
        "code": "invalid",
        "fields": {"max_points": "not_number"},
    }
    outsider = _client(year.world.outsider)
    refused = outsider.post(
        f"/api/v1/groups/{group_id}/criteria",
        json.dumps({"name": "X", "max_points": "1"}),
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert refused.json()["message"] == "Bạn không có quyền thực hiện thao tác này."
    assert outsider.get(f"/api/v1/years/{year_id}/covenant").status_code == 403
    member = _client(year.world.member_officer)
    signed = member.post(
        f"/api/v1/covenants/{year.covenant.pk}/signatures",
        json.dumps(
            {
                "unit_code": "SO-B",
                "signer_name": "Trần Bình",
                "signer_position": "Giám đốc",
                "signed_on": "2018-03-30",
                "place": "Hải Dương",
            }
        ),
        content_type="application/json",
    )
    assert signed.status_code == 201
    assert signed.json()["signed_units"] == ["SO-B"]
    again = member.post(
        f"/api/v1/covenants/{year.covenant.pk}/signatures",
        json.dumps(
            {
                "unit_code": "SO-B",
                "signer_name": "Trần Bình",
                "signer_position": "Giám đốc",
                "signed_on": "2018-03-30",
                "place": "Hải Dương",
            }
        ),
        content_type="application/json",
    )
    assert again.status_code == 409
    assert (
        leader.post(
            f"/api/v1/years/{year_id}/advance",
            json.dumps({"to_state": "covenant_signed"}),
            content_type="application/json",
        ).status_code
        == 409
    )


@pytest.mark.parametrize("persona", ["member_officer", "council_member", "outsider"])
def test_year_transition_page_refused(year: Year, persona: str) -> None:
    client = _client(year.world.personas[persona])
    client.post(_url(year, "reopen/"), {"to_state": "planning", "reason": "x"})
    year.emulation_year.refresh_from_db()
    assert year.emulation_year.state == "planning"
    assert not year.emulation_year.transitions.exists()


def test_year_list_hides_a_draft_covenants_theme(db: None) -> None:
    from django.test import Client

    from tests.factories import build_world
    from thidua.clusters import services as cluster_services
    from thidua.covenants import services as covenant_services

    world = build_world()
    year = cluster_services.open_emulation_year(actor=None, cluster=world.cluster, year=2018)
    covenant_services.create_covenant(actor=None, emulation_year=year, theme="Chủ đề còn đang bàn")
    html = Client().get("/covenants/").content.decode()
    assert "Chủ đề còn đang bàn" not in html
    assert "(Dự thảo)" in html
