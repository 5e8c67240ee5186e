"""Pages of the certificates app: public verification; officers' certificate lists, a decision's
certificates (batch print, ZIP, digital signature), print layouts and statistics. Thin: selectors
read, services write."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from thidua.awards.models import Decision
from thidua.certificates import services, verification
from thidua.certificates import statistics as stats_module
from thidua.certificates.enums import BlankKind
from thidua.certificates.layouts import FIELD_LIMITS, FIELDS, QR, QR_LIMITS
from thidua.certificates.models import Certificate, CertificateLayout, DecisionSignature
from thidua.certificates.selectors import (
    certifiable_conferrals,
    certificate_by_code,
    may_see_certificates,
    visible_certificates,
)
from thidua.core.errors import InvalidInput
from thidua.core.pages import named, page_action, refuse
from thidua.core.rules import allows
from thidua.core.years import RECORD_YEARS, parse_optional_year

PAGE_SIZE = 50
MAX_PEM_BYTES = 64 * 1024


# --- public verification -----------------------------------------------------------------------------


@require_GET
def verify_form(request: HttpRequest) -> HttpResponse:
    """A code typed by hand (the QR code links straight to the result)."""
    typed = request.GET.get("ma", "").strip()[:64]
    if typed:
        code = verification.normalise(typed)
        if code is not None:
            return redirect("certificates:verify", code=verification.display(code))
        return render(
            request, "certificates/verify_form.html", {"typed": typed, "malformed": True}, status=404
        )
    return render(request, "certificates/verify_form.html", {"typed": ""})


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    certificate = certificate_by_code(code[:64])
    if certificate is None:
        return render(
            request, "certificates/verify_form.html", {"typed": code[:64], "malformed": True}, status=404
        )
    payload = services.verification_payload(certificate)
    return render(
        request,
        "certificates/verify.html",
        {
            "v": payload,
            "decision_date_vn": certificate.content.get("decision_date_vn", ""),
            "revoked": payload["status"] == "revoked",
            "revoked_on": certificate.conferral.revoked_on,
        },
    )


# --- files of one certificate ------------------------------------------------------------------------


def _certificate(request: HttpRequest, code: str) -> Certificate:
    certificate = certificate_by_code(code)
    if certificate is None:
        raise Http404
    full = Certificate.objects.select_related("conferral__record__person", "conferral__record__unit").get(
        pk=certificate.pk
    )
    if not allows(request.user, "certificates.view_certificate", full):
        raise Http404  # a person's registry is private: the same answer as a missing code
    return full


@login_required
def print_file(request: HttpRequest, code: str) -> FileResponse:
    certificate = _certificate(request, code)
    if not certificate.pdf:
        raise Http404
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=services.safe_filename(1, certificate),
        content_type="application/pdf",
    )


@login_required
def plain_copy(request: HttpRequest, code: str) -> HttpResponse:
    certificate = _certificate(request, code)
    response = HttpResponse(services.plain_paper_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ban-sao-{certificate.code}.pdf"'
    return response


# --- officers' list ------------------------------------------------------------------------------------


@login_required
def certificate_list(request: HttpRequest) -> HttpResponse:
    if not may_see_certificates(request.user):
        return refuse(request)
    error = ""
    try:
        year = parse_optional_year(request.GET.get("year", ""), years=RECORD_YEARS)
    except InvalidInput as exc:
        year, error = None, exc.message
    number = request.GET.get("decision", "").strip()[:60]
    rows = visible_certificates(request.user, year=year, decision_number=number)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "certificates/list.html",
        {
            "page": page,
            "year": year or "",
            "decision": number,
            "error": error,
            "may_change_layouts": allows(request.user, "certificates.change_layout"),
        },
        status=422 if error else 200,
    )


# --- a decision's certificates -------------------------------------------------------------------------


@login_required
@named("certificates:decision")
def decision_page(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision, pk=pk)
    can_issue = allows(request.user, "certificates.issue_certificates", decision)
    if not can_issue and not may_see_certificates(request.user):
        return refuse(request)
    entries = list(certifiable_conferrals(decision.pk).select_related("certificate"))
    issued = Certificate.objects.filter(conferral__decision=decision).count()
    return render(
        request,
        "certificates/decision.html",
        {
            "decision": decision,
            "entries": entries,
            "issued": issued,
            "can_issue": can_issue,
            "can_sign": allows(request.user, "certificates.sign_decision", decision),
            "signature": DecisionSignature.objects.filter(decision=decision).first(),
        },
    )


@page_action(decision_page)
def generate(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision, pk=pk)
    job = services.start_generation(actor=request.user, decision=decision)
    return redirect("core:job_progress", pk=job.pk)


@page_action(decision_page)
def sign(request: HttpRequest, pk: int) -> None:
    decision = get_object_or_404(Decision, pk=pk)
    key, cert = request.FILES.get("key"), request.FILES.get("certificate")
    if key is None or cert is None:
        raise InvalidInput(
            "Cần chọn tệp khóa riêng và tệp chứng thư số (PEM).", fields={"certificate": "required"}
        )
    if (key.size or 0) > MAX_PEM_BYTES or (cert.size or 0) > MAX_PEM_BYTES:
        raise InvalidInput(
            "Tệp khóa hoặc chứng thư số quá lớn (tối đa 64 KB).", fields={"certificate": "size"}
        )
    services.sign_decision_pdf(
        actor=request.user, decision=decision, key_pem=key.read(), cert_pem=cert.read()
    )


@login_required
def signed_pdf(request: HttpRequest, pk: int) -> FileResponse:
    signature = get_object_or_404(DecisionSignature, decision_id=pk)
    if not may_see_certificates(request.user):
        raise Http404
    return FileResponse(
        signature.signed_pdf.open("rb"),
        as_attachment=True,
        filename=f"quyet-dinh-{pk}-da-ky-so.pdf",
        content_type="application/pdf",
    )


@login_required
def decision_zip(request: HttpRequest, pk: int) -> HttpResponseBase:
    decision = get_object_or_404(Decision, pk=pk)
    if not allows(request.user, "certificates.issue_certificates", decision):
        return refuse(request)
    rows = (
        Certificate.objects.filter(conferral__decision=decision)
        .only("code", "content", "pdf")
        .order_by("id")
        .iterator(chunk_size=200)
    )
    response = StreamingHttpResponse(services.zip_stream(rows), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="bang-giay-quyet-dinh-{decision.pk}.zip"'
    return response


# --- print layouts ------------------------------------------------------------------------------------


@login_required
@named("certificates:layouts")
def layouts(request: HttpRequest) -> HttpResponse:
    if not allows(request.user, "certificates.change_layout"):
        return refuse(request)
    return render(
        request,
        "certificates/layouts.html",
        {"layouts": CertificateLayout.objects.all(), "kinds": BlankKind.choices},
    )


@page_action(layouts)
def create_layout(request: HttpRequest) -> HttpResponse:
    layout = services.create_layout(
        actor=request.user,
        blank_kind=request.POST.get("blank_kind", ""),
        authority=request.POST.get("authority", ""),
    )
    return redirect("certificates:layout", pk=layout.pk)


@login_required
@named("certificates:layout")
def layout_page(request: HttpRequest, pk: int) -> HttpResponse:
    layout = get_object_or_404(CertificateLayout, pk=pk)
    if not allows(request.user, "certificates.change_layout", layout):
        return refuse(request)
    rows = [
        {
            "name": name,
            "label": label,
            "parts": [
                (part, layout.fields.get(name, {}).get(part, ""), lim) for part, lim in FIELD_LIMITS.items()
            ],
        }
        for name, label in FIELDS.items()
    ]
    rows.append(
        {
            "name": QR,
            "label": "Mã QR",
            "parts": [
                (part, layout.fields.get(QR, {}).get(part, ""), lim) for part, lim in QR_LIMITS.items()
            ],
        }
    )
    return render(request, "certificates/layout.html", {"layout": layout, "rows": rows})


@page_action(layout_page)
def save_layout(request: HttpRequest, pk: int) -> None:
    layout = get_object_or_404(CertificateLayout, pk=pk)
    services.save_layout(actor=request.user, layout=layout, values=request.POST.dict())


@login_required
def calibration(request: HttpRequest, pk: int) -> HttpResponse:
    layout = get_object_or_404(CertificateLayout, pk=pk)
    if not allows(request.user, "certificates.change_layout", layout):
        return refuse(request)
    response = HttpResponse(
        services.calibration_pdf(actor=request.user, layout=layout), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="can-chinh-bo-cuc-{layout.pk}.pdf"'
    return response


# --- statistics ---------------------------------------------------------------------------------------


def _stats_year(request: HttpRequest) -> int:
    from thidua.core import clock

    year = parse_optional_year(
        request.GET.get("year", ""), years=RECORD_YEARS, default=clock.today().year - 1
    )
    assert year is not None
    return year


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    if not may_see_certificates(request.user):
        return refuse(request)
    try:
        year = _stats_year(request)
    except InvalidInput as exc:
        return render(request, "certificates/statistics.html", {"error": exc.message, "year": ""}, status=422)
    data = stats_module.year_statistics(request.user, year=year)
    return render(
        request,
        "certificates/statistics.html",
        {"stats": data, "charts": stats_module.charts(data), "year": year},
    )


@login_required
def statistics_xlsx(request: HttpRequest) -> HttpResponse:
    if not may_see_certificates(request.user):
        return refuse(request)
    try:
        year = _stats_year(request)
    except InvalidInput:
        raise Http404 from None
    response = HttpResponse(
        stats_module.statutory_report(request.user, year=year),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="bao-cao-thong-ke-khen-thuong-{year}.xlsx"'
    return response
