from __future__ import annotations

import datetime

import pytest

from tests.factories import World, make_unit
from thidua.clusters import services
from thidua.clusters.models import Cluster, ClusterLeadership, ClusterMembership, Conference, Movement
from thidua.clusters.selectors import members_for, suggest_rotation
from thidua.core.errors import Conflict, InvalidInput
from thidua.core.models import AuditEntry
from thidua.organisations.enums import LineageKind
from thidua.organisations.services import record_lineage_event

D = datetime.date


def _members(world: World, year: int) -> list[str]:
    return [u.code for u in members_for(cluster=world.cluster, year=year)]


def test_create_cluster_stores_it_and_audits(world: World) -> None:
    cluster = services.create_cluster(
        actor=world.ministry_officer,
        authority=world.ministry,
        number=2,
        name=" Cụm thi đua số 2 ",
        kind="bloc",
        description=" Các vụ ",
    )
    assert (cluster.name, cluster.kind, cluster.number, cluster.description) == (
        "Cụm thi đua số 2",
        "bloc",
        2,
        "Các vụ",
    )
    assert AuditEntry.objects.order_by("-id").first().action == "clusters.cluster.create"


def test_create_cluster_twice_at_once_is_a_conflict(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    # the check before the insert sees nothing, as when another request inserts meanwhile
    monkeypatch.setattr(Cluster.objects, "filter", lambda *args, **kwargs: Cluster.objects.none())
    with pytest.raises(Conflict) as caught:
        services.create_cluster(actor=None, authority=world.ministry, number=1, name="Cụm 1")
    assert caught.value.message == "Bộ Thử nghiệm đã có cụm thi đua số 1."
    assert Cluster.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "error_class", "message"),
    [
        ({"number": 1}, Conflict, "Bộ Thử nghiệm đã có cụm thi đua số 1."),
        ({"number": 0}, InvalidInput, "Số hiệu cụm phải là số nguyên dương."),
        ({"name": "  "}, InvalidInput, "Tên cụm không được để trống."),
        ({"kind": "team"}, InvalidInput, "Loại «team» không hợp lệ."),
    ],
)
def test_create_cluster_refuses_bad_input(
    world: World, fields: dict[str, object], error_class: type, message: str
) -> None:
    arguments = {"number": 5, "name": "Cụm mới", **fields}
    with pytest.raises(error_class) as error:
        services.create_cluster(actor=None, authority=world.ministry, **arguments)  # type: ignore[arg-type]
    assert error.value.message == message
    assert Cluster.objects.count() == 1


def test_add_member_adds_the_unit_for_the_year(world: World) -> None:
    unit_d = make_unit(code="SO-D", name="Sở Tài nguyên và Môi trường tỉnh Điện Biên")
    services.add_member(actor=world.ministry_officer, cluster=world.cluster, unit=unit_d, year=2018)
    assert _members(world, 2018) == ["SO-A", "SO-B", "SO-C", "SO-D"]
    assert AuditEntry.objects.order_by("-id").first().action == "clusters.membership.add"


def test_add_member_refuses_a_duplicate_another_cluster_an_inactive_unit_and_a_bad_year(world: World) -> None:
    other = services.create_cluster(actor=None, authority=world.ministry, number=2, name="Cụm thi đua số 2")
    with pytest.raises(Conflict) as error:
        services.add_member(actor=None, cluster=world.cluster, unit=world.unit_a, year=2018)
    assert (
        error.value.message
        == "«Sở Tài nguyên và Môi trường tỉnh An Giang» đã là thành viên của Cụm thi đua số 1 năm 2018."
    )
    with pytest.raises(Conflict) as error:
        services.add_member(actor=None, cluster=other, unit=world.unit_a, year=2018)
    assert error.value.message == (
        "«Sở Tài nguyên và Môi trường tỉnh An Giang» đã thuộc Cụm thi đua số 1 của cùng cơ quan trong năm 2018; "
        "một đơn vị chỉ thuộc một cụm, khối của một cơ quan mỗi năm."
    )
    gone = make_unit(code="GONE", name="Sở đã giải thể", active_to=D(2016, 12, 31))
    with pytest.raises(InvalidInput) as error:
        services.add_member(actor=None, cluster=world.cluster, unit=gone, year=2018)
    assert error.value.message == "«Sở đã giải thể» không hoạt động trong năm 2018."
    with pytest.raises(InvalidInput) as error:
        services.add_member(actor=None, cluster=world.cluster, unit=gone, year=1890)
    assert error.value.message == "Năm 1890 nằm ngoài khoảng 1990–2100."
    assert ClusterMembership.objects.count() == 3


