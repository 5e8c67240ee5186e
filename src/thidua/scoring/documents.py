"""Documents of the year-end review, registered as document kinds: the minutes with the ranking
table and an annex of every unit's points per criteria group, and one unit's score sheet
(self-score, cross aggregate and value per criterion).

Both read the stored outcome (`scoring.outcomes`), so building the document model — which every
download does to know whether its stored file is current — is one read, not a computation. At 60
members the annex has 240 rows: the PDF is then laid out by a background job with a progress page
(`documents.services.is_long`, `render_document_task`), as the documents app does for every kind."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.utils import timezone

from thidua.core import clock
from thidua.core.errors import NotFound
from thidua.core.rules import allows
from thidua.covenants.documents import cluster_name, leader_signature, leader_unit, number_text, place_name
from thidua.documents.registry import DocumentKind, register_kind
from thidua.documents.rendering import Alignment, Column, Document, Header, Paragraph, Table, TableRow
from thidua.scoring import aggregation as engine
from thidua.scoring.explain import vi_points
from thidua.scoring.models import Review, SelfAssessment
from thidua.scoring.outcomes import Stored, full_result, stored_outcome
from thidua.scoring.selectors import criteria_of, sheets_of


def _review(pk: int) -> Review:
    found = (
        Review.objects.select_related("emulation_year__cluster__authority", "covenant").filter(pk=pk).first()
    )
    if found is None:
        raise NotFound("Không tìm thấy đợt chấm điểm.")
    return found


def _stored(review: Review) -> tuple[Stored, engine.Outcome]:
    stored = stored_outcome(review)
    if stored.outcome is None:
        raise NotFound(f"Chưa tính được kết quả: {stored.problem}")
    return stored, stored.outcome


def _header(review: Review, *, code: str, kind: str, summary: str) -> Header:
    year = review.emulation_year
    issued = timezone.localdate(review.finalised_at) if review.finalised_at else clock.today()
    return Header(
        superior_body=year.cluster.authority.name,
        issuing_body=cluster_name(year),
        place=place_name(leader_unit(year)),
        issued_on=issued,
        number=number_text(year, None, code),
        document_type=kind,
        summary=summary,
    )


def build_minutes(review: Review) -> Document:
    year = review.emulation_year
    stored, outcome = _stored(review)
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
            f"{cluster_name(year)} tổng hợp kết quả tự chấm điểm và chấm chéo của {len(names)} đơn vị thành viên "
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
    blocks.append(Paragraph("Phụ lục: điểm của từng đơn vị theo nhóm tiêu chí, theo thứ tự xếp hạng."))
    blocks.append(_group_annex(review, stored, outcome, names))
    blocks.append(leader_signature(year, header.issued_on))
    return Document(
        header=header, blocks=tuple(blocks), title=f"Biên bản tổng kết chấm điểm thi đua năm {year.year}"
    )


def _group_annex(review: Review, stored: Stored, outcome: engine.Outcome, names: dict[str, str]) -> Table:
    """One row per unit and criteria group, in ranking order: the group's maximum and the unit's value."""
    groups = list({c.group_id: c.group for c in criteria_of(review.covenant)}.values())
    return Table(
        columns=(
            Column("Hạng", 0.7, Alignment.CENTER),
            Column("Đơn vị", 3.0),
            Column("Nhóm tiêu chí", 3.2),
            Column("Tối đa", 1.0, Alignment.RIGHT),
            Column("Điểm", 1.0, Alignment.RIGHT),
        ),
        rows=tuple(
            TableRow(
                (
                    str(e.rank),
                    names.get(e.unit, e.unit),
                    group.name,
                    vi_points(Fraction(group.max_points)),
                    vi_points(stored.group_value(e.unit, str(group.pk))),
                )
            )
            for e in outcome.ranking.entries
            for group in groups
        ),
    )


def build_score_sheet(sheet: SelfAssessment) -> Document:
    review = sheet.review
    stored, outcome = _stored(review)
    result = full_result(review, stored, sheet.unit_id)
    if result is None:
        raise NotFound("Đơn vị chưa có kết quả chấm điểm.")
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
            leader_signature(review.emulation_year, header.issued_on),
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
