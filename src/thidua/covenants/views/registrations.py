"""Registrations of the year (đăng ký thi đua): the page, setting the deadline, a unit's
registration, and the leader's Excel summary."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thidua.core.errors import DomainError, InvalidInput
from thidua.core.pages import cleaned, named, page_action, refuse
from thidua.core.rules import allows
from thidua.covenants import services
from thidua.covenants.forms import DeadlineForm, RegistrationForm
from thidua.covenants.selectors import registration_rows, registrations_of, units_user_acts_for
from thidua.covenants.views.common import XLSX, year_or_404
from thidua.organisations.models import Unit


def parse_people(text: str) -> list[services.PersonTargetInput]:
    people = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(";")]
        if len(parts) != 3:
            raise InvalidInput(
                f"Dòng {number} của danh sách cá nhân phải có dạng «Họ và tên; Chức vụ; Mã danh hiệu»."
            )
        people.append(services.PersonTargetInput(name=parts[0], position=parts[1], target=parts[2].upper()))
    return people


@named("covenants:registrations")
@login_required
def registrations_page(request: HttpRequest, cluster_pk: int, year: int) -> HttpResponse:
    emulation_year = year_or_404(cluster_pk, year)
    if not allows(request.user, "covenants.view_year", emulation_year):
        return refuse(request)
    own = units_user_acts_for(request.user, emulation_year)
    units = Unit.objects.filter(pk__in=[u.pk for u in own]).order_by("sort_key")
    may_lead = allows(request.user, "covenants.view_registrations", emulation_year)
    call = getattr(emulation_year, "registration_call", None)
    context = {
        "emulation_year": emulation_year,
        "cluster": emulation_year.cluster,
        "year": year,
        "form": RegistrationForm(units=units, prefix="reg", initial={"unit": own[0].code}) if own else None,
        "deadline_form": DeadlineForm(
            prefix="deadline", initial={"deadline": call.deadline if call else None}
        ),
        "call": call,
        "may_lead": may_lead,
        "rows": registration_rows(emulation_year) if may_lead else [],
        "own_registrations": [
            r for r in registrations_of(emulation_year) if r.unit_id in {u.pk for u in own}
        ],
    }
    return render(request, "covenants/registrations.html", context)


@page_action(registrations_page)
def registration_deadline(request: HttpRequest, cluster_pk: int, year: int) -> None:
    data = cleaned(DeadlineForm(request.POST, prefix="deadline"))
    services.set_registration_deadline(
        actor=request.user, emulation_year=year_or_404(cluster_pk, year), deadline=data["deadline"]
    )
    messages.success(request, "Đã đặt hạn đăng ký.")


@page_action(registrations_page)
def registration_submit(request: HttpRequest, cluster_pk: int, year: int) -> None:
    emulation_year = year_or_404(cluster_pk, year)
    own = units_user_acts_for(request.user, emulation_year)
    units = Unit.objects.filter(pk__in=[u.pk for u in own]).order_by("sort_key")
    data = cleaned(RegistrationForm(request.POST, units=units, prefix="reg"))
    services.submit_registration(
        actor=request.user,
        emulation_year=emulation_year,
        unit=data["unit"],
        collective_targets=data["collective_targets"],
        people=parse_people(data["people"]),
        note=data["note"],
    )
    messages.success(request, f"Đã gửi đăng ký thi đua của «{data['unit']}».")


@login_required
def registrations_export(request: HttpRequest, cluster_pk: int, year: int) -> HttpResponse:
    emulation_year = year_or_404(cluster_pk, year)
    try:
        content = services.export_registrations_xlsx(actor=request.user, emulation_year=emulation_year)
    except DomainError:
        raise PermissionDenied from None
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="dang-ky-thi-dua-{year}.xlsx"'
    return response
