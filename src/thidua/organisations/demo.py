"""Demo data: the Ministry of Natural Resources and Environment, the ten departments of Cluster
No. 1 (Red River Delta), the 2025 reorganisation into Departments of Agriculture and Environment,
and fictional people with positions. Public bodies and dates are real (`domain.md` §7); every
person here is invented."""

from __future__ import annotations

import datetime
import random
from typing import Any

from thidua.organisations import services
from thidua.organisations.enums import LineageKind, UnitKind
from thidua.organisations.models import LineageEvent, Person, Province, Unit

ORDER = 10

D = datetime.date
MONRE_END = D(2025, 2, 28)
DEPARTMENT_MERGE = D(2025, 3, 1)  # provincial Sở TN&MT + Sở NN&PTNT → Sở NN&MT
PROVINCE_MERGE = D(2025, 7, 1)  # 63 provinces → 34

# (key, old province code, name as used in a department's name, short place name)
CLUSTER_1 = [
    ("ND", "36", "tỉnh Nam Định", "Nam Định"),
    ("TB", "34", "tỉnh Thái Bình", "Thái Bình"),
    ("HN", "01", "thành phố Hà Nội", "Hà Nội"),
    ("HNA", "35", "tỉnh Hà Nam", "Hà Nam"),
    ("NB", "37", "tỉnh Ninh Bình", "Ninh Bình"),
    ("HY", "33", "tỉnh Hưng Yên", "Hưng Yên"),
    ("HD", "30", "tỉnh Hải Dương", "Hải Dương"),
    ("HP", "31", "thành phố Hải Phòng", "Hải Phòng"),
    ("VP", "26", "tỉnh Vĩnh Phúc", "Vĩnh Phúc"),
    ("BN", "27", "tỉnh Bắc Ninh", "Bắc Ninh"),
]
# After 01/07/2025: new province (current code, name, place) ← old keys in the cluster.
NEW_PROVINCES = [
    ("HN", "01", "thành phố Hà Nội", "Hà Nội", ["HN"], ""),
    ("HP", "31", "thành phố Hải Phòng", "Hải Phòng", ["HP", "HD"], ""),
    ("HY", "33", "tỉnh Hưng Yên", "Hưng Yên", ["HY", "TB"], ""),
    ("NB", "37", "tỉnh Ninh Bình", "Ninh Bình", ["NB", "HNA", "ND"], ""),
    ("PT", "25", "tỉnh Phú Thọ", "Phú Thọ", ["VP"], "cùng các sở của tỉnh Phú Thọ và tỉnh Hòa Bình cũ"),
    ("BN", "24", "tỉnh Bắc Ninh", "Bắc Ninh", ["BN"], "cùng các sở của tỉnh Bắc Giang cũ"),
]
PROVINCE_RESOLUTION = (
    "Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh"
)
DEPARTMENT_DECREE = (
    "Nghị định số 45/2025/NĐ-CP ngày 28/02/2025 của Chính phủ quy định tổ chức các cơ quan chuyên môn "
    "thuộc Ủy ban nhân dân cấp tỉnh, cấp huyện"
)

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Phan",
]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Xuân", "Công", "Mạnh", "Tuấn"]
MIDDLE_F = ["Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Phương", "Thùy", "Kim", "Bích", "Mai"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hiếu",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Trung",
    "Tùng",
    "Việt",
]
GIVEN_F = [
    "Anh",
    "Ánh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phượng",
    "Thảo",
    "Trang",
    "Yến",
]
TITLES = [
    "Giám đốc",
    "Phó Giám đốc",
    "Chánh Văn phòng",
    "Trưởng phòng",
    "Phó Trưởng phòng",
    "Chuyên viên chính",
    "Chuyên viên",
    "Chuyên viên",
]


def _unit(code: str, **fields: Any) -> Unit:
    existing = Unit.objects.filter(code=code).first()
    return existing or services.create_unit(actor=None, code=code, **fields)


def _old_province(code: str) -> Province:
    return Province.objects.get(code=code, is_current=False)


def _current_province(code: str) -> Province:
    return Province.objects.get(code=code, is_current=True)


def _lineage(
    kind: str, date: datetime.date, basis: str, before: list[Unit], after: list[Unit], note: str = ""
) -> None:
    if LineageEvent.objects.filter(date=date, successors__in=after, predecessors__in=before).exists():
        return
    services.record_lineage_event(
        actor=None, kind=kind, date=date, legal_basis=basis, predecessors=before, successors=after, note=note
    )


def _people(unit: Unit, rng: random.Random, *, start: datetime.date) -> list[Person]:
    """A director, deputies and staff, deterministic per unit so re-runs find the same people."""
    if unit.positions.exists():
        return [p.person for p in unit.positions.select_related("person").order_by("id")]
    people = []
    for index, title in enumerate(TITLES):
        female = rng.random() < 0.45
        person = services.create_person(
            actor=None,
            unit=unit,
            family_name=rng.choice(FAMILY),
            middle_name=rng.choice(MIDDLE_F if female else MIDDLE_M),
            given_name=rng.choice(GIVEN_F if female else GIVEN_M),
            gender="F" if female else "M",
            birth_year=rng.randint(1966, 1992),
            title=title,
            is_head=index == 0,
            start=start,
        )
        people.append(person)
    return people


