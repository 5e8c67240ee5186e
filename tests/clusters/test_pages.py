from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client

from tests.factories import World, make_unit
from thidua.clusters import services
from thidua.clusters.models import ClusterLeadership, ClusterMembership
from thidua.core.models import AuditEntry
from thidua.organisations.enums import LineageKind
from thidua.organisations.services import record_lineage_event

D = datetime.date


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [_text(row) for row in body.split("</tr>") if row.strip()]


def _client(user: object = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    return client


@pytest.fixture
def merged_2019(world: World) -> World:
    """B and C merge on 01/01/2019; 2019 is carried over with the successor."""
    successor = make_unit(code="SO-BC", name="Sở Nông nghiệp và Môi trường tỉnh Bắc Cà")
    record_lineage_event(
        actor=None,
        kind=LineageKind.MERGE,
        date=D(2019, 1, 1),
        legal_basis="Nghị quyết thử",
        predecessors=[world.unit_b, world.unit_c],
        successors=[successor],
    )
    services.carry_over_members(actor=None, cluster=world.cluster, from_year=2018, to_year=2019)
    return world


def test_cluster_list_groups_clusters_by_authority(world: World) -> None:
    other = make_unit(code="UB", name="Ủy ban nhân dân tỉnh Thử")
    services.create_cluster(
        actor=None, authority=other, number=3, name="Khối thi đua số 3", description="Các sở, ngành"
    )
    text = _text(_client().get("/clusters/").content.decode())
    assert "Bộ Thử nghiệm Cụm thi đua số 1 Ủy ban nhân dân tỉnh Thử Khối thi đua số 3 Các sở, ngành" in text


def test_cluster_page_lists_members_leader_and_deputy_of_the_year(world: World) -> None:
    html = _client().get(f"/clusters/{world.cluster.pk}/?year=2018").content.decode()
    assert "<h1>Cụm thi đua số 1 – Bộ Thử nghiệm</h1>" in html
    text = _text(html)
    assert "Thành viên năm 2018 3 đơn vị" in text
    assert (
        "Trưởng cụm: Sở Tài nguyên và Môi trường tỉnh An Giang · Phó trưởng cụm: Sở Tài nguyên và Môi trường tỉnh Bắc Ninh"
        in text
    )
    assert _rows(html) == [
        "1 Sở Tài nguyên và Môi trường tỉnh An Giang Trưởng cụm —",
        "2 Sở Tài nguyên và Môi trường tỉnh Bắc Ninh Phó trưởng cụm —",
        "3 Sở Tài nguyên và Môi trường tỉnh Cà Mau —",
    ]
    assert 'href="/units/SO-A/"' in html
    assert "Quản lý thành viên" not in html  # anonymous visitors do not manage


def test_cluster_page_shows_lineage_and_switches_years(merged_2019: World) -> None:
    world = merged_2019
    client = _client()
    html_2018 = client.get(f"/clusters/{world.cluster.pk}/?year=2018").content.decode()
    assert _rows(html_2018)[1] == (
        "2 Sở Tài nguyên và Môi trường tỉnh Bắc Ninh Phó trưởng cụm Sáp nhập, hợp nhất 01/01/2019 → "
        "Sở Nông nghiệp và Môi trường tỉnh Bắc Cà Nay là: Sở Nông nghiệp và Môi trường tỉnh Bắc Cà"
    )
    assert (
        'href="?year=2018" hx-get="?year=2018" hx-target="#year-panel" hx-push-url="true" aria-current="page"'
        in html_2018
    )
    html_2019 = client.get(f"/clusters/{world.cluster.pk}/?year=2019").content.decode()
    assert _rows(html_2019) == [
        "1 Sở Nông nghiệp và Môi trường tỉnh Bắc Cà —",
        "2 Sở Tài nguyên và Môi trường tỉnh An Giang —",
    ]
    assert "Chưa xác định trưởng cụm năm 2019." in html_2019
    # Without a year (or a bad one) the page opens on the latest year that has begun.
    assert "Thành viên năm 2019" in client.get(f"/clusters/{world.cluster.pk}/").content.decode()
    assert "Thành viên năm 2019" in client.get(f"/clusters/{world.cluster.pk}/?year=abc").content.decode()


def test_cluster_page_year_switch_with_htmx_returns_only_the_year_panel(merged_2019: World) -> None:
    response = _client().get(f"/clusters/{merged_2019.cluster.pk}/?year=2018", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert "<h1>" not in html
    assert html.lstrip().startswith('<nav aria-label="Chọn năm">')
    assert (
        'href="?year=2018" hx-get="?year=2018" hx-target="#year-panel" hx-push-url="true" aria-current="page"'
        in html
    )
    assert len(_rows(html)) == 3


def test_cluster_page_of_an_unknown_cluster_is_404(world: World) -> None:
    assert _client().get("/clusters/9999/").status_code == 404


def test_cluster_page_shows_the_conferences_of_the_year(world: World) -> None:
    services.create_conference(
        actor=None,
        cluster=world.cluster,
        year=2018,
        kind="signing",
        title="Hội nghị ký kết giao ước",
        date=D(2018, 3, 30),
        place="Thành phố Hải Dương",
        host=world.unit_b,
    )
    text = _text(_client().get(f"/clusters/{world.cluster.pk}/?year=2018").content.decode())
    assert (
        "Hội nghị năm 2018 Hội nghị ký kết giao ước – 30/03/2018, Thành phố Hải Dương "
        "(đơn vị chủ trì: Sở Tài nguyên và Môi trường tỉnh Bắc Ninh)"
    ) in text


def test_cluster_page_offers_management_to_the_ministry_officer(world: World) -> None:
    html = _client(world.ministry_officer).get(f"/clusters/{world.cluster.pk}/?year=2018").content.decode()
    assert f'href="/clusters/{world.cluster.pk}/manage/?year=2018">Quản lý thành viên, trưởng cụm</a>' in html


def _many_members(world: World, count: int) -> None:
    for n in range(count):
        unit = make_unit(code=f"SO-X{n}", name=f"Sở thêm {n}")
        services.add_member(actor=None, cluster=world.cluster, unit=unit, year=2019)
        successor = make_unit(code=f"SO-Y{n}", name=f"Sở kế thừa {n}")
        record_lineage_event(
            actor=None,
            kind="rename",
            date=D(2020, 1, 1),
            legal_basis="QĐ",
            predecessors=[unit],
            successors=[successor],
        )


@pytest.mark.parametrize("count", [1, 3])
def test_cluster_page_query_count_does_not_grow_with_members(
    world: World, django_assert_num_queries, count: int
) -> None:
    _many_members(world, count)
    client = _client()
    # 8 for the page (one of them: which years were opened), plus 2 per lineage step to find what
    # merged members are now (not per member)
    with django_assert_num_queries(10):
        html = client.get(f"/clusters/{world.cluster.pk}/?year=2019").content.decode()
    assert len(_rows(html)) == count


@pytest.mark.parametrize("count", [1, 3])
def test_cluster_list_query_count_does_not_grow_with_clusters(
    world: World, django_assert_num_queries, count: int
) -> None:
    for n in range(2, count + 1):
        services.create_cluster(actor=None, authority=make_unit(name=f"Bộ {n}"), number=1, name=f"Cụm {n}")
    with django_assert_num_queries(2):  # the page's count, then its clusters
        html = _client().get("/clusters/").content.decode()
    assert html.count('class="card"') == count


def test_cluster_list_is_paginated_by_fifty(world: World) -> None:
    authority = make_unit(name="Tỉnh Thử nghiệm")
    for n in range(1, 51):
        services.create_cluster(actor=None, authority=authority, number=n, name=f"Khối {n:02d}")
    first = _client().get("/clusters/").content.decode()
    second = _client().get("/clusters/?page=2").content.decode()
    assert (first.count('class="card"'), second.count('class="card"')) == (50, 1)
    assert "Trang 1/2" in first
    assert "Trang 2/2" in second


@pytest.mark.parametrize("years", [1, 3])
def test_cluster_api_query_count_does_not_grow_with_years(
    world: World, django_assert_num_queries, years: int
) -> None:
    for year in range(2019, 2018 + years):
        services.carry_over_members(actor=None, cluster=world.cluster, from_year=2018, to_year=year)
    client = _client()
    with django_assert_num_queries(3):  # the cluster, its leaderships, its memberships with units
        data = client.get(f"/api/v1/clusters/{world.cluster.pk}").json()
    assert [(y["year"], y["leader"], len(y["members"])) for y in data["years"]] == [
        (2018, "SO-A", 3),
        *((year, None, 3) for year in range(2019, 2018 + years)),
    ]


# The management page ---------------------------------------------------------------------------


# Each action of the management page has its own URL (docs/developer/conventions.md, "Page writes").
ACTIONS = {
    "add": ("members/add/", {"add-year": 2018, "add-unit": "SO-D"}),
    "remove": ("members/remove/", {"year": 2018, "unit": "SO-C"}),
    "carry": ("members/carry-over/", {"carry-from_year": 2018, "carry-to_year": 2019}),
    "lead": ("leaders/", {"lead-year": 2018, "lead-leader": "SO-C", "lead-deputy": "SO-A"}),
}


def _state() -> tuple[list[tuple[str, int]], list[tuple[str, str | None, str]], int]:
    """Everything the management page can change: memberships, leaders, audit entries."""
    return (
        sorted(ClusterMembership.objects.values_list("unit__code", "year")),
        sorted(ClusterLeadership.objects.values_list("leader__code", "deputy__code", "decided_by")),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize("persona", ["member_officer", "cluster_leader", "council_member", "outsider"])
def test_cluster_manage_page_is_forbidden_to_everyone_but_the_authority(world: World, persona: str) -> None:
    make_unit(code="SO-D", name="Sở Tài nguyên và Môi trường tỉnh Điện Biên")
    before = _state()
    client = _client(getattr(world, persona))
    base = f"/clusters/{world.cluster.pk}/manage/"
    responses = [client.get(base)] + [client.post(base + url, data) for url, data in ACTIONS.values()]
    for response in responses:
        assert response.status_code == 403
        assert "Bạn không có quyền thực hiện thao tác này." in response.content.decode()
    assert _state() == before  # nothing changed, not even the audit trail


def test_cluster_manage_page_sends_anonymous_visitors_to_login(world: World) -> None:
    before = _state()
    base = f"/clusters/{world.cluster.pk}/manage/"
    for url in ["", *(url for url, _ in ACTIONS.values())]:
        data = ACTIONS["remove"][1]
        response = _client().post(base + url, data) if url else _client().get(base)
        assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={base}")
    assert _state() == before


def test_cluster_manage_actions_take_only_posts(world: World) -> None:
    client = _client(world.ministry_officer)
    for url, _ in ACTIONS.values():
        response = client.get(f"/clusters/{world.cluster.pk}/manage/{url}")
        assert (response.status_code, response["Allow"]) == (405, "POST")


def test_the_management_page_posts_no_action_field(world: World) -> None:
    html = (
        _client(world.ministry_officer)
        .get(f"/clusters/{world.cluster.pk}/manage/?year=2018")
        .content.decode()
    )
    assert 'name="action"' not in html
    base = f"/clusters/{world.cluster.pk}/manage/"
    forms = {url for url in re.findall(r'<form method="post" action="([^"]+)"', html) if url.startswith(base)}
    assert sorted(forms) == sorted(f"{base}{url}?year=2018" for url, _ in ACTIONS.values())
    # Destructive actions ask first: removing a member, replacing the year's leaders.
    assert 'data-confirm="Bỏ Sở Tài nguyên và Môi trường tỉnh Cà Mau khỏi Cụm thi đua số 1 năm 2018?"' in html
    assert (
        'data-confirm="Thay trưởng cụm, phó trưởng cụm năm 2018 (Sở Tài nguyên và Môi trường tỉnh An Giang, '
        'Sở Tài nguyên và Môi trường tỉnh Bắc Ninh) bằng lựa chọn mới?"'
    ) in html


@pytest.mark.parametrize("persona", ["ministry_officer", "administrator"])
def test_cluster_manage_page_shows_members_and_forms(world: World, persona: str) -> None:
    html = (
        _client(getattr(world, persona))
        .get(f"/clusters/{world.cluster.pk}/manage/?year=2018")
        .content.decode()
    )
    assert "<h1>Quản lý Cụm thi đua số 1 – năm 2018</h1>" in html
    assert _rows(html) == [
        "Sở Tài nguyên và Môi trường tỉnh An Giang Bỏ",
        "Sở Tài nguyên và Môi trường tỉnh Bắc Ninh Bỏ",
        "Sở Tài nguyên và Môi trường tỉnh Cà Mau Bỏ",
    ]
    assert '<option value="SO-A" selected>' in html  # the current leader is preselected


def _act(world: World, action: str, data: dict[str, object], *, status: int = 302) -> str:
    """Post one action as the ministry officer; a success goes back to the page on the action's
    year (followed), a refusal shows the page again with the error's status."""
    url = f"/clusters/{world.cluster.pk}/manage/{ACTIONS[action][0]}?year=2018"
    client = _client(world.ministry_officer)
    response = client.post(url, data)
    assert response.status_code == status
    if status == 302:
        response = client.get(response["Location"])
    return _text(response.content.decode())


def test_cluster_manage_adds_a_member(world: World) -> None:
    make_unit(code="SO-D", name="Sở Tài nguyên và Môi trường tỉnh Điện Biên")
    client = _client(world.ministry_officer)
    response = client.post(
        f"/clusters/{world.cluster.pk}/manage/members/add/?year=2018", {"add-year": 2018, "add-unit": "SO-D"}
    )
    assert (response.status_code, response["Location"]) == (
        302,
        f"/clusters/{world.cluster.pk}/manage/?year=2018",
    )
    text = _text(client.get(response["Location"]).content.decode())
    assert "Đã thêm «Sở Tài nguyên và Môi trường tỉnh Điện Biên» vào năm 2018." in text
    assert sorted(ClusterMembership.objects.filter(year=2018).values_list("unit__code", flat=True)) == [
        "SO-A",
        "SO-B",
        "SO-C",
        "SO-D",
    ]
    assert (
        AuditEntry.objects.filter(action="clusters.membership.add", actor=world.ministry_officer).count() == 1
    )


def test_cluster_manage_add_refuses_a_duplicate_and_an_unknown_unit(world: World) -> None:
    text = _act(world, "add", {"add-year": 2018, "add-unit": "SO-A"}, status=409)
    assert (
        "«Sở Tài nguyên và Môi trường tỉnh An Giang» đã là thành viên của Cụm thi đua số 1 năm 2018." in text
    )
    assert "Quản lý Cụm thi đua số 1 – năm 2018" in text  # the page itself, with the message
    text = _act(world, "add", {"add-year": 2018, "add-unit": "KHONG-CO"}, status=422)
    assert "Thông tin chưa hợp lệ: Đơn vị: Hãy chọn một lựa chọn hợp lệ." in text
    text = _act(world, "add", {"add-year": "", "add-unit": "SO-A"}, status=422)
    assert "Thông tin chưa hợp lệ: Năm: Trường này là bắt buộc." in text
    text = _act(world, "add", {"add-year": "99999", "add-unit": "SO-A"}, status=422)
    assert "Năm 99999 nằm ngoài khoảng 1990–2100." in text
    assert ClusterMembership.objects.filter(year=2018).count() == 3
    assert not AuditEntry.objects.filter(
        action="clusters.membership.add", actor=world.ministry_officer
    ).exists()


def test_cluster_manage_carries_members_over(merged_2019: World) -> None:
    world = merged_2019
    client = _client(world.ministry_officer)
    response = client.post(
        f"/clusters/{world.cluster.pk}/manage/members/carry-over/?year=2019",
        {"carry-from_year": 2019, "carry-to_year": 2020},
    )
    assert response["Location"] == f"/clusters/{world.cluster.pk}/manage/?year=2020"  # the new year
    text = _text(client.get(response["Location"]).content.decode())
    assert "Đã chuyển 2 thành viên sang năm 2020; 0 đơn vị được thay bằng đơn vị kế thừa; 0 bỏ qua." in text
    assert sorted(ClusterMembership.objects.filter(year=2020).values_list("unit__code", flat=True)) == [
        "SO-A",
        "SO-BC",
    ]


def test_cluster_manage_carry_refuses_going_backwards(world: World) -> None:
    text = _act(world, "carry", {"carry-from_year": 2018, "carry-to_year": 2017}, status=422)
    assert "Năm mới phải sau năm được sao chép." in text
    assert ClusterMembership.objects.count() == 3


def test_cluster_manage_sets_the_leaders(world: World) -> None:
    text = _act(
        world,
        "lead",
        {"lead-year": 2018, "lead-leader": "SO-C", "lead-deputy": "SO-A", "lead-decided_by": "QĐ 7"},
    )
    assert "Đã lưu trưởng cụm, phó trưởng cụm năm 2018." in text
    assert list(ClusterLeadership.objects.values_list("leader__code", "deputy__code", "decided_by")) == [
        ("SO-C", "SO-A", "QĐ 7")
    ]


def test_cluster_manage_leaders_must_differ_and_be_members(world: World) -> None:
    make_unit(code="SO-D", name="Sở Tài nguyên và Môi trường tỉnh Điện Biên")
    before = _state()
    text = _act(world, "lead", {"lead-year": 2018, "lead-leader": "SO-C", "lead-deputy": "SO-C"}, status=422)
    assert "Trưởng cụm và phó trưởng cụm phải là hai đơn vị khác nhau." in text
    text = _act(world, "lead", {"lead-year": 2018, "lead-leader": "SO-D"}, status=422)
    assert "Thông tin chưa hợp lệ: Trưởng cụm: Hãy chọn một lựa chọn hợp lệ." in text
    text = _act(world, "lead", {"lead-year": "abc", "lead-leader": "SO-C"}, status=422)
    assert "Năm phải là số nguyên viết bằng chữ số 0–9, trong khoảng 1990–2100." in text
    assert _state() == before


def test_cluster_manage_removes_a_member_but_not_the_leader(world: World) -> None:
    text = _act(world, "remove", {"year": 2018, "unit": "SO-C"})
    assert "Đã bỏ «Sở Tài nguyên và Môi trường tỉnh Cà Mau» khỏi năm 2018." in text
    text = _act(world, "remove", {"year": 2018, "unit": "SO-A"}, status=409)
    assert "đang là trưởng hoặc phó trưởng cụm năm 2018; hãy đổi trưởng cụm trước." in text
    text = _act(world, "remove", {"year": 2018, "unit": "KHONG-CO"}, status=422)
    assert "Không tìm thấy thành viên cần bỏ." in text
    text = _act(world, "remove", {"year": 2019, "unit": "SO-B"}, status=422)
    assert (
        "«Sở Tài nguyên và Môi trường tỉnh Bắc Ninh» không phải thành viên của Cụm thi đua số 1 năm 2019."
        in text
    )
    assert sorted(ClusterMembership.objects.values_list("unit__code", flat=True)) == ["SO-A", "SO-B"]
    assert AuditEntry.objects.filter(action="clusters.membership.remove").count() == 1


@pytest.mark.parametrize("count", [1, 3])
def test_cluster_manage_query_count_does_not_grow_with_members(
    world: World, django_assert_num_queries, count: int
) -> None:
    _many_members(world, count)
    client = _client(world.ministry_officer)
    # +1: how many units the picker could list; +2: the user's lineage lookups, once per request
    with django_assert_num_queries(24):
        html = client.get(f"/clusters/{world.cluster.pk}/manage/?year=2019").content.decode()
    assert len(_rows(html)) == count


def test_cluster_page_opens_on_the_latest_opened_year_and_links_only_opened_years(world: World) -> None:
    """Issue 12 item 3: 2019 has members but no cycle; the page opens on 2018, whose cycle exists,
    and 2019 shows no link to a year page that would answer 404."""
    from thidua.clusters import services as cluster_services

    cluster_services.add_member(actor=None, cluster=world.cluster, unit=world.unit_a, year=2019)
    cluster_services.open_emulation_year(actor=None, cluster=world.cluster, year=2018)
    html = Client().get(f"/clusters/{world.cluster.pk}/").content.decode()
    assert (
        'href="?year=2018" hx-get="?year=2018" hx-target="#year-panel" hx-push-url="true" aria-current="page"'
        in html
    )
    assert f'href="/covenants/{world.cluster.pk}/2018/"' in html
    html_2019 = Client().get(f"/clusters/{world.cluster.pk}/?year=2019").content.decode()
    assert f'href="/covenants/{world.cluster.pk}/2019/"' not in html_2019
    assert "Năm thi đua 2019 của Cụm chưa được mở trên hệ thống" in html_2019


def test_default_year_prefers_this_year_then_the_latest_opened_then_the_latest_past() -> None:
    from thidua.clusters.selectors import default_year

    assert default_year(years=[2017, 2018, 2024], opened={2018}, today_year=2026) == 2018
    assert default_year(years=[2017, 2018, 2026], opened={2018, 2026}, today_year=2026) == 2026
    assert default_year(years=[2017, 2024, 2030], opened=set(), today_year=2026) == 2024
    assert default_year(years=[2030], opened=set(), today_year=2026) == 2030
    assert default_year(years=[], opened=set(), today_year=2026) is None


def test_the_unit_picker_lists_units_active_that_year_with_codes_and_searches(world: World) -> None:
    """Issue 12 item 6: no dissolved units, no members, no authority; names with codes; a search."""
    import datetime

    gone = make_unit(code="SO-CU", name="Sở Tài nguyên và Môi trường tỉnh Đã Nhập")
    gone.active_to = datetime.date(2017, 6, 30)
    gone.save()
    make_unit(code="SO-D", name="Sở Tài nguyên và Môi trường tỉnh Điện Biên")
    make_unit(code="SO-E", name="Sở Tài nguyên và Môi trường tỉnh Điện Biên cũ")
    client = _client(world.ministry_officer)
    html = client.get(f"/clusters/{world.cluster.pk}/manage/?year=2018").content.decode()
    select = html.split('name="add-unit"', 1)[1].split("</select>", 1)[0]
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)
    codes = [code for code, _ in options if code]
    assert "SO-CU" not in codes  # merged away in 2017
    assert not {"SO-A", "SO-B", "SO-C", world.ministry.code} & set(codes)  # members, the authority
    assert ("SO-D", "Sở Tài nguyên và Môi trường tỉnh Điện Biên (SO-D)") in options
    html = client.get(f"/clusters/{world.cluster.pk}/manage/?year=2018&q=dien+bien+cu").content.decode()
    select = html.split('name="add-unit"', 1)[1].split("</select>", 1)[0]
    assert re.findall(r'<option value="([^"]+)"', select) == ["SO-E"]
    assert "1 đơn vị hoạt động năm 2018 chưa thuộc Cụm khớp với “dien bien cu”." in html


def test_the_unit_picker_keeps_the_search_ranking(world: World) -> None:
    """Issue 15 item 3: a name that starts with the query comes before one that holds it later,
    although it sorts after it ("Ban…" < "Sở…"); the exact name comes first of all."""
    from thidua.clusters.selectors import member_candidates

    make_unit(code="BQL-STC", name="Ban Quản lý dự án – Sở Tài chính tỉnh Điện Biên")
    make_unit(code="STC-DB", name="Sở Tài chính tỉnh Điện Biên")
    make_unit(code="STC", name="Sở Tài chính")
    found = member_candidates(cluster=world.cluster, year=2018, query="Sở Tài chính")
    assert [u.code for u in found] == ["STC", "STC-DB", "BQL-STC"]
    assert [u.code for u in found[:2]] == ["STC", "STC-DB"]
    html = (
        _client(world.ministry_officer)
        .get(f"/clusters/{world.cluster.pk}/manage/?year=2018&q=so+tai+chinh")
        .content.decode()
    )
    select = html.split('name="add-unit"', 1)[1].split("</select>", 1)[0]
    assert re.findall(r'<option value="([^"]+)"', select) == ["STC", "STC-DB", "BQL-STC"]
