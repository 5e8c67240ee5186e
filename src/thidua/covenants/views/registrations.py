"""Registrations of the year (đăng ký thi đua): the page, setting the deadline, a unit's
registration (picked from its staff and the catalogue, or imported from the Excel template), and
the leader's summary."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from thidua.awards.eligibility.codes import legal_name
from thidua.clusters.models import EmulationYear
from thidua.core import clock
from thidua.core.errors import DomainError, InvalidInput
from thidua.core.pages import cleaned, named, page_action, refuse
from thidua.core.rules import allows
from thidua.covenants import services
from thidua.covenants.enums import PersonTarget, SubjectKind
from thidua.covenants.forms import DeadlineForm, RegistrationForm, UploadForm
from thidua.covenants.models import Registration
from thidua.covenants.selectors import (
    registration_day,
    registration_rows,
    registrations_of,
    staff_on,
    units_user_acts_for,
    unregistered_units,
)
from thidua.covenants.views.common import XLSX, year_or_404
from thidua.organisations.models import Position, Unit

STAFF_FIELD = "staff-{}"


def parse_people(text: str) -> list[services.PersonTargetInput]:
    people = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(";")]
        if len(parts) != 3:
            raise InvalidInput(
                f"Dòng {number} của danh sách cá nhân phải có dạng «Họ và tên; Chức vụ; Danh hiệu»."
            )
        people.append(services.PersonTargetInput(name=parts[0], position=parts[1], target=parts[2]))
    return people


def _own_units(request: HttpRequest, emulation_year: EmulationYear) -> Any:
    own = units_user_acts_for(request.user, emulation_year)
    return Unit.objects.filter(pk__in=[u.pk for u in own]).order_by("sort_key")


def _chosen_unit(units: list[Unit], code: str | None) -> Unit | None:
    return next((u for u in units if u.code == code), units[0] if units else None)


def _staff(emulation_year: EmulationYear, unit: Unit) -> list[Position]:
    return staff_on(unit, registration_day(emulation_year, clock.today()))


def _window(emulation_year: EmulationYear) -> tuple[str, Any]:
    """Is registration open today? ("not_open" | "closed" | "open", the call)."""
    call = getattr(emulation_year, "registration_call", None)
    if call is None:
        return "not_open", None
    return ("closed" if clock.today() > call.deadline else "open"), call


def _prefill(
    registration: Registration | None, staff: list[Position]
) -> tuple[dict[str, Any], dict[int, str]]:
    """The form's initial values from the unit's registration: the collective's targets, each
    staff member's target (matched by name and post) and, as text lines, the other people."""
    if registration is None:
        return {}, {}
    by_person = {(post.person.full_name, post.title): post.pk for post in staff}
    chosen: dict[int, str] = {}
    others = []
    collective = []
    for entry in registration.entries.all():
        if entry.subject_kind == SubjectKind.COLLECTIVE:
            collective.append(entry.target)
            continue
        post = by_person.get((entry.person_name, entry.person_position))
        if post is not None and post not in chosen:
            chosen[post] = entry.target
        else:
            others.append(f"{entry.person_name}; {entry.person_position}; {legal_name(entry.target)}")
    initial = {"collective_targets": collective, "people": "\n".join(others), "note": registration.note}
    return initial, chosen


@named("covenants:registrations")
@login_required
def registrations_page(request: HttpRequest, cluster_pk: int, year: int) -> HttpResponse:
    emulation_year = year_or_404(cluster_pk, year)
    if not allows(request.user, "covenants.view_year", emulation_year):
        return refuse(request)
    units = list(_own_units(request, emulation_year))
    unit = _chosen_unit(units, request.GET.get("unit") or request.POST.get("reg-unit"))
    may_lead = allows(request.user, "covenants.view_registrations", emulation_year)
    window, call = _window(emulation_year)
    registrations = list(registrations_of(emulation_year))
    own_ids = {u.pk for u in units}
    registration = next((r for r in registrations if unit and r.unit_id == unit.pk), None)
    form = staff_rows = None
    if unit is not None and window == "open":
        staff = _staff(emulation_year, unit)
        initial, chosen = _prefill(registration, staff)
        form = RegistrationForm(
            units=_own_units(request, emulation_year), prefix="reg", initial={"unit": unit.code, **initial}
        )
        staff_rows = [
            {"post": post, "field": STAFF_FIELD.format(post.pk), "value": chosen.get(post.pk, "")}
            for post in staff
        ]
    context = {
        "emulation_year": emulation_year,
        "cluster": emulation_year.cluster,
        "year": year,
        "units": units,
        "unit": unit,
        "form": form,
        "staff_rows": staff_rows,
        "person_targets": PersonTarget.choices,
        "upload_form": UploadForm(prefix="file") if form is not None else None,
        "deadline_form": DeadlineForm(
            prefix="deadline", initial={"deadline": call.deadline if call else None}
        ),
        "call": call,
        "window": window,
        "may_lead": may_lead,
        "rows": registration_rows(emulation_year) if may_lead else [],
        "unregistered": unregistered_units(emulation_year) if may_lead else [],
        "member_count": len(registrations) + len(unregistered_units(emulation_year)) if may_lead else 0,
        "own_registrations": [r for r in registrations if r.unit_id in own_ids],
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
    data = cleaned(RegistrationForm(request.POST, units=_own_units(request, emulation_year), prefix="reg"))
    unit = data["unit"]
    people = []
    for post in _staff(emulation_year, unit):
        target = request.POST.get(STAFF_FIELD.format(post.pk), "")
        if target:
            people.append(
                services.PersonTargetInput(name=post.person.full_name, position=post.title, target=target)
            )
    services.submit_registration(
        actor=request.user,
        emulation_year=emulation_year,
        unit=unit,
        collective_targets=data["collective_targets"],
        people=people + parse_people(data["people"]),
        note=data["note"],
    )
    messages.success(request, f"Đã gửi đăng ký thi đua của «{unit}».")


def _unit_of(request: HttpRequest, emulation_year: EmulationYear, code: str | None) -> Unit:
    unit = next((u for u in _own_units(request, emulation_year) if u.code == code), None)
    if unit is None:
        raise InvalidInput("Hãy chọn đơn vị mình đăng ký cho.", fields={"unit": "invalid"})
    return unit


@login_required
def registration_template(request: HttpRequest, cluster_pk: int, year: int) -> HttpResponse:
    """The unit's Excel form to fill offline (pre-filled with its staff and its registration)."""
    emulation_year = year_or_404(cluster_pk, year)
    try:
        unit = _unit_of(request, emulation_year, request.GET.get("unit"))
        content = services.registration_template_xlsx(
            actor=request.user, emulation_year=emulation_year, unit=unit
        )
    except DomainError:
        raise Http404 from None
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="mau-dang-ky-{unit.code}-{year}.xlsx"'
    return response


@page_action(registrations_page)
def registration_import(request: HttpRequest, cluster_pk: int, year: int) -> None:
    emulation_year = year_or_404(cluster_pk, year)
    unit = _unit_of(request, emulation_year, request.POST.get("reg-unit"))
    data = cleaned(UploadForm(request.POST, request.FILES, prefix="file"))
    registration = services.import_registration_xlsx(
        actor=request.user,
        emulation_year=emulation_year,
        unit=unit,
        content=data["file"].read(5 * 1024 * 1024 + 1),
    )
    messages.success(
        request,
        f"Đã nhập đăng ký thi đua của «{unit}» từ tệp Excel ({registration.entries.count()} nội dung).",
    )


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
