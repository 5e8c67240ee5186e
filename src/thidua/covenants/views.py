"""Pages of the emulation year: overview, plan, covenant (table editor, signing), registrations.

Each page is one view; a POST carries an `action` and calls one service. Errors of the services
are shown as page messages (or, for htmx requests, inside the swapped fragment)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from thidua.clusters import services as cluster_services
from thidua.clusters.enums import YEAR_STATE_ORDER, YearState
from thidua.clusters.models import Cluster, ClusterMembership, Conference, ConferencePhoto, EmulationYear
from thidua.clusters.selectors import conferences_for, leadership_for
from thidua.core.errors import DomainError, InvalidInput
from thidua.core.rules import allows
from thidua.covenants import services
from thidua.covenants.enums import CovenantStatus, PlanItemKind
from thidua.covenants.forms import (
    CommentForm,
    CovenantSettingsForm,
    CovenantStartForm,
    DeadlineForm,
    PlanForm,
    PlanItemForm,
    RegistrationForm,
    ReopenForm,
    SignForm,
    UploadForm,
)
from thidua.covenants.models import Covenant, Criterion, CriterionGroup, PlanItem, ScoreLine
from thidua.covenants.rules import conference_is_public
from thidua.covenants.selectors import (
    covenant_table,
    current_covenant,
    emulation_year_for,
    emulation_years,
    plan_with_items,
    registration_rows,
    registrations_of,
    signing_progress,
    totals_report,
    units_user_acts_for,
)
from thidua.covenants.services.excel import MAX_BYTES as MAX_XLSX_BYTES
from thidua.organisations.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VERIFY_PARAMETER = "kiem-tra-chu-ky"
PAGE_SIZE = 50


def _cluster_year(cluster_pk: int, year: int) -> tuple[Cluster, EmulationYear | None]:
    cluster = get_object_or_404(Cluster.objects.select_related("authority"), pk=cluster_pk)
    if not ClusterMembership.objects.filter(cluster=cluster, year=year).exists():
        raise Http404
    return cluster, emulation_year_for(cluster=cluster, year=year)


def _year_or_404(cluster_pk: int, year: int) -> EmulationYear:
    _, emulation_year = _cluster_year(cluster_pk, year)
    if emulation_year is None:
        raise Http404
    return emulation_year


def _id(value: str | None) -> int:
    """The id of a row named by a form field; anything but digits is refused before any query."""
    if value is None or not value.isdigit():
        raise InvalidInput(f"Mã «{value or ''}» không hợp lệ.", fields={"id": "invalid"})
    return int(value)


def _back(request: HttpRequest) -> HttpResponse:
    return redirect(request.get_full_path())


def year_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(emulation_years().prefetch_related("covenants"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = []
    for item in page.object_list:
        live = [c for c in item.covenants.all() if c.status != CovenantStatus.SUPERSEDED]
        rows.append((item, max(live, key=lambda c: c.version) if live else None))
    return render(request, "covenants/year_list.html", {"rows": rows, "page": page})


def year_detail(request: HttpRequest, cluster_pk: int, year: int) -> HttpResponse:
    cluster, emulation_year = _cluster_year(cluster_pk, year)
    may_lead = allows(request.user, "clusters.lead_year", (cluster, year))
    if request.method == "POST":
        if not request.user.is_authenticated:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "open":
                cluster_services.open_emulation_year(actor=request.user, cluster=cluster, year=year)
                messages.success(request, f"Đã bắt đầu năm thi đua {year}.")
            elif action == "advance" and emulation_year is not None:
                cluster_services.advance_year(
                    actor=request.user,
                    emulation_year=emulation_year,
                    to_state=request.POST.get("to_state", ""),
                )
                messages.success(
                    request, f"Năm thi đua chuyển sang bước «{emulation_year.get_state_display()}»."
                )
            elif action == "reopen" and emulation_year is not None:
                cluster_services.reopen_year(
                    actor=request.user,
                    emulation_year=emulation_year,
                    to_state=request.POST.get("to_state", ""),
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, "Đã mở lại năm thi đua.")
            return _back(request)
        except DomainError as error:
            messages.error(request, error.message)
    context: dict[str, Any] = {
        "cluster": cluster,
        "year": year,
        "emulation_year": emulation_year,
        "may_lead": may_lead,
    }
    if emulation_year is not None:
        index = YEAR_STATE_ORDER.index(emulation_year.state)
        # The public sees only what is in force: the signed covenant, the adopted plan, and then the
        # history under the leading unit's name (never the accounts nor the reasons for reopening).
        may_view = allows(request.user, "covenants.view_year", emulation_year)
        covenant = current_covenant(emulation_year)
        in_force = covenant is not None and covenant.status == CovenantStatus.IN_FORCE
        plan = plan_with_items(emulation_year)
        leadership = leadership_for(cluster=cluster, year=year)
        context.update(
            states=[
                (value, label, i < index, i == index) for i, (value, label) in enumerate(YearState.choices)
            ],
            next_state=YearState(YEAR_STATE_ORDER[index + 1]) if index + 1 < len(YEAR_STATE_ORDER) else None,
            reopen_form=_reopen_form(emulation_year),
            may_view=may_view,
            transitions=list(emulation_year.transitions.all()) if may_view or in_force else [],
            public_actor=leadership.leader.name if leadership else cluster.authority.name,
            covenant=covenant if may_view or in_force else None,
            plan=plan if plan is not None and (may_view or plan.is_adopted) else None,
            leadership=leadership,
            conferences=conferences_for(cluster=cluster)
            .filter(year=year)
            .prefetch_related("agenda_items", "outcomes", "photos"),
            # minutes and photos follow the conference rule (one answer for the whole year)
            may_see_conferences=emulation_year.state != YearState.PLANNING or may_view,
        )
    return render(request, "covenants/year_detail.html", context)


def conference_photo(request: HttpRequest, pk: int) -> FileResponse:
    """A conference photo: public once the year is past planning, before that as the year page."""
    photo = get_object_or_404(ConferencePhoto.objects.select_related("conference__cluster__authority"), pk=pk)
    public = conference_is_public(photo.conference)
    if not public and not allows(request.user, "covenants.view_conference", photo.conference):
        raise Http404("Không tìm thấy ảnh.")
    content_type = "image/png" if photo.image.name.endswith(".png") else "image/jpeg"
    response = FileResponse(photo.image.open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400" if public else "private, no-store"
    return response


def _reopen_form(emulation_year: EmulationYear) -> ReopenForm:
    form = ReopenForm()
    index = YEAR_STATE_ORDER.index(emulation_year.state)
    form.fields["to_state"].choices = list(YearState.choices)[:index]  # type: ignore[attr-defined]
    return form


@login_required
def plan_page(request: HttpRequest, cluster_pk: int, year: int) -> HttpResponse:
    emulation_year = _year_or_404(cluster_pk, year)
    if not allows(request.user, "covenants.view_year", emulation_year):
        raise PermissionDenied
    plan = plan_with_items(emulation_year)
    units = Unit.objects.filter(
        cluster_memberships__cluster=emulation_year.cluster, cluster_memberships__year=year
    ).order_by("sort_key")
    item_form = PlanItemForm(units=units, prefix="item")
    plan_form = PlanForm(prefix="plan")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "create":
                plan_form = PlanForm(request.POST, prefix="plan")
                if plan_form.is_valid():
                    services.create_plan(
                        actor=request.user, emulation_year=emulation_year, **plan_form.cleaned_data
                    )
                    return _back(request)
            elif action == "add_item" and plan is not None:
                item_form = PlanItemForm(request.POST, units=units, prefix="item")
                if item_form.is_valid():
                    services.add_plan_item(actor=request.user, plan=plan, **item_form.cleaned_data)
                    messages.success(request, "Đã thêm nội dung vào kế hoạch.")
                    return _back(request)
            elif action == "remove_item" and plan is not None:
                item = get_object_or_404(PlanItem, plan=plan, pk=_id(request.POST.get("item")))
                services.remove_plan_item(actor=request.user, item=item)
                return _back(request)
            elif action == "comment" and plan is not None:
                item = get_object_or_404(PlanItem, plan=plan, pk=_id(request.POST.get("item")))
                form = CommentForm(request.POST)
                if not form.is_valid():
                    raise InvalidInput("Góp ý không được để trống.")
                services.comment_on_plan_item(actor=request.user, item=item, text=form.cleaned_data["text"])
                if request.htmx:
                    item = PlanItem.objects.prefetch_related("comments__author", "comments__unit").get(
                        pk=item.pk
                    )
                    return render(
                        request, "covenants/_plan_comments.html", {"item": item, "may_comment": True}
                    )
                return _back(request)
            elif action == "adopt" and plan is not None:
                conference = get_object_or_404(
                    Conference,
                    pk=_id(request.POST.get("conference")),
                    cluster=emulation_year.cluster,
                    year=year,
                )
                services.adopt_plan(
                    actor=request.user,
                    plan=plan,
                    conference=conference,
                    adopted_by=request.POST.get("adopted_by", ""),
                )
                messages.success(request, "Kế hoạch đã được thông qua.")
                return _back(request)
        except DomainError as error:
            if request.htmx:
                return render(request, "covenants/_error.html", {"error": error}, status=error.http_status)
            messages.error(request, error.message)
    sections = []
    if plan is not None:
        for kind, label in PlanItemKind.choices:
            sections.append((label, [item for item in plan.items.all() if item.kind == kind]))
    context = {
        "emulation_year": emulation_year,
        "cluster": emulation_year.cluster,
        "year": year,
        "plan": plan,
        "sections": sections,
        "may_lead": allows(request.user, "covenants.lead_year", emulation_year),
        "may_comment": allows(request.user, "covenants.comment_plan", emulation_year),
        "item_form": item_form,
        "plan_form": plan_form,
        "conferences": Conference.objects.filter(cluster=emulation_year.cluster, year=year).order_by("date"),
    }
    return render(request, "covenants/plan.html", context)


def _covenant_context(
    request: HttpRequest, emulation_year: EmulationYear, covenant: Covenant | None
) -> dict[str, Any]:
    may_lead = allows(request.user, "covenants.lead_year", emulation_year)
    context: dict[str, Any] = {
        "emulation_year": emulation_year,
        "cluster": emulation_year.cluster,
        "year": emulation_year.year,
        "covenant": covenant_table(covenant) if covenant else None,
        "may_lead": may_lead,
        "may_view": allows(request.user, "covenants.view_year", emulation_year),
    }
    if covenant is not None:
        context["totals"] = totals_report(covenant)
        context["progress"] = signing_progress(covenant)
        context["editable"] = may_lead and not covenant.is_frozen
        signed_ids = {s.unit_id for s in context["progress"].signed}
        own_units = [u for u in units_user_acts_for(request.user, emulation_year) if u.pk not in signed_ids]
        if own_units and covenant.status in (CovenantStatus.DRAFT, CovenantStatus.SIGNING):
            unit_qs = Unit.objects.filter(pk__in=[u.pk for u in own_units]).order_by("sort_key")
            context["sign_form"] = SignForm(
                units=unit_qs,
                prefix="sign",
                initial={"signed_on": timezone.localdate(), "unit": own_units[0].code},
            )
        if may_lead and not covenant.is_frozen:
            context["settings_form"] = CovenantSettingsForm(
                prefix="settings",
                initial={name: getattr(covenant, name) for name in CovenantSettingsForm.base_fields},
            )
            context["upload_form"] = UploadForm(prefix="xlsx")
        if covenant.signed_pdf and request.GET.get(VERIFY_PARAMETER):
            # pyHanko validation is costly: only when someone asks for it, never on every view.
            context["pdf_verification"] = services.verify_covenant_pdf(covenant)
    elif may_lead:
        context["start_form"] = CovenantStartForm(prefix="start")
    return context


def covenant_page(request: HttpRequest, cluster_pk: int, year: int) -> HttpResponse:
    emulation_year = _year_or_404(cluster_pk, year)
    covenant = current_covenant(emulation_year)
    in_force = covenant is not None and covenant.status == CovenantStatus.IN_FORCE
    if not in_force and not allows(request.user, "covenants.view_year", emulation_year):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        raise PermissionDenied
    if request.method == "POST":
        if not request.user.is_authenticated:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "start":
                form = CovenantStartForm(request.POST, prefix="start")
                if form.is_valid():
                    source = form.cleaned_data["source"]
                    if source.startswith("template:"):
                        services.create_covenant_from_template(
                            actor=request.user,
                            emulation_year=emulation_year,
                            template=source.split(":", 1)[1],
                            theme=form.cleaned_data["theme"],
                        )
                    elif source.startswith("covenant:"):
                        previous = get_object_or_404(Covenant, pk=source.split(":", 1)[1])
                        services.create_covenant_from(
                            actor=request.user,
                            emulation_year=emulation_year,
                            source=previous,
                            theme=form.cleaned_data["theme"],
                        )
                    else:
                        services.create_covenant(
                            actor=request.user,
                            emulation_year=emulation_year,
                            theme=form.cleaned_data["theme"],
                        )
                    messages.success(request, "Đã tạo dự thảo giao ước.")
                    return _back(request)
            elif action == "settings" and covenant is not None:
                form = CovenantSettingsForm(request.POST, prefix="settings")
                if form.is_valid():
                    services.update_covenant(actor=request.user, covenant=covenant, **form.cleaned_data)
                    messages.success(request, "Đã lưu giao ước.")
                    return _back(request)
                messages.error(request, "Thông tin giao ước chưa hợp lệ.")
            elif action == "sign" and covenant is not None:
                units = Unit.objects.filter(
                    pk__in=[u.pk for u in units_user_acts_for(request.user, emulation_year)]
                )
                form = SignForm(request.POST, units=units, prefix="sign")
                if form.is_valid():
                    services.sign_covenant(actor=request.user, covenant=covenant, **form.cleaned_data)
                    messages.success(request, f"«{form.cleaned_data['unit']}» đã ký giao ước.")
                    return _back(request)
                messages.error(
                    request,
                    "Thông tin ký chưa đủ: "
                    + "; ".join(
                        f"{form.fields[name].label}: {' '.join(errs)}"
                        for name, errs in form.errors.items()
                        if name in form.fields
                    ),
                )
            elif action == "new_version" and covenant is not None:
                services.new_covenant_version(actor=request.user, covenant=covenant)
                messages.success(request, "Đã tạo phiên bản mới của giao ước; mọi đơn vị cần ký lại.")
                return _back(request)
            elif action == "import" and covenant is not None:
                upload = request.FILES.get("xlsx-file")
                if upload is None:
                    raise InvalidInput("Chưa chọn tệp Excel.")
                if upload.size is None or upload.size > MAX_XLSX_BYTES:
                    raise InvalidInput(
                        f"Tệp Excel lớn quá {MAX_XLSX_BYTES // 1048576} MB.", fields={"file": "too_large"}
                    )
                services.import_criteria_xlsx(actor=request.user, covenant=covenant, content=upload.read())
                messages.success(request, "Đã nhập bảng tiêu chí từ Excel.")
                return _back(request)
        except DomainError as error:
            messages.error(request, error.message)
    return render(request, "covenants/covenant.html", _covenant_context(request, emulation_year, covenant))


@login_required
def criteria_table(request: HttpRequest, cluster_pk: int, year: int) -> HttpResponse:
    """The htmx table editor: each POST is one change, the answer is the refreshed table."""
    emulation_year = _year_or_404(cluster_pk, year)
    covenant = current_covenant(emulation_year)
    if covenant is None or not allows(request.user, "covenants.view_year", emulation_year):
        raise PermissionDenied
    error = None
    if request.method == "POST":
        data = request.POST
        action = data.get("action", "")
        try:
            if action == "add_group":
                services.add_group(
                    actor=request.user,
                    covenant=covenant,
                    name=data.get("name", ""),
                    max_points=data.get("max_points", ""),
                )
            elif action == "add_criterion":
                group = get_object_or_404(CriterionGroup, covenant=covenant, pk=_id(data.get("group")))
                services.add_criterion(
                    actor=request.user,
                    group=group,
                    name=data.get("name", ""),
                    max_points=data.get("max_points", ""),
                    guidance=data.get("guidance", ""),
                    evidence=data.get("evidence", ""),
                    legal_basis=data.get("legal_basis", ""),
                )
            elif action == "update_group":
                group = get_object_or_404(CriterionGroup, covenant=covenant, pk=_id(data.get("group")))
                services.update_group(
                    actor=request.user,
                    group=group,
                    name=data.get("name", ""),
                    max_points=data.get("max_points", ""),
                )
            elif action in ("group_up", "group_down"):
                group = get_object_or_404(CriterionGroup, covenant=covenant, pk=_id(data.get("group")))
                services.move_group(actor=request.user, group=group, direction=action.split("_")[1])
            elif action in ("criterion_up", "criterion_down"):
                criterion = get_object_or_404(
                    Criterion, group__covenant=covenant, pk=_id(data.get("criterion"))
                )
                services.move_criterion(
                    actor=request.user, criterion=criterion, direction=action.split("_")[1]
                )
            elif action == "remove_group":
                group = get_object_or_404(CriterionGroup, covenant=covenant, pk=_id(data.get("group")))
                services.remove_group(actor=request.user, group=group)
            elif action == "remove_criterion":
                criterion = get_object_or_404(
                    Criterion, group__covenant=covenant, pk=_id(data.get("criterion"))
                )
                services.remove_criterion(actor=request.user, criterion=criterion)
            elif action == "add_line":
                services.add_score_line(
                    actor=request.user,
                    covenant=covenant,
                    kind=data.get("kind", ""),
                    name=data.get("name", ""),
                    points=data.get("points", ""),
                )
            elif action == "remove_line":
                line = get_object_or_404(ScoreLine, covenant=covenant, pk=_id(data.get("line")))
                services.remove_score_line(actor=request.user, line=line)
            else:
                raise InvalidInput("Thao tác không hợp lệ.")
        except DomainError as exc:
            error = exc
        if not request.htmx:
            if error is not None:
                messages.error(request, error.message)
            return redirect("covenants:covenant", cluster_pk=cluster_pk, year=year)
    context = _covenant_context(request, emulation_year, current_covenant(emulation_year))
    context["error"] = error
    return render(request, "covenants/_criteria_table.html", context, status=200)


def criteria_export(request: HttpRequest, cluster_pk: int, year: int) -> HttpResponse:
    emulation_year = _year_or_404(cluster_pk, year)
    covenant = current_covenant(emulation_year)
    if covenant is None:
        raise Http404
    if covenant.status != CovenantStatus.IN_FORCE and not allows(
        request.user, "covenants.view_year", emulation_year
    ):
        raise PermissionDenied
    response = HttpResponse(services.export_criteria_xlsx(covenant), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="tieu-chi-{year}-v{covenant.version}.xlsx"'
    return response


def signed_pdf(request: HttpRequest, cluster_pk: int, year: int) -> HttpResponse:
    emulation_year = _year_or_404(cluster_pk, year)
    covenant = current_covenant(emulation_year)
    if covenant is None or not covenant.signed_pdf:
        raise Http404
    with covenant.signed_pdf.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="giao-uoc-{year}-ky-so.pdf"'
    return response


def _parse_people(text: str) -> list[services.PersonTargetInput]:
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


@login_required
def registrations_page(request: HttpRequest, cluster_pk: int, year: int) -> HttpResponse:
    emulation_year = _year_or_404(cluster_pk, year)
    if not allows(request.user, "covenants.view_year", emulation_year):
        raise PermissionDenied
    own = units_user_acts_for(request.user, emulation_year)
    units = Unit.objects.filter(pk__in=[u.pk for u in own]).order_by("sort_key")
    form = RegistrationForm(units=units, prefix="reg", initial={"unit": own[0].code} if own else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "deadline":
                deadline_form = DeadlineForm(request.POST, prefix="deadline")
                if deadline_form.is_valid():
                    services.set_registration_deadline(
                        actor=request.user,
                        emulation_year=emulation_year,
                        deadline=deadline_form.cleaned_data["deadline"],
                    )
                    messages.success(request, "Đã đặt hạn đăng ký.")
                    return _back(request)
            elif action == "register":
                form = RegistrationForm(request.POST, units=units, prefix="reg")
                if form.is_valid():
                    services.submit_registration(
                        actor=request.user,
                        emulation_year=emulation_year,
                        unit=form.cleaned_data["unit"],
                        collective_targets=form.cleaned_data["collective_targets"],
                        people=_parse_people(form.cleaned_data["people"]),
                        note=form.cleaned_data["note"],
                    )
                    messages.success(request, f"Đã gửi đăng ký thi đua của «{form.cleaned_data['unit']}».")
                    return _back(request)
        except DomainError as error:
            messages.error(request, error.message)
    may_lead = allows(request.user, "covenants.view_registrations", emulation_year)
    call = getattr(emulation_year, "registration_call", None)
    context = {
        "emulation_year": emulation_year,
        "cluster": emulation_year.cluster,
        "year": year,
        "form": form if own else None,
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


@login_required
def registrations_export(request: HttpRequest, cluster_pk: int, year: int) -> HttpResponse:
    emulation_year = _year_or_404(cluster_pk, year)
    try:
        content = services.export_registrations_xlsx(actor=request.user, emulation_year=emulation_year)
    except DomainError:
        raise PermissionDenied from None
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="dang-ky-thi-dua-{year}.xlsx"'
    return response
