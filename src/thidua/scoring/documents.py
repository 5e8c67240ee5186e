"""Documents of the year-end review, registered as document kinds: the minutes with the ranking
table, and one unit's score sheet (self-score, cross aggregate and value per criterion)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from thidua.core.errors import NotFound
from thidua.core.rules import allows
from thidua.covenants.documents import _cluster_name, _leader, _leader_signature, _number, place_name
from thidua.documents.registry import DocumentKind, register_kind
from thidua.documents.rendering import Alignment, Column, Document, Header, Paragraph, Table, TableRow
from thidua.scoring import aggregation as engine
from thidua.scoring.explain import vi_points
from thidua.scoring.models import Review, SelfAssessment
from thidua.scoring.selectors import criteria_of, review_input, sheets_of


def _review(pk: int) -> Review:
    found = (
        Review.objects.select_related("emulation_year__cluster__authority", "covenant").filter(pk=pk).first()
    )
    if found is None:
        raise NotFound("Không tìm thấy đợt chấm điểm.")
    return found


def _outcome(review: Review) -> engine.Outcome:
    try:
        return engine.compute(review_input(review))
    except engine.ScoringInputError as exc:
        raise NotFound(f"Chưa tính được kết quả: {exc.message}") from None


def _header(review: Review, *, code: str, kind: str, summary: str) -> Header:
    year = review.emulation_year
    issued = timezone.localdate(review.finalised_at) if review.finalised_at else timezone.localdate()
    return Header(
        superior_body=year.cluster.authority.name,
        issuing_body=_cluster_name(year),
        place=place_name(_leader(year)),
        issued_on=issued,
        number=_number(year, None, code),
        document_type=kind,
        summary=summary,
    )


def build_minutes(review: Review) -> Document:
    year = review.emulation_year
    outcome = _outcome(review)
    names = {str(s.unit_id): s.unit.name for s in sheets_of(review)}
    header = _header(
        review, code="BB", kind="Biên bản", summary=f"Tổng kết, chấm điểm thi đua năm {year.year}"
    )
    status = "chính thức" if review.finalised_at else "tạm thời (chưa kết thúc thời gian nhận kiến nghị)"
    table = Table(
        columns=(
            Column("Hạng", 0.7, Alignment.CENTER),
            Column("Đơn vị", 4.2),
            Column("Tổng điểm", 1.3, Alignment.RIGHT),
            Column("Điểm thưởng", 1.2, Alignment.RIGHT),
            Column("Điểm trừ", 1.2, Alignment.RIGHT),
        ),
        rows=tuple(
            TableRow(
                (
                    str(e.rank),
                    names.get(e.unit, e.unit),
                    vi_points(e.result.total),
                    vi_points(e.result.bonus),
                    vi_points(e.result.penalty),
                )
            )
            for e in outcome.ranking.entries
        ),
    )
    blocks: list[Any] = [
        Paragraph(
            f"{_cluster_name(year)} tổng hợp kết quả tự chấm điểm và chấm chéo của {len(names)} đơn vị thành viên "
            f"theo giao ước thi đua năm {year.year}. Kết quả xếp hạng {status} như sau:"
        ),
        table,
    ]
    for group in outcome.ranking.needs_vote:
        blocks.append(
            Paragraph(
                "Các đơn vị bằng điểm, đề nghị bỏ phiếu kín: "
                + ", ".join(names.get(u, u) for u in group)
                + "."
            )
        )
    blocks.append(_leader_signature(year, header.issued_on))
    return Document(
        header=header, blocks=tuple(blocks), title=f"Biên bản tổng kết chấm điểm thi đua năm {year.year}"
    )


def build_score_sheet(sheet: SelfAssessment) -> Document:
    review = sheet.review
    outcome = _outcome(review)
    result = outcome.results[str(sheet.unit_id)]
    rank = outcome.ranking.entry(str(sheet.unit_id)).rank
    criteria = {str(c.pk): c for c in criteria_of(review.covenant)}
    header = _header(
        review,
        code="BĐ",
        kind="Bảng điểm",
        summary=f"Kết quả chấm điểm thi đua năm {review.emulation_year.year}",
    )
    table = Table(
        columns=(
            Column("TT", 0.6, Alignment.CENTER),
            Column("Tiêu chí", 4.4),
            Column("Tối đa", 1.0, Alignment.RIGHT),
            Column("Tự chấm", 1.0, Alignment.RIGHT),
            Column("Chấm chéo", 1.1, Alignment.RIGHT),
            Column("Điểm", 1.0, Alignment.RIGHT),
        ),
        rows=tuple(
            TableRow(
                (
                    str(i),
                    criteria[row.criterion.id].name,
                    vi_points(row.criterion.max),
                    "" if row.self_score is None else vi_points(row.self_score),
                    vi_points(row.cross.value),
                    vi_points(row.value),
                )
            )
            for i, row in enumerate(result.criteria, start=1)
        ),
    )
    summary = Paragraph(
        f"Tổng điểm các tiêu chí {vi_points(result.criteria_sum)}; điểm thưởng {vi_points(result.bonus)}; "
        f"điểm trừ {vi_points(result.penalty)}; tổng điểm {vi_points(result.total)}; xếp hạng {rank}."
    )
    return Document(
        header=header,
        blocks=(
            Paragraph(f"Đơn vị: {sheet.unit.name}."),
            table,
            summary,
            _leader_signature(review.emulation_year, header.issued_on),
        ),
        title=f"Bảng điểm thi đua năm {review.emulation_year.year} – {sheet.unit.name}",
    )


def _sheet(pk: int) -> SelfAssessment:
    found = (
        SelfAssessment.objects.select_related(
            "review__emulation_year__cluster__authority", "review__covenant", "unit"
        )
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound("Không tìm thấy bảng chấm.")
    return found


def _may_see_sheet(user: Any, pk: int) -> bool:
    sheet = _sheet(pk)
    return allows(user, "scoring.lead_review", sheet.review) or allows(
        user, "scoring.act_for_unit", (sheet.review, sheet.unit)
    )


def register_document_kinds() -> None:
    register_kind(
        DocumentKind(
            name="review_minutes",
            label="Biên bản tổng kết chấm điểm thi đua",
            items=lambda: (
                (r.pk, str(r))
                for r in Review.objects.select_related("emulation_year__cluster").order_by("pk")
            ),
            build=lambda pk: build_minutes(_review(pk)),
            can_view=lambda user, pk: allows(user, "scoring.view_review", _review(pk)),
            filename=lambda pk: f"bien-ban-cham-diem-{_review(pk).emulation_year.year}-{pk}",
        )
    )
    register_kind(
        DocumentKind(
            name="score_sheet",
            label="Bảng điểm thi đua của đơn vị",
            items=lambda: (
                (s.pk, str(s)) for s in SelfAssessment.objects.select_related("unit").order_by("pk")
            ),
            build=lambda pk: build_score_sheet(_sheet(pk)),
            can_view=_may_see_sheet,
            filename=lambda pk: (
                f"bang-diem-{_sheet(pk).review.emulation_year.year}-{_sheet(pk).unit.code.lower()}"
            ),
        )
    )
