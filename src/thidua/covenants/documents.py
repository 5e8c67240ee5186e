"""Builders that turn the year's models into the renderer's document model (Decree 30 layout),
registered as document kinds: plan, covenant, conference minutes, registration summary."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.utils import timezone

from thidua.clusters.models import Conference, EmulationYear
from thidua.core import clock
from thidua.covenants.enums import PlanItemKind, PlanStatus
from thidua.covenants.models import Covenant, Plan, PlanItem
from thidua.covenants.selectors import (
    covenant_table,
    format_points,
    numbered_table,
    registration_rows,
    signatures_of,
)
from thidua.documents.rendering import (
    Alignment,
    AttendanceGroup,
    Block,
    Column,
    Document,
    Header,
    Heading,
    ListItem,
    Minutes,
    MinutesPerson,
    MinutesSection,
    Paragraph,
    Recipients,
    RowKind,
    SignatureBlock,
    SignatureGrid,
    Signer,
    Table,
    TableRow,
    build_minutes,
    format_document_number,
)
from thidua.documents.rendering.formatting import date_line_place
from thidua.documents.rendering.minutes import format_full_date
from thidua.organisations.enums import UnitKind
from thidua.organisations.models import Position, Unit


def place_name(unit: Unit | None, fallback: str = "") -> str:
    """The place written in the date line: the province of the unit ("Hải Dương"), else the first
    part of `fallback` (a conference's address)."""
    province = getattr(unit, "province", None)
    return date_line_place(province.name if province else None, fallback.split(",")[0])


def issuer_code(emulation_year: EmulationYear) -> str:
    return f"CTĐ{emulation_year.cluster.number}"


# Room for the clerk to write the number by hand when it is not taken yet; non-breaking spaces,
# because a run of ordinary spaces collapses to one in the PDF.
NUMBER_SPACE = "\u00a0" * 12


def number_text(emulation_year: EmulationYear, number: int | None, type_code: str) -> str:
    if not number:
        return f"{NUMBER_SPACE}/{type_code}-{issuer_code(emulation_year)}"
    return format_document_number(number=number, type_code=type_code, issuer_code=issuer_code(emulation_year))


def leader_unit(emulation_year: EmulationYear) -> Unit | None:
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


def cluster_name(emulation_year: EmulationYear) -> str:
    return emulation_year.cluster.name


def leader_signature(emulation_year: EmulationYear, on: datetime.date) -> SignatureBlock:
    """Decree 30's form: "TM. CỤM THI ĐUA SỐ 1" (on behalf of), "TRƯỞNG CỤM" (the position), then
    the signer's name; the signer's own department is not printed above it."""
    leader = leader_unit(emulation_year)
    name, _title = _head_of(leader, on)
    return SignatureBlock(
        signer=Signer(
            authority=f"TM. {cluster_name(emulation_year)}",
            position="Trưởng Cụm",
            name=name or BLANK_NAME,
        ),
        recipients=Recipients(
            items=(
                "Vụ Thi đua, Khen thưởng và Tuyên truyền, " + emulation_year.cluster.authority.name,
                "Các đơn vị thành viên " + cluster_name(emulation_year),
            ),
            archive="VT, Cụm",
        ),
    )


BLANK_NAME = "……"


def legal_grounds(year: int) -> list[str]:
    """The laws a cluster's documents of `year` rest on: the 2003 law (amended) and Decree 91/2017
    up to year 2023, Law 06/2022 and Decree 98/2023 from 2024 (domain.md §1)."""
    if year <= 2023:
        return [
            "Căn cứ Luật Thi đua, khen thưởng năm 2003 và các Luật sửa đổi, bổ sung năm 2005, 2013",
            "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết "
            "thi hành một số điều của Luật Thi đua, khen thưởng",
        ]
    return [
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết "
        "thi hành một số điều của Luật Thi đua, khen thưởng",
    ]


def grounds_blocks(lines: list[str]) -> list[Block]:
    """Each ground on its own italic line ending ";", the last one "." (Decree 30)."""
    cleaned = [line.strip().rstrip(".;,") for line in lines if line.strip()]
    return [
        Paragraph(line + ("." if index == len(cleaned) - 1 else ";"), italic=True)
        for index, line in enumerate(cleaned)
    ]


_TYPE_PREFIX = re.compile(r"^\s*(kế hoạch|giao ước thi đua|giao ước|biên bản|báo cáo)\s+", re.IGNORECASE)


def _mid_sentence(place: str) -> str:
    """ "Thành phố Hải Dương" written inside a sentence: "thành phố Hải Dương"."""
    return re.sub(r"^(Thành phố|Tỉnh|Huyện|Quận)\b", lambda m: m.group(1).lower(), place.strip())


def summary_of(text: str) -> str:
    """The trích yếu under the type: "Tổ chức …", not "Kế hoạch tổ chức …" under "KẾ HOẠCH"."""
    stripped = _TYPE_PREFIX.sub("", text.strip())
    return stripped[:1].upper() + stripped[1:]


def sentence(text: str) -> str:
    """One cell or list line ending in exactly one full stop: no ".;" or ".." where parts join."""
    text = " ".join(text.split()).rstrip(" .;,")
    return text + "." if text else ""


# --- plan -----------------------------------------------------------------------------------------


def build_plan_document(plan: Plan) -> Document:
    emulation_year = plan.emulation_year
    year = emulation_year.year
    conference = plan.adopted_at
    issued_on = plan.adopted_on or clock.today()
    header = Header(
        superior_body=emulation_year.cluster.authority.name,
        issuing_body=cluster_name(emulation_year),
        place=place_name(
            conference.host if conference else leader_unit(emulation_year),
            conference.place if conference else "",
        ),
        issued_on=issued_on,
        number=number_text(emulation_year, plan.number, "KH"),
        document_type="Kế hoạch",
        summary=summary_of(plan.title),
    )
    grounds = legal_grounds(year)
    if plan.is_adopted and conference is not None:
        grounds.append(
            f"Căn cứ kết quả {conference.title[0].lower()}{conference.title[1:]} "
            f"{format_full_date(conference.date)} tại {_mid_sentence(conference.place)}"
        )
    blocks: list[Block] = list(grounds_blocks(grounds))
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
                                sentence(item.text),
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
                ListItem(sentence(item.text), marker=f"{index}.")
                for index, item in enumerate(chosen, start=1)
            )
    blocks.append(Heading("V. TỔ CHỨC THỰC HIỆN"))
    blocks.append(
        Paragraph(
            f"Các đơn vị thành viên {cluster_name(emulation_year)} căn cứ Kế hoạch này triển khai thực hiện; "
            f"đơn vị Trưởng Cụm theo dõi, tổng hợp, báo cáo kết quả năm {year}."
        )
    )
    blocks.append(leader_signature(emulation_year, issued_on))
    return Document(
        header=header, blocks=tuple(blocks), title=f"Kế hoạch năm {year} – {cluster_name(emulation_year)}"
    )


