"""The ranking after scoring: the appeal window (open, record, answer), the final ranking, and each
unit's "explain my rank" page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from thidua.core.errors import NotFound
from thidua.core.pages import page_action, refuse
from thidua.scoring import services
from thidua.scoring.explain import explain_unit_code
from thidua.scoring.models import Appeal
from thidua.scoring.outcomes import stored_outcome

from .common import posted_date, posted_member, review_or_404
from .review import review_page


@page_action(review_page)
def open_appeals(request: HttpRequest, pk: int) -> None:
    review = review_or_404(request, pk)
    deadline = posted_date(request, "appeal_deadline", "Hạn nhận kiến nghị")
    services.open_appeals(actor=request.user, review=review, appeal_deadline=deadline)
    messages.success(request, "Đã công bố kết quả tạm thời và mở thời gian nhận kiến nghị.")


@page_action(review_page)
def record_appeal(request: HttpRequest, pk: int) -> None:
    review = review_or_404(request, pk)
    unit = posted_member(review, request, "unit", "Đơn vị kiến nghị")
    services.record_appeal(
        actor=request.user,
        review=review,
        unit=unit,
        text=request.POST.get("text", ""),
        received_on=posted_date(request, "received_on", "Ngày nhận"),
    )
    messages.success(request, f"Đã ghi nhận kiến nghị của {unit.name}.")


@page_action(review_page)
def answer_appeal(request: HttpRequest, pk: int, appeal_pk: int) -> None:
    review = review_or_404(request, pk)
    appeal = Appeal.objects.filter(pk=appeal_pk, review=review).first()
    if appeal is None:
        raise NotFound("Không tìm thấy kiến nghị.")
    services.answer_appeal(
        actor=request.user,
        appeal=appeal,
        answer=request.POST.get("answer", ""),
        answered_on=posted_date(request, "answered_on", "Ngày trả lời"),
    )
    messages.success(request, f"Đã trả lời kiến nghị của {appeal.unit.name}.")


@page_action(review_page)
def finalise(request: HttpRequest, pk: int) -> None:
    review = review_or_404(request, pk)
    services.finalise_ranking(actor=request.user, review=review)
    messages.success(request, "Đã kết thúc nhận kiến nghị và công bố kết quả chính thức.")


def explain_page(request: HttpRequest, pk: int, unit_code: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return refuse(request)
    review = review_or_404(request, pk)
    stored = stored_outcome(review)
    if stored.outcome is None:
        messages.error(request, f"Chưa tính được kết quả: {stored.problem}")
        return redirect("scoring:review", pk=review.pk)
    explanation = explain_unit_code(user=request.user, review=review, stored=stored, unit_code=unit_code)
    return render(
        request, "scoring/explain.html", {"review": review, "x": explanation, "year": review.emulation_year}
    )
