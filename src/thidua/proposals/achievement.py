"""Achievement reports (báo cáo thành tích) of the entries of a dossier, one document per entry.

Which form: for achievement years from 2024 (Law 06/2022), Decree 98/2023/NĐ-CP Appendix I —
form 02 for a collective, form 03 for an individual (domain.md: "Contains the standard dossier
forms"; the titles of form 02 checked against a published copy). For earlier years, Decree
91/2017/NĐ-CP's annex — form 01 for a collective, form 02 for an individual (their titles checked
the same way). Decree 152/2025 is not known to have replaced these forms. The section structure
below (I. outline, II. achievements, III. awards already received with the decision of each) is
the common layout of those forms as they are used in practice; the annex's own text was not
available, so the wording of the section headings is ours and not the decree's (docs/proposals.md).

What the registry knows is filled in (the subject, the unit, the year's rating, every title and
award already conferred with its decision); what only the unit can write (its duties, the
achievements in prose) is left as dotted lines, below the entry's own summary.
"""

from __future__ import annotations

from typing import Any

from thidua.awards.eligibility.codes import legal_name
from thidua.awards.models import Conferral
from thidua.core.errors import NotFound
from thidua.documents.rendering import (
    Alignment,
    Column,
    Document,
    Header,
    Heading,
    ListItem,
    Paragraph,
    SignatureBlock,
    Signer,
    Table,
    TableRow,
)

from .models import DossierEntry

DOTS = "……………"  # short: a justified line of dots would stretch the words before it
FIRST_YEAR_OF_2022_LAW = 2024  # achievement years assessed under Law 06/2022 and Decree 98/2023


def form_reference(*, collective: bool, year: int) -> str:
    if year >= FIRST_YEAR_OF_2022_LAW:
        number = "02" if collective else "03"
        return f"Mẫu số {number}, Phụ lục I ban hành kèm theo Nghị định số 98/2023/NĐ-CP"
    number = "01" if collective else "02"
    return f"Mẫu số {number} ban hành kèm theo Nghị định số 91/2017/NĐ-CP"


