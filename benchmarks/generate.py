"""Generate national-scale data for the benchmark: a realistic agency tree, clusters over the
years, lineage events, people with positions.

Default size (the spec's national scale): 30 ministries and 34 provinces, 50,000 units, 10 years
of clusters of ~10 units, 2 million people. Every size is a parameter:

    THIDUA_DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_bench \\
        .venv/bin/python benchmarks/generate.py --units 50000 --people 2000000

Rows go in with PostgreSQL COPY (psycopg); sort keys and tree paths are computed in Python with
the same functions the services use. Generation REPLACES the organisations and clusters data of
the target database, so point it at a database of its own. The parameters used are remembered
in the table `bench_generated`, so `ensure_generated()` regenerates only when they change.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import os
import random
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

MINISTRIES = [
    "Bộ Quốc phòng",
    "Bộ Công an",
    "Bộ Ngoại giao",
    "Bộ Nội vụ",
    "Bộ Tư pháp",
    "Bộ Tài chính",
    "Bộ Công Thương",
    "Bộ Nông nghiệp và Môi trường",
    "Bộ Xây dựng",
    "Bộ Văn hóa, Thể thao và Du lịch",
    "Bộ Khoa học và Công nghệ",
    "Bộ Giáo dục và Đào tạo",
    "Bộ Y tế",
    "Bộ Dân tộc và Tôn giáo",
    "Ngân hàng Nhà nước Việt Nam",
    "Thanh tra Chính phủ",
    "Văn phòng Chính phủ",
    "Đài Truyền hình Việt Nam",
    "Đài Tiếng nói Việt Nam",
    "Thông tấn xã Việt Nam",
    "Viện Hàn lâm Khoa học và Công nghệ Việt Nam",
    "Viện Hàn lâm Khoa học xã hội Việt Nam",
    "Kiểm toán Nhà nước",
    "Tòa án nhân dân tối cao",
    "Viện kiểm sát nhân dân tối cao",
    "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
    "Tổng Liên đoàn Lao động Việt Nam",
    "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Hội Liên hiệp Phụ nữ Việt Nam",
    "Đại học Quốc gia Hà Nội",
]
MINISTRY_DEPARTMENTS = [
    "Vụ Tổ chức cán bộ",
    "Vụ Kế hoạch – Tài chính",
    "Vụ Pháp chế",
    "Vụ Hợp tác quốc tế",
    "Văn phòng",
    "Thanh tra",
    "Vụ Thi đua – Khen thưởng",
    "Vụ Khoa học và Công nghệ",
    "Vụ Tổng hợp",
    "Cục Chuyển đổi số",
    "Cục Quản lý chất lượng",
    "Trung tâm Thông tin",
    "Báo điện tử",
    "Tạp chí",
    "Học viện",
    "Viện Chiến lược",
]
PROVINCIAL_DEPARTMENTS = [
    "Văn phòng Ủy ban nhân dân",
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Tư pháp",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Xây dựng",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Ngoại vụ",
    "Sở Dân tộc và Tôn giáo",
    "Thanh tra tỉnh",
    "Ban Quản lý các khu công nghiệp",
    "Đài Phát thanh và Truyền hình",
    "Trường Chính trị",
    "Ban Quản lý dự án đầu tư xây dựng",
    "Quỹ Đầu tư phát triển",
    "Trung tâm Phục vụ hành chính công",
]
DIVISIONS = [
    "Văn phòng",
    "Phòng Tổ chức cán bộ",
    "Phòng Kế hoạch – Tài chính",
    "Phòng Pháp chế",
    "Thanh tra",
    "Phòng Quản lý chuyên ngành",
    "Phòng Tổng hợp",
    "Trung tâm Dịch vụ công",
    "Chi cục",
    "Phòng Nghiệp vụ",
]
FAMILY = (
    ["Nguyễn"] * 8
    + ["Trần"] * 3
    + ["Lê"] * 3
    + [
        "Phạm",
        "Phạm",
        "Hoàng",
        "Huỳnh",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Đinh",
        "Phan",
        "Trịnh",
        "Đoàn",
        "Lương",
        "Mai",
        "Tạ",
        "Cao",
        "Lưu",
        "Hà",
        "Chu",
    ]
)
MIDDLE = [
    "Văn",
    "Thị",
    "Đức",
    "Minh",
    "Quang",
    "Hữu",
    "Thu",
    "Ngọc",
    "Thanh",
    "Hồng",
    "Xuân",
    "Công",
    "Phương",
    "Thùy",
    "Mạnh",
    "Kim",
    "Anh",
    "Tuấn",
    "Bảo",
    "Gia",
]
GIVEN = [
    "An",
    "Anh",
    "Ánh",
    "Bình",
    "Chi",
    "Cường",
    "Dũng",
    "Dung",
    "Đạt",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiếu",
    "Hoa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phong",
    "Phượng",
    "Quân",
    "Sơn",
    "Thảo",
    "Thắng",
    "Trang",
    "Trung",
    "Tùng",
    "Việt",
    "Yến",
]
TITLES = [
    "Giám đốc",
    "Phó Giám đốc",
    "Trưởng phòng",
    "Phó Trưởng phòng",
    "Chuyên viên chính",
    "Chuyên viên",
    "Chuyên viên",
    "Chuyên viên",
    "Cán sự",
    "Nhân viên",
]

TABLES_TO_CLEAR = [
    "clusters_conferenceattendee",
    "clusters_conference",
    "clusters_clusterleadership",
    "clusters_clustermembership",
    "clusters_cluster",
    "clusters_movement",
    "organisations_lineageevent_predecessors",
    "organisations_lineageevent_successors",
    "organisations_lineageevent",
    "organisations_position",
    "organisations_person",
    "accounts_roleassignment",
    "organisations_unit",
]


@dataclass
class Params:
    units: int = 50_000
    people: int = 2_000_000
    years: int = 10
    last_year: int = 2025
    cluster_size: int = 10
    seed: int = 2018


@dataclass
class UnitRow:
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    path: str
    province_id: int | None
    active_from: datetime.date | None = None
    active_to: datetime.date | None = None


@dataclass
class Tree:
    units: list[UnitRow] = field(default_factory=list)
    ministries: list[UnitRow] = field(default_factory=list)
    ministry_departments: list[list[UnitRow]] = field(default_factory=list)  # per ministry
    committees: list[UnitRow] = field(default_factory=list)
    provincial_departments: list[list[UnitRow]] = field(default_factory=list)  # per province
    divisions: list[UnitRow] = field(default_factory=list)

    def add(self, **fields: object) -> UnitRow:
        unit_id = len(self.units) + 1
        parent_path = fields.pop("parent_path", "/")
        row = UnitRow(id=unit_id, path=f"{parent_path}{unit_id}/", **fields)  # type: ignore[arg-type]
        self.units.append(row)
        return row


def build_tree(params: Params, provinces: Sequence[tuple[int, str]], rng: random.Random) -> Tree:
    """~30 ministries with departments, 34 provinces with a committee and departments, and the
    rest of `units` as divisions spread over all departments."""
    tree = Tree()
    ministry_depts = 30 if params.units >= 20_000 else max(2, params.units // 1500)
    province_depts = 25 if params.units >= 20_000 else max(2, params.units // 1500)
    for m, name in enumerate(MINISTRIES):
        ministry = tree.add(
            code=f"M{m + 1:02d}", name=name, short_name="", kind="ministry", parent_id=None, province_id=None
        )
        tree.ministries.append(ministry)
        depts = []
        for d in range(ministry_depts):
            base = MINISTRY_DEPARTMENTS[d % len(MINISTRY_DEPARTMENTS)]
            suffix = "" if d < len(MINISTRY_DEPARTMENTS) else f" số {d // len(MINISTRY_DEPARTMENTS) + 1}"
            depts.append(
                tree.add(
                    code=f"M{m + 1:02d}-D{d + 1:02d}",
                    name=f"{base}{suffix} – {name}",
                    short_name=f"{base}{suffix}",
                    kind="ministry_department",
                    parent_id=ministry.id,
                    parent_path=ministry.path,
                    province_id=None,
                )
            )
        tree.ministry_departments.append(depts)
    for p, (province_id, province_name) in enumerate(provinces):
        place = province_name[0].lower() + province_name[1:]
        committee = tree.add(
            code=f"P{p + 1:02d}",
            name=f"Ủy ban nhân dân {place}",
            short_name="",
            kind="peoples_committee",
            parent_id=None,
            province_id=province_id,
        )
        tree.committees.append(committee)
        depts = []
        for d in range(province_depts):
            base = PROVINCIAL_DEPARTMENTS[d % len(PROVINCIAL_DEPARTMENTS)]
            suffix = "" if d < len(PROVINCIAL_DEPARTMENTS) else f" số {d // len(PROVINCIAL_DEPARTMENTS) + 1}"
            depts.append(
                tree.add(
                    code=f"P{p + 1:02d}-S{d + 1:02d}",
                    name=f"{base}{suffix} {place}",
                    short_name=f"{base}{suffix}",
                    kind="provincial_department",
                    parent_id=committee.id,
                    parent_path=committee.path,
                    province_id=province_id,
                )
            )
        tree.provincial_departments.append(depts)
    all_depts = [d for group in tree.ministry_departments for d in group] + [
        d for group in tree.provincial_departments for d in group
    ]
    # Leave room for the successors lineage events create (~2% of units).
    remaining = max(0, int(params.units * 0.985) - len(tree.units))
    for i in range(remaining):
        dept = all_depts[i % len(all_depts)]
        number = i // len(all_depts)
        base = DIVISIONS[number % len(DIVISIONS)]
        suffix = "" if number < len(DIVISIONS) else f" {number // len(DIVISIONS) + 1}"
        tree.divisions.append(
            tree.add(
                code=f"{dept.code}-{number + 1:03d}",
                name=f"{base}{suffix}, {dept.name}",
                short_name=f"{base}{suffix}",
                kind="division",
                parent_id=dept.id,
                parent_path=dept.path,
                province_id=dept.province_id,
            )
        )
    return tree


@dataclass
class Lineage:
    events: list[tuple[int, str, datetime.date, str, list[int], list[int]]] = field(default_factory=list)
    successor: dict[int, list[int]] = field(default_factory=dict)  # unit id → its direct successors

    def add(
        self, tree: Tree, kind: str, date: datetime.date, before: list[UnitRow], after: list[UnitRow]
    ) -> None:
        event_id = len(self.events) + 1
        for unit in before:
            unit.active_to = date - datetime.timedelta(days=1)
            self.successor[unit.id] = [u.id for u in after]
        for unit in after:
            unit.active_from = unit.active_from or date
        basis = f"Quyết định số {event_id}/QĐ-UBND ngày {date:%d/%m/%Y}"
        self.events.append((event_id, kind, date, basis, [u.id for u in before], [u.id for u in after]))


def build_lineage(params: Params, tree: Tree, rng: random.Random) -> Lineage:
    """Merges of provincial departments (whole province rounds, as in 2025), renames of ministry
    departments, splits and merges of divisions, some of them chained."""
    lineage = Lineage()
    budget = params.units - len(tree.units)
    merge_date = datetime.date(params.last_year - 1, 3, 1)
    rename_date = datetime.date(params.last_year - 3, 7, 1)
    # 1. In a third of the provinces, departments 2k and 2k+1 merge (capped by the budget).
    for p, depts in enumerate(tree.provincial_departments):
        if p % 3 or budget < 10:
            continue
        committee = tree.committees[p]
        for k in range(0, min(len(depts) - 1, 8), 2):
            a, b = depts[k], depts[k + 1]
            merged = tree.add(
                code=f"{a.code}-M",
                name=f"{a.short_name} và {b.short_name} (hợp nhất) {committee.name[16:]}",
                short_name=f"{a.short_name} hợp nhất",
                kind="provincial_department",
                parent_id=committee.id,
                parent_path=committee.path,
                province_id=a.province_id,
            )
            lineage.add(tree, "merge", merge_date, [a, b], [merged])
            budget -= 1
    # 2. Ministry departments renamed, some of which merge again later (A → B → C chains).
    for m, depts in enumerate(tree.ministry_departments):
        if budget < 10:
            break
        old = depts[-1]
        renamed = tree.add(
            code=f"{old.code}-R",
            name=f"{old.name} (tên mới)",
            short_name=old.short_name,
            kind="ministry_department",
            parent_id=old.parent_id,
            parent_path=old.path.rsplit("/", 2)[0] + "/",
            province_id=None,
        )
        lineage.add(tree, "rename", rename_date, [old], [renamed])
        budget -= 1
        if m % 2 == 0:
            partner = depts[-2]
            merged = tree.add(
                code=f"{old.code}-RM",
                name=f"{partner.short_name} và {old.short_name} – {tree.ministries[m].name}",
                short_name=f"{partner.short_name} hợp nhất",
                kind="ministry_department",
                parent_id=old.parent_id,
                parent_path=old.path.rsplit("/", 2)[0] + "/",
                province_id=None,
            )
            lineage.add(tree, "merge", merge_date, [renamed, partner], [merged])
            budget -= 1
    # 3. Divisions: splits of one into two and merges of three into one, until the budget is spent.
    divisions = list(tree.divisions)
    rng.shuffle(divisions)
    i = 0
    while budget >= 2 and i + 3 <= len(divisions):
        year = rng.randint(params.last_year - params.years + 1, params.last_year)
        date = datetime.date(year, rng.choice([1, 4, 7, 10]), 1)
        first = divisions[i]
        parent_path = first.path.rsplit("/", 2)[0] + "/"
        if i % 2 == 0:
            parts = [
                tree.add(
                    code=f"{first.code}-T{n}",
                    name=f"{first.short_name} {n} ({first.name})",
                    short_name="",
                    kind="division",
                    parent_id=first.parent_id,
                    parent_path=parent_path,
                    province_id=first.province_id,
                )
                for n in (1, 2)
            ]
            lineage.add(tree, "split", date, [first], parts)
            budget -= 2
            i += 1
        else:
            group = list(divisions[i : i + 3])
            merged = tree.add(
                code=f"{first.code}-G",
                name=f"{first.short_name} (hợp nhất) {first.name}",
                short_name="",
                kind="division",
                parent_id=first.parent_id,
                parent_path=parent_path,
                province_id=first.province_id,
            )
            lineage.add(tree, "merge", date, group, [merged])
            budget -= 1
            i += 3
    return lineage


def stand_in(unit_id: int, year: int, units: dict[int, UnitRow], lineage: Lineage) -> list[int]:
    """The units active on 1 January of `year` standing for `unit_id` (itself, or its successors)."""
    day = datetime.date(year, 1, 1)
    unit = units[unit_id]
    if unit.active_to is None or unit.active_to >= day:
        return [unit_id]
    out: list[int] = []
    for nxt in lineage.successor.get(unit_id, []):
        out.extend(stand_in(nxt, year, units, lineage))
    return out


def build_clusters(
    params: Params, tree: Tree, lineage: Lineage, rng: random.Random
) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """Clusters of about `cluster_size` units: each ministry groups the same-numbered department of
    every province (like MONRE's Cluster No. 1 of provincial departments) and its own departments;
    each province groups its departments. Members follow lineage year by year."""
    units = {u.id: u for u in tree.units}
    groups: list[tuple[UnitRow, list[UnitRow]]] = []
    for m, ministry in enumerate(tree.ministries):
        same_numbered = [depts[m] for depts in tree.provincial_departments if m < len(depts)]
        groups.append((ministry, same_numbered))
        groups.append((ministry, tree.ministry_departments[m]))
    for p, committee in enumerate(tree.committees):
        groups.append((committee, tree.provincial_departments[p]))
    clusters, memberships, leaderships = [], [], []
    first_year = params.last_year - params.years + 1
    membership_id = 0
    for authority, members in groups:
        per_cluster = [
            members[i : i + params.cluster_size] for i in range(0, len(members), params.cluster_size)
        ]
        if len(per_cluster) > 1 and len(per_cluster[-1]) < params.cluster_size // 2:
            per_cluster[-2].extend(per_cluster.pop())
        taken: set[tuple[int, int]] = set()
        for chunk in per_cluster:
            cluster_id = len(clusters) + 1
            number = sum(1 for c in clusters if c[1] == authority.id) + 1
            name = f"Cụm thi đua số {number}"
            clusters.append(
                (
                    cluster_id,
                    authority.id,
                    "cluster",
                    number,
                    name,
                    f"{name} – {authority.name}",
                    collation_key(name),
                )
            )
            for year in range(first_year, params.last_year + 1):
                ids: list[int] = []
                for unit in chunk:
                    for candidate in stand_in(unit.id, year, units, lineage):
                        if candidate not in ids and (candidate, year) not in taken:
                            ids.append(candidate)
                for unit_id in ids:
                    taken.add((unit_id, year))
                    membership_id += 1
                    memberships.append((membership_id, cluster_id, authority.id, unit_id, year))
                if len(ids) >= 2:
                    turn = (year - first_year) % len(ids)
                    leaderships.append(
                        (
                            cluster_id,
                            year,
                            ids[turn],
                            ids[(turn + 1) % len(ids)],
                            f"Quyết định phân công năm {year}",
                        )
                    )
    return clusters, memberships, leaderships


@functools.cache
def person_key(family: str, middle: str, given: str) -> str:
    return person_sort_key(family_name=family, middle_name=middle, given_name=given)


@functools.cache
def person_text(family: str, middle: str, given: str) -> str:
    """Person.search_text, as the service stores it: the header's people search reads it."""
    from thidua.organisations.services import person_search_text

    return person_search_text(family_name=family, middle_name=middle, given_name=given)


def people_rows(params: Params, tree: Tree, rng: random.Random) -> Iterable[tuple[tuple, list[tuple]]]:
    """(person row, position rows) for `people` people spread over the active units; one in ten
    had an earlier post in another unit."""
    active = [u for u in tree.units if u.active_to is None]
    ended = [u for u in tree.units if u.active_to is not None]
    per_unit, extra = divmod(params.people, len(active))
    person_id = 0
    position_id = 0
    for index, unit in enumerate(active):
        count = per_unit + (1 if index < extra else 0)
        for n in range(count):
            person_id += 1
            family, middle, given = rng.choice(FAMILY), rng.choice(MIDDLE), rng.choice(GIVEN)
            gender = "F" if middle in {"Thị", "Thu", "Ngọc", "Hồng", "Phương", "Thùy", "Kim"} else "M"
            person = (
                person_id,
                family,
                middle,
                given,
                person_key(family, middle, given),
                gender,
                rng.randint(1960, 2002),
            )
            start = datetime.date(rng.randint(2000, params.last_year), rng.randint(1, 12), 1)
            positions = []
            if person_id % 10 == 0:
                earlier = (
                    ended[person_id % len(ended)]
                    if ended and person_id % 20 == 0
                    else active[(index + 7) % len(active)]
                )
                position_id += 1
                positions.append(
                    (
                        position_id,
                        person_id,
                        earlier.id,
                        "Chuyên viên",
                        False,
                        start - datetime.timedelta(days=3650),
                        start - datetime.timedelta(days=1),
                    )
                )
            position_id += 1
            positions.append(
                (position_id, person_id, unit.id, TITLES[min(n, len(TITLES) - 1)], n == 0, start, None)
            )
            yield person, positions


def _copy(cursor, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    count = 0
    quoted = ", ".join(f'"{c}"' for c in columns)
    with cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _set_sequences(cursor, tables: Sequence[str]) -> None:
    for table in tables:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        )


def generate(params: Params, *, log=print) -> dict[str, int]:
    """Replace the data with a freshly generated data set of the given size."""
    from django.core.management import call_command
    from django.db import connection

    from thidua.organisations.models import Province
    from thidua.organisations.services import load_provinces, unit_search_name, unit_search_text

    if connection.vendor != "postgresql":
        raise SystemExit("The generator writes with PostgreSQL COPY: set THIDUA_DATABASE_URL=postgres://…")
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(TABLES_TO_CLEAR)} RESTART IDENTITY CASCADE")
        cursor.execute("DROP TABLE IF EXISTS bench_generated")
    load_provinces()
    provinces = list(Province.objects.filter(is_current=True).order_by("code").values_list("id", "name"))
    rng = random.Random(params.seed)
    tree = build_tree(params, provinces, rng)
    lineage = build_lineage(params, tree, rng)
    clusters, memberships, leaderships = build_clusters(params, tree, lineage, rng)
    log(
        f"  plan: {len(tree.units):,} units, {len(lineage.events):,} lineage events, {len(clusters):,} clusters, "
        f"{len(memberships):,} memberships ({time.perf_counter() - started:.1f} s)"
    )
    counts: dict[str, int] = {}
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        counts["units"] = _copy(
            cursor,
            "organisations_unit",
            [
                "id",
                "code",
                "name",
                "short_name",
                "kind",
                "parent_id",
                "path",
                "province_id",
                "active_from",
                "active_to",
                "sort_key",
                "search_text",
                "search_name",
            ],
            (
                (
                    u.id,
                    u.code,
                    u.name,
                    u.short_name,
                    u.kind,
                    u.parent_id,
                    u.path,
                    u.province_id,
                    u.active_from,
                    u.active_to,
                    collation_key(u.name),
                    unit_search_text(code=u.code, name=u.name, short_name=u.short_name),
                    unit_search_name(name=u.name),
                )
                for u in tree.units
            ),
        )
        counts["lineage_events"] = _copy(
            cursor,
            "organisations_lineageevent",
            ["id", "kind", "date", "legal_basis", "note"],
            ((e[0], e[1], e[2], e[3], "") for e in lineage.events),
        )
        _copy(
            cursor,
            "organisations_lineageevent_predecessors",
            ["lineageevent_id", "unit_id"],
            ((e[0], u) for e in lineage.events for u in e[4]),
        )
        _copy(
            cursor,
            "organisations_lineageevent_successors",
            ["lineageevent_id", "unit_id"],
            ((e[0], u) for e in lineage.events for u in e[5]),
        )
        counts["clusters"] = _copy(
            cursor,
            "clusters_cluster",
            ["id", "authority_id", "kind", "number", "name", "description", "sort_key"],
            clusters,
        )
        counts["memberships"] = _copy(
            cursor,
            "clusters_clustermembership",
            ["id", "cluster_id", "authority_id", "unit_id", "year"],
            memberships,
        )
        counts["leaderships"] = _copy(
            cursor,
            "clusters_clusterleadership",
            ["cluster_id", "year", "leader_id", "deputy_id", "decided_by"],
            leaderships,
        )
        log(f"  units, lineage and clusters written ({time.perf_counter() - started:.1f} s)")
        positions: list[tuple] = []
        people = 0
        with cursor.copy(
            "COPY organisations_person (id, family_name, middle_name, given_name, sort_key, gender, birth_year, "
            "citizen_id_last4, search_text) FROM STDIN"
        ) as copy:
            for person, rows in people_rows(params, tree, rng):
                # the folded name, or the header's people search finds nobody (issue 15 item 3)
                copy.write_row((*person, "", person_text(*person[1:4])))
                positions.extend(rows)
                people += 1
                if people % 500_000 == 0:
                    log(f"    {people:,} people ({time.perf_counter() - started:.1f} s)")
        counts["people"] = people
        counts["positions"] = _copy(
            cursor,
            "organisations_position",
            ["id", "person_id", "unit_id", "title", "is_head", "start", "end"],
            positions,
        )
        _set_sequences(
            cursor,
            [
                "organisations_unit",
                "organisations_lineageevent",
                "clusters_cluster",
                "clusters_clustermembership",
                "clusters_clusterleadership",
                "organisations_person",
                "organisations_position",
            ],
        )
        log(f"  people and positions written ({time.perf_counter() - started:.1f} s)")
        cursor.execute(
            "CREATE TABLE bench_generated (params jsonb NOT NULL, counts jsonb NOT NULL, seconds real NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO bench_generated VALUES (%s, %s, %s)",
            [json.dumps(asdict(params)), json.dumps(counts), time.perf_counter() - started],
        )
    with connection.cursor() as cursor:
        # VACUUM too, as autovacuum would on a live database: it sets the visibility map, without
        # which PostgreSQL's index-only scans read every heap page anyway.
        cursor.execute("VACUUM ANALYZE")
    log(f"  analysed; generation took {time.perf_counter() - started:.1f} s")
    return counts


