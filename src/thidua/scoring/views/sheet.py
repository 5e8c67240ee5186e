"""A unit's self-assessment sheet: scores with explanations, bonus and penalty claims, evidence (and
its download), the leader's return and questions, the unit's answers, the score-sheet Excel."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render

from thidua.core.errors import InvalidInput, NotFound
from thidua.core.pages import named, page_action, refuse
from thidua.core.rules import allows
from thidua.covenants.models import Criterion, ScoreLine
from thidua.organisations.models import Unit
from thidua.scoring import services
from thidua.scoring.evidence import MAX_EVIDENCE_BYTES
from thidua.scoring.models import CrossAssignment, Evidence, EvidenceQuery, SelfAssessment
from thidua.scoring.rules import acting_or_leading
from thidua.scoring.selectors import criteria_of, queries_of
from thidua.scoring.services.score_sheet import export_sheet

from .common import ask_about_evidence, import_sheet, posted_file, posted_int, posted_scores, xlsx_response


def _sheet(request: HttpRequest, pk: int) -> tuple[SelfAssessment, bool, bool]:
    sheet = get_object_or_404(
        SelfAssessment.objects.select_related(
            "review__emulation_year__cluster__authority", "review__covenant", "unit", "covenant"
        ),
        pk=pk,
    )
    acts, leads = acting_or_leading(request.user, sheet.review, sheet.unit)
    return sheet, acts, leads


@named("scoring:sheet")
def sheet_page(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return refuse(request)
    sheet, acts, leads = _sheet(request, pk)
    review = sheet.review
    criteria = criteria_of(sheet.covenant)
    stored = {s.criterion_id: s for s in sheet.scores.all()}
    claims = {c.line_id: c for c in sheet.lines.all()}
    lines = list(ScoreLine.objects.filter(covenant=sheet.covenant).order_by("kind", "order", "id"))
    by_criterion: dict[int, list[EvidenceQuery]] = {}
    for query in queries_of(review).filter(unit=sheet.unit):
        by_criterion.setdefault(query.criterion_id, []).append(query)
    rows = [(c, stored.get(c.pk), by_criterion.get(c.pk, [])) for c in criteria]
    editable = acts and sheet.status != "submitted" and review.emulation_year.state == "self_assessment"
    return render(
        request,
        "scoring/sheet.html",
        {
            "sheet": sheet,
            "review": review,
            "rows": rows,
            "criteria": criteria,
            "lines": [(line, claims.get(line.pk)) for line in lines],
            "acts": acts,
            "leads": leads,
            "evidence": list(sheet.evidence.select_related("criterion", "line")),
            "editable": editable,
            "max_mb": MAX_EVIDENCE_BYTES // (1024 * 1024),
        },
    )


def _lines_from(request: HttpRequest, sheet: SelfAssessment) -> dict[int, tuple[str, str]]:
    lines = {}
    for line in ScoreLine.objects.filter(covenant=sheet.covenant):
        value = request.POST.get(f"line_{line.pk}", "").strip()
        if value:
            lines[line.pk] = (value, request.POST.get(f"line_explanation_{line.pk}", ""))
    return lines


def _save(request: HttpRequest, sheet: SelfAssessment) -> SelfAssessment:
    return services.save_self_assessment(
        actor=request.user,
        sheet=sheet,
        revision=posted_int(request, "revision"),
        scores=posted_scores(request, criteria_of(sheet.covenant), "explanation"),
    )


@page_action(sheet_page)
def save_sheet(request: HttpRequest, pk: int) -> None:
    _save(request, _sheet(request, pk)[0])
    messages.success(request, "Đã lưu bản nháp.")


@page_action(sheet_page)
def submit_sheet(request: HttpRequest, pk: int) -> None:
    sheet = _sheet(request, pk)[0]
    saved = _save(request, sheet)
    services.submit_self_assessment(actor=request.user, sheet=sheet, revision=saved.revision)
    messages.success(request, "Đã nộp bảng tự chấm.")


@page_action(sheet_page)
def save_claims(request: HttpRequest, pk: int) -> None:
    """Bonus and penalty lines the unit claims (a line left empty is not claimed)."""
    sheet = _sheet(request, pk)[0]
    services.save_self_assessment(
        actor=request.user,
        sheet=sheet,
        revision=posted_int(request, "revision"),
        scores={},
        lines=_lines_from(request, sheet),
    )
    messages.success(request, "Đã lưu điểm thưởng, điểm trừ kê khai.")


@page_action(sheet_page)
def add_evidence(request: HttpRequest, pk: int) -> None:
    sheet = _sheet(request, pk)[0]
    target = request.POST.get("target", "")
    criterion = line = None
    if target.startswith("c") and target[1:].isdigit():
        criterion = Criterion.objects.select_related("group").filter(pk=int(target[1:])).first()
    elif target.startswith("l") and target[1:].isdigit():
        line = ScoreLine.objects.filter(pk=int(target[1:])).first()
    if criterion is None and line is None:
        raise InvalidInput("Hãy chọn tiêu chí hoặc dòng điểm của minh chứng.", fields={"target": "required"})
    link = request.POST.get("link", "").strip()
    name, content = (
        ("", None)
        if link or "file" not in request.FILES
        else posted_file(request, "file", limit=MAX_EVIDENCE_BYTES, label="tệp minh chứng")
    )
    services.add_evidence(
        actor=request.user,
        sheet=sheet,
        description=request.POST.get("description", ""),
        criterion=criterion,
        line=line,
        file_name=name,
        content=content,
        link=link,
    )
    messages.success(request, "Đã thêm minh chứng.")


@page_action(sheet_page)
def return_sheet(request: HttpRequest, pk: int) -> None:
    sheet = _sheet(request, pk)[0]
    services.return_self_assessment(actor=request.user, sheet=sheet, reason=request.POST.get("reason", ""))
    messages.success(request, "Đã trả lại bảng tự chấm cho đơn vị.")


@page_action(sheet_page)
def ask_query_on_sheet(request: HttpRequest, pk: int) -> None:
    """The leader asks the unit about its evidence for one criterion."""
    sheet = _sheet(request, pk)[0]
    ask_about_evidence(request, sheet.review, sheet.unit, asker_unit=None)
    messages.success(request, "Đã gửi câu hỏi về minh chứng cho đơn vị.")


@page_action(sheet_page)
def answer_query(request: HttpRequest, pk: int, query_pk: int) -> None:
    sheet = _sheet(request, pk)[0]
    query = EvidenceQuery.objects.filter(pk=query_pk, review=sheet.review, unit=sheet.unit).first()
    if query is None:
        raise NotFound("Không tìm thấy câu hỏi.")
    services.answer_evidence_query(actor=request.user, query=query, answer=request.POST.get("answer", ""))
    messages.success(request, "Đã gửi câu trả lời.")


def sheet_export(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return refuse(request)
    sheet = _sheet(request, pk)[0]
    return xlsx_response(export_sheet(sheet=sheet), f"bang-tu-cham-{sheet.unit.code}.xlsx")


@page_action(sheet_page)
def sheet_import(request: HttpRequest, pk: int) -> None:
    import_sheet(request, _sheet(request, pk)[0])


def evidence_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """An evidence file: the unit, the leader, and the units assigned to score it."""
    if not request.user.is_authenticated:
        return refuse(request)
    evidence = get_object_or_404(
        Evidence.objects.select_related("sheet__review__emulation_year__cluster__authority", "sheet__unit"),
        pk=pk,
    )
    review, unit = evidence.sheet.review, evidence.sheet.unit
    scorer_units = CrossAssignment.objects.filter(review=review, unit=unit).values_list("scorer", flat=True)
    if not (
        allows(request.user, "scoring.act_for_unit", (review, unit))
        or allows(request.user, "scoring.lead_review", review)
        or any(
            allows(request.user, "scoring.act_for_unit", (review, scorer))
            for scorer in Unit.objects.filter(pk__in=scorer_units)
        )
    ):
        raise Http404
    if not evidence.file:
        raise Http404
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.file_name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