# --- covenant -------------------------------------------------------------------------------------


def criteria_table(covenant: Covenant) -> Table:
    """The criteria as the page and the Excel export number them (`numbered_table`)."""
    covenant = covenant_table(covenant)
    rows: list[TableRow] = []
    for row in numbered_table(covenant):
        if row.kind == "group":
            rows.append(TableRow((row.number, row.name, row.points, ""), RowKind.GROUP))
        elif row.kind == "criterion":
            criterion = row.item
            notes = "\n".join(
                sentence(part)
                for part in (
                    criterion.guidance,
                    f"Minh chứng: {criterion.evidence}" if criterion.evidence else "",
                    f"Căn cứ: {criterion.legal_basis}" if criterion.legal_basis else "",
                )
                if part
            )
            rows.append(TableRow((row.number, sentence(criterion.name).rstrip("."), row.points, notes)))
        elif row.kind == "total":
            rows.append(TableRow(("", row.name, row.points, ""), RowKind.TOTAL))
        elif row.kind == "section":
            rows.append(TableRow((row.number, row.name, "", ""), RowKind.GROUP))
        else:
            rows.append(TableRow((row.number, row.name, row.points, "")))
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


def scoring_rules_text(covenant: Covenant) -> list[str]:
    """How the final score is made, in plain words (no "chuẩn hóa", no internal names)."""
    rule = covenant.get_aggregation_display()
    if covenant.aggregation == "trimmed_mean":
        rule = (
            f"trung bình cộng điểm chấm chéo sau khi bỏ {covenant.trim_count} điểm cao nhất và "
            f"{covenant.trim_count} điểm thấp nhất"
        )
    lines = [f"Điểm của mỗi tiêu chí là {rule[0].lower()}{rule[1:]} của các đơn vị thành viên."]
    if covenant.self_score_counts:
        lines.append(
            f"Điểm tự chấm của đơn vị được tính với hệ số {format_points(covenant.self_score_weight)}."
        )
    else:
        lines.append("Điểm đơn vị tự chấm dùng để đối chiếu, không cộng vào điểm cuối cùng.")
    if covenant.normalise:
        lines.append(
            "Trước khi cộng, điểm của mỗi đơn vị chấm được quy về cùng một mặt bằng, để đơn vị chấm "
            "chặt và đơn vị chấm rộng tay có ảnh hưởng như nhau."
        )
    lines.append(
        f"Khi hai đơn vị bằng điểm: {covenant.get_tie_break_display()[0].lower()}"
        f"{covenant.get_tie_break_display()[1:]}."
    )
    return lines


