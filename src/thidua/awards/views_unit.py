"""Pages of a unit's own year (ratings, review, statistics) and a person's own view."""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode

from thidua.awards.eligibility.codes import NAME_VI
from thidua.awards.enums import Discipline, Rating
from thidua.awards.review import REVIEW_TARGETS, UNIT_TARGETS, cstdcs_quota_pct, statistics, unit_review
from thidua.awards.selectors import latest_year_with_data, timeline
from thidua.awards.services.evaluation import person_page
from thidua.awards.services.ratings import RatingInput, import_ratings, rate_person, ratings_template
from thidua.awards.unit_year import placements
from thidua.core import clock
from thidua.core.errors import DomainError, InvalidInput
from thidua.core.pages import cleaned, named, page_action, refuse
from thidua.core.rules import allows
from thidua.core.text import fold
from thidua.core.years import RECORD_YEARS, check_year
from thidua.organisations.models import Person, Unit

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD = 5_000_000
VERDICT_FILTERS = {
    "eligible": "Đủ điều kiện",
    "not_eligible": "Chưa đủ điều kiện",
    "needs_data": "Chưa đủ dữ liệu",
    "needs_rule": "Cần nạp quy định",
    "no_data": "Chưa có sổ",
}


class RatingForm(forms.Form):
    rating = forms.ChoiceField(label="Xếp loại", choices=[("", "— chọn —"), *Rating.choices])
    discipline = forms.ChoiceField(
        label="Kỷ luật", choices=[("", "Không"), *Discipline.choices], required=False
    )
    months_worked = forms.IntegerField(label="Số tháng công tác", min_value=0, max_value=12, initial=12)
    statutory_leave_months = forms.IntegerField(
        label="Số tháng nghỉ chế độ", min_value=0, max_value=12, initial=0
    )
    absence_days = forms.IntegerField(label="Số ngày nghỉ", min_value=0, max_value=366, initial=0)
    reason = forms.CharField(label="Lý do điều chỉnh", max_length=300, required=False)


def _unit_year(request: HttpRequest, code: str, year: int, rule: str = "awards.view_unit_year") -> Unit:
    unit = get_object_or_404(Unit, code=code)
    try:
        check_year(year, years=RECORD_YEARS)
    except InvalidInput:
        raise Http404 from None
    if not allows(request.user, rule, unit):
        raise Http404  # a unit's people are personal data: as if the page did not exist
    return unit


@login_required
@named("awards:unit_ratings")
def unit_ratings(request: HttpRequest, code: str, year: int) -> HttpResponse:
    unit = _unit_year(request, code, year)
    can_enter = allows(request.user, "awards.enter_ratings", unit)
    everyone = placements(unit, year)
    rows = [p for p in everyone if p.placed_here]
    elsewhere = [p for p in everyone if not p.placed_here]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    items = []
    for placement in page:
        record = placement.record
        initial: dict[str, Any] = {"months_worked": placement.months_here}
        if record is not None:
            initial = {
                "rating": record.rating,
                "discipline": record.discipline,
                "months_worked": record.months_worked,
                "statutory_leave_months": record.statutory_leave_months,
                "absence_days": record.absence_days,
            }
        form = None
        if can_enter:
            form = RatingForm(initial=initial, prefix=f"p{placement.person.pk}")
            for field in form.fields.values():  # the inputs sit in the row's cells, the form in the last
                field.widget.attrs["form"] = f"rate-{placement.person.pk}"
        items.append((placement, form))
    context = {
        "unit": unit,
        "year": year,
        "page": page,
        "items": items,
        "elsewhere": elsewhere,
        "can_enter": can_enter,
        "rated": sum(1 for p in rows if p.record is not None and p.record.rating),
        "total": len(rows),
    }
    return render(request, "awards/unit_ratings.html", context)


@page_action(unit_ratings)
def rating_save(request: HttpRequest, code: str, year: int, person_id: int) -> None:
    unit = _unit_year(request, code, year)
    person = get_object_or_404(Person, pk=person_id)
    data = cleaned(RatingForm(request.POST, prefix=f"p{person.pk}"))
    rate_person(
        actor=request.user,
        unit=unit,
        year=year,
        item=RatingInput(
            person,
            data["rating"],
            data["discipline"] or "",
            data["months_worked"],
            data["statutory_leave_months"],
            data["absence_days"],
            data["reason"] or "",
        ),
    )
    messages.success(request, f"Đã lưu xếp loại năm {year} của {person.full_name}.")


