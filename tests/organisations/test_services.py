from __future__ import annotations

import datetime

import pytest

from tests.factories import World, make_person, make_unit
from thidua.core.audit import verify_audit_chain
from thidua.core.errors import Conflict, Forbidden, InvalidInput
from thidua.core.models import AuditEntry
from thidua.core.text import collation_key, person_sort_key
from thidua.organisations import services
from thidua.organisations.enums import UnitKind
from thidua.organisations.models import Person, Position, Province, Unit

D = datetime.date


def test_create_unit_stores_path_sort_key_and_audit(world: World) -> None:
    unit = services.create_unit(
        actor=world.ministry_officer,
        code=" BO-VP ",
        name="  Văn   phòng  Bộ ",
        kind=UnitKind.MINISTRY_DEPARTMENT,
        parent=world.ministry,
        short_name=" VP ",
        active_from=D(2010, 1, 1),
    )
    unit.refresh_from_db()
    assert (unit.code, unit.name, unit.short_name, unit.kind) == (
        "BO-VP",
        "Văn phòng Bộ",
        "VP",
        "ministry_department",
    )
    assert unit.path == f"/{world.ministry.pk}/{unit.pk}/"
    assert unit.sort_key == collation_key("Văn phòng Bộ")
    assert unit.is_within(world.ministry)
    assert not world.ministry.is_within(unit)
    entry = AuditEntry.objects.order_by("-id").first()
    assert (entry.action, entry.actor_id, entry.object_id) == (
        "organisations.unit.create",
        world.ministry_officer.pk,
        str(unit.pk),
    )
    assert entry.after["code"] == "BO-VP"


def test_create_unit_at_the_root_has_a_one_level_path(db: None) -> None:
    unit = make_unit(code="GOC", name="Bộ Gốc", kind=UnitKind.MINISTRY)
    assert unit.path == f"/{unit.pk}/"


@pytest.mark.parametrize(
    ("fields", "message", "problem"),
    [
        (
            {"code": "MÃ CÓ DẤU"},
            "Mã đơn vị chỉ gồm chữ không dấu, chữ số và các dấu . _ - (tối đa 40 ký tự).",
            {"code": "invalid"},
        ),
        (
            {"code": "X" * 41},
            "Mã đơn vị chỉ gồm chữ không dấu, chữ số và các dấu . _ - (tối đa 40 ký tự).",
            {"code": "invalid"},
        ),
        ({"name": "   "}, "Tên đơn vị không được để trống.", {"name": "required"}),
        ({"kind": "galaxy"}, "Loại đơn vị «galaxy» không hợp lệ.", {"kind": "invalid"}),
        (
            {"active_from": D(2020, 1, 1), "active_to": D(2019, 1, 1)},
            "Ngày kết thúc hoạt động phải sau ngày bắt đầu.",
            {"active_to": "invalid"},
        ),
    ],
)
def test_create_unit_refuses_bad_input(
    world: World, fields: dict[str, object], message: str, problem: dict[str, str]
) -> None:
    count = Unit.objects.count()
    arguments = {"code": "MOI", "name": "Đơn vị mới", "kind": UnitKind.DIVISION, **fields}
    with pytest.raises(InvalidInput) as error:
        services.create_unit(actor=None, **arguments)  # type: ignore[arg-type]
    assert (error.value.message, error.value.fields) == (message, problem)
    assert Unit.objects.count() == count


def test_create_unit_refuses_a_duplicate_code(world: World) -> None:
    with pytest.raises(Conflict) as error:
        services.create_unit(actor=None, code="SO-A", name="Trùng mã", kind=UnitKind.DIVISION)
    assert error.value.message == "Mã đơn vị «SO-A» đã được dùng cho một đơn vị khác."
    assert error.value.fields == {"code": "duplicate"}
    assert Unit.objects.filter(code="SO-A").count() == 1


