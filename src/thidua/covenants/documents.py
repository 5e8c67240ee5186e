"""Builders that turn the year's models into the renderer's document model (Decree 30 layout),
registered as document kinds: plan, covenant, conference minutes, registration summary."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.utils import timezone

from thidua.clusters.models import Conference, EmulationYear
from thidua.core.errors import NotFound
from thidua.core.rules import allows
from thidua.covenants.enums import CovenantStatus, PlanItemKind
from thidua.covenants.models import Covenant, Plan, PlanItem
from thidua.covenants.selectors import (
    covenant_table,
    format_points,
    registration_rows,
    roman,
    signatures_of,
)
from thidua.documents.registry import DocumentKind, register_kind
from thidua.documents.rendering import (
    Alignment,
    Block,
    Column,
    Document,
    Header,
    Heading,
    ListItem,
    Paragraph,
    Recipients,
    RowKind,
    SignatureBlock,
    SignatureGrid,
    Signer,
    Table,
    TableRow,
    format_document_number,
)
from thidua.organisations.models import Position, Unit

_PLACE_PREFIX = re.compile(r"^(tỉnh|thành phố|tp\.?)\s+", re.IGNORECASE)


def place_name(unit: Unit | None, fallback: str = "") -> str:
    """The place written in the date line: the province of the unit ("Hải Dương")."""
    province = getattr(unit, "province", None)
    if province is not None:
        return _PLACE_PREFIX.sub("", province.name).strip()
    text = fallback.split(",")[0].strip()
    return _PLACE_PREFIX.sub("", text).strip() or "Hà Nội"


def issuer_code(emulation_year: EmulationYear) -> str:
    return f"CTĐ{emulation_year.cluster.number}"


def _number(emulation_year: EmulationYear, number: int | None, type_code: str) -> str:
    if not number:
        return f"      /{type_code}-{issuer_code(emulation_year)}"
    return format_document_number(number=number, type_code=type_code, issuer_code=issuer_code(emulation_year))


def _leader(emulation_year: EmulationYear) -> Unit | None:
    leadership = emulation_year.cluster.leaderships.filter(year=emulation_year.year).select_related(
        "leader__province"
    )
    first = leadership.first()
    return first.leader if first else None


def _head_of(unit: Unit | None, on: datetime.date) -> tuple[str, str]:
    if unit is None:
        return "", ""
    position = (
        Position.objects.filter(unit=unit, is_head=True, start__lte=on)
        .select_related("person")
        .order_by("-start")
        .first()
    )
    return (position.person.full_name, position.title) if position else ("", "")


def _cluster_name(emulation_year: EmulationYear) -> str:
    return emulation_year.cluster.name


def _leader_signature(emulation_year: EmulationYear, on: datetime.date) -> SignatureBlock:
    leader = _leader(emulation_year)
    name, title = _head_of(leader, on)
    return SignatureBlock(
        signer=Signer(
            authority=f"TM. {_cluster_name(emulation_year).upper()}",
            position=f"TRƯỞNG CỤM{(' – ' + title.upper()) if title else ''}",
            name=name or (leader.name if leader else _cluster_name(emulation_year)),
            unit=leader.name if leader else "",
        ),
        recipients=Recipients(
            items=(
                "Vụ Thi đua, Khen thưởng và Tuyên truyền – " + emulation_year.cluster.authority.name,
                "Các đơn vị thành viên " + _cluster_name(emulation_year),
            ),
            archive="VT, Cụm",
        ),
    )


# --- plan -----------------------------------------------------------------------------------------


def build_plan_document(plan: Plan) -> Document:
    emulation_year = plan.emulation_year
    year = emulation_year.year
    conference = plan.adopted_at
    issued_on = plan.adopted_on or timezone.localdate()
    header = Header(
        superior_body=emulation_year.cluster.authority.name,
        issuing_body=_cluster_name(emulation_year),
        place=place_name(
            conference.host if conference else _leader(emulation_year), conference.place if conference else ""
        ),
        issued_on=issued_on,
        number=_number(emulation_year, plan.number, "KH"),
        document_type="Kế hoạch",
        summary=plan.title,
    )
    blocks: list[Block] = []
    if plan.is_adopted and conference is not None:
        blocks.append(
            Paragraph(
                f"Căn cứ kết quả {conference.title[0].lower()}{conference.title[1:]} ngày {conference.date:%d/%m/%Y} "
                f"tại {conference.place}.",
                italic=True,
            )
        )
    if plan.introduction:
        blocks.append(Paragraph(plan.introduction))
    items = list(
        PlanItem.objects.filter(plan=plan).select_related("responsible_unit").order_by("kind", "order")
    )
    sections = [
        (PlanItemKind.GOAL, "I. MỤC TIÊU"),
        (PlanItemKind.KEY_TASK, "II. NHIỆM VỤ TRỌNG TÂM"),
        (PlanItemKind.ACTIVITY, "III. HOẠT ĐỘNG, SỰ KIỆN"),
        (PlanItemKind.OUTREACH, "IV. CÔNG TÁC TUYÊN TRUYỀN"),
    ]
    for kind, title in sections:
        chosen = [item for item in items if item.kind == kind]
        if not chosen:
            continue
        blocks.append(Heading(title))
        if kind == PlanItemKind.KEY_TASK:
            blocks.append(
                Table(
                    columns=(
                        Column("TT", 0.6, Alignment.CENTER),
                        Column("Nhiệm vụ", 5.0),
                        Column("Đơn vị chủ trì", 2.4),
                        Column("Thời hạn", 1.4, Alignment.CENTER),
                    ),
                    rows=tuple(
                        TableRow(
                            (
                                str(index),
                                item.text,
                                item.responsible_unit.name
                                if item.responsible_unit
                                else "Các đơn vị thành viên",
                                f"{item.deadline:%d/%m/%Y}" if item.deadline else "Cả năm",
                            )
                        )
                        for index, item in enumerate(chosen, start=1)
                    ),
                )
            )
        else:
            blocks.extend(
                ListItem(item.text, marker=f"{index}.") for index, item in enumerate(chosen, start=1)
            )
    blocks.append(Heading("V. TỔ CHỨC THỰC HIỆN"))
    blocks.append(
        Paragraph(
            f"Các đơn vị thành viên {_cluster_name(emulation_year)} căn cứ Kế hoạch này triển khai thực hiện; "
            f"đơn vị Trưởng Cụm theo dõi, tổng hợp, báo cáo kết quả năm {year}."
        )
    )
    blocks.append(_leader_signature(emulation_year, issued_on))
    return Document(
        header=header, blocks=tuple(blocks), title=f"Kế hoạch năm {year} – {_cluster_name(emulation_year)}"
    )


# --- covenant -------------------------------------------------------------------------------------


def criteria_table(covenant: Covenant) -> Table:
    covenant = covenant_table(covenant)
    rows: list[TableRow] = []
    number = 0
    for index, group in enumerate(covenant.loaded_groups, start=1):  # type: ignore[attr-defined]
        rows.append(TableRow((roman(index), group.name, format_points(group.max_points), ""), RowKind.GROUP))
        for criterion in group.criteria.all():
            number += 1
            notes = "; ".join(
                part
                for part in (
                    criterion.guidance,
                    f"Minh chứng: {criterion.evidence}" if criterion.evidence else "",
                    f"Căn cứ: {criterion.legal_basis}" if criterion.legal_basis else "",
                )
                if part
            )
            rows.append(TableRow((str(number), criterion.name, format_points(criterion.max_points), notes)))
    rows.append(TableRow(("", "Cộng điểm tiêu chí", format_points(covenant.total_points), ""), RowKind.TOTAL))
    next_group = len(covenant.loaded_groups) + 1  # type: ignore[attr-defined]
    for kind_label, lines, cap, sign in (
        ("Điểm thưởng", covenant.bonus_lines, covenant.bonus_cap, "+"),  # type: ignore[attr-defined]
        ("Điểm trừ", covenant.penalty_lines, covenant.penalty_cap, "−"),  # type: ignore[attr-defined]
    ):
        if not lines:
            continue
        cap_text = f" (tối đa {format_points(cap)} điểm)" if cap else ""
        rows.append(TableRow((roman(next_group), kind_label + cap_text, "", ""), RowKind.GROUP))
        next_group += 1
        rows.extend(TableRow(("", line.name, sign + format_points(line.points), "")) for line in lines)
    return Table(
        columns=(
            Column("TT", 0.7, Alignment.CENTER),
            Column("Nội dung tiêu chí", 5.0),
            Column("Điểm tối đa", 1.2, Alignment.CENTER),
            Column("Hướng dẫn chấm, minh chứng", 3.2),
        ),
        rows=tuple(rows),
        caption="BẢNG TIÊU CHÍ CHẤM ĐIỂM",
    )


def build_covenant_document(covenant: Covenant) -> Document:
    emulation_year = covenant.emulation_year
    year = emulation_year.year
    signatures = list(signatures_of(covenant))
    issued_on = min((s.signed_on for s in signatures), default=timezone.localdate())
    place = signatures[0].place if signatures else ""
    leader = _leader(emulation_year)
    header = Header(
        superior_body=emulation_year.cluster.authority.name,
        issuing_body=_cluster_name(emulation_year),
        place=place_name(None, place) if place else place_name(leader),
        issued_on=issued_on,
        number=_number(emulation_year, covenant.number, "GƯ"),
        document_type="Giao ước thi đua",
        summary=f"Năm {year} giữa các đơn vị thành viên {_cluster_name(emulation_year)}",
    )
    blocks: list[Block] = [
        Paragraph("Căn cứ Luật Thi đua, khen thưởng;", italic=True),
        Paragraph(
            f"Căn cứ Kế hoạch thi đua, khen thưởng và tuyên truyền năm {year} của {_cluster_name(emulation_year)}.",
            italic=True,
        ),
        Paragraph(
            f"Các đơn vị thành viên {_cluster_name(emulation_year)} thống nhất ký kết giao ước thi đua năm {year} "
            f"với chủ đề “{covenant.theme}”."
        ),
    ]
    if covenant.version > 1:
        blocks.append(
            Paragraph(f"(Phiên bản {covenant.version}, thay thế các phiên bản trước.)", italic=True)
        )
    if covenant.commitment_lines:
        blocks.append(Heading("I. NỘI DUNG GIAO ƯỚC"))
        blocks.extend(
            ListItem(line, marker=f"{i}.") for i, line in enumerate(covenant.commitment_lines, start=1)
        )
    blocks.append(Heading("II. TIÊU CHÍ VÀ THANG ĐIỂM"))
    blocks.append(criteria_table(covenant))
    blocks.append(Heading("III. CÁCH TỔNG HỢP ĐIỂM VÀ XẾP HẠNG"))
    rule = covenant.get_aggregation_display()
    if covenant.aggregation == "trimmed_mean":
        rule += f" (bỏ {covenant.trim_count} điểm ở mỗi đầu)"
    self_part = (
        f"điểm tự chấm được tính với trọng số {format_points(covenant.self_score_weight)}"
        if covenant.self_score_counts
        else "điểm tự chấm không tính vào điểm cuối cùng"
    )
    norm = "có chuẩn hóa điểm giữa các đơn vị chấm" if covenant.normalise else "không chuẩn hóa điểm"
    blocks.append(Paragraph(f"Điểm của mỗi tiêu chí: {rule.lower()}; {self_part}; {norm}."))
    blocks.append(Paragraph(f"Khi bằng điểm: {covenant.get_tie_break_display().lower()}."))
    by_unit = {s.unit_id: s for s in signatures}
    from thidua.covenants.selectors import member_units

    signers = []
    for unit in member_units(emulation_year):
        signature = by_unit.get(unit.pk)
        if signature is not None:
            signers.append(
                Signer(
                    unit=unit.name.upper(),
                    position=signature.signer_position.upper(),
                    name=signature.signer_name,
                    note="(Đã ký)" if covenant.status == CovenantStatus.IN_FORCE else "",
                )
            )
        else:
            signers.append(Signer(unit=unit.name.upper(), position="THỦ TRƯỞNG ĐƠN VỊ", name="(chưa ký)"))
    blocks.append(SignatureGrid(signers=tuple(signers), title="Đại diện các đơn vị thành viên ký giao ước"))
    return Document(
        header=header,
        blocks=tuple(blocks),
        title=f"Giao ước thi đua năm {year} – {_cluster_name(emulation_year)}",
    )


# --- conference minutes ---------------------------------------------------------------------------


def build_minutes_document(conference: Conference) -> Document:
    from thidua.clusters.models import ConferenceAttendee

    emulation_year = EmulationYear(cluster=conference.cluster, year=conference.year)
    header = Header(
        superior_body=conference.cluster.authority.name,
        issuing_body=conference.cluster.name,
        place=place_name(conference.host, conference.place),
        issued_on=conference.date,
        number=_number(emulation_year, None, "BB"),
        document_type="Biên bản",
        summary=conference.title,
    )
    attendees = list(ConferenceAttendee.objects.filter(conference=conference).order_by("order", "id"))
    blocks: list[Block] = [
        Paragraph(
            f"Thời gian: ngày {conference.date:%d/%m/%Y}. Địa điểm: {conference.place}."
            + (f" Đơn vị chủ trì: {conference.host.name}." if conference.host else "")
        ),
        Heading("I. THÀNH PHẦN THAM DỰ"),
    ]
    guests = [a for a in attendees if a.is_guest]
    members = [a for a in attendees if not a.is_guest]
    if guests:
        blocks.append(Paragraph("Đại biểu khách mời:", indent_first_line=False, bold=True))
        blocks.extend(
            ListItem(f"Đồng chí {a.name}, {a.position}, {a.organisation}".rstrip(", ")) for a in guests
        )
    if members:
        blocks.append(Paragraph("Đại diện các đơn vị thành viên:", indent_first_line=False, bold=True))
        blocks.extend(
            ListItem(f"Đồng chí {a.name}, {a.position}, {a.organisation}".rstrip(", ")) for a in members
        )
    agenda = list(conference.agenda_items.all())
    if agenda:
        blocks.append(Heading("II. NỘI DUNG HỘI NGHỊ"))
        blocks.extend(
            ListItem(
                item.title + (f" (trình bày: {item.presenter})" if item.presenter else ""), marker=f"{i}."
            )
            for i, item in enumerate(agenda, start=1)
        )
    outcomes = list(conference.outcomes.all())
    if outcomes or conference.summary:
        blocks.append(Heading("III. KẾT QUẢ HỘI NGHỊ"))
        if conference.summary:
            blocks.append(Paragraph(conference.summary))
        blocks.extend(
            ListItem(f"{o.get_kind_display()}: {o.description}" if o.description else o.get_kind_display())
            for o in outcomes
        )
    blocks.append(Paragraph("Hội nghị kết thúc cùng ngày. Biên bản được các đại biểu nhất trí thông qua."))
    # The chair is the leader's representative; the secretary is recorded by the host unit.
    leader_id = getattr(_leader(emulation_year), "pk", None)
    chair = next((a.name for a in members if a.unit_id and a.unit_id == leader_id), "") or "(họ và tên)"
    host_id = conference.host_id
    secretary = next((a.name for a in members if a.unit_id and a.unit_id == host_id and a.name != chair), "")
    blocks.append(
        SignatureBlock(
            signer=Signer(position="CHỦ TỌA", name=chair),
            left_signer=Signer(position="THƯ KÝ", name=secretary or "(họ và tên)"),
        )
    )
    return Document(header=header, blocks=tuple(blocks), title=f"Biên bản {conference.title}")


# --- registration summary -------------------------------------------------------------------------


def build_registration_summary(emulation_year: EmulationYear) -> Document:
    year = emulation_year.year
    rows = registration_rows(emulation_year)
    leader = _leader(emulation_year)
    header = Header(
        superior_body=emulation_year.cluster.authority.name,
        issuing_body=_cluster_name(emulation_year),
        place=place_name(leader),
        issued_on=timezone.localdate()
        if not rows
        else timezone.localdate(
            max((r.submitted_at for r in emulation_year.registrations.all()), default=timezone.now())
        ),
        number=_number(emulation_year, None, "BC"),
        document_type="Báo cáo",
        summary=f"Tổng hợp đăng ký thi đua năm {year} của các đơn vị thành viên",
    )
    table = Table(
        columns=(
            Column("TT", 0.6, Alignment.CENTER),
            Column("Đơn vị", 3.0),
            Column("Tập thể, cá nhân", 2.2),
            Column("Chức vụ", 1.6),
            Column("Danh hiệu đăng ký", 2.4),
        ),
        rows=tuple(
            TableRow((str(i), unit, subject, position, f"{label} ({code})"))
            for i, (unit, subject, position, code, label) in enumerate(rows, start=1)
        ),
    )
    intro = Paragraph(f"{_cluster_name(emulation_year)} tổng hợp kết quả đăng ký thi đua năm {year} như sau:")
    return Document(
        header=header,
        blocks=(intro, table, _leader_signature(emulation_year, header.issued_on)),
        title=f"Tổng hợp đăng ký thi đua năm {year}",
    )


# --- registration with the documents app ----------------------------------------------------------


def _year(pk: int) -> EmulationYear:
    found = EmulationYear.objects.select_related("cluster__authority").filter(pk=pk).first()
    if found is None:
        raise NotFound("Không tìm thấy năm thi đua.")
    return found


def _plan(pk: int) -> Plan:
    found = (
        Plan.objects.select_related("emulation_year__cluster__authority", "adopted_at__host__province")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound("Không tìm thấy kế hoạch.")
    return found


def _covenant(pk: int) -> Covenant:
    found = Covenant.objects.select_related("emulation_year__cluster__authority").filter(pk=pk).first()
    if found is None:
        raise NotFound("Không tìm thấy giao ước.")
    return found


def _conference(pk: int) -> Conference:
    found = Conference.objects.select_related("cluster__authority", "host__province").filter(pk=pk).first()
    if found is None:
        raise NotFound("Không tìm thấy hội nghị.")
    return found


# The same rules as the pages and the API (covenants.rules): public once adopted / in force.
def _may_see_covenant(user: Any, pk: int) -> bool:
    return allows(user, "covenants.view_covenant", _covenant(pk))


def _may_see_plan(user: Any, pk: int) -> bool:
    return allows(user, "covenants.view_plan", _plan(pk))


def register_document_kinds() -> None:
    register_kind(
        DocumentKind(
            name="plan",
            label="Kế hoạch thi đua, khen thưởng và tuyên truyền",
            items=lambda: (
                (p.pk, f"{p.title} ({p.emulation_year})")
                for p in Plan.objects.select_related("emulation_year__cluster").order_by("pk")
            ),
            build=lambda pk: build_plan_document(_plan(pk)),
            can_view=_may_see_plan,
            filename=lambda pk: f"ke-hoach-{_plan(pk).emulation_year.year}-{pk}",
        )
    )
    register_kind(
        DocumentKind(
            name="covenant",
            label="Giao ước thi đua",
            items=lambda: (
                (c.pk, str(c)) for c in Covenant.objects.select_related("emulation_year").order_by("pk")
            ),
            build=lambda pk: build_covenant_document(_covenant(pk)),
            can_view=_may_see_covenant,
            filename=lambda pk: f"giao-uoc-{_covenant(pk).emulation_year.year}-v{_covenant(pk).version}",
        )
    )
    register_kind(
        DocumentKind(
            name="minutes",
            label="Biên bản hội nghị",
            items=lambda: (
                (c.pk, f"Biên bản {c.title} ({c.date:%d/%m/%Y})") for c in Conference.objects.order_by("pk")
            ),
            build=lambda pk: build_minutes_document(_conference(pk)),
            can_view=lambda user, pk: allows(user, "covenants.view_conference", _conference(pk)),
            filename=lambda pk: f"bien-ban-hoi-nghi-{pk}",
        )
    )
    register_kind(
        DocumentKind(
            name="registrations",
            label="Tổng hợp đăng ký thi đua",
            items=lambda: (
                (y.pk, f"Tổng hợp đăng ký thi đua {y}")
                for y in EmulationYear.objects.select_related("cluster")
                .filter(registrations__isnull=False)
                .distinct()
                .order_by("pk")
            ),
            build=lambda pk: build_registration_summary(_year(pk)),
            can_view=lambda user, pk: allows(user, "covenants.view_registrations", _year(pk)),
            filename=lambda pk: f"tong-hop-dang-ky-{_year(pk).year}",
        )
    )