def test_remove_member_removes_it_but_not_the_leader(world: World) -> None:
    services.remove_member(actor=world.ministry_officer, cluster=world.cluster, unit=world.unit_c, year=2018)
    assert _members(world, 2018) == ["SO-A", "SO-B"]
    with pytest.raises(Conflict) as error:
        services.remove_member(actor=None, cluster=world.cluster, unit=world.unit_a, year=2018)
    assert error.value.message == (
        "«Sở Tài nguyên và Môi trường tỉnh An Giang» đang là trưởng hoặc phó trưởng cụm năm 2018; hãy đổi trưởng cụm trước."
    )
    with pytest.raises(InvalidInput) as error:
        services.remove_member(actor=None, cluster=world.cluster, unit=world.unit_c, year=2018)
    assert (
        error.value.message
        == "«Sở Tài nguyên và Môi trường tỉnh Cà Mau» không phải thành viên của Cụm thi đua số 1 năm 2018."
    )
    assert _members(world, 2018) == ["SO-A", "SO-B"]


def test_carry_over_copies_last_years_members(world: World) -> None:
    report = services.carry_over_members(
        actor=world.ministry_officer, cluster=world.cluster, from_year=2018, to_year=2019
    )
    assert [u.code for u in report.added] == ["SO-A", "SO-B", "SO-C"]
    assert (report.replaced, report.skipped) == ([], [])
    assert _members(world, 2019) == ["SO-A", "SO-B", "SO-C"]


def test_carry_over_replaces_merged_members_by_their_successor(world: World) -> None:
    merged = make_unit(code="SO-BC", name="Sở Nông nghiệp và Môi trường tỉnh Bắc Cà")
    record_lineage_event(
        actor=None,
        kind=LineageKind.MERGE,
        date=D(2019, 1, 1),
        legal_basis="Nghị quyết thử",
        predecessors=[world.unit_b, world.unit_c],
        successors=[merged],
    )
    report = services.carry_over_members(actor=None, cluster=world.cluster, from_year=2018, to_year=2019)
    assert [u.code for u in report.added] == ["SO-A", "SO-BC"]
    assert [(old.code, [n.code for n in new]) for old, new in report.replaced] == [
        ("SO-B", ["SO-BC"]),
        ("SO-C", ["SO-BC"]),
    ]
    assert report.skipped == []
    assert _members(world, 2019) == ["SO-BC", "SO-A"]  # Sở Nông… before Sở Tài…
    assert _members(world, 2018) == ["SO-A", "SO-B", "SO-C"]  # history stays


def test_carry_over_follows_a_split_and_skips_a_dissolved_unit(world: World) -> None:
    left, right = make_unit(code="SO-B1", name="Sở Bắc Một"), make_unit(code="SO-B2", name="Sở Bắc Hai")
    record_lineage_event(
        actor=None,
        kind=LineageKind.SPLIT,
        date=D(2019, 1, 1),
        legal_basis="Quyết định thử",
        predecessors=[world.unit_b],
        successors=[left, right],
    )
    from thidua.organisations.services import update_unit

    update_unit(actor=None, unit=world.unit_c, active_to=D(2018, 12, 31))
    report = services.carry_over_members(actor=None, cluster=world.cluster, from_year=2018, to_year=2019)
    assert [u.code for u in report.added] == ["SO-A", "SO-B2", "SO-B1"]
    assert _members(world, 2019) == ["SO-B2", "SO-B1", "SO-A"]  # Sở Bắc Hai, Sở Bắc Một, Sở Tài…
    assert [(u.code, reason) for u, reason in report.skipped] == [
        ("SO-C", "không còn hoạt động và không có đơn vị kế thừa")
    ]


def test_carry_over_refuses_going_backwards(world: World) -> None:
    with pytest.raises(InvalidInput) as error:
        services.carry_over_members(actor=None, cluster=world.cluster, from_year=2018, to_year=2018)
    assert (error.value.message, error.value.fields) == (
        "Năm mới phải sau năm được sao chép.",
        {"to_year": "invalid"},
    )
    assert ClusterMembership.objects.count() == 3


def test_set_leadership_replaces_the_years_leaders(world: World) -> None:
    leadership = services.set_leadership(
        actor=world.ministry_officer,
        cluster=world.cluster,
        year=2018,
        leader=world.unit_b,
        deputy=world.unit_c,
        decided_by=" QĐ 12/QĐ-BTN ",
    )
    assert ClusterLeadership.objects.count() == 1
    assert (leadership.leader, leadership.deputy, leadership.decided_by) == (
        world.unit_b,
        world.unit_c,
        "QĐ 12/QĐ-BTN",
    )
    entry = AuditEntry.objects.order_by("-id").first()
    assert (entry.action, entry.before["leader_id"], entry.after["leader_id"]) == (
        "clusters.leadership.set",
        world.unit_a.pk,
        world.unit_b.pk,
    )


