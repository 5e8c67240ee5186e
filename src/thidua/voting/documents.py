"""Tally minutes (biên bản kiểm phiếu) as a document kind: Decree 30 layout, DOCX and PDF.

The minutes show what the session's disclosure setting allows (counts, pass/fail, or order), the
quorum and threshold applied, and the reconciliation of electronic and paper ballots.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

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

from .enums import Disclosure, SessionKind, SessionState
from .models import VotingSession
from .selectors import electronic_result, result_lines, session_result, turnout
from .tally import parse_share, percent_text


def _session(pk: int) -> VotingSession:
    session = (
        VotingSession.objects.select_related("cluster", "authority", "authority__province")
        .filter(pk=pk, state=SessionState.CLOSED)
        .first()
    )
    if session is None:
        raise NotFound("Không có biên bản kiểm phiếu này (phiên chưa kết thúc hoặc không tồn tại).")
    return session


def _share_words(share: str, strict: bool) -> str:
    # a fraction stays as written ("2/3"); a percentage reads "50%"
    text = share if "/" in share else percent_text(parse_share(share, field="share"))
    return f"trên {text}" if strict else f"từ {text} trở lên"


def build_tally_minutes(session: VotingSession) -> Document:
    result = session_result(session)
    counts = turnout(session)
    day = session.held_on or timezone.localtime(session.closed_at).date()
    issuing = session.cluster.name if session.cluster else "Hội đồng Thi đua – Khen thưởng"
    place = session.place or ""
    province = getattr(session.authority, "province", None)
    header = Header(
        superior_body=session.authority.name,
        issuing_body=issuing,
        place=date_line_place(place.split(",")[-1], province.name if province else None),
        issued_on=day,
        number=f"      /BB-{'CTĐ' + str(session.cluster.number) if session.cluster else 'HĐTĐKT'}",
        document_type="Biên bản kiểm phiếu",
        summary=str(session),
    )
    base_words = {"all": "tổng số thành viên", "present": "số thành viên có mặt", "valid": "số phiếu hợp lệ"}
    blocks: list[Any] = [
        Paragraph(
            f"Hôm nay, ngày {day:%d/%m/%Y}{', tại ' + place if place else ''}, Ban kiểm phiếu tiến hành kiểm phiếu "
            f"{session.get_kind_display().lower()}: {session}."
        ),
        Heading("I. SỐ CỬ TRI VÀ SỐ PHIẾU"),
        ListItem(
            f"Tổng số cử tri: {counts.electorate}; có mặt (kể cả gửi phiếu bằng văn bản): {session.present}."
        ),
        ListItem(
            f"Yêu cầu có mặt {_share_words(session.quorum_share, session.quorum_strict)} tổng số cử tri: "
            f"{'đạt' if result.quorum_met else 'không đạt'}."
        ),
        ListItem(
            f"Số phiếu thu vào: {counts.took_part} (phiếu điện tử {counts.electronic}, phiếu gửi bằng văn bản "
            f"{counts.written}, phiếu giấy {counts.paper}); hợp lệ: {result.valid_ballots} (trong đó phiếu trắng "
            f"{result.blank_ballots}); không hợp lệ: {result.invalid_ballots}."
        ),
        ListItem(
            f"Điều kiện trúng: đạt {_share_words(session.threshold_share, session.threshold_strict)} "
            f"{base_words[session.threshold_base]}; chọn tối đa {session.seats}."
        ),
        Heading("II. KẾT QUẢ KIỂM PHIẾU"),
    ]
    lines = result_lines(session, result)
    if session.disclosure == Disclosure.FULL:
        electronic = electronic_result(session) if session.paper_ballots else None
        e_votes = {str(r.candidate): r.votes for r in electronic.results} if electronic else {}
        columns = [Column("TT", 0.6, Alignment.CENTER), Column("Ứng cử viên", 4.6)]
        if electronic:
            columns += [
                Column("Phiếu điện tử", 1.3, Alignment.CENTER),
                Column("Phiếu giấy", 1.2, Alignment.CENTER),
            ]
        columns += [
            Column("Số phiếu", 1.1, Alignment.CENTER),
            Column("Tỉ lệ", 1.1, Alignment.CENTER),
            Column("Kết quả", 1.6, Alignment.CENTER),
        ]
        rows = []
        for i, line in enumerate(lines, start=1):
            cells = [str(i), line.candidate.label]
            if electronic:
                ev = e_votes.get(line.candidate.key, 0)
                cells += [str(ev), str((line.votes or 0) - ev)]
            cells += [str(line.votes), line.share_text, _outcome(line)]
            rows.append(TableRow(tuple(cells)))
        blocks.append(Table(columns=tuple(columns), rows=tuple(rows)))
        if electronic:
            blocks.append(
                Paragraph(
                    f"Đối chiếu: {session.paper_ballots} phiếu giấy do Ban kiểm phiếu đếm được cộng với "
                    f"{counts.electronic + counts.written} phiếu điện tử và phiếu gửi bằng văn bản; tổng số phiếu "
                    f"({counts.electronic + counts.written + session.paper_ballots}) bằng số cử tri đã bỏ phiếu "
                    f"({counts.took_part})."
                )
            )
    else:
        note = (
            "chỉ công bố đạt hay không đạt"
            if session.disclosure == Disclosure.PASS_FAIL
            else "chỉ công bố thứ tự"
        )
        blocks.append(
            Paragraph(
                f"Số cử tri ít nên, theo quyết định của phiên bỏ phiếu, biên bản {note}, không ghi số phiếu."
            )
        )
        blocks.append(
            Table(
                columns=(
                    Column("TT", 0.6, Alignment.CENTER),
                    Column("Ứng cử viên", 6.0),
                    Column("Kết quả", 2.4, Alignment.CENTER),
                ),
                rows=tuple(
                    TableRow(
                        (
                            str(line.rank) if session.disclosure == Disclosure.ORDER else str(i),
                            line.candidate.label,
                            _outcome(line),
                        )
                    )
                    for i, line in enumerate(lines, start=1)
                ),
            )
        )
    blocks.append(Heading("III. KẾT LUẬN"))
    elected = [line.candidate.label for line in lines if line.elected]
    runoff = [line.candidate.label for line in lines if line.runoff]
    what = "đề nghị khen thưởng" if session.kind == SessionKind.CLUSTER_SELECTION else "Hội đồng đề nghị"
    if not result.quorum_met:
        blocks.append(
            Paragraph("Không đủ số cử tri có mặt theo quy định: kết quả bỏ phiếu không có giá trị.")
        )
    elif elected:
        blocks.append(Paragraph(f"Trúng ({what}): " + "; ".join(elected) + "."))
    else:
        blocks.append(Paragraph("Không có ứng cử viên nào đạt điều kiện trúng."))
    if runoff:
        blocks.append(Paragraph(f"Bằng số phiếu ở vị trí cuối, bỏ phiếu lại: {'; '.join(runoff)}."))
    blocks.append(
        Paragraph(
            "Mọi phiếu bầu được công khai trên bảng công khai của phiên theo mã biên nhận; biên bản lập lúc kết thúc "
            "kiểm phiếu, đã đọc lại cho các thành viên cùng nghe."
        )
    )
    blocks.append(
        SignatureBlock(
            signer=Signer(position="TRƯỞNG BAN KIỂM PHIẾU", name="(họ và tên)"),
            left_signer=Signer(position="THƯ KÝ", name="(họ và tên)"),
        )
    )
    return Document(header=header, blocks=tuple(blocks), title=f"Biên bản kiểm phiếu – {session}")


def _outcome(line: Any) -> str:
    if line.elected:
        return "Trúng"
    if line.runoff:
        return "Bỏ phiếu lại"
    if line.passed is None:
        return "—"
    return "Đạt" if line.passed else "Không đạt"


def _may_see(user: Any, pk: int) -> bool:
    return allows(user, "voting.view_session", _session(pk))


def register_document_kinds() -> None:
    register_kind(
        DocumentKind(
            name="tally_minutes",
            label="Biên bản kiểm phiếu",
            items=lambda: (
                (s.pk, f"Biên bản kiểm phiếu {s}")
                for s in VotingSession.objects.filter(state=SessionState.CLOSED).order_by("pk")
            ),
            build=lambda pk: build_tally_minutes(_session(pk)),
            can_view=_may_see,
            filename=lambda pk: f"bien-ban-kiem-phieu-{pk}",
        )
    )
