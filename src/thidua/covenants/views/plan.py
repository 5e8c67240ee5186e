"""The plan of the year: the page (public once adopted, `covenants.view_plan`) and its actions."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from thidua.clusters.models import Conference, EmulationYear
from thidua.core.errors import InvalidInput, NotFound
from thidua.core.pages import cleaned, named, page_action, refuse
from thidua.core.rules import allows
from thidua.covenants import services
from thidua.covenants.enums import PlanItemKind
from thidua.covenants.forms import CommentForm, PlanForm, PlanItemForm
from thidua.covenants.models import Plan, PlanItem
from thidua.covenants.selectors import plan_with_items
from thidua.covenants.views.common import form_id, year_or_404
from thidua.organisations.models import Unit


def _member_units(emulation_year: EmulationYear) -> object:
    return Unit.objects.filter(
        cluster_memberships__cluster=emulation_year.cluster, cluster_memberships__year=emulation_year.year
    ).order_by("sort_key")


@named("covenants:plan")
def plan_page(request: HttpRequest, cluster_pk: int, year: int) -> HttpResponse:
    emulation_year = year_or_404(cluster_pk, year)
    plan = plan_with_items(emulation_year)
    # The same rule as the plan's documents and the API: public once adopted.
    visible = (
        allows(request.user, "covenants.view_plan", plan)
        if plan is not None
        else allows(request.user, "covenants.view_year", emulation_year)
    )
    if not visible:
        return refuse(request, "Kế hoạch chưa được thông qua; chỉ các đơn vị trong cụm xem được dự thảo.")
    sections = []
    if plan is not None:
        for kind, label in PlanItemKind.choices:
            sections.append((label, [item for item in plan.items.all() if item.kind == kind]))
    units = _member_units(emulation_year)
    context = {
        "emulation_year": emulation_year,
        "cluster": emulation_year.cluster,
        "year": year,
        "plan": plan,
        "sections": sections,
        "may_lead": allows(request.user, "covenants.lead_year", emulation_year),
        "may_comment": allows(request.user, "covenants.comment_plan", emulation_year),
        "item_form": PlanItemForm(units=units, prefix="item"),
        "plan_form": PlanForm(prefix="plan"),
        "conferences": Conference.objects.filter(cluster=emulation_year.cluster, year=year).order_by("date"),
    }
    return render(request, "covenants/plan.html", context)


def _plan(emulation_year: EmulationYear) -> Plan:
    plan = plan_with_items(emulation_year)
    if plan is None:
        raise NotFound("Năm thi đua chưa có kế hoạch.")
    return plan


@page_action(plan_page)
def plan_create(request: HttpRequest, cluster_pk: int, year: int) -> None:
    data = cleaned(PlanForm(request.POST, prefix="plan"))
    services.create_plan(actor=request.user, emulation_year=year_or_404(cluster_pk, year), **data)


@page_action(plan_page)
def plan_item_add(request: HttpRequest, cluster_pk: int, year: int) -> None:
    emulation_year = year_or_404(cluster_pk, year)
    plan = _plan(emulation_year)
    data = cleaned(PlanItemForm(request.POST, units=_member_units(emulation_year), prefix="item"))
    services.add_plan_item(actor=request.user, plan=plan, **data)
    messages.success(request, "Đã thêm nội dung vào kế hoạch.")


@page_action(plan_page)
def plan_item_remove(request: HttpRequest, cluster_pk: int, year: int) -> None:
    plan = _plan(year_or_404(cluster_pk, year))
    item = get_object_or_404(PlanItem, plan=plan, pk=form_id(request.POST.get("item")))
    services.remove_plan_item(actor=request.user, item=item)


@page_action(plan_page)
def plan_comment(request: HttpRequest, cluster_pk: int, year: int) -> HttpResponse | None:
    emulation_year = year_or_404(cluster_pk, year)
    plan = _plan(emulation_year)
    item = get_object_or_404(PlanItem, plan=plan, pk=form_id(request.POST.get("item")))
    form = CommentForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("Góp ý không được để trống.", fields={"text": "required"})
    services.comment_on_plan_item(actor=request.user, item=item, text=form.cleaned_data["text"])
    if request.htmx:  # type: ignore[attr-defined]
        item = PlanItem.objects.prefetch_related("comments__author", "comments__unit").get(pk=item.pk)
        return render(
            request,
            "covenants/_plan_comments.html",
            {"item": item, "may_comment": True, "cluster": emulation_year.cluster, "year": year},
        )
    return None


@page_action(plan_page)
def plan_adopt(request: HttpRequest, cluster_pk: int, year: int) -> None:
    emulation_year = year_or_404(cluster_pk, year)
    plan = _plan(emulation_year)
    conference = get_object_or_404(
        Conference, pk=form_id(request.POST.get("conference")), cluster=emulation_year.cluster, year=year
    )
    services.adopt_plan(
        actor=request.user, plan=plan, conference=conference, adopted_by=request.POST.get("adopted_by", "")
    )
    messages.success(request, "Kế hoạch đã được thông qua.")
