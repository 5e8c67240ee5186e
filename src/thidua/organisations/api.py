"""API of units, provinces, lineage and people. Units and lineage are public; people are not."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from thidua.core.pagination import BoundedLimitOffsetPagination
from thidua.core.rules import allows
from thidua.organisations import services
from thidua.organisations.models import Person, Province, Unit
from thidua.organisations.selectors import (
    lineage_events_of,
    predecessors_of,
    search_units,
    successors_of,
    visible_people,
)

router = Router(tags=["Cơ quan, đơn vị"])


class ProvinceOut(Schema):
    code: str
    name: str
    division_type: str
    is_current: bool
    successor_code: str | None = Field(None, alias="successor.code")


class UnitOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    parent_code: str | None = Field(None, alias="parent.code")
    province: str | None = Field(None, alias="province.name")
    active_from: datetime.date | None
    active_to: datetime.date | None


class LineageEventOut(Schema):
    kind: str
    date: datetime.date
    legal_basis: str
    predecessors: list[str]
    successors: list[str]


class UnitDetailOut(UnitOut):
    predecessors: list[UnitOut]
    successors: list[UnitOut]
    lineage: list[LineageEventOut]


class UnitIn(Schema):
    code: str
    name: str
    kind: str
    parent_code: str | None = None
    short_name: str = ""
    province_code: str | None = None
    active_from: datetime.date | None = None


class LineageIn(Schema):
    kind: str
    date: datetime.date
    legal_basis: str
    predecessor_codes: list[str]
    successor_codes: list[str]
    note: str = ""


class PersonOut(Schema):
    id: int
    full_name: str
    gender: str
    birth_year: int | None
    citizen_id: str = Field("", alias="masked_citizen_id")


@router.get(
    "/provinces",
    response=list[ProvinceOut],
    auth=None,
    summary="Tỉnh, thành phố (34 hiện hành và 63 trước 2025)",
)
def list_provinces(request: HttpRequest) -> QuerySet[Province]:
    return Province.objects.select_related("successor").order_by("-is_current", "sort_key")


@router.get("/units", response=list[UnitOut], auth=None, summary="Danh sách đơn vị")
@paginate(BoundedLimitOffsetPagination)
def list_units(
    request: HttpRequest, q: str = "", kind: str = "", province: str = "", active: bool | None = None
) -> QuerySet[Unit]:
    units = Unit.objects.select_related("parent", "province").order_by("sort_key", "id")
    if q:
        units = search_units(units, q)
    if kind:
        units = units.filter(kind=kind)
    if province:
        units = units.filter(province__code=province)
    if active is not None:
        today = timezone.localdate()
        current = Q(active_to__isnull=True) | Q(active_to__gte=today)
        units = units.filter(current) if active else units.exclude(current)
    return units


def _unit_by_code(code: str) -> Unit:
    return get_object_or_404(Unit.objects.select_related("parent", "province"), code=code)


@router.get(
    "/units/{code}", response=UnitDetailOut, auth=None, summary="Một đơn vị với lịch sử sáp nhập, chia tách"
)
def get_unit(request: HttpRequest, code: str) -> Unit:
    unit = _unit_by_code(code)
    related = "parent", "province"
    # Attributes on the unit itself, so the schema still reads `parent.code` and `province.name`
    # (a dict of the schema's fields dropped them: every parent_code came out null).
    unit.predecessors = list(predecessors_of(unit).select_related(*related).order_by("sort_key"))  # type: ignore[attr-defined]
    unit.successors = list(successors_of(unit).select_related(*related).order_by("sort_key"))  # type: ignore[attr-defined]
    unit.lineage = [  # type: ignore[attr-defined]
        {
            "kind": event.kind,
            "date": event.date,
            "legal_basis": event.legal_basis,
            "predecessors": [u.code for u in event.predecessors.all()],
            "successors": [u.code for u in event.successors.all()],
        }
        for event in lineage_events_of(unit)
    ]
    return unit


@router.post("/units", response={201: UnitOut}, summary="Tạo đơn vị")
def create_unit(request: HttpRequest, payload: UnitIn) -> tuple[int, Unit]:
    parent = _unit_by_code(payload.parent_code) if payload.parent_code else None
    province = (
        get_object_or_404(Province, code=payload.province_code, is_current=True)
        if payload.province_code
        else None
    )
    unit = services.create_unit(
        actor=request.user,
        code=payload.code,
        name=payload.name,
        kind=payload.kind,
        parent=parent,
        short_name=payload.short_name,
        province=province,
        active_from=payload.active_from,
    )
    return 201, unit


@router.post(
    "/lineage-events", response={201: LineageEventOut}, summary="Ghi sự kiện sáp nhập, chia tách, đổi tên"
)
def create_lineage_event(request: HttpRequest, payload: LineageIn) -> tuple[int, dict[str, object]]:
    before = [_unit_by_code(code) for code in payload.predecessor_codes]
    after = [_unit_by_code(code) for code in payload.successor_codes]
    event = services.record_lineage_event(
        actor=request.user,
        kind=payload.kind,
        date=payload.date,
        legal_basis=payload.legal_basis,
        predecessors=before,
        successors=after,
        note=payload.note,
    )
    return 201, {
        "kind": event.kind,
        "date": event.date,
        "legal_basis": event.legal_basis,
        "predecessors": [u.code for u in before],
        "successors": [u.code for u in after],
    }


@router.get("/people", response=list[PersonOut], summary="Cá nhân trong phạm vi của người dùng")
@paginate(BoundedLimitOffsetPagination)
def list_people(request: HttpRequest, q: str = "") -> QuerySet[Person]:
    people = visible_people(request.user)
    for word in q.split():
        people = people.filter(
            Q(given_name__icontains=word) | Q(family_name__icontains=word) | Q(middle_name__icontains=word)
        )
    return people.order_by("sort_key", "id")


@router.get("/people/{person_id}", response=PersonOut, summary="Một cá nhân")
def get_person(request: HttpRequest, person_id: int) -> Person:
    person = get_object_or_404(Person.objects.prefetch_related("positions__unit"), pk=person_id)
    if not allows(request.user, "organisations.view_person", person):
        # 404 like a missing person, as on the page: whether a person exists is itself personal data.
        raise Http404
    return person
