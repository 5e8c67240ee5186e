"""Pages and API: exact outcomes, one URL per action, constant queries on list pages, the public
register without personal data, the dashboard's tasks."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from tests.factories import World
from tests.proposals.conftest import good_person, ministry_decision, own_dossier, unit_head, voted_council

from thidua.core.dashboard import DashboardInput, tasks_for
from thidua.proposals import services
from thidua.proposals.models import AwardDecision, Dossier

pytestmark = pytest.mark.django_db
ISSUED = datetime.date(2019, 1, 15)
NAMES = ["Hoa", "Lan", "Mai", "Cúc"]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _issued_own(world: World, n: int) -> list[AwardDecision]:
    out = []
    head = unit_head(world)
    for i in range(n):
        person = good_person(world, f"Nguyễn Thị {NAMES[i]}")
        dossier = own_dossier(world)
        services.add_dossier_entry(actor=world.member_officer, dossier=dossier, subject=person, code="LDTT")
        services.submit_dossier(actor=world.member_officer, dossier=dossier)
        decision = services.prepare_decision(
            actor=world.member_officer,
            body=world.unit_b,
            issuer="Giám đốc Sở Tài nguyên và Môi trường tỉnh Bắc Ninh",
            year=2018,
            subject_line="Về việc công nhận danh hiệu Lao động tiên tiến năm 2018",
            symbol="QĐ-STNMT",
            dossiers=[dossier],
            legal_grounds="Căn cứ Luật Thi đua, Khen thưởng;",
        )
        out.append(
            services.issue_decision(
                actor=head,
                decision=decision,
                issued_on=ISSUED,
                signer_name="Nguyễn Văn Giám",
                signer_title="GIÁM ĐỐC",
            )
        )
    return out


def _count(django_assert_max_num_queries: Any, fetch: Callable[[], Any]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = fetch()
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        reverse("proposals:dossier_list"),
        reverse("proposals:decision_list"),
        reverse("proposals:published_list"),
        reverse("proposals:council_list"),
    ],
)
def test_list_pages_take_constant_queries(world: World, url: str, django_assert_max_num_queries: Any) -> None:
    client = _client(world.member_officer)
    _issued_own(world, 1)
    one = _count(django_assert_max_num_queries, lambda: client.get(url))
    _issued_own(world, 2)
    three = _count(django_assert_max_num_queries, lambda: client.get(url))
    assert one == three


def test_public_register_is_searchable_without_diacritics_and_shows_no_identity(world: World) -> None:
    from thidua.organisations.models import Person

    _issued_own(world, 1)
    decision = AwardDecision.objects.get()
    Person.objects.filter(pk=decision.entries.get().person_id).update(
        birth_year=1987, citizen_id_last4="4321"
    )
    anonymous = Client()
    page = anonymous.get(reverse("proposals:published_list"), {"q": "lao dong tien tien"})
    assert page.status_code == 200
    assert "Số 1/QĐ-STNMT" in page.content.decode()
    assert (
        "Không có quyết định nào"
        in anonymous.get(reverse("proposals:published_list"), {"q": "khong co"}).content.decode()
    )
    detail = anonymous.get(
        reverse("proposals:published", args=[decision.pk]), {"q": "thi hoa"}
    ).content.decode()
    assert "Nguyễn Thị Hoa" in detail
    assert "1987" not in detail
    assert "4321" not in detail
    api = anonymous.get("/api/v1/decisions", {"q": "nguyen thi hoa"})
    assert api.status_code == 200
    assert [d["number"] for d in api.json()] == ["1/QĐ-STNMT"]
    raw = anonymous.get(f"/api/v1/decisions/{decision.pk}")
    assert "1987" not in raw.content.decode()
    assert "4321" not in raw.content.decode()
    lines = raw.json()["lines"]
    assert lines == [
        {"position": 1, "name": "Nguyễn Thị Hoa", "unit": world.unit_b.name, "code": "LDTT", "year": 2018}
    ]


def test_submit_page_shows_the_reasons_and_changes_nothing(world: World) -> None:
    from tests.proposals.conftest import weak_person

    dossier = own_dossier(world)
    services.add_dossier_entry(
        actor=world.member_officer, dossier=dossier, subject=weak_person(world), code="LDTT"
    )
    response = _client(world.member_officer).post(reverse("proposals:dossier_submit", args=[dossier.pk]))
    assert response.status_code == 422
    assert (
        "Chưa gửi được hồ sơ: Lê Văn Cường – Lao động tiên tiến: chưa đủ điều kiện"
        in response.content.decode()
    )
    assert Dossier.objects.get(pk=dossier.pk).state == "draft"


def test_outsider_pages_refused(world: World) -> None:
    council = voted_council(world)
    outsider = _client(world.outsider)
    assert outsider.get(reverse("proposals:dossier", args=[council.dossier.pk])).status_code == 404
    response = outsider.post(reverse("proposals:dossier_return", args=[council.dossier.pk]), {"reason": "x"})
    assert response.status_code == 404
    decision = ministry_decision(world, council.dossier)
    response = outsider.post(
        reverse("proposals:decision_issue", args=[decision.pk]),
        {"issued_on": "15/01/2019", "signer_name": "x", "signer_title": "y"},
    )
    assert response.status_code == 404  # a draft is not shown to outsiders at all
    assert AwardDecision.objects.get(pk=decision.pk).state == "draft"
    api = outsider.post(
        f"/api/v1/proposals/decisions/{decision.pk}/issue",
        {"issued_on": "2019-01-15", "signer_name": "x", "signer_title": "y"},
        content_type="application/json",
    )
    assert api.status_code in (403, 404)
    assert AwardDecision.objects.get(pk=decision.pk).state == "draft"


def test_dashboard_tasks(world: World) -> None:
    from tests.proposals.conftest import cluster_dossier

    dossier = cluster_dossier(world)
    services.submit_dossier(actor=world.cluster_leader, dossier=dossier)
    tasks = tasks_for(
        DashboardInput(user=world.ministry_officer, unit_ids=frozenset(), roles=frozenset(), year=2018)
    )
    assert [t.title for t in tasks if "hồ sơ" in t.title] == ["1 hồ sơ đề nghị khen thưởng gửi đến chờ xử lý"]
    services.return_dossier(actor=world.ministry_officer, dossier=dossier, reason="Thiếu báo cáo.")
    tasks = tasks_for(
        DashboardInput(user=world.cluster_leader, unit_ids=frozenset(), roles=frozenset(), year=2018)
    )
    returned = [t for t in tasks if t.title.startswith("Hồ sơ bị trả lại")]
    assert len(returned) == 1
    assert returned[0].detail == "Thiếu báo cáo."