def _entry(pk: int) -> DossierEntry:
    entry = (
        DossierEntry.objects.select_related(
            "dossier__sender__parent",
            "dossier__sender__province",
            "dossier__authority",
            "person",
            "unit__parent",
        )
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        raise NotFound("Không có đối tượng đề nghị này.")
    return entry


def _place(unit: Any) -> str:
    province = getattr(unit, "province", None)
    name = province.name if province else "Hà Nội"
    for prefix in ("Thành phố ", "thành phố ", "Tỉnh ", "tỉnh "):
        name = name.removeprefix(prefix)
    return name


def _received(entry: DossierEntry) -> tuple[list[TableRow], list[TableRow]]:
    """Titles and award forms already conferred (not revoked), oldest first, each with its decision."""
    subject = {"record__person": entry.person} if entry.person_id else {"record__unit": entry.unit}
    rows = (
        Conferral.objects.filter(revoked_on__isnull=True, **subject)
        .select_related("record", "title", "award_form", "decision")
        .order_by("record__year", "id")
    )
    titles: list[TableRow] = []
    awards: list[TableRow] = []
    for conferral in rows:
        if conferral.record.year == entry.dossier.year and conferral.code == entry.code:
            continue  # what this dossier proposes, once decided, is not "already received"
        decision = conferral.decision
        source = (
            f"Quyết định số {decision.number} ngày {decision.date:%d/%m/%Y} của {decision.authority}"
            if decision is not None
            else "Nhập từ hồ sơ lưu trữ"
        )
        row = TableRow((str(conferral.record.year), legal_name(conferral.code), source))
        (titles if conferral.title_id else awards).append(row)
    return titles, awards


def _received_table(rows: list[TableRow], *, kind: str) -> Table | Paragraph:
    if not rows:
        return Paragraph(f"Chưa có {kind} nào trong sổ khen thưởng.", italic=True)
    return Table(
        columns=(
            Column("Năm", 1.0, Alignment.CENTER),
            Column(kind[0].upper() + kind[1:], 3.2),
            Column("Số, ngày, tháng, năm của quyết định; cơ quan ban hành quyết định", 5.2),
        ),
        rows=tuple(rows),
    )


def build_achievement_report(entry: DossierEntry) -> Document:
    dossier = entry.dossier
    collective = entry.unit_id is not None
    year = dossier.year
    proposed = legal_name(entry.code)
    subject_unit = entry.unit if collective else None
    if collective:
        assert subject_unit is not None
        superior = subject_unit.parent.name if subject_unit.parent_id else dossier.authority.name  # type: ignore[union-attr]
        issuing = subject_unit.name
    else:
        superior = dossier.sender.parent.name if dossier.sender.parent_id else ""  # type: ignore[union-attr]
        issuing = dossier.sender.name
    header = Header(
        superior_body=superior,
        issuing_body=issuing,
        place=_place(dossier.sender),
        issued_on=dossier.submitted_on or dossier.created_at.date(),
        document_type="Báo cáo thành tích",
        summary=f"Đề nghị tặng {proposed} năm {year}",
    )
    titles, awards = _received(entry)
    blocks: list[Any] = [
        Paragraph(
            f"({form_reference(collective=collective, year=year)})",
            align=Alignment.CENTER,
            italic=True,
            indent_first_line=False,
        ),
    ]
    if collective:
        assert subject_unit is not None
        blocks += [
            Paragraph(
                f"Tên tập thể đề nghị khen thưởng: {subject_unit.name}", bold=True, indent_first_line=False
            ),
            Heading("I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", level=2),
            ListItem(
                f"Đặc điểm, tình hình (địa điểm trụ sở, tổ chức bộ máy, tổng số cán bộ): {DOTS}", marker="1."
            ),
            ListItem(f"Chức năng, nhiệm vụ được giao: {DOTS}", marker="2."),
            Heading("II. THÀNH TÍCH ĐẠT ĐƯỢC", level=2),
        ]
    else:
        person = entry.person
        assert person is not None
        post = (
            person.positions.filter(start__year__lte=year).select_related("unit").order_by("-start").first()
        )
        gender = person.get_gender_display() if person.gender else "……"
        blocks += [
            Heading("I. SƠ LƯỢC LÝ LỊCH", level=2),
            ListItem(f"Họ và tên: {person.full_name}"),
            ListItem(f"Năm sinh: {person.birth_year or '……'}; giới tính: {gender}"),
            ListItem(f"Quê quán: {DOTS}"),
            ListItem(f"Trú quán: {DOTS}"),
            ListItem(f"Đơn vị công tác: {post.unit.name if post else dossier.sender.name}"),
            ListItem(f"Chức vụ (đảng, chính quyền, đoàn thể): {post.title if post and post.title else DOTS}"),
            ListItem(f"Trình độ chuyên môn, nghiệp vụ: {DOTS}"),
            ListItem(f"Học hàm, học vị, danh hiệu, giải thưởng: {DOTS}"),
            Heading("II. THÀNH TÍCH ĐẠT ĐƯỢC", level=2),
            ListItem(f"Quyền hạn, nhiệm vụ được giao hoặc đảm nhận: {DOTS}", marker="1."),
        ]
    rating = _rating(entry)
    blocks += [
        ListItem(
            "Thành tích đạt được năm "
            f"{year}: {entry.note or DOTS}" + (f" Xếp loại: {legal_name(rating)}." if rating else ""),
            marker="2." if not collective else "-",
        ),
        ListItem(f"Các giải pháp, sáng kiến, biện pháp đã thực hiện: {DOTS}", marker="-"),
        Heading("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", level=2),
        Paragraph("1. Danh hiệu thi đua:", bold=True, indent_first_line=False),
        _received_table(titles, kind="danh hiệu thi đua"),
        Paragraph("2. Hình thức khen thưởng:", bold=True, indent_first_line=False),
        _received_table(awards, kind="hình thức khen thưởng"),
        SignatureBlock(
            left_signer=Signer(
                position="THỦ TRƯỞNG ĐƠN VỊ CẤP TRÊN TRỰC TIẾP NHẬN XÉT, XÁC NHẬN"
                if collective
                else "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ",
                name="(họ và tên)",
                note="(Ký, đóng dấu)",
            ),
            signer=Signer(
                position="THỦ TRƯỞNG ĐƠN VỊ" if collective else "NGƯỜI BÁO CÁO THÀNH TÍCH",
                name="(họ và tên)" if collective else entry.subject_name,
                note="(Ký, đóng dấu)" if collective else "(Ký, ghi rõ họ và tên)",
            ),
        ),
    ]
    return Document(
        header=header,
        blocks=tuple(blocks),
        title=f"Báo cáo thành tích – {entry.subject_name} – {proposed} năm {year}",
    )


def _rating(entry: DossierEntry) -> str:
    from thidua.awards.models import YearRecord

    subject = {"person": entry.person} if entry.person_id else {"unit": entry.unit}
    return (
        YearRecord.objects.filter(year=entry.dossier.year, **subject).values_list("rating", flat=True).first()
        or ""
    )


def achievement_report(pk: int) -> Document:
    return build_achievement_report(_entry(pk))


def entry_dossier(pk: int) -> Any:
    return _entry(pk).dossier


__all__ = ["achievement_report", "build_achievement_report", "entry_dossier", "form_reference"]
