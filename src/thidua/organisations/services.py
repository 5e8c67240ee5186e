"""Writes of units, lineage and people. Each function validates, changes, saves and audits, in
that order, inside one transaction: a refused request leaves the database as it was."""

from __future__ import annotations

import csv
import datetime
import hashlib
import hmac
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import vietnam_provinces
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from thidua.core.audit import record_audit, snapshot
from thidua.core.audited import create_audited
from thidua.core.errors import Conflict, InvalidInput
from thidua.core.rules import require
from thidua.core.text import collation_key, fold, person_sort_key, search_words
from thidua.organisations.enums import LineageKind, UnitKind
from thidua.organisations.models import LineageEvent, Person, Position, Province, Unit
from thidua.organisations.selectors import lineage_closure

_CODE = re.compile(r"^[A-Za-z0-9._\-]{1,40}$")


def _unit_sort_key(name: str) -> str:
    return collation_key(name)


def person_search_text(*, family_name: str, middle_name: str, given_name: str) -> str:
    """The folded full name the search box matches ("Đỗ Thị Ánh" → "do thi anh")."""
    return fold(f"{family_name} {middle_name} {given_name}")


def unit_search_text(*, code: str, name: str, short_name: str) -> str:
    return " ".join(search_words(f"{code} {name} {short_name}"))


def unit_search_name(*, name: str) -> str:
    return " ".join(search_words(name))


@transaction.atomic
def create_unit(
    *,
    actor: Any,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None = None,
    short_name: str = "",
    province: Province | None = None,
    active_from: datetime.date | None = None,
    active_to: datetime.date | None = None,
) -> Unit:
    require(actor, "organisations.create_unit", parent)
    code = code.strip()
    name = " ".join(name.split())
    if not _CODE.match(code):
        raise InvalidInput(
            "Mã đơn vị chỉ gồm chữ không dấu, chữ số và các dấu . _ - (tối đa 40 ký tự).",
            fields={"code": "invalid"},
        )
    if not name:
        raise InvalidInput("Tên đơn vị không được để trống.", fields={"name": "required"})
    if kind not in UnitKind.values:
        raise InvalidInput(f"Loại đơn vị «{kind}» không hợp lệ.", fields={"kind": "invalid"})
    if active_from and active_to and active_to < active_from:
        raise InvalidInput("Ngày kết thúc hoạt động phải sau ngày bắt đầu.", fields={"active_to": "invalid"})
    if Unit.objects.filter(code=code).exists():
        raise Conflict(f"Mã đơn vị «{code}» đã được dùng cho một đơn vị khác.", fields={"code": "duplicate"})
    unit = Unit.objects.create(
        code=code,
        name=name,
        short_name=short_name.strip(),
        kind=kind,
        parent=parent,
        province=province,
        active_from=active_from,
        active_to=active_to,
        sort_key=_unit_sort_key(name),
        search_text=unit_search_text(code=code, name=name, short_name=short_name),
        search_name=unit_search_name(name=name),
        path="",
    )
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    record_audit(actor=actor, action="organisations.unit.create", target=unit, after=snapshot(unit))
    return unit


_UNIT_EDITABLE = ("name", "short_name", "province", "active_from", "active_to")


@transaction.atomic
def update_unit(*, actor: Any, unit: Unit, **changes: Any) -> Unit:
    """Change descriptive fields. A new name here corrects a typo; a real renaming is a lineage event."""
    require(actor, "organisations.change_unit", unit)
    unknown = set(changes) - set(_UNIT_EDITABLE)
    if unknown:
        raise InvalidInput(f"Không thể sửa trường: {', '.join(sorted(unknown))}.")
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(unit)
    for field, value in changes.items():
        setattr(unit, field, " ".join(value.split()) if isinstance(value, str) else value)
    if not unit.name:
        raise InvalidInput("Tên đơn vị không được để trống.", fields={"name": "required"})
    if unit.active_from and unit.active_to and unit.active_to < unit.active_from:
        raise InvalidInput("Ngày kết thúc hoạt động phải sau ngày bắt đầu.", fields={"active_to": "invalid"})
    unit.sort_key = _unit_sort_key(unit.name)
    unit.search_text = unit_search_text(code=unit.code, name=unit.name, short_name=unit.short_name)
    unit.search_name = unit_search_name(name=unit.name)
    unit.save()
    record_audit(
        actor=actor, action="organisations.unit.update", target=unit, before=before, after=snapshot(unit)
    )
    return unit