@login_required
def ratings_download(request: HttpRequest, code: str, year: int) -> HttpResponse:
    unit = _unit_year(request, code, year)
    if not allows(request.user, "awards.enter_ratings", unit):
        return refuse(request)
    response = HttpResponse(ratings_template(actor=request.user, unit=unit, year=year), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="xep-loai-{unit.code}-{year}.xlsx"'
    return response


@page_action(unit_ratings)
def ratings_import(request: HttpRequest, code: str, year: int) -> None:
    unit = _unit_year(request, code, year)
    upload = request.FILES.get("file")
    if upload is None:
        raise InvalidInput("Chưa chọn tệp Excel.", fields={"file": "required"})
    if upload.size is None or upload.size > MAX_UPLOAD:
        raise InvalidInput(f"Tệp Excel lớn quá {MAX_UPLOAD // 1_000_000} MB.", fields={"file": "too_large"})
    report = import_ratings(actor=request.user, unit=unit, year=year, file=io.BytesIO(upload.read()))
    messages.success(
        request,
        f"Đã nhập tệp: {report.entered} người xếp loại mới, {report.corrected} điều chỉnh, "
        f"{report.unchanged} không đổi.",
    )


def _filtered(rows: list[Any], request: HttpRequest) -> tuple[list[Any], dict[str, str]]:
    query = request.GET.get("q", "")[:100]
    target = request.GET.get("target", "")
    verdict = request.GET.get("verdict", "")
    if target not in REVIEW_TARGETS:
        target = ""
    if verdict not in VERDICT_FILTERS:
        verdict = ""
    if query.strip():
        folded = fold(query)
        rows = [row for row in rows if folded in fold(row.person.full_name)]
    if target and verdict:
        rows = [row for row in rows if row.outcome(target).verdict == verdict]
    return rows, {"q": query, "target": target, "verdict": verdict}


def unit_for_year(request: HttpRequest, code: str, year: int, rule: str = "awards.view_unit_year") -> Unit:
    """The unit of a unit-year page the user may open, else 404 (also for the proposals pages)."""
    return _unit_year(request, code, year, rule)


def review_context(request: HttpRequest, unit: Unit, year: int) -> dict[str, Any]:
    """The review's list, filtered and paginated as the request asks: the context of
    awards/unit_review.html, which the proposals app's working page extends."""
    try:
        quota_pct = cstdcs_quota_pct(year)  # the rule set of the year, found before the people
        reviewed = unit_review(unit, year)
    except InvalidInput:
        raise Http404 from None  # a year before every rule set: there is no review to show
    rows, chosen = _filtered(reviewed, request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in chosen.items() if v})
    return {
        "unit": unit,
        "year": year,
        "page": page,
        "targets": [(c, NAME_VI[c]) for c in REVIEW_TARGETS],
        "unit_targets": UNIT_TARGETS,
        "verdicts": VERDICT_FILTERS.items(),
        "chosen": chosen,
        "query": query,
        "quota_pct": quota_pct,
        "count": len(rows),
    }


@login_required
@named("awards:unit_review")
def unit_review_page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    unit = _unit_year(request, code, year)
    return render(request, "awards/unit_review.html", review_context(request, unit, year))


@login_required
def unit_statistics(request: HttpRequest, code: str, year: int) -> HttpResponse:
    unit = _unit_year(request, code, year)
    everyone = placements(unit, year)
    rows = unit_review(unit, year)
    stats = statistics(year, rows, len(everyone))
    context = {
        "unit": unit,
        "year": year,
        "stats": stats,
        "ratings": [(label, stats.by_rating.get(value, 0)) for value, label in Rating.choices],
        "targets": [(NAME_VI[c], stats.eligible.get(c, 0), stats.held.get(c, 0)) for c in REVIEW_TARGETS],
    }
    return render(request, "awards/unit_statistics.html", context)


@login_required
def my_registry(request: HttpRequest) -> HttpResponse:
    """The signed-in civil servant's own page: timeline, outlook, conferrals with their decisions."""
    person = getattr(request.user, "person", None)
    if person is None:
        return render(request, "awards/me.html", {"person": None})
    year = latest_year_with_data(person, default=clock.today().year)
    years = timeline(person)
    context: dict[str, Any] = {"person": person, "years": years, "year": year}
    try:
        page = person_page(actor=request.user, subject=person, target_code="CSTDCS", year=year)
        context["prospects"] = [(NAME_VI[p.target], p) for p in page.prospects.prospects]
    except DomainError as error:
        context["error"] = error.message
    # Certificates: every conferral with its decision (the certificates app links each one).
    context["conferrals"] = [c for y in years for c in (*y.titles, *y.awards)]
    return render(request, "awards/me.html", context)