def generated_params() -> dict[str, object] | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_generated')")
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute("SELECT params FROM bench_generated")
        row = cursor.fetchone()
    if row is None:
        return None
    return row[0] if isinstance(row[0], dict) else json.loads(row[0])


def ensure_generated(params: Params, *, log=print) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)  # new indexes reach an existing data set too
    if generated_params() == asdict(params):
        log("  data of this size is already there; not regenerating")
        return
    generate(params, log=log)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    os.environ.setdefault("THIDUA_DEBUG", "1")
    import django

    django.setup()


def add_size_arguments(parser: argparse.ArgumentParser) -> None:
    defaults = Params()
    parser.add_argument(
        "--units", type=int, default=defaults.units, help="units in the tree (default 50,000)"
    )
    parser.add_argument("--people", type=int, default=defaults.people, help="people (default 2,000,000)")
    parser.add_argument("--years", type=int, default=defaults.years, help="years of clusters (default 10)")
    parser.add_argument("--last-year", type=int, default=defaults.last_year)
    parser.add_argument("--cluster-size", type=int, default=defaults.cluster_size)
    parser.add_argument("--seed", type=int, default=defaults.seed)


def params_from(args: argparse.Namespace) -> Params:
    return Params(
        units=args.units,
        people=args.people,
        years=args.years,
        last_year=args.last_year,
        cluster_size=args.cluster_size,
        seed=args.seed,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_size_arguments(parser)
    parser.add_argument("--force", action="store_true", help="regenerate even if this size is already there")
    args = parser.parse_args()
    setup_django()
    params = params_from(args)
    if args.force:
        generate(params)
    else:
        ensure_generated(params)


from thidua.core.text import collation_key, person_sort_key  # noqa: E402  (after sys.path is set)

if __name__ == "__main__":
    main()
