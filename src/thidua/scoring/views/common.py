"""What the scoring pages share: the review a user may see, values read from a posted form, and the
Excel download of a sheet or of every score."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from thidua.core.errors import InvalidInput
from thidua.covenants.models import Criterion
from thidua.covenants.selectors import member_units
from thidua.organisations.models import Unit
from thidua.scoring import services
from thidua.scoring.models import CrossAssignment, Review, SelfAssessment
from thidua.scoring.rules import visible_review
from thidua.scoring.services.score_sheet import SHEET_LIMITS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def review_or_404(request: HttpRequest, pk: int) -> Review:
    return visible_review(request.user, pk)


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- reading what was posted -------------------------------------------------------------------------


def posted_date(request: HttpRequest, name: str, label: str) -> datetime.date:
    try:
        value = forms.DateField(input_formats=["%Y-%m-%d", "%d/%m/%Y"]).clean(request.POST.get(name, ""))
    except ValidationError:
        raise InvalidInput(
            f"{label}: cần một ngày hợp lệ (ngày/tháng/năm).", fields={name: "invalid"}
        ) from None
    assert isinstance(value, datetime.date)
    return value


def posted_int(request: HttpRequest, name: str) -> int:
    text = request.POST.get(name, "")
    if not text.isdigit() or len(text) > 12:
        raise InvalidInput("Dữ liệu gửi lên không hợp lệ; hãy tải lại trang.", fields={name: "invalid"})
    return int(text)


def posted_member(review: Review, request: HttpRequest, name: str, label: str) -> Unit:
    code = request.POST.get(name, "")
    for unit in member_units(review.emulation_year):
        if unit.code == code:
            return unit
    raise InvalidInput(f"{label}: hãy chọn một đơn vị thành viên của cụm.", fields={name: "invalid"})


def posted_criterion(review: Review, request: HttpRequest) -> Criterion:
    pk = posted_int(request, "criterion")
    criterion = (
        Criterion.objects.select_related("group").filter(pk=pk, group__covenant=review.covenant).first()
    )
    if criterion is None:
        raise InvalidInput("Tiêu chí không thuộc giao ước đang chấm.", fields={"criterion": "unknown"})
    return criterion


def posted_scores(request: HttpRequest, criteria: list[Any], prefix: str) -> dict[int, tuple[str, str]]:
    """{criterion id: (score, text)} for every criterion given a score (`prefix_<id>` is its text)."""
    scores = {}
    for criterion in criteria:
        value = request.POST.get(f"score_{criterion.pk}", "").strip()
        if value:
            scores[criterion.pk] = (value, request.POST.get(f"{prefix}_{criterion.pk}", ""))
    return scores


def posted_file(request: HttpRequest, name: str, *, limit: int, label: str) -> tuple[str, bytes]:
    upload = request.FILES.get(name)
    if upload is None:
        raise InvalidInput(f"Hãy chọn {label}.", fields={name: "required"})
    if upload.size is None or upload.size > limit:  # refused before reading it into memory
        raise InvalidInput(
            f"Tệp «{upload.name}» lớn hơn {limit // (1024 * 1024)} MB.", fields={name: "too_large"}
        )
    return upload.name or "", upload.read()


# --- what the self-assessment and the cross-scoring sheets both do ------------------------------------


def ask_about_evidence(request: HttpRequest, review: Review, unit: Unit, *, asker_unit: Unit | None) -> None:
    """The leader (`asker_unit` None) or a scorer asks `unit` about its evidence for one criterion."""
    services.ask_evidence_query(
        actor=request.user,
        review=review,
        unit=unit,
        criterion=posted_criterion(review, request),
        question=request.POST.get("question", ""),
        deadline=posted_date(request, "deadline", "Hạn trả lời"),
        asker_unit=asker_unit,
    )


def import_sheet(request: HttpRequest, target: SelfAssessment | CrossAssignment) -> None:
    """A filled score-sheet Excel into the sheet's draft (all or nothing)."""
    _, content = posted_file(request, "file", limit=SHEET_LIMITS.max_bytes, label="tệp Excel bảng điểm")
    count = services.import_score_sheet(
        actor=request.user, target=target, content=content, revision=posted_int(request, "revision")
    )
    messages.success(request, f"Đã nhập {count} điểm từ tệp Excel (bản nháp, chưa nộp).")
