"""The review from its emulation year: the leader opens self-assessment there."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from thidua.core.pages import named, page_action, refuse
from thidua.core.rules import allows
from thidua.covenants.views.common import year_or_404
from thidua.scoring import services
from thidua.scoring.selectors import review_for

from .common import posted_date


@named("scoring:year")
def year_page(request: HttpRequest, cluster_pk: int, year: int) -> HttpResponse:
    """The year's review, or (before it is opened) the leader's form to open self-assessment."""
    emulation_year = year_or_404(cluster_pk, year)
    review = review_for(emulation_year)
    if review is not None:
        return redirect("scoring:review", pk=review.pk)
    if not request.user.is_authenticated:
        return refuse(request)
    if not allows(request.user, "covenants.view_year", emulation_year):
        raise Http404
    return render(
        request,
        "scoring/year.html",
        {
            "year": emulation_year,
            "leads": allows(request.user, "covenants.lead_year", emulation_year),
        },
    )


@page_action(year_page)
def start_self_assessment(request: HttpRequest, cluster_pk: int, year: int) -> HttpResponse:
    emulation_year = year_or_404(cluster_pk, year)
    review = services.start_self_assessment(
        actor=request.user,
        emulation_year=emulation_year,
        self_deadline=posted_date(request, "self_deadline", "Hạn nộp bảng tự chấm"),
    )
    messages.success(request, "Đã mở đợt tự chấm điểm; mỗi đơn vị thành viên có một bảng tự chấm.")
    return redirect("scoring:review", pk=review.pk)