def load_demo(*, stdout: Any) -> None:
    services.load_provinces()
    rng = random.Random(2018)
    monre = _unit(
        "BTNMT",
        name="Bộ Tài nguyên và Môi trường",
        short_name="Bộ TN&MT",
        kind=UnitKind.MINISTRY,
        active_from=D(2002, 8, 5),
    )
    mard = _unit(
        "BNNPTNT",
        name="Bộ Nông nghiệp và Phát triển nông thôn",
        short_name="Bộ NN&PTNT",
        kind=UnitKind.MINISTRY,
    )
    mae = _unit(
        "BNNMT",
        name="Bộ Nông nghiệp và Môi trường",
        short_name="Bộ NN&MT",
        kind=UnitKind.MINISTRY,
        active_from=D(2025, 3, 1),
    )
    _unit(
        "BTNMT-VTDKT",
        name="Vụ Thi đua, Khen thưởng và Tuyên truyền",
        short_name="Vụ TĐKT&TT",
        kind=UnitKind.MINISTRY_DEPARTMENT,
        parent=monre,
        active_from=D(2002, 8, 5),
    )
    _unit(
        "BNNMT-VTCCB",
        name="Vụ Tổ chức cán bộ",
        short_name="Vụ TCCB",
        kind=UnitKind.MINISTRY_DEPARTMENT,
        parent=mae,
        active_from=D(2025, 3, 1),
    )
    _lineage(
        LineageKind.MERGE,
        D(2025, 3, 1),
        "Nghị định số 35/2025/NĐ-CP; Nghị quyết số 176/2025/QH15",
        [monre, mard],
        [mae],
    )

    committees: dict[str, Unit] = {}
    tnmt: dict[str, Unit] = {}
    interim: dict[str, Unit] = {}
    for key, code, place, short in CLUSTER_1:
        province = _old_province(code)
        absorbed = key in {"HD", "TB", "HNA", "ND", "VP"}
        committees[key] = _unit(
            f"UBND-{key}",
            name=f"Ủy ban nhân dân {place}",
            short_name=f"UBND {short}",
            kind=UnitKind.PEOPLES_COMMITTEE,
            province=province,
            active_to=D(2025, 6, 30) if absorbed else None,
        )
        tnmt[key] = _unit(
            f"STNMT-{key}",
            name=f"Sở Tài nguyên và Môi trường {place}",
            short_name=f"Sở TN&MT {short}",
            kind=UnitKind.PROVINCIAL_DEPARTMENT,
            parent=committees[key],
            province=province,
            active_from=D(2003, 1, 1),
        )
        nnptnt = _unit(
            f"SNNPTNT-{key}",
            name=f"Sở Nông nghiệp và Phát triển nông thôn {place}",
            short_name=f"Sở NN&PTNT {short}",
            kind=UnitKind.PROVINCIAL_DEPARTMENT,
            parent=committees[key],
            province=province,
        )
        interim[key] = _unit(
            f"SNNMT-{key}",
            name=f"Sở Nông nghiệp và Môi trường {place}",
            short_name=f"Sở NN&MT {short}",
            kind=UnitKind.PROVINCIAL_DEPARTMENT,
            parent=committees[key],
            province=province,
        )
        _lineage(LineageKind.MERGE, DEPARTMENT_MERGE, DEPARTMENT_DECREE, [tnmt[key], nnptnt], [interim[key]])
        _people(tnmt[key], rng, start=D(2015, 1, 1))

    for key, code, place, short, old_keys, note in NEW_PROVINCES:
        if old_keys == [key] and key in interim and not note:
            continue  # Hà Nội: the province and its department go on unchanged
        committee = committees.get(key) or _unit(
            f"UBND-{key}",
            name=f"Ủy ban nhân dân {place}",
            short_name=f"UBND {short}",
            kind=UnitKind.PEOPLES_COMMITTEE,
            province=_current_province(code),
        )
        new_department = _unit(
            f"SNNMT-{key}-2025",
            name=f"Sở Nông nghiệp và Môi trường {place}",
            short_name=f"Sở NN&MT {short}",
            kind=UnitKind.PROVINCIAL_DEPARTMENT,
            parent=committee,
            province=_current_province(code),
        )
        _lineage(
            LineageKind.MERGE,
            PROVINCE_MERGE,
            PROVINCE_RESOLUTION,
            [interim[k] for k in old_keys],
            [new_department],
            note=note,
        )
    _transfer_staff(tnmt, interim)
    stdout.write(f"    {Unit.objects.count()} đơn vị, {Person.objects.count()} cá nhân")


def _transfer_staff(tnmt: dict[str, Unit], interim: dict[str, Unit]) -> None:
    """People follow their department through both mergers; a director of an absorbed department
    becomes a deputy director of the new one, since each department has one director."""
    for key, department in tnmt.items():
        for position in department.positions.filter(end__isnull=True).select_related("person"):
            services.appoint_person(
                actor=None,
                person=position.person,
                unit=interim[key],
                title=position.title,
                is_head=position.is_head,
                start=DEPARTMENT_MERGE,
            )
    for key, _, _, _, old_keys, _ in NEW_PROVINCES:
        successor = Unit.objects.filter(code=f"SNNMT-{key}-2025").first()
        if successor is None:
            continue
        for old_key in old_keys:
            for position in interim[old_key].positions.filter(end__isnull=True).select_related("person"):
                keeps_head = position.is_head and old_key == old_keys[0]
                title = "Phó Giám đốc" if position.is_head and not keeps_head else position.title
                services.appoint_person(
                    actor=None,
                    person=position.person,
                    unit=successor,
                    title=title,
                    is_head=keeps_head,
                    start=PROVINCE_MERGE,
                )
