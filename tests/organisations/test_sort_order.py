"""Vietnamese order through the ORM, the same on SQLite and PostgreSQL: people by given name first."""

from __future__ import annotations

from tests.factories import World, make_person, make_unit
from thidua.organisations.models import Person, Unit

PEOPLE_IN_ORDER = [
    "Lê Văn An",
    "Bùi Thu Anh",
    "Đỗ Minh Anh",
    "Nguyễn Thị Ánh",
    "Trần Văn Bình",
    "Hoàng Văn Dũng",
    "Phạm Đức Đạt",
    "Nguyễn Thị Ơn",
    "Vũ Thị Uyên",
    "Đinh Văn Ước",
    "Lý Thị Yến",
]

UNITS_IN_ORDER = [
    "Ban Quản lý các khu công nghiệp",
    "Bộ Tài chính",
    "Đài Phát thanh và Truyền hình",
    "Sở Tài chính",
    "Sở Tài nguyên và Môi trường",
    "Sở Tư pháp",
    "Sở Y tế",
    "Ủy ban nhân dân tỉnh Ninh Bình",
    "Văn phòng",
]


def test_people_come_out_of_the_database_in_vietnamese_order_given_name_first(world: World) -> None:
    for name in reversed(PEOPLE_IN_ORDER):
        make_person(unit=world.unit_a, full_name=name)
    assert [p.full_name for p in Person.objects.order_by("sort_key")] == PEOPLE_IN_ORDER
    assert [p.full_name for p in Person.objects.all()] == PEOPLE_IN_ORDER  # the model's default ordering


def test_units_come_out_of_the_database_in_vietnamese_order(db: None) -> None:
    for name in reversed(UNITS_IN_ORDER):
        make_unit(name=name)
    assert list(Unit.objects.order_by("sort_key").values_list("name", flat=True)) == UNITS_IN_ORDER


def test_tones_decide_only_between_otherwise_equal_names(world: World) -> None:
    for name in ["Lê Văn Mạ", "Lê Văn Má", "Lê Văn Ma", "Lê Văn Mà", "Lê Văn Mã", "Lê Văn Mả", "Lê Văn Mai"]:
        make_person(unit=world.unit_a, full_name=name)
    assert [p.given_name for p in Person.objects.order_by("sort_key")] == [
        "Ma",
        "Mà",
        "Mả",
        "Mã",
        "Má",
        "Mạ",
        "Mai",
    ]