@transaction.atomic
def record_lineage_event(
    *,
    actor: Any,
    kind: str,
    date: datetime.date,
    legal_basis: str,
    predecessors: Sequence[Unit],
    successors: Sequence[Unit],
    note: str = "",
    close_predecessors: bool = True,
) -> LineageEvent:
    """Record that `successors` took the place of `predecessors` on `date`.

    Predecessors that are still open are closed the day before, and successors without a start
    date start on `date`, so "which unit stood for X in year Y" is answerable from the units alone.
    """
    require(actor, "organisations.record_lineage", [*predecessors, *successors])
    if kind not in LineageKind.values:
        raise InvalidInput(f"Loại sự kiện «{kind}» không hợp lệ.", fields={"kind": "invalid"})
    if not legal_basis.strip():
        raise InvalidInput(
            "Cần ghi căn cứ pháp lý (số, ký hiệu văn bản).", fields={"legal_basis": "required"}
        )
    before_ids = {u.pk for u in predecessors}
    after_ids = {u.pk for u in successors}
    if not before_ids or not after_ids:
        raise InvalidInput("Sự kiện cần ít nhất một đơn vị trước và một đơn vị sau.")
    if kind == LineageKind.MERGE and len(after_ids) != 1:
        raise InvalidInput("Sáp nhập phải tạo ra đúng một đơn vị.", fields={"successors": "invalid"})
    if kind == LineageKind.SPLIT and len(before_ids) != 1:
        raise InvalidInput("Chia tách phải bắt đầu từ đúng một đơn vị.", fields={"predecessors": "invalid"})
    if kind == LineageKind.RENAME and (len(before_ids), len(after_ids)) != (1, 1):
        raise InvalidInput("Đổi tên nối đúng một đơn vị cũ với một đơn vị mới.")
    if before_ids & after_ids:
        raise InvalidInput("Một đơn vị không thể vừa là đơn vị trước vừa là đơn vị sau.")
    # A successor that already lies before a predecessor would make the history a cycle.
    earlier = lineage_closure(before_ids, forward=False) | before_ids
    if earlier & after_ids:
        raise Conflict("Sự kiện này tạo vòng lặp trong lịch sử đơn vị (đơn vị sau đã là tiền thân).")
    later = lineage_closure(after_ids, forward=True)
    if later & before_ids:
        raise Conflict("Sự kiện này tạo vòng lặp trong lịch sử đơn vị (đơn vị trước đã là hậu thân).")
    for unit in successors:
        if unit.active_to is not None and unit.active_to < date:
            raise InvalidInput(f"Đơn vị «{unit}» đã ngừng hoạt động trước ngày {date:%d/%m/%Y}.")
    event = LineageEvent.objects.create(
        kind=kind, date=date, legal_basis=legal_basis.strip(), note=note.strip()
    )
    event.predecessors.set(predecessors)
    event.successors.set(successors)
    if close_predecessors:
        Unit.objects.filter(pk__in=before_ids, active_to__isnull=True).update(
            active_to=date - datetime.timedelta(days=1)
        )
    Unit.objects.filter(pk__in=after_ids, active_from__isnull=True).update(active_from=date)
    record_audit(
        actor=actor,
        action="organisations.lineage.record",
        target=event,
        after={**snapshot(event), "predecessors": sorted(before_ids), "successors": sorted(after_ids)},
    )
    return event


