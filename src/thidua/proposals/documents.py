"""The decree's documents of the proposal chain (Decree 30/2020 layout, DOCX and PDF):

- `proposal_submission`: the sender's submission (tờ trình) with the list of those proposed;
- `proposal_list`: the list alone (danh sách đề nghị), with each entry's eligibility;
- `council_minutes`: the council session's minutes (biên bản), with the vote per entry;
- `award_decision`: the decision with its attached list (a 500-row list is long: the documents app
  renders its PDF as a background job with a progress bar).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from thidua.awards.eligibility.codes import conferred_name, in_catalogue_order, is_title, legal_name
from thidua.awards.enums import Verdict
from thidua.core.errors import NotFound
from thidua.core.rules import allows
from thidua.documents.registry import DocumentKind, register_kind
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
from thidua.documents.rendering.formatting import date_line_place
from thidua.documents.rendering.minutes import (
    AttendanceGroup,
    Minutes,
    MinutesPerson,
    MinutesSection,
    build_minutes,
)
from thidua.documents.rendering.model import PageBreak, Recipients

from .enums import CouncilState, DecisionState, EntryDecision
from .models import AwardDecision, CouncilSession, Dossier, DossierEntry

BLANK_NUMBER = "      "
# grounds of a ministry's decision under the 2003/2013 Law (the benchmark's sample and tests)
LEGAL_GROUNDS_SAMPLE = (
    "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003;\n"
    "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ;\n"
    "Theo đề nghị của Vụ trưởng Vụ Thi đua – Khen thưởng."
)


def _place(unit: Any) -> str:
    province = getattr(unit, "province", None)
    return date_line_place(province.name if province else None)


def _superior(unit: Any) -> str:
    return unit.parent.name if getattr(unit, "parent_id", None) else ""


def _entry_status(entry: DossierEntry) -> str:
    verdict = Verdict(entry.verdict).label if entry.verdict in Verdict.values else "—"
    if entry.decision == EntryDecision.ADMIT:
        return f"{verdict}; đã quyết định chấp nhận: {entry.decision_reason}"
    return verdict


def _entries_table(entries: list[DossierEntry], *, with_status: bool) -> Table:
    columns = [
        Column("TT", 0.6, Alignment.CENTER),
        Column("Tên tập thể, cá nhân", 4.0),
        Column("Danh hiệu, hình thức đề nghị", 2.6),
        Column("Thành tích tóm tắt", 2.6),
    ]
    if with_status:
        columns.append(Column("Kết quả xét điều kiện", 2.6))
    rows = []
    for i, entry in enumerate(entries, start=1):
        cells = [str(i), entry.subject_name, legal_name(entry.code), entry.note or "—"]
        if with_status:
            cells.append(_entry_status(entry))
        rows.append(TableRow(tuple(cells)))
    return Table(columns=tuple(columns), rows=tuple(rows))


def _dossier(pk: int) -> Dossier:
    dossier = (
        Dossier.objects.select_related("sender__province", "sender__parent", "authority", "cluster")
        .filter(pk=pk)
        .first()
    )
    if dossier is None:
        raise NotFound("Không có hồ sơ này.")
    return dossier


def _entries(dossier: Dossier) -> list[DossierEntry]:
    return list(dossier.entries.select_related("person", "unit").order_by("position", "id"))


def _number(dossier: Dossier, type_code: str) -> str:
    n = dossier.submission_number
    return f"{n:02d}/{type_code}" if n else f"{BLANK_NUMBER}/{type_code}"


def build_submission(dossier: Dossier) -> Document:
    entries = _entries(dossier)
    on = dossier.submitted_on or dossier.created_at.date()
    issuing = dossier.cluster.name if dossier.cluster else dossier.sender.name
    header = Header(
        superior_body=dossier.authority.name if dossier.cluster else _superior(dossier.sender),
        issuing_body=issuing,
        place=_place(dossier.sender),
        issued_on=on,
        number=_number(dossier, "TTr"),
        document_type="Tờ trình",
        summary=f"Về việc đề nghị khen thưởng năm {dossier.year}",
    )
    kinds = sorted({legal_name(e.code) for e in entries})
    blocks: list[Any] = [
        Paragraph(f"Kính gửi: {dossier.authority.name}.", align=Alignment.CENTER, indent_first_line=False),
        Paragraph(
            dossier.summary
            or f"{issuing} kính trình {dossier.authority.name} xem xét, khen thưởng cho các tập thể, cá nhân "
            f"có thành tích xuất sắc năm {dossier.year}."
        ),
        Paragraph(f"Tổng số đề nghị: {len(entries)} ({'; '.join(kinds)}). Danh sách kèm theo."),
        Paragraph(f"{issuing} kính trình {dossier.authority.name} xem xét, quyết định./."),
        SignatureBlock(
            signer=Signer(
                position="TRƯỞNG CỤM" if dossier.cluster else "THỦ TRƯỞNG ĐƠN VỊ", name="(họ và tên)"
            ),
            recipients=Recipients(items=("Như trên",)),
        ),
        PageBreak(),
        Heading(f"DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM {dossier.year}", align=Alignment.CENTER),
        Paragraph(
            f"(Kèm theo Tờ trình số {_number(dossier, 'TTr')} của {issuing})",
            align=Alignment.CENTER,
            italic=True,
            indent_first_line=False,
        ),
        _entries_table(entries, with_status=False),
    ]
    return Document(header=header, blocks=tuple(blocks), title=f"Tờ trình – {dossier.title}")


def build_list(dossier: Dossier) -> Document:
    entries = _entries(dossier)
    issuing = dossier.cluster.name if dossier.cluster else dossier.sender.name
    header = Header(
        superior_body=dossier.authority.name if dossier.cluster else _superior(dossier.sender),
        issuing_body=issuing,
        place=_place(dossier.sender),
        issued_on=dossier.submitted_on or dossier.created_at.date(),
        document_type="Danh sách",
        summary=f"Đề nghị khen thưởng năm {dossier.year}",
    )
    blocks = (
        _entries_table(entries, with_status=True),
        SignatureBlock(signer=Signer(position="NGƯỜI LẬP DANH SÁCH", name="(họ và tên)")),
    )
    return Document(header=header, blocks=blocks, title=f"Danh sách – {dossier.title}")


def _council(pk: int) -> CouncilSession:
    session = (
        CouncilSession.objects.select_related("authority__province", "vote")
        .filter(pk=pk, state__in=[CouncilState.VOTED, CouncilState.MINUTED])
        .first()
    )
    if session is None:
        raise NotFound("Không có biên bản phiên họp này (chưa biểu quyết hoặc không tồn tại).")
    return session


def build_council_minutes(session: CouncilSession) -> Document:
    from .services import agenda_entries

    entries = agenda_entries(session)
    members = list(session.members.all())
    vote_lines: dict[str, tuple[int, str]] = {}
    if session.vote is not None:
        from thidua.voting.selectors import result_lines, session_result

        for line in result_lines(session.vote, session_result(session.vote), full=True):
            vote_lines[line.candidate.key] = (line.votes or 0, line.share_text)
    rows = []
    for i, entry in enumerate(entries, start=1):
        votes, share = vote_lines.get(entry.candidate_key, (0, "—"))
        outcome = "Đề nghị khen thưởng" if entry.recommended else "Không đủ tỷ lệ"
        rows.append(
            TableRow((str(i), entry.subject_name, legal_name(entry.code), str(votes), share, outcome))
        )
    agenda = [item.dossier for item in session.agenda.select_related("dossier__sender").order_by("position")]
    minutes = Minutes(
        header=Header(
            superior_body=session.authority.name,
            issuing_body="Hội đồng Thi đua – Khen thưởng",
            place=_place(session.authority),
            issued_on=session.held_on,
            number=f"{BLANK_NUMBER}/BB-HĐTĐKT",
            summary=session.title,
        ),
        meeting="Phiên họp",
        date=session.held_on,
        place=session.place,
        chair=MinutesPerson(name=session.chair, position="Chủ tịch Hội đồng"),
        secretary=MinutesPerson(name=session.secretary, position="Thư ký Hội đồng"),
        attendance=(
            AttendanceGroup(
                label="Thành viên Hội đồng",
                people=tuple(MinutesPerson(name=m.label) for m in members),
                note=f"Có mặt {session.vote.present if session.vote else len(members)}/{len(members)} thành viên.",
            ),
        ),
        sections=(
            MinutesSection(
                "I. NỘI DUNG XEM XÉT",
                tuple(ListItem(f"Hồ sơ “{d.title}” của {d.sender.name};") for d in agenda),
            ),
            MinutesSection(
                "II. KẾT QUẢ BIỂU QUYẾT BẰNG PHIẾU KÍN",
                (
                    Table(
                        columns=(
                            Column("TT", 0.6, Alignment.CENTER),
                            Column("Tập thể, cá nhân", 4.0),
                            Column("Hình thức", 2.6),
                            Column("Số phiếu đồng ý", 1.4, Alignment.CENTER),
                            Column("Tỷ lệ", 1.1, Alignment.CENTER),
                            Column("Kết quả", 2.0, Alignment.CENTER),
                        ),
                        rows=tuple(rows),
                    ),
                ),
            ),
            MinutesSection("III. KẾT LUẬN", (Paragraph(session.minutes or "……"),)),
        ),
        title=f"Biên bản – {session.title}",
    )
    return build_minutes(minutes=minutes)


def _decision(pk: int) -> AwardDecision:
    decision = AwardDecision.objects.select_related("body__province", "body__parent").filter(pk=pk).first()
    if decision is None:
        raise NotFound("Không có quyết định này.")
    return decision


def _decision_rows(decision: AwardDecision) -> list[TableRow]:
    rows = []
    for i, e in enumerate(decision.entries.order_by("position", "id").iterator(chunk_size=2000), start=1):
        rows.append(TableRow((str(i), e.label, e.unit_label or "—", conferred_name(e.code, decision.issuer))))
    return rows


def build_decision(decision: AwardDecision) -> Document:
    codes = set(decision.entries.values_list("code", flat=True).distinct())
    forms = sorted(conferred_name(c, decision.issuer) for c in codes if not is_title(c))
    titles = [
        conferred_name(c, decision.issuer) for c in in_catalogue_order({c for c in codes if is_title(c)})
    ]
    people, units = (decision.entries.filter(**{f"{f}__isnull": False}).exists() for f in ("person", "unit"))
    who = "tập thể, cá nhân" if people == units else "cá nhân" if people else "tập thể"
    subjects = len(set(decision.entries.values_list("person_id", "unit_id")))
    return decision_document(
        decision, rows=_decision_rows(decision), forms=forms, titles=titles, who=who, subjects=subjects
    )


def _article_one(*, forms: list[str], titles: list[str], who: str, count: int, year: int) -> str:
    """Điều 1: titles are recognised (công nhận danh hiệu), award forms given (tặng)."""
    if not titles:
        return (
            f"Điều 1. Tặng {', '.join(forms)} cho {count} {who} đã có thành tích xuất sắc "
            f"năm {year} (có danh sách kèm theo)."
        )
    parts = [f"Công nhận danh hiệu {', '.join(titles)} năm {year}"]
    if forms:
        parts.append(f"tặng {', '.join(forms)}")
    return f"Điều 1. {' và '.join(parts)} cho {count} {who} có tên trong danh sách kèm theo."


def decision_document(
    decision: AwardDecision,
    *,
    rows: list[TableRow],
    forms: list[str],
    titles: Sequence[str] = (),
    who: str = "tập thể, cá nhân",
    subjects: int | None = None,  # people and collectives (one may hold two titles): the list's lines
) -> Document:
    """The decision and its list from already read rows (no query: the benchmark builds it in memory)."""
    number = decision.full_number or f"{BLANK_NUMBER}/{decision.symbol}"
    on = decision.issued_on or decision.issued_at or None
    if on is None:
        from thidua.core import clock

        on = clock.today()
    header = Header(
        superior_body=_superior(decision.body),
        issuing_body=decision.body.name,
        place=decision.place or _place(decision.body),
        issued_on=on,
        number=number,
        document_type="Quyết định",
        summary=decision.subject_line,
    )
    blocks: list[Any] = [Heading(decision.issuer.upper(), align=Alignment.CENTER)]
    blocks += [
        Paragraph(line.strip(), italic=True) for line in decision.legal_grounds.splitlines() if line.strip()
    ]
    blocks += [
        Heading("QUYẾT ĐỊNH:", align=Alignment.CENTER),
        Paragraph(
            _article_one(
                forms=list(forms),
                titles=list(titles),
                who=who,
                count=len(rows) if subjects is None else subjects,
                year=decision.year,
            )
        ),
        Paragraph(
            "Điều 2. Khen thưởng kèm theo tiền thưởng theo quy định hiện hành."
            if forms and not titles
            else "Điều 2. Các cá nhân có tên tại Điều 1 được hưởng tiền thưởng theo quy định hiện hành."
            if who == "cá nhân"
            else "Điều 2. Tiền thưởng kèm theo thực hiện theo quy định hiện hành."
        ),
        Paragraph(
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Thủ trưởng các đơn vị có liên quan và các tập thể, "
            "cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."
        ),
        SignatureBlock(
            signer=Signer(
                position=decision.signer_title or "(chức vụ)",
                name=decision.signer_name or "(họ và tên)",
                note="(Đã ký)" if decision.state != DecisionState.DRAFT else "",
            ),
            recipients=Recipients(items=("Như Điều 3",)),
        ),
    ]
    if decision.state == DecisionState.REVOKED:
        blocks.append(
            Paragraph(
                f"Quyết định đã bị thu hồi ngày {decision.revoked_on:%d/%m/%Y} ({decision.revocation_basis}).",
                bold=True,
            )
        )
    blocks += [
        PageBreak(),
        Heading("DANH SÁCH", align=Alignment.CENTER),
        Paragraph(
            f"(Kèm theo Quyết định số {number} ngày {on:%d/%m/%Y} của {decision.issuer})",
            align=Alignment.CENTER,
            italic=True,
            indent_first_line=False,
        ),
        Table(
            columns=(
                Column("TT", 0.7, Alignment.CENTER),
                Column("Tên tập thể, cá nhân", 4.2),
                Column("Đơn vị công tác", 3.8),
                Column("Danh hiệu, hình thức khen thưởng", 3.4),
            ),
            rows=tuple(rows),
        ),
    ]
    return Document(
        header=header, blocks=tuple(blocks), title=f"Quyết định {number} – {decision.subject_line}"
    )


def issued_decision_pdf(record: Any) -> bytes | None:
    """The certificates app's seam (`register_decision_pdf`): the PDF of a registry decision that a
    proposals decision wrote, laid out as issued (Decree 30, with its list); None for a decision
    entered in the registry by hand or imported, which has no document here."""
    from thidua.documents.rendering import render_pdf

    decision = (
        AwardDecision.objects.select_related("body__province", "body__parent")
        .filter(registry_id=record.pk)
        .exclude(state=DecisionState.DRAFT)
        .first()
    )
    return None if decision is None else render_pdf(document=build_decision(decision))


def register_document_kinds() -> None:
    register_kind(
        DocumentKind(
            name="proposal_submission",
            label="Tờ trình đề nghị khen thưởng",
            items=lambda: ((d.pk, f"Tờ trình – {d.title}") for d in Dossier.objects.order_by("pk")),
            build=lambda pk: build_submission(_dossier(pk)),
            can_view=lambda user, pk: allows(user, "proposals.view_dossier", _dossier(pk)),
            filename=lambda pk: f"to-trinh-de-nghi-{pk}",
        )
    )
    register_kind(
        DocumentKind(
            name="proposal_list",
            label="Danh sách đề nghị khen thưởng",
            items=lambda: ((d.pk, f"Danh sách – {d.title}") for d in Dossier.objects.order_by("pk")),
            build=lambda pk: build_list(_dossier(pk)),
            can_view=lambda user, pk: allows(user, "proposals.view_dossier", _dossier(pk)),
            filename=lambda pk: f"danh-sach-de-nghi-{pk}",
        )
    )
    from .achievement import achievement_report, entry_dossier

    register_kind(
        DocumentKind(
            name="achievement_report",
            label="Báo cáo thành tích (theo mẫu của Nghị định)",
            items=lambda: (
                (e.pk, f"Báo cáo thành tích – {e.subject_name}")
                for e in DossierEntry.objects.select_related("person", "unit").order_by("pk")
            ),
            build=achievement_report,
            can_view=lambda user, pk: allows(user, "proposals.view_dossier", entry_dossier(pk)),
            filename=lambda pk: f"bao-cao-thanh-tich-{pk}",
        )
    )
    register_kind(
        DocumentKind(
            name="council_minutes",
            label="Biên bản họp Hội đồng Thi đua – Khen thưởng",
            items=lambda: (
                (s.pk, f"Biên bản – {s.title}")
                for s in CouncilSession.objects.filter(state__in=[CouncilState.VOTED, CouncilState.MINUTED])
            ),
            build=lambda pk: build_council_minutes(_council(pk)),
            can_view=lambda user, pk: allows(user, "proposals.view_council", _council(pk)),
            filename=lambda pk: f"bien-ban-hoi-dong-{pk}",
        )
    )
    register_kind(
        DocumentKind(
            name="award_decision",
            label="Quyết định khen thưởng",
            items=lambda: ((d.pk, str(d)) for d in AwardDecision.objects.order_by("pk")),
            build=lambda pk: build_decision(_decision(pk)),
            can_view=lambda user, pk: allows(user, "proposals.view_decision", _decision(pk)),
            filename=lambda pk: f"quyet-dinh-khen-thuong-{pk}",
        )
    )