def _adopted_plan(emulation_year: EmulationYear) -> Plan | None:
    return (
        Plan.objects.filter(emulation_year=emulation_year, status=PlanStatus.ADOPTED)
        .order_by("-adopted_on", "-pk")
        .first()
    )


def _unit_lines(name: str) -> str:
    """A unit's name with a forced break before its place ("SỞ … / TỈNH THÁI BÌNH")."""
    return _PLACE_START.sub(lambda m: "\n" + m.group(1), name, count=1)


_PLACE_START = re.compile(r"\s+((?:tỉnh|thành phố|huyện|quận)\s)", re.IGNORECASE)


def build_covenant_document(covenant: Covenant, *, copy: bool = False) -> Document:
    """The covenant. The original leaves every signing space blank for the hand signature and
    seal; `copy=True` is a copy that says so ("(Đã ký)" in the spaces, a note at the end)."""
    emulation_year = covenant.emulation_year
    year = emulation_year.year
    signatures = list(signatures_of(covenant))
    issued_on = min((s.signed_on for s in signatures), default=clock.today())
    place = signatures[0].place if signatures else ""
    leader = leader_unit(emulation_year)
    header = Header(
        superior_body=emulation_year.cluster.authority.name,
        issuing_body=cluster_name(emulation_year),
        place=place_name(None, place) if place else place_name(leader),
        issued_on=issued_on,
        number=number_text(emulation_year, covenant.number, "GƯ"),
        document_type="Giao ước thi đua",
        summary=f"Năm {year} giữa các đơn vị thành viên {cluster_name(emulation_year)}",
    )
    grounds = legal_grounds(year)
    plan = _adopted_plan(emulation_year)
    if plan is not None and plan.number and plan.adopted_on:
        number = format_document_number(
            number=plan.number, type_code="KH", issuer_code=issuer_code(emulation_year)
        )
        grounds.append(
            f"Căn cứ Kế hoạch số {number} {format_full_date(plan.adopted_on)} của {cluster_name(emulation_year)} "
            f"về {summary_of(plan.title)[0].lower()}{summary_of(plan.title)[1:]}"
        )
    blocks: list[Block] = [
        *grounds_blocks(grounds),
        Paragraph(
            f"Các đơn vị thành viên {cluster_name(emulation_year)} thống nhất ký kết giao ước thi đua năm {year} "
            f"với chủ đề “{covenant.theme.strip().rstrip('.')}”, với các nội dung sau:"
        ),
    ]
    if covenant.version > 1:
        blocks.append(
            Paragraph(f"(Phiên bản {covenant.version}, thay thế các phiên bản trước.)", italic=True)
        )
    if covenant.commitment_lines:
        blocks.append(Heading("I. NỘI DUNG GIAO ƯỚC"))
        blocks.extend(
            ListItem(sentence(line), marker=f"{i}.")
            for i, line in enumerate(covenant.commitment_lines, start=1)
        )
    blocks.append(Heading("II. TIÊU CHÍ VÀ THANG ĐIỂM"))
    blocks.append(criteria_table(covenant))
    blocks.append(Heading("III. CÁCH TỔNG HỢP ĐIỂM VÀ XẾP HẠNG"))
    blocks.extend(Paragraph(line) for line in scoring_rules_text(covenant))
    by_unit = {s.unit_id: s for s in signatures}
    from thidua.covenants.selectors import member_units

    signers = []
    for unit in member_units(emulation_year):
        signature = by_unit.get(unit.pk)
        signers.append(
            Signer(
                unit=_unit_lines(unit.name),
                position=signature.signer_position if signature is not None else "Thủ trưởng đơn vị",
                name=signature.signer_name if signature is not None else BLANK_NAME,
                note="(Đã ký)" if copy and signature is not None else "",
            )
        )
    blocks.append(SignatureGrid(signers=tuple(signers), title="Đại diện các đơn vị thành viên ký giao ước"))
    if copy:
        blocks.append(
            Paragraph(
                "Bản sao: chữ ký của các đơn vị được ghi “(Đã ký)”; bản gốc có chữ ký và dấu lưu tại "
                f"đơn vị Trưởng {cluster_name(emulation_year)}.",
                italic=True,
            )
        )
    return Document(
        header=header,
        blocks=tuple(blocks),
        title=f"Giao ước thi đua năm {year} – {cluster_name(emulation_year)}"
        + (" (bản sao)" if copy else ""),
    )