def _citizen_id_hash(citizen_id: str) -> str:
    key = settings.PERSONAL_ID_PEPPER.encode()
    return hmac.new(key, citizen_id.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def create_person(
    *,
    actor: Any,
    unit: Unit,
    family_name: str,
    given_name: str,
    middle_name: str = "",
    title: str,
    start: datetime.date,
    is_head: bool = False,
    gender: str = "",
    birth_year: int | None = None,
    citizen_id: str = "",
) -> Person:
    """Create a person together with their first post (officers add people to their own unit)."""
    require(actor, "organisations.manage_people", unit)
    family_name, middle_name, given_name = (
        " ".join(p.split()) for p in (family_name, middle_name, given_name)
    )
    if not family_name or not given_name:
        raise InvalidInput("Cần có họ và tên.", fields={"family_name": "required", "given_name": "required"})
    if birth_year is not None and not 1900 <= birth_year <= timezone.localdate().year:
        raise InvalidInput("Năm sinh không hợp lệ.", fields={"birth_year": "invalid"})
    id_hash = None
    if citizen_id:
        digits = citizen_id.strip()
        if not re.fullmatch(r"\d{12}", digits):
            raise InvalidInput(
                "Số định danh cá nhân phải gồm đúng 12 chữ số.", fields={"citizen_id": "invalid"}
            )
        id_hash = _citizen_id_hash(digits)
        if Person.objects.filter(citizen_id_hash=id_hash).exists():
            raise Conflict("Đã có một cá nhân với số định danh này.", fields={"citizen_id": "duplicate"})
    person = create_audited(
        Person,
        actor=actor,
        action="organisations.person.create",
        family_name=family_name,
        middle_name=middle_name,
        given_name=given_name,
        sort_key=person_sort_key(family_name=family_name, middle_name=middle_name, given_name=given_name),
        search_text=person_search_text(
            family_name=family_name, middle_name=middle_name, given_name=given_name
        ),
        gender=gender,
        birth_year=birth_year,
        citizen_id_hash=id_hash,
        citizen_id_last4=citizen_id.strip()[-4:] if citizen_id else "",
    )
    Position.objects.create(person=person, unit=unit, title=title.strip(), is_head=is_head, start=start)
    return person


@transaction.atomic
def appoint_person(
    *, actor: Any, person: Person, unit: Unit, title: str, start: datetime.date, is_head: bool = False
) -> Position:
    """Give a person a new post; their open posts end the day before (a transfer or promotion).

    Ending a post is managing that unit's people too: the actor needs `manage_people` over the new
    unit and over the unit of every open post (a ministry officer above both), so the officer of one
    unit cannot pull another unit's staff into their own scope.
    """
    require(actor, "organisations.manage_people", unit)
    if not title.strip():
        raise InvalidInput("Cần ghi chức vụ.", fields={"title": "required"})
    open_posts = Position.objects.select_for_update(of=("self",)).filter(person=person, end__isnull=True)
    for post in open_posts.select_related("unit"):
        require(actor, "organisations.manage_people", post.unit)
        if post.start >= start:
            raise Conflict(f"Chức vụ hiện tại bắt đầu từ {post.start:%d/%m/%Y}, sau ngày bổ nhiệm mới.")
    open_posts.update(end=start - datetime.timedelta(days=1))
    position = Position.objects.create(
        person=person, unit=unit, title=title.strip(), is_head=is_head, start=start
    )
    record_audit(
        actor=actor, action="organisations.position.appoint", target=position, after=snapshot(position)
    )
    return position


_PROVINCE_MAPPING = Path(__file__).parent / "data" / "provinces_before_2025.csv"


@transaction.atomic
def load_provinces() -> tuple[int, int]:
    """Load the 34 current provinces (vietnam-provinces) and the 63 earlier ones mapped to them.

    Idempotent: existing rows are updated in place. Returns (current, earlier) counts.
    """
    current: dict[str, Province] = {}
    with open(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as handle:
        for item in json.load(handle):
            code = f"{int(item['code']):02d}"
            province, _ = Province.objects.update_or_create(
                code=code,
                is_current=True,
                defaults={
                    "name": item["name"],
                    "division_type": item["division_type"],
                    "sort_key": collation_key(item["name"].removeprefix("Thành phố ")),
                },
            )
            current[code] = province
    earlier = 0
    with open(_PROVINCE_MAPPING, encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for row in rows:
            Province.objects.update_or_create(
                code=row["old_code"],
                is_current=False,
                defaults={
                    "name": row["old_name"],
                    "division_type": row["old_division_type"],
                    "successor": current[f"{int(row['new_code']):02d}"],
                    "sort_key": collation_key(row["old_name"].removeprefix("Thành phố ")),
                },
            )
            earlier += 1
    return len(current), earlier
