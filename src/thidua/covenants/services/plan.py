"""The year's plan: drafted by the leader, commented per item by members, adopted at a conference."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from thidua.clusters import services as cluster_services
from thidua.clusters.enums import OutcomeKind
from thidua.clusters.models import Conference, EmulationYear
from thidua.core import clock
from thidua.core.audited import create_audited, delete_audited, save_audited
from thidua.core.errors import Conflict, InvalidInput
from thidua.core.rules import require
from thidua.covenants.enums import PlanItemKind, PlanStatus, TaskStatus
from thidua.covenants.models import Plan, PlanComment, PlanItem
from thidua.covenants.rules import acts_for_member
from thidua.covenants.selectors import member_units
from thidua.covenants.services.covenant import renumber_rows
from thidua.documents.services import next_document_number
from thidua.organisations.models import Unit

ADOPTED_MESSAGE = "Kế hoạch đã được hội nghị thông qua, không thể sửa."


def document_issuer(emulation_year: EmulationYear) -> str:
    return f"cluster:{emulation_year.cluster_id}"


def _require_draft(plan: Plan) -> None:
    if plan.status == PlanStatus.ADOPTED:
        raise Conflict(ADOPTED_MESSAGE, code="frozen")


def _locked_draft(plan: Plan) -> Plan:
    """Lock the plan row, so an edit and the adoption cannot interleave, and require a draft."""
    locked = Plan.objects.select_for_update().select_related("emulation_year__cluster").get(pk=plan.pk)
    plan.status = locked.status
    _require_draft(locked)
    return locked


@transaction.atomic
def create_plan(*, actor: Any, emulation_year: EmulationYear, title: str, introduction: str = "") -> Plan:
    require(actor, "covenants.lead_year", emulation_year)
    if not title.strip():
        raise InvalidInput("Tên kế hoạch không được để trống.", fields={"title": "required"})
    if Plan.objects.filter(emulation_year=emulation_year).exists():
        raise Conflict(f"Năm {emulation_year.year} đã có kế hoạch.", fields={"title": "duplicate"})
    return create_audited(
        Plan,
        actor=actor,
        action="covenants.plan.create",
        emulation_year=emulation_year,
        title=title.strip(),
        introduction=introduction.strip(),
    )


def _check_item(
    *, plan: Plan, kind: str, text: str, responsible_unit: Unit | None, deadline: datetime.date | None
) -> None:
    if kind not in PlanItemKind.values:
        raise InvalidInput(f"Loại nội dung «{kind}» không hợp lệ.", fields={"kind": "invalid"})
    if not text.strip():
        raise InvalidInput("Nội dung không được để trống.", fields={"text": "required"})
    if responsible_unit is not None and responsible_unit.pk not in {
        u.pk for u in member_units(plan.emulation_year)
    }:
        raise InvalidInput(
            f"«{responsible_unit}» không phải thành viên của Cụm năm {plan.emulation_year.year}.",
            fields={"responsible_unit": "not_member"},
        )
    if deadline is not None and deadline.year not in (plan.emulation_year.year, plan.emulation_year.year + 1):
        raise InvalidInput(
            f"Thời hạn {deadline:%d/%m/%Y} không thuộc năm thi đua {plan.emulation_year.year}.",
            fields={"deadline": "invalid"},
        )


@transaction.atomic
def add_plan_item(
    *,
    actor: Any,
    plan: Plan,
    kind: str,
    text: str,
    responsible_unit: Unit | None = None,
    deadline: datetime.date | None = None,
) -> PlanItem:
    require(actor, "covenants.lead_year", plan.emulation_year)
    plan = _locked_draft(plan)
    _check_item(plan=plan, kind=kind, text=text, responsible_unit=responsible_unit, deadline=deadline)
    order = PlanItem.objects.filter(plan=plan, kind=kind).count() + 1
    return create_audited(
        PlanItem,
        actor=actor,
        action="covenants.plan.item_add",
        target=plan,
        plan=plan,
        kind=kind,
        order=order,
        text=text.strip(),
        responsible_unit=responsible_unit,
        deadline=deadline,
    )


@transaction.atomic
def update_plan_item(
    *,
    actor: Any,
    item: PlanItem,
    text: str,
    responsible_unit: Unit | None = None,
    deadline: datetime.date | None = None,
) -> PlanItem:
    require(actor, "covenants.lead_year", item.plan.emulation_year)
    _locked_draft(item.plan)
    _check_item(
        plan=item.plan, kind=item.kind, text=text, responsible_unit=responsible_unit, deadline=deadline
    )
    return save_audited(
        item,
        actor=actor,
        action="covenants.plan.item_update",
        target=item.plan,
        changes={"text": text.strip(), "responsible_unit": responsible_unit, "deadline": deadline},
    )


@transaction.atomic
def remove_plan_item(*, actor: Any, item: PlanItem) -> None:
    plan = item.plan
    require(actor, "covenants.lead_year", plan.emulation_year)
    _locked_draft(plan)
    kind = item.kind
    delete_audited(item, actor=actor, action="covenants.plan.item_remove", target=plan)
    renumber_rows(list(PlanItem.objects.filter(plan=plan, kind=kind).order_by("order", "id")))


@transaction.atomic
def comment_on_plan_item(*, actor: Any, item: PlanItem, text: str, unit: Unit | None = None) -> PlanComment:
    """A member comments on one item of the draft; the comment names the member unit."""
    emulation_year = item.plan.emulation_year
    require(actor, "covenants.comment_plan", emulation_year)
    _locked_draft(item.plan)
    if not text.strip():
        raise InvalidInput("Góp ý không được để trống.", fields={"text": "required"})
    if len(text) > 4000:
        raise InvalidInput("Góp ý dài quá 4000 ký tự.", fields={"text": "too_long"})
    if unit is not None and not (actor is None or acts_for_member(actor, emulation_year, unit)):
        raise InvalidInput(f"Bạn không góp ý thay cho «{unit}» được.", fields={"unit": "invalid"})
    if unit is None and actor is not None:
        unit = next(
            (u for u in member_units(emulation_year) if acts_for_member(actor, emulation_year, u)), None
        )
    return create_audited(
        PlanComment,
        actor=actor,
        action="covenants.plan.comment",
        target=item.plan,
        item=item,
        author=actor,
        unit=unit,
        text=text.strip(),
        created_at=clock.now(),
    )


@transaction.atomic
def adopt_plan(*, actor: Any, plan: Plan, conference: Conference, adopted_by: str = "") -> Plan:
    """The conference adopts the plan: it gets its number and becomes read-only."""
    emulation_year = plan.emulation_year
    require(actor, "covenants.lead_year", emulation_year)
    plan = _locked_draft(plan)
    if conference.cluster_id != emulation_year.cluster_id or conference.year != emulation_year.year:
        raise InvalidInput(
            "Hội nghị thông qua phải là hội nghị của Cụm trong năm thi đua này.",
            fields={"conference": "invalid"},
        )
    if not PlanItem.objects.filter(plan=plan, kind=PlanItemKind.KEY_TASK).exists():
        raise InvalidInput(
            "Kế hoạch cần ít nhất một nhiệm vụ trọng tâm trước khi thông qua.", fields={"items": "empty"}
        )
    save_audited(
        plan,
        actor=actor,
        action="covenants.plan.adopt",
        changes={
            "status": PlanStatus.ADOPTED,
            "adopted_at": conference,
            "adopted_on": conference.date,
            "adopted_place": conference.place,
            "adopted_by": adopted_by.strip() or f"Hội nghị {conference.title}",
            "number": next_document_number(issuer=document_issuer(emulation_year), year=emulation_year.year),
        },
    )
    if not conference.outcomes.filter(kind=OutcomeKind.PLAN_ADOPTED).exists():
        cluster_services.record_outcome(
            actor=actor,
            conference=conference,
            kind=OutcomeKind.PLAN_ADOPTED,
            description=f"Thông qua {plan.title}.",
        )
    return plan


@transaction.atomic
def set_task_status(*, actor: Any, item: PlanItem, status: str) -> PlanItem:
    """The progress of a key task is kept up to date after adoption, by the leader."""
    require(actor, "covenants.lead_year", item.plan.emulation_year)
    if status not in TaskStatus.values:
        raise InvalidInput(f"Trạng thái «{status}» không hợp lệ.", fields={"status": "invalid"})
    return save_audited(
        item, actor=actor, action="covenants.plan.task_status", target=item.plan, changes={"status": status}
    )