@pytest.mark.parametrize(
    ("leader", "deputy", "message"),
    [
        ("outside", None, "Trưởng cụm «Sở ngoài cụm» phải là thành viên của cụm năm 2018."),
        ("unit_a", "outside", "Phó trưởng cụm «Sở ngoài cụm» phải là thành viên của cụm năm 2018."),
        ("unit_a", "unit_a", "Trưởng cụm và phó trưởng cụm phải là hai đơn vị khác nhau."),
    ],
)
def test_set_leadership_refuses_non_members_and_the_same_unit_twice(
    world: World, leader: str, deputy: str | None, message: str
) -> None:
    outside = make_unit(code="NGOAI", name="Sở ngoài cụm")
    units = {"unit_a": world.unit_a, "outside": outside}
    with pytest.raises(InvalidInput) as error:
        services.set_leadership(
            actor=None,
            cluster=world.cluster,
            year=2018,
            leader=units[leader],
            deputy=units[deputy] if deputy else None,
        )
    assert error.value.message == message
    assert list(ClusterLeadership.objects.values_list("leader__code", "deputy__code")) == [("SO-A", "SO-B")]


def test_suggest_rotation_makes_last_years_deputy_the_leader(world: World) -> None:
    services.carry_over_members(actor=None, cluster=world.cluster, from_year=2018, to_year=2019)
    suggestion = suggest_rotation(cluster=world.cluster, year=2019)
    assert (suggestion.leader, suggestion.deputy) == (world.unit_b, world.unit_c)
    assert suggestion.reason == "Phó trưởng cụm năm 2018 thường làm trưởng cụm năm 2019."


def test_create_movement_and_its_validation(world: World) -> None:
    movement = services.create_movement(
        actor=world.ministry_officer,
        authority=world.ministry,
        name=" Phong trào 2018 ",
        theme=" Kỷ cương ",
        start=D(2018, 1, 1),
        end=D(2018, 12, 31),
    )
    assert (movement.name, movement.theme, movement.end) == ("Phong trào 2018", "Kỷ cương", D(2018, 12, 31))
    with pytest.raises(InvalidInput) as error:
        services.create_movement(
            actor=None, authority=world.ministry, name="X", start=D(2018, 1, 1), end=D(2017, 1, 1)
        )
    assert error.value.message == "Ngày kết thúc phải sau ngày bắt đầu."
    with pytest.raises(InvalidInput) as error:
        services.create_movement(actor=None, authority=world.ministry, name=" ", start=D(2018, 1, 1))
    assert error.value.message == "Tên phong trào không được để trống."
    assert Movement.objects.count() == 1


def test_create_conference_with_attendees(world: World) -> None:
    conference = services.create_conference(
        actor=world.cluster_leader,
        cluster=world.cluster,
        year=2018,
        kind="signing",
        title=" Hội nghị ký kết ",
        date=D(2018, 3, 30),
        place=" Thành phố Hải Dương ",
        host=world.unit_b,
        attendees=[
            services.AttendeeInput(
                name="Nguyễn Anh Cương", position="Phó Chủ tịch", organisation="UBND tỉnh", is_guest=True
            ),
            services.AttendeeInput(name=" Lê Tuấn Định ", unit=world.unit_a),
        ],
    )
    assert (conference.title, conference.place, conference.host) == (
        "Hội nghị ký kết",
        "Thành phố Hải Dương",
        world.unit_b,
    )
    assert list(conference.attendees.values_list("order", "name", "is_guest")) == [
        (1, "Nguyễn Anh Cương", True),
        (2, "Lê Tuấn Định", False),
    ]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "party"}, "Loại hội nghị «party» không hợp lệ."),
        ({"place": " "}, "Cần ghi tên và địa điểm hội nghị."),
        ({"date": D(2020, 1, 15)}, "Ngày hội nghị 15/01/2020 không thuộc năm thi đua 2018."),
        (
            {"attendees": [services.AttendeeInput(name="An"), services.AttendeeInput(name=" ")]},
            "Đại biểu thứ 2 chưa có họ tên.",
        ),
    ],
)
def test_create_conference_refuses_bad_input_and_saves_nothing(
    world: World, fields: dict[str, object], message: str
) -> None:
    arguments = {
        "kind": "signing",
        "title": "Hội nghị",
        "date": D(2018, 3, 30),
        "place": "Hải Dương",
        **fields,
    }
    with pytest.raises(InvalidInput) as error:
        services.create_conference(actor=None, cluster=world.cluster, year=2018, **arguments)  # type: ignore[arg-type]
    assert error.value.message == message
    assert Conference.objects.count() == 0


def test_a_year_end_review_may_be_held_in_january_of_the_next_year(world: World) -> None:
    conference = services.create_conference(
        actor=None,
        cluster=world.cluster,
        year=2018,
        kind="year_end_review",
        title="Tổng kết 2018",
        date=D(2019, 1, 10),
        place="Hà Nội",
    )
    assert conference.year == 2018
