"""API of emulation years, plans, covenants, signatures and registrations. Thin: calls services."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from thidua.clusters import services as cluster_services
from thidua.clusters.models import Cluster, EmulationYear
from thidua.core.errors import Forbidden, NotFound
from thidua.core.rules import allows
from thidua.core.schema import EmulationYearValue
from thidua.covenants import services
from thidua.covenants.models import Covenant, Criterion, CriterionGroup, PlanItem
from thidua.covenants.selectors import (
    covenant_table,
    current_covenant,
    plan_with_items,
    registration_rows,
    signing_progress,
    totals_report,
)
from thidua.organisations.models import Unit

router = Router(tags=["Năm thi đua, kế hoạch, giao ước"])


class EmulationYearOut(Schema):
    id: int
    cluster_id: int
    year: int
    state: str


class TransitionIn(Schema):
    to_state: str
    reason: str = ""


class PlanIn(Schema):
    title: str
    introduction: str = ""


class PlanItemIn(Schema):
    kind: str
    text: str
    responsible_unit_code: str | None = None
    deadline: datetime.date | None = None


class PlanItemOut(Schema):
    id: int
    kind: str
    order: int
    text: str
    deadline: datetime.date | None
    status: str


class PlanOut(Schema):
    id: int
    title: str
    status: str
    adopted_on: datetime.date | None
    items: list[PlanItemOut]


class CommentIn(Schema):
    text: str


class AdoptIn(Schema):
    conference_id: int
    adopted_by: str = ""


class CovenantIn(Schema):
    theme: str
    template: str | None = None
    copy_from_id: int | None = None


class CriterionOut(Schema):
    id: int
    order: int
    name: str
    max_points: Decimal
    guidance: str
    evidence: str
    legal_basis: str


class GroupOut(Schema):
    id: int
    order: int
    name: str
    max_points: Decimal
    criteria: list[CriterionOut]


class CovenantOut(Schema):
    id: int
    version: int
    status: str
    theme: str
    total_points: Decimal
    aggregation: str
    groups: list[GroupOut]
    totals_ok: bool
    totals_problems: list[str]
    signed_units: list[str]
    missing_units: list[str]


class GroupIn(Schema):
    name: str
    max_points: str


class CriterionIn(Schema):
    name: str
    max_points: str
    guidance: str = ""
    evidence: str = ""
    legal_basis: str = ""


class MoveIn(Schema):
    direction: str


class SignIn(Schema):
    unit_code: str
    signer_name: str
    signer_position: str
    signed_on: datetime.date
    place: str


class PersonIn(Schema):
    name: str
    position: str = ""
    target: str


class RegistrationIn(Schema):
    unit_code: str
    collective_targets: list[str] = []
    people: list[PersonIn] = []
    note: str = ""


class DeadlineIn(Schema):
    deadline: datetime.date


class RegistrationRowOut(Schema):
    unit: str
    subject: str
    position: str
    code: str
    label: str


def _year(year_id: int) -> EmulationYear:
    return get_object_or_404(EmulationYear.objects.select_related("cluster__authority"), pk=year_id)


def _covenant(year: EmulationYear) -> Covenant:
    covenant = current_covenant(year)
    if covenant is None:
        raise NotFound("Năm thi đua chưa có giao ước.")
    return covenant


def _covenant_out(covenant: Covenant) -> dict[str, object]:
    covenant = covenant_table(covenant)
    report = totals_report(covenant)
    progress = signing_progress(covenant)
    return {
        "id": covenant.pk,
        "version": covenant.version,
        "status": covenant.status,
        "theme": covenant.theme,
        "total_points": covenant.total_points,
        "aggregation": covenant.aggregation,
        "groups": [
            {
                **{f: getattr(g, f) for f in ("id", "order", "name", "max_points")},
                "criteria": list(g.criteria.all()),
            }
            for g in covenant.loaded_groups  # type: ignore[attr-defined]
        ],
        "totals_ok": report.ok,
        "totals_problems": list(report.problems),
        "signed_units": [s.unit.code for s in progress.signed],
        "missing_units": [u.code for u in progress.missing],
    }


@router.post(
    "/clusters/{cluster_id}/years/{year}", response={201: EmulationYearOut}, summary="Bắt đầu năm thi đua"
)
def open_year(request: HttpRequest, cluster_id: int, year: EmulationYearValue) -> tuple[int, EmulationYear]:
    cluster = get_object_or_404(Cluster.objects.select_related("authority"), pk=cluster_id)
    return 201, cluster_services.open_emulation_year(actor=request.user, cluster=cluster, year=year)


@router.get("/years/{year_id}", response=EmulationYearOut, auth=None, summary="Một năm thi đua")
def get_year(request: HttpRequest, year_id: int) -> EmulationYear:
    return _year(year_id)


@router.post(
    "/years/{year_id}/advance", response=EmulationYearOut, summary="Chuyển năm thi đua sang bước sau"
)
def advance(request: HttpRequest, year_id: int, payload: TransitionIn) -> EmulationYear:
    return cluster_services.advance_year(
        actor=request.user, emulation_year=_year(year_id), to_state=payload.to_state
    )


@router.post("/years/{year_id}/reopen", response=EmulationYearOut, summary="Mở lại năm thi đua (cần lý do)")
def reopen(request: HttpRequest, year_id: int, payload: TransitionIn) -> EmulationYear:
    return cluster_services.reopen_year(
        actor=request.user, emulation_year=_year(year_id), to_state=payload.to_state, reason=payload.reason
    )


@router.get("/years/{year_id}/plan", response=PlanOut, auth=None, summary="Kế hoạch của năm")
def get_plan(request: HttpRequest, year_id: int) -> object:
    year = _year(year_id)
    plan = plan_with_items(year)
    if plan is None:
        raise NotFound("Năm thi đua chưa có kế hoạch.")
    if not allows(request.user, "covenants.view_plan", plan):
        raise Forbidden("Bạn không có quyền xem dự thảo kế hoạch.")
    return {
        **{f: getattr(plan, f) for f in ("id", "title", "status", "adopted_on")},
        "items": list(plan.items.all()),
    }


@router.post("/years/{year_id}/plan", response={201: PlanOut}, summary="Tạo dự thảo kế hoạch")
def create_plan(request: HttpRequest, year_id: int, payload: PlanIn) -> tuple[int, object]:
    plan = services.create_plan(actor=request.user, emulation_year=_year(year_id), **payload.dict())
    return 201, {**{f: getattr(plan, f) for f in ("id", "title", "status", "adopted_on")}, "items": []}


@router.post("/years/{year_id}/plan/items", response={201: PlanItemOut}, summary="Thêm nội dung kế hoạch")
def add_plan_item(request: HttpRequest, year_id: int, payload: PlanItemIn) -> tuple[int, PlanItem]:
    year = _year(year_id)
    plan = plan_with_items(year)
    if plan is None:
        raise NotFound("Năm thi đua chưa có kế hoạch.")
    unit = (
        get_object_or_404(Unit, code=payload.responsible_unit_code) if payload.responsible_unit_code else None
    )
    item = services.add_plan_item(
        actor=request.user,
        plan=plan,
        kind=payload.kind,
        text=payload.text,
        responsible_unit=unit,
        deadline=payload.deadline,
    )
    return 201, item


@router.post("/plan-items/{item_id}/comments", response={201: dict}, summary="Góp ý một nội dung kế hoạch")
def comment(request: HttpRequest, item_id: int, payload: CommentIn) -> tuple[int, dict[str, object]]:
    item = get_object_or_404(
        PlanItem.objects.select_related("plan__emulation_year__cluster__authority"), pk=item_id
    )
    created = services.comment_on_plan_item(actor=request.user, item=item, text=payload.text)
    return 201, {"id": created.pk, "text": created.text, "unit": created.unit.code if created.unit else None}


@router.post("/years/{year_id}/plan/adopt", response=PlanOut, summary="Thông qua kế hoạch tại hội nghị")
def adopt(request: HttpRequest, year_id: int, payload: AdoptIn) -> object:
    from thidua.clusters.models import Conference

    year = _year(year_id)
    plan = plan_with_items(year)
    if plan is None:
        raise NotFound("Năm thi đua chưa có kế hoạch.")
    conference = get_object_or_404(Conference, pk=payload.conference_id)
    plan = services.adopt_plan(
        actor=request.user, plan=plan, conference=conference, adopted_by=payload.adopted_by
    )
    return {
        **{f: getattr(plan, f) for f in ("id", "title", "status", "adopted_on")},
        "items": list(plan.items.all()),
    }


@router.get(
    "/years/{year_id}/covenant", response=CovenantOut, auth=None, summary="Giao ước hiện hành của năm"
)
def get_covenant(request: HttpRequest, year_id: int) -> dict[str, object]:
    year = _year(year_id)
    covenant = _covenant(year)
    if not allows(request.user, "covenants.view_covenant", covenant):
        raise Forbidden("Giao ước chưa có hiệu lực; chỉ các đơn vị trong Cụm được xem dự thảo.")
    return _covenant_out(covenant)


@router.post("/years/{year_id}/covenant", response={201: CovenantOut}, summary="Tạo dự thảo giao ước")
def create_covenant(request: HttpRequest, year_id: int, payload: CovenantIn) -> tuple[int, dict[str, object]]:
    year = _year(year_id)
    if payload.template:
        covenant = services.create_covenant_from_template(
            actor=request.user, emulation_year=year, template=payload.template, theme=payload.theme
        )
    elif payload.copy_from_id:
        source = get_object_or_404(Covenant, pk=payload.copy_from_id)
        covenant = services.create_covenant_from(
            actor=request.user, emulation_year=year, source=source, theme=payload.theme
        )
    else:
        covenant = services.create_covenant(actor=request.user, emulation_year=year, theme=payload.theme)
    return 201, _covenant_out(covenant)


@router.post("/covenants/{covenant_id}/groups", response={201: CovenantOut}, summary="Thêm nhóm tiêu chí")
def add_group(request: HttpRequest, covenant_id: int, payload: GroupIn) -> tuple[int, dict[str, object]]:
    covenant = get_object_or_404(
        Covenant.objects.select_related("emulation_year__cluster__authority"), pk=covenant_id
    )
    services.add_group(
        actor=request.user, covenant=covenant, name=payload.name, max_points=payload.max_points
    )
    return 201, _covenant_out(covenant)


@router.post("/groups/{group_id}/criteria", response={201: CovenantOut}, summary="Thêm tiêu chí")
def add_criterion(request: HttpRequest, group_id: int, payload: CriterionIn) -> tuple[int, dict[str, object]]:
    group = get_object_or_404(
        CriterionGroup.objects.select_related("covenant__emulation_year__cluster__authority"), pk=group_id
    )
    services.add_criterion(actor=request.user, group=group, **payload.dict())
    return 201, _covenant_out(group.covenant)


@router.post("/criteria/{criterion_id}/move", response=CovenantOut, summary="Đưa tiêu chí lên hoặc xuống")
def move_criterion(request: HttpRequest, criterion_id: int, payload: MoveIn) -> dict[str, object]:
    criterion = get_object_or_404(
        Criterion.objects.select_related("group__covenant__emulation_year__cluster__authority"),
        pk=criterion_id,
    )
    services.move_criterion(actor=request.user, criterion=criterion, direction=payload.direction)
    return _covenant_out(criterion.group.covenant)


@router.post("/covenants/{covenant_id}/signatures", response={201: CovenantOut}, summary="Ký giao ước")
def sign(request: HttpRequest, covenant_id: int, payload: SignIn) -> tuple[int, dict[str, object]]:
    covenant = get_object_or_404(
        Covenant.objects.select_related("emulation_year__cluster__authority"), pk=covenant_id
    )
    unit = get_object_or_404(Unit, code=payload.unit_code)
    services.sign_covenant(
        actor=request.user,
        covenant=covenant,
        unit=unit,
        signer_name=payload.signer_name,
        signer_position=payload.signer_position,
        signed_on=payload.signed_on,
        place=payload.place,
    )
    covenant.refresh_from_db()
    return 201, _covenant_out(covenant)


@router.post(
    "/covenants/{covenant_id}/versions", response={201: CovenantOut}, summary="Tạo phiên bản mới của giao ước"
)
def new_version(request: HttpRequest, covenant_id: int) -> tuple[int, dict[str, object]]:
    covenant = get_object_or_404(
        Covenant.objects.select_related("emulation_year__cluster__authority"), pk=covenant_id
    )
    return 201, _covenant_out(services.new_covenant_version(actor=request.user, covenant=covenant))


@router.get("/covenants/{covenant_id}/criteria.xlsx", auth=None, summary="Xuất bảng tiêu chí (Excel)")
def export_criteria(request: HttpRequest, covenant_id: int) -> HttpResponse:
    covenant = get_object_or_404(
        Covenant.objects.select_related("emulation_year__cluster__authority"), pk=covenant_id
    )
    if not allows(request.user, "covenants.view_covenant", covenant):
        raise Forbidden("Bạn không có quyền xem dự thảo giao ước.")
    return HttpResponse(
        services.export_criteria_xlsx(covenant),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@router.put("/years/{year_id}/registration-deadline", response=dict, summary="Đặt hạn đăng ký thi đua")
def set_deadline(request: HttpRequest, year_id: int, payload: DeadlineIn) -> dict[str, object]:
    call = services.set_registration_deadline(
        actor=request.user, emulation_year=_year(year_id), deadline=payload.deadline
    )
    return {"deadline": call.deadline}


@router.post("/years/{year_id}/registrations", response={201: dict}, summary="Gửi đăng ký thi đua của đơn vị")
def register(request: HttpRequest, year_id: int, payload: RegistrationIn) -> tuple[int, dict[str, object]]:
    unit = get_object_or_404(Unit, code=payload.unit_code)
    registration = services.submit_registration(
        actor=request.user,
        emulation_year=_year(year_id),
        unit=unit,
        collective_targets=payload.collective_targets,
        people=[
            services.PersonTargetInput(name=p.name, position=p.position, target=p.target)
            for p in payload.people
        ],
        note=payload.note,
    )
    return 201, {"id": registration.pk, "unit": unit.code, "entries": registration.entries.count()}


@router.get(
    "/years/{year_id}/registrations", response=list[RegistrationRowOut], summary="Tổng hợp đăng ký thi đua"
)
def registrations(request: HttpRequest, year_id: int) -> list[dict[str, str]]:
    year = _year(year_id)
    if not allows(request.user, "covenants.view_registrations", year):
        raise Forbidden("Chỉ trưởng cụm và cơ quan quản lý xem được bảng tổng hợp.")
    keys = ("unit", "subject", "position", "code", "label")
    return [dict(zip(keys, row, strict=True)) for row in registration_rows(year)]