# --- conference minutes ---------------------------------------------------------------------------


def _quotes(text: str) -> str:
    """Vietnamese quotation marks “ ” in documents (older records were typed with « »)."""
    return text.replace("«", "“").replace("»", "”")


def _outcome_text(outcome: Any) -> str:
    label, description = outcome.get_kind_display(), outcome.description.strip()
    if not description:
        return label
    if description.lower().startswith(label.lower()):  # "Thông qua kế hoạch: Thông qua …"
        return description
    return f"{label}: {description}"


def _person(attendee: Any) -> MinutesPerson:
    return MinutesPerson(name=attendee.name, position=attendee.position, organisation=attendee.organisation)


def build_minutes_document(conference: Conference) -> Document:
    """The conference's minutes, on the shared Decree 30 minutes frame (documents.rendering.minutes)."""
    from thidua.clusters.enums import MeetingRole
    from thidua.clusters.models import ConferenceAttendee

    emulation_year = EmulationYear(cluster=conference.cluster, year=conference.year)
    header = Header(
        superior_body=conference.cluster.authority.name,
        issuing_body=conference.cluster.name,
        place=place_name(conference.host, conference.place),
        issued_on=conference.date,
        number=number_text(emulation_year, None, "BB"),
        summary=summary_of(conference.title),
    )
    attendees = list(ConferenceAttendee.objects.filter(conference=conference).order_by("order", "id"))
    chair = next((a for a in attendees if a.role == MeetingRole.CHAIR), None)
    secretary = next((a for a in attendees if a.role == MeetingRole.SECRETARY), None)
    guests = tuple(_person(a) for a in attendees if a.is_guest)
    members = [a for a in attendees if not a.is_guest]
    member_units = {a.unit_id for a in members if a.unit_id}
    attendance = []
    if guests:
        attendance.append(AttendanceGroup("Đại biểu khách mời:", guests))
    if members:
        total = conference.cluster.memberships.filter(year=conference.year).count()
        note = f"Có mặt {len(member_units):02d}/{total:02d} đơn vị thành viên." if total else ""
        attendance.append(
            AttendanceGroup("Đại diện các đơn vị thành viên:", tuple(_person(a) for a in members), note=note)
        )
    sections: list[MinutesSection] = []
    agenda = list(conference.agenda_items.all())
    if agenda:
        sections.append(
            MinutesSection(
                "I. NỘI DUNG HỘI NGHỊ",
                tuple(
                    ListItem(
                        sentence(item.title + (f" (trình bày: {item.presenter})" if item.presenter else "")),
                        marker=f"{i}.",
                    )
                    for i, item in enumerate(agenda, start=1)
                ),
            )
        )
    outcomes = list(conference.outcomes.all())
    if outcomes or conference.summary:
        results: list[Block] = []
        if conference.summary:
            results.append(Paragraph(_quotes(conference.summary)))
        results.extend(ListItem(sentence(_quotes(_outcome_text(o)))) for o in outcomes)
        sections.append(
            MinutesSection("II. KẾT QUẢ HỘI NGHỊ" if agenda else "I. KẾT QUẢ HỘI NGHỊ", tuple(results))
        )
    minutes = Minutes(
        header=header,
        meeting="Hội nghị",
        date=conference.date,
        place=conference.place,
        starts_at=conference.starts_at,
        ends_at=conference.ends_at,
        chair=_person(chair) if chair else None,
        secretary=_person(secretary) if secretary else None,
        attendance=tuple(attendance),
        sections=tuple(sections),
        recipients=Recipients(
            items=(
                "Vụ Thi đua, Khen thưởng và Tuyên truyền, " + conference.cluster.authority.name,
                "Các đơn vị thành viên " + conference.cluster.name,
            ),
            archive="VT, Cụm",
        ),
        title=f"Biên bản {conference.title}",
    )
    return build_minutes(minutes=minutes)


