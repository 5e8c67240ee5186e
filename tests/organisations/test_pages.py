from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client

from tests.factories import World, make_person, make_unit
from thidua.clusters import services as cluster_services
from thidua.core.rules import allows
from thidua.organisations.enums import LineageKind, UnitKind
from thidua.organisations.models import Province
from thidua.organisations.selectors import visible_people
from thidua.organisations.services import appoint_person, load_provinces, record_lineage_event

D = datetime.date


def _text(html: str) -> str:
    """The visible text, tags as spaces, without the space a closing tag leaves before , or ."""
    return re.sub(r" ([.,])", r"\1", " ".join(re.sub(r"<[^>]+>", " ", html).split()))


def _rows(html: str, table: int = 0) -> list[str]:
    body = html.split("<tbody>")[table + 1].split("</tbody>", 1)[0]
    return [_text(row) for row in body.split("</tr>") if row.strip()]


def _client(user: object = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    return client


# Unit list ---------------------------------------------------------------------------------------


def test_unit_list_shows_units_in_vietnamese_order(world: World) -> None:
    html = _client().get("/units/").content.decode()
    assert "5 đơn vị" in html
    assert [row.split(" BO")[0].split(" SO-")[0] for row in _rows(html)] == [
        "Bộ Thử nghiệm",
        "Sở Tài nguyên và Môi trường tỉnh An Giang",
        "Sở Tài nguyên và Môi trường tỉnh Bắc Ninh",
        "Sở Tài nguyên và Môi trường tỉnh Cà Mau",
        "Vụ Thi đua – Khen thưởng",
    ]
    assert _rows(html)[0] == "Bộ Thử nghiệm BO Bộ, ngành trung ương"


def test_unit_list_searches_by_name_and_code(world: World) -> None:
    client = _client()
    assert [r.split(" SO-")[0] for r in _rows(client.get("/units/?q=Bắc Ninh").content.decode())] == [
        "Sở Tài nguyên và Môi trường tỉnh Bắc Ninh"
    ]
    assert _rows(client.get("/units/?q=so-c").content.decode())[0].startswith(
        "Sở Tài nguyên và Môi trường tỉnh Cà Mau SO-C"
    )
    html = client.get("/units/?q=không có đâu").content.decode()
    assert ("0 đơn vị", _rows(html)) == ("0 đơn vị", ["Không có đơn vị phù hợp."])
    assert 'value="không có đâu"' in html


def test_unit_list_filters_by_kind_and_province(world: World) -> None:
    load_provinces()
    hanoi = Province.objects.get(code="01", is_current=True)
    make_unit(code="HN-1", name="Sở Tài chính thành phố Hà Nội", province=hanoi, active_to=D(2025, 2, 28))
    client = _client()
    assert [
        r.split(" BO-")[0] for r in _rows(client.get("/units/?kind=ministry_department").content.decode())
    ] == ["Vụ Thi đua – Khen thưởng"]
    html = client.get("/units/?province=01").content.decode()
    assert _rows(html) == [
        "Sở Tài chính thành phố Hà Nội HN-1 Sở, ban, ngành tỉnh Thành phố Hà Nội – 28/02/2025 đã kết thúc"
    ]
    assert '<option value="01" selected>Thành phố Hà Nội</option>' in html
    assert (
        "6 đơn vị" in client.get("/units/?kind=not-a-kind").content.decode()
    )  # an unknown kind filters nothing


def test_unit_list_paginates_fifty_a_page(world: World) -> None:
    for n in range(50):
        make_unit(code=f"P{n:02d}", name=f"Phòng {n:02d}", kind=UnitKind.DIVISION)
    client = _client()
    first = client.get("/units/?kind=division").content.decode()
    assert len(_rows(first)) == 50
    assert "Trang 1/1" not in first
    html = client.get("/units/?q=Phòng").content.decode()
    assert "50 đơn vị" in html
    assert "Trang sau" not in html
    everything = client.get("/units/").content.decode()
    assert "Trang 1/2" in everything
    assert 'href="?page=2">Trang sau ›</a>' in everything
    second = client.get("/units/?page=2").content.decode()
    assert len(_rows(second)) == 5
    assert 'href="?page=1">‹ Trang trước</a>' in second
    assert len(_rows(client.get("/units/?page=999").content.decode())) == 5  # past the end: the last page


def test_unit_list_htmx_request_returns_only_the_rows(world: World) -> None:
    html = _client().get("/units/?q=Cà Mau", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html
    assert html.startswith('<p class="muted">1 đơn vị</p>')
    assert len(_rows(html)) == 1


@pytest.mark.parametrize("count", [1, 3])
def test_unit_list_query_count_does_not_grow_with_units(
    db: None, django_assert_num_queries, count: int
) -> None:
    load_provinces()
    province = Province.objects.get(code="31", is_current=True)
    parent = make_unit(code="ROOT", name="Ủy ban nhân dân", kind=UnitKind.PEOPLES_COMMITTEE)
    for n in range(count):
        make_unit(code=f"S{n}", name=f"Sở {n}", parent=parent, province=province)
    with django_assert_num_queries(3):
        html = _client().get("/units/?kind=provincial_department").content.decode()
    assert len(_rows(html)) == count


# Unit page ---------------------------------------------------------------------------------------


@pytest.fixture
def merged(world: World) -> World:
    successor = make_unit(code="SO-BC", name="Sở Nông nghiệp và Môi trường tỉnh Bắc Cà")
    record_lineage_event(
        actor=None,
        kind=LineageKind.MERGE,
        date=D(2019, 1, 1),
        legal_basis="Nghị quyết 1/NQ-HĐND",
        predecessors=[world.unit_b, world.unit_c],
        successors=[successor],
    )
    cluster_services.carry_over_members(actor=None, cluster=world.cluster, from_year=2018, to_year=2019)
    return world


def test_unit_page_of_an_ended_unit_shows_history_successors_and_clusters(merged: World) -> None:
    html = _client().get("/units/SO-B/").content.decode()
    text = _text(html)
    assert "<h1>Sở Tài nguyên và Môi trường tỉnh Bắc Ninh</h1>" in html
    assert (
        "Đơn vị hoạt động đến hết ngày 31/12/2018. Đơn vị kế thừa: Sở Nông nghiệp và Môi trường tỉnh Bắc Cà."
    ) in text
    assert "Thời gian hoạt động không rõ ngày bắt đầu đến 31/12/2018" in text
    assert (
        "01/01/2019 – Sáp nhập, hợp nhất (Nghị quyết 1/NQ-HĐND): Sở Tài nguyên và Môi trường tỉnh Bắc Ninh, "
        "Sở Tài nguyên và Môi trường tỉnh Cà Mau → Sở Nông nghiệp và Môi trường tỉnh Bắc Cà"
    ) in text
    assert "Các đơn vị kế thừa Sở Nông nghiệp và Môi trường tỉnh Bắc Cà" in text
    assert "Các đơn vị tiền thân" not in text
    assert 'href="/units/SO-BC/"' in html
    assert _rows(html) == ["2018 Cụm thi đua số 1 Bộ Thử nghiệm"]
    assert f'href="/clusters/{merged.cluster.pk}/?year=2018"' in html


def test_unit_page_of_a_successor_shows_its_predecessors(merged: World) -> None:
    html = _client().get("/units/SO-BC/").content.decode()
    text = _text(html)
    assert (
        "Các đơn vị tiền thân Sở Tài nguyên và Môi trường tỉnh Bắc Ninh Sở Tài nguyên và Môi trường tỉnh Cà Mau"
        in text
    )
    assert "Thời gian hoạt động từ 01/01/2019" in text
    assert "đã kết thúc" not in text
    assert _rows(html) == ["2019 Cụm thi đua số 1 Bộ Thử nghiệm"]


def test_unit_page_shows_parent_and_children(world: World) -> None:
    text = _text(_client().get("/units/BO/").content.decode())
    assert "Đơn vị trực thuộc Vụ Thi đua – Khen thưởng" in text
    text = _text(_client().get("/units/BO-TDKT/").content.decode())
    assert text.count("Bộ Thử nghiệm ›") == 1
    assert "Trực thuộc Bộ Thử nghiệm" in text


def test_unit_page_of_an_unknown_code_is_404(world: World) -> None:
    assert _client().get("/units/KHONG-CO/").status_code == 404


@pytest.mark.parametrize(
    ("persona", "sees_staff"),
    [
        (None, False),
        ("outsider", False),
        ("council_member", False),
        ("cluster_leader", False),
        ("member_officer", True),
        ("administrator", True),
    ],
)
def test_unit_page_shows_staff_only_to_officers_of_the_unit(
    world: World, persona: str | None, sees_staff: bool
) -> None:
    make_person(unit=world.unit_b, full_name="Trần Thị Bình", title="Giám đốc", is_head=True)
    make_person(unit=world.unit_b, full_name="Lê Văn An")
    html = _client(getattr(world, persona) if persona else None).get("/units/SO-B/").content.decode()
    assert ("Cán bộ, công chức" in html) is sees_staff
    assert ("Trần Thị Bình" in html) is sees_staff
    if sees_staff:
        assert _rows(html, table=1) == [
            "Trần Thị Bình Giám đốc 01/01/2015",
            "Lê Văn An Chuyên viên 01/01/2015",
        ]


@pytest.mark.parametrize("count", [1, 3])
def test_unit_page_query_count_does_not_grow_with_history(
    world: World, django_assert_num_queries, count: int
) -> None:
    """1 or 3 of each: predecessors, memberships, children, staff."""
    unit = make_unit(code="NEW", name="Sở mới")
    olds = [make_unit(code=f"OLD{n}", name=f"Sở cũ {n}") for n in range(count)]
    record_lineage_event(
        actor=None, kind="merge", date=D(2017, 1, 1), legal_basis="QĐ", predecessors=olds, successors=[unit]
    )
    for n in range(count):
        cluster_services.add_member(actor=None, cluster=world.cluster, unit=unit, year=2019 + n)
        make_unit(code=f"CHILD{n}", name=f"Phòng {n}", parent=unit)
        make_person(unit=unit, full_name=f"Nguyễn Văn {n}")
    client = _client(world.administrator)
    with django_assert_num_queries(14):
        html = client.get("/units/NEW/").content.decode()
    assert len(_rows(html)) == count
    assert len(_rows(html, table=1)) == count


# Person page -------------------------------------------------------------------------------------


def test_person_page_shows_career_to_officers_of_the_unit(world: World) -> None:
    person = make_person(
        unit=world.unit_a, full_name="Phạm Thị Hoa", gender="F", birth_year=1980, citizen_id="001180001234"
    )
    appoint_person(actor=None, person=person, unit=world.unit_b, title="Phó Giám đốc", start=D(2020, 7, 1))
    html = _client(world.member_officer).get(f"/units/people/{person.pk}/").content.decode()
    assert "<h1>Phạm Thị Hoa</h1>" in html
    text = _text(html)
    assert "Giới tính Nữ Năm sinh 1980 Số định danh ••••••••1234" in text
    assert "001180001234" not in html
    assert _rows(html) == [
        "Phó Giám đốc Sở Tài nguyên và Môi trường tỉnh Bắc Ninh 01/07/2020 nay",
        "Chuyên viên Sở Tài nguyên và Môi trường tỉnh An Giang 01/01/2015 30/06/2020",
    ]


@pytest.mark.parametrize("persona", ["outsider", "cluster_leader"])
def test_person_page_is_not_found_for_those_who_may_not_see_the_person(world: World, persona: str) -> None:
    person = make_person(unit=world.unit_b, full_name="Trần Thị Bình")
    assert _client(getattr(world, persona)).get(f"/units/people/{person.pk}/").status_code == 404


def test_person_page_is_visible_to_the_officer_of_a_unit_the_person_has_left(world: World) -> None:
    # The cluster leader is the officer of unit A; the person served there until 30/06/2020: the
    # history follows the person (docs/access.md), so A's officers still see them.
    person = make_person(unit=world.unit_a, full_name="Phạm Thị Hoa")
    appoint_person(actor=None, person=person, unit=world.unit_b, title="Phó Giám đốc", start=D(2020, 7, 1))
    assert _client(world.cluster_leader).get(f"/units/people/{person.pk}/").status_code == 200
    assert allows(world.cluster_leader, "organisations.view_person", person) is True
    assert list(visible_people(world.cluster_leader)) == [person]
    assert allows(world.member_officer, "organisations.view_person", person) is True
    assert list(visible_people(world.member_officer)) == [person]


def test_person_page_is_visible_to_the_person_themself(world: World) -> None:
    person = make_person(unit=world.unit_c, full_name="Đỗ Minh Anh")
    world.outsider.person = person
    world.outsider.save()
    assert (
        "<h1>Đỗ Minh Anh</h1>" in _client(world.outsider).get(f"/units/people/{person.pk}/").content.decode()
    )
    assert _client().get(f"/units/people/{person.pk}/").status_code == 302  # anonymous: to the login page


@pytest.mark.parametrize("count", [1, 3])
def test_person_page_query_count_does_not_grow_with_positions(
    world: World, django_assert_num_queries, count: int
) -> None:
    person = make_person(unit=world.unit_b, full_name="Trần Thị Bình")
    for n in range(1, count):
        appoint_person(
            actor=None, person=person, unit=world.unit_b, title=f"Chức {n}", start=D(2015 + n, 1, 1)
        )
    client = _client(world.member_officer)
    with django_assert_num_queries(
        8
    ):  # +2: the user's lineage lookups, once per request (thidua.accounts.access)
        html = client.get(f"/units/people/{person.pk}/").content.decode()
    assert len(_rows(html)) == count