def test_update_unit_changes_fields_recomputes_sort_key_and_audits(world: World) -> None:
    unit = services.update_unit(
        actor=world.ministry_officer, unit=world.department, name=" Vụ  Thi đua ", short_name="Vụ TĐ"
    )
    unit.refresh_from_db()
    assert (unit.name, unit.short_name, unit.sort_key) == ("Vụ Thi đua", "Vụ TĐ", collation_key("Vụ Thi đua"))
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry.action == "organisations.unit.update"
    assert (entry.before["name"], entry.after["name"]) == ("Vụ Thi đua – Khen thưởng", "Vụ Thi đua")
    assert verify_audit_chain().ok


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": "KHAC"}, "Không thể sửa trường: code."),
        ({"name": "  "}, "Tên đơn vị không được để trống."),
        (
            {"active_from": D(2020, 1, 1), "active_to": D(2019, 12, 31)},
            "Ngày kết thúc hoạt động phải sau ngày bắt đầu.",
        ),
    ],
)
def test_update_unit_refuses_bad_changes_and_keeps_the_unit(
    world: World, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidInput) as error:
        services.update_unit(actor=None, unit=world.unit_a, **changes)
    assert error.value.message == message
    world.unit_a.refresh_from_db()
    assert (world.unit_a.code, world.unit_a.name, world.unit_a.active_to) == (
        "SO-A",
        "Sở Tài nguyên và Môi trường tỉnh An Giang",
        None,
    )


def test_create_person_stores_names_key_masked_id_and_first_post(world: World) -> None:
    person = services.create_person(
        actor=world.member_officer,
        unit=world.unit_b,
        family_name=" Nguyễn ",
        middle_name="Thị  Ngọc",
        given_name="Ánh",
        title=" Chuyên viên ",
        start=D(2015, 3, 1),
        gender="F",
        birth_year=1985,
        citizen_id="001085012345",
    )
    person.refresh_from_db()
    assert (person.full_name, person.gender, person.birth_year) == ("Nguyễn Thị Ngọc Ánh", "F", 1985)
    assert person.sort_key == person_sort_key(family_name="Nguyễn", middle_name="Thị Ngọc", given_name="Ánh")
    assert (person.citizen_id_last4, person.masked_citizen_id) == ("2345", "••••••••2345")
    assert person.citizen_id_hash
    assert "001085012345" not in person.citizen_id_hash
    post = person.positions.get()
    assert (post.unit, post.title, post.start, post.end, post.is_head) == (
        world.unit_b,
        "Chuyên viên",
        D(2015, 3, 1),
        None,
        False,
    )
    assert "001085012345" not in str(AuditEntry.objects.order_by("-id").first().after)


@pytest.mark.parametrize(
    ("fields", "message", "problem"),
    [
        ({"family_name": " "}, "Cần có họ và tên.", {"family_name": "required", "given_name": "required"}),
        ({"birth_year": 1800}, "Năm sinh không hợp lệ.", {"birth_year": "invalid"}),
        ({"citizen_id": "12345"}, "Số định danh cá nhân phải gồm đúng 12 chữ số.", {"citizen_id": "invalid"}),
    ],
)
def test_create_person_refuses_bad_input(
    world: World, fields: dict[str, object], message: str, problem: dict[str, str]
) -> None:
    arguments = {
        "family_name": "Lê",
        "given_name": "An",
        "title": "Chuyên viên",
        "start": D(2020, 1, 1),
        **fields,
    }
    with pytest.raises(InvalidInput) as error:
        services.create_person(actor=None, unit=world.unit_b, **arguments)  # type: ignore[arg-type]
    assert (error.value.message, error.value.fields) == (message, problem)
    assert Person.objects.count() == 0
    assert Position.objects.count() == 0


def test_create_person_refuses_a_citizen_id_already_known(world: World) -> None:
    make_person(unit=world.unit_a, full_name="Trần Văn Bình", citizen_id="001090000001")
    with pytest.raises(Conflict) as error:
        make_person(unit=world.unit_b, full_name="Trần Văn Bình", citizen_id="001090000001")
    assert (error.value.message, error.value.fields) == (
        "Đã có một cá nhân với số định danh này.",
        {"citizen_id": "duplicate"},
    )
    assert Person.objects.count() == 1