# --- registration summary -------------------------------------------------------------------------

_LEVEL_SUFFIX = "bộ, ban, ngành, tỉnh"


def authority_award_name(label: str, authority: Unit) -> str:
    """The award as the conferring authority names it: "Cờ thi đua của Bộ Tài nguyên và Môi
    trường", not the law's category "Cờ thi đua của bộ, ban, ngành, tỉnh"."""
    if not label.endswith(_LEVEL_SUFFIX):
        return label
    stem = label[: -len(_LEVEL_SUFFIX)].strip()
    is_ministry = authority.kind == UnitKind.MINISTRY
    if stem.startswith("Bằng khen"):
        head = "Bộ trưởng " if is_ministry else "Chủ tịch "
        return f"Bằng khen của {head}{authority.name}"
    if stem.startswith("Chiến sĩ thi đua"):
        return "Chiến sĩ thi đua cấp Bộ" if is_ministry else "Chiến sĩ thi đua cấp tỉnh"
    return f"{stem} {authority.name}"


def build_registration_summary(emulation_year: EmulationYear) -> Document:
    year = emulation_year.year
    rows = registration_rows(emulation_year)
    leader = leader_unit(emulation_year)
    authority = emulation_year.cluster.authority
    submitted = [r.submitted_at for r in emulation_year.registrations.all()]
    # Dated in its own year: the day the last unit registered (local time), not the day it is printed.
    issued_on = timezone.localdate(max(submitted)) if submitted else datetime.date(year, 1, 1)
    header = Header(
        superior_body=authority.name,
        issuing_body=cluster_name(emulation_year),
        place=place_name(leader),
        issued_on=issued_on,
        number=number_text(emulation_year, None, "BC"),
        document_type="Báo cáo",
        summary=f"Tổng hợp đăng ký thi đua năm {year} của các đơn vị thành viên",
    )
    table = Table(
        columns=(
            Column("TT", 0.6, Alignment.CENTER),
            Column("Đơn vị", 2.8),
            Column("Tập thể, cá nhân", 2.2),
            Column("Chức vụ", 1.6),
            Column("Danh hiệu, hình thức khen thưởng đăng ký", 2.8),
        ),
        rows=tuple(
            TableRow((str(i), unit, subject, position, authority_award_name(label, authority)))
            for i, (unit, subject, position, _code, label) in enumerate(rows, start=1)
        ),
    )
    intro = Paragraph(f"{cluster_name(emulation_year)} tổng hợp kết quả đăng ký thi đua năm {year} như sau:")
    return Document(
        header=header,
        blocks=(intro, table, leader_signature(emulation_year, header.issued_on)),
        title=f"Tổng hợp đăng ký thi đua năm {year}",
    )
