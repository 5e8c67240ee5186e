"""The covenant of the year: the page (public once in force, `covenants.view_covenant`), its
actions (start, settings, sign, new version, Excel import), the Excel export and the signed PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from thidua.clusters.models import EmulationYear
from thidua.core.errors import InvalidInput, NotFound
from thidua.core.pages import cleaned, named, page_action, refuse
from thidua.core.rules import allows
from thidua.covenants import services
from thidua.covenants.enums import CovenantStatus
from thidua.covenants.forms import CovenantSettingsForm, CovenantStartForm, SignForm, UploadForm
from thidua.covenants.models import Covenant
from thidua.covenants.selectors import (
    covenant_table,
    current_covenant,
    signing_progress,
    totals_report,
    units_user_acts_for,
)
from thidua.covenants.services.excel import MAX_BYTES as MAX_XLSX_BYTES
from thidua.covenants.views.common import VERIFY_PARAMETER, XLSX, year_or_404
from thidua.organisations.models import Unit


def covenant_context(
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


def _visible(request: HttpRequest, emulation_year: EmulationYear, covenant: Covenant | None) -> bool:
    if covenant is not None:
        return allows(request.user, "covenants.view_covenant", covenant)
    return allows(request.user, "covenants.view_year", emulation_year)


@named("covenants:covenant")
def covenant_page(request: HttpRequest, cluster_pk: int, year: int) -> HttpResponse:
    emulation_year = year_or_404(cluster_pk, year)
    covenant = current_covenant(emulation_year)
    if not _visible(request, emulation_year, covenant):
        return refuse(request, "Giao ước chưa có hiệu lực; chỉ các đơn vị trong cụm xem được dự thảo.")
    return render(request, "covenants/covenant.html", covenant_context(request, emulation_year, covenant))


def _covenant(cluster_pk: int, year: int) -> tuple[EmulationYear, Covenant]:
    emulation_year = year_or_404(cluster_pk, year)
    covenant = current_covenant(emulation_year)
    if covenant is None:
        raise NotFound("Năm thi đua chưa có giao ước.")
    return emulation_year, covenant


@page_action(covenant_page)
def covenant_start(request: HttpRequest, cluster_pk: int, year: int) -> None:
    emulation_year = year_or_404(cluster_pk, year)
    data = cleaned(CovenantStartForm(request.POST, prefix="start"))
    source, theme = data["source"], data["theme"]
    if source.startswith("template:"):
        services.create_covenant_from_template(
            actor=request.user, emulation_year=emulation_year, template=source.split(":", 1)[1], theme=theme
        )
    elif source.startswith("covenant:"):
        previous = get_object_or_404(Covenant, pk=source.split(":", 1)[1])
        services.create_covenant_from(
            actor=request.user, emulation_year=emulation_year, source=previous, theme=theme
        )
    else:
        services.create_covenant(actor=request.user, emulation_year=emulation_year, theme=theme)
    messages.success(request, "Đã tạo dự thảo giao ước.")


@page_action(covenant_page)
def covenant_settings(request: HttpRequest, cluster_pk: int, year: int) -> None:
    _, covenant = _covenant(cluster_pk, year)
    form = CovenantSettingsForm(request.POST, prefix="settings")
    if not form.is_valid():
        raise InvalidInput("Thông tin giao ước chưa hợp lệ.", fields=dict.fromkeys(form.errors, "invalid"))
    services.update_covenant(actor=request.user, covenant=covenant, **form.cleaned_data)
    messages.success(request, "Đã lưu giao ước.")


@page_action(covenant_page)
def covenant_sign(request: HttpRequest, cluster_pk: int, year: int) -> None:
    emulation_year, covenant = _covenant(cluster_pk, year)
    units = Unit.objects.filter(pk__in=[u.pk for u in units_user_acts_for(request.user, emulation_year)])
    form = SignForm(request.POST, units=units, prefix="sign")
    if not form.is_valid():
        raise InvalidInput(
            "Thông tin ký chưa đủ: "
            + "; ".join(
                f"{form.fields[name].label}: {' '.join(errs)}"
                for name, errs in form.errors.items()
                if name in form.fields
            ),
            fields=dict.fromkeys(form.errors, "invalid"),
        )
    services.sign_covenant(actor=request.user, covenant=covenant, **form.cleaned_data)
    messages.success(request, f"«{form.cleaned_data['unit']}» đã ký giao ước.")


@page_action(covenant_page)
def covenant_new_version(request: HttpRequest, cluster_pk: int, year: int) -> None:
    _, covenant = _covenant(cluster_pk, year)
    services.new_covenant_version(actor=request.user, covenant=covenant)
    messages.success(request, "Đã tạo phiên bản mới của giao ước; mọi đơn vị cần ký lại.")


@page_action(covenant_page)
def covenant_import(request: HttpRequest, cluster_pk: int, year: int) -> None:
    _, covenant = _covenant(cluster_pk, year)
    upload = request.FILES.get("xlsx-file")
    if upload is None:
        raise InvalidInput("Chưa chọn tệp Excel.", fields={"file": "required"})
    if upload.size is None or upload.size > MAX_XLSX_BYTES:
        raise InvalidInput(f"Tệp Excel lớn quá {MAX_XLSX_BYTES // 1048576} MB.", fields={"file": "too_large"})
    services.import_criteria_xlsx(actor=request.user, covenant=covenant, content=upload.read())
    messages.success(request, "Đã nhập bảng tiêu chí từ Excel.")


def criteria_export(request: HttpRequest, cluster_pk: int, year: int) -> HttpResponse:
    emulation_year = year_or_404(cluster_pk, year)
    covenant = current_covenant(emulation_year)
    if covenant is None:
        raise Http404
    if not allows(request.user, "covenants.view_covenant", covenant):
        return refuse(request)
    response = HttpResponse(services.export_criteria_xlsx(covenant), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="tieu-chi-{year}-v{covenant.version}.xlsx"'
    return response


def signed_pdf(request: HttpRequest, cluster_pk: int, year: int) -> HttpResponse:
    emulation_year = year_or_404(cluster_pk, year)
    covenant = current_covenant(emulation_year)
    if covenant is None or not covenant.signed_pdf:
        raise Http404
    if not allows(request.user, "covenants.view_covenant", covenant):
        return refuse(request)
    with covenant.signed_pdf.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="giao-uoc-{year}-ky-so.pdf"'
    return response