def test_appoint_person_ends_the_open_post_the_day_before(world: World) -> None:
    person = make_person(unit=world.unit_a, full_name="Phạm Đức Đạt")
    position = services.appoint_person(
        actor=None, person=person, unit=world.unit_b, title="Phó Giám đốc", start=D(2020, 7, 1), is_head=False
    )
    posts = list(person.positions.order_by("start").values_list("unit__code", "title", "start", "end"))
    assert posts == [
        ("SO-A", "Chuyên viên", D(2015, 1, 1), D(2020, 6, 30)),
        ("SO-B", "Phó Giám đốc", D(2020, 7, 1), None),
    ]
    assert AuditEntry.objects.order_by("-id").first().object_id == str(position.pk)


def test_appoint_person_refuses_a_start_before_the_current_post(world: World) -> None:
    person = make_person(unit=world.unit_a, full_name="Phạm Đức Đạt")
    with pytest.raises(Conflict) as error:
        services.appoint_person(
            actor=None, person=person, unit=world.unit_b, title="Phó Giám đốc", start=D(2014, 1, 1)
        )
    assert error.value.message == "Chức vụ hiện tại bắt đầu từ 01/01/2015, sau ngày bổ nhiệm mới."
    assert list(person.positions.values_list("unit__code", "end")) == [("SO-A", None)]


def test_appoint_person_needs_a_title(world: World) -> None:
    person = make_person(unit=world.unit_a)
    with pytest.raises(InvalidInput) as error:
        services.appoint_person(actor=None, person=person, unit=world.unit_b, title="  ", start=D(2020, 1, 1))
    assert (error.value.message, error.value.fields) == ("Cần ghi chức vụ.", {"title": "required"})
    assert person.positions.count() == 1


def test_load_provinces_loads_34_current_and_63_earlier_idempotently(db: None) -> None:
    assert services.load_provinces() == (34, 63)
    assert services.load_provinces() == (34, 63)
    assert Province.objects.filter(is_current=True).count() == 34
    assert Province.objects.filter(is_current=False).count() == 63
    hai_duong = Province.objects.get(code="30", is_current=False)
    assert (hai_duong.name, hai_duong.successor.name, hai_duong.successor.code) == (
        "Hải Dương",
        "Thành phố Hải Phòng",
        "31",
    )
    assert str(hai_duong) == "Hải Dương (trước 01/07/2025)"
    assert Province.objects.get(code="01", is_current=True).name == "Thành phố Hà Nội"
    assert not Province.objects.filter(is_current=False, successor__isnull=True).exists()


def test_appoint_person_refuses_an_officer_who_does_not_manage_the_current_post(world: World) -> None:
    # The member officer of unit B may not pull a unit-A person into B (and so into their own view).
    person = make_person(unit=world.unit_a, full_name="Phạm Đức Đạt")
    audits = AuditEntry.objects.count()
    with pytest.raises(Forbidden) as error:
        services.appoint_person(
            actor=world.member_officer,
            person=person,
            unit=world.unit_b,
            title="Phó Giám đốc",
            start=D(2020, 7, 1),
        )
    assert error.value.message == "Bạn không có quyền thực hiện thao tác này."
    assert list(person.positions.values_list("unit__code", "end")) == [("SO-A", None)]
    assert AuditEntry.objects.count() == audits


def test_appoint_person_lets_a_ministry_officer_over_both_units_transfer(world: World) -> None:
    person = make_person(unit=world.unit_a, full_name="Phạm Đức Đạt")
    world.unit_a.parent = world.ministry
    world.unit_a.path = f"{world.ministry.path}{world.unit_a.pk}/"
    world.unit_a.save(update_fields=["parent", "path"])
    world.unit_b.parent = world.ministry
    world.unit_b.path = f"{world.ministry.path}{world.unit_b.pk}/"
    world.unit_b.save(update_fields=["parent", "path"])
    services.appoint_person(
        actor=world.ministry_officer,
        person=person,
        unit=world.unit_b,
        title="Phó Giám đốc",
        start=D(2020, 7, 1),
    )
    assert list(person.positions.order_by("start").values_list("unit__code", "end")) == [
        ("SO-A", D(2020, 6, 30)),
        ("SO-B", None),
    ]
