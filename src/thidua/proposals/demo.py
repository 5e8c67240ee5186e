"""Demo: the 2018 chain of Cụm thi đua số 1 from its selection to the Minister's decision.

The leading unit sends the cluster's dossier built from its two selection votes of 21/12/2018
(voting demo: the flag session → Cờ thi đua, the certificates session → Bằng khen). The Ministry's
council puts every submitted 2018 dossier addressed to the Ministry on its agenda (the cluster's and
any unit's own, such as the one the unit-year demo sends), votes by secret ballot, records minutes;
the Minister's decision (Bộ trưởng Bộ Tài nguyên và Môi trường, early 2019, when that ministry
existed) writes the registry; the 2018 year is then closed. People's names on the council and the
signer are fictional; the decision number is illustrative.
"""

from __future__ import annotations

import datetime
from typing import Any

from thidua.awards.eligibility.codes import is_title
from thidua.awards.models import Conferral
from thidua.clusters.enums import YearState
from thidua.clusters.models import Cluster, EmulationYear
from thidua.clusters.selectors import leadership_for
from thidua.core import clock
from thidua.organisations.models import Unit
from thidua.voting import services as voting
from thidua.voting.enums import SessionKind, SessionState
from thidua.voting.models import VotingSession

from . import services
from .enums import DossierState
from .models import AwardDecision, Dossier

ORDER = 80
YEAR = 2018
SUBMITTED_ON = datetime.date(2018, 12, 26)
COUNCIL_ON = datetime.date(2019, 1, 10)
ISSUED_ON = datetime.date(2019, 1, 18)
CLOSED_ON = datetime.date(2019, 1, 25)
ISSUER = "Bộ trưởng Bộ Tài nguyên và Môi trường"
SIGNER = ("Lê Minh Khang", "BỘ TRƯỞNG")  # fictional
NUMBER = 125
DOSSIER_TITLE = "Tờ trình đề nghị khen thưởng năm 2018 của Cụm thi đua số 1"
COUNCIL_MEMBERS = [
    "Ông Phạm Quốc Hưng, Thứ trưởng — Chủ tịch Hội đồng",
    "Ông Trần Văn Nghĩa, Vụ trưởng Vụ Thi đua – Khen thưởng — Phó Chủ tịch thường trực",
    "Bà Nguyễn Thị Hạnh, Chánh Văn phòng Bộ — Ủy viên",
    "Ông Lê Đức Minh, Vụ trưởng Vụ Tổ chức cán bộ — Ủy viên",
    "Bà Đỗ Thu Trang, Vụ trưởng Vụ Kế hoạch – Tài chính — Ủy viên",
    "Ông Hoàng Văn Sơn, Chánh Thanh tra Bộ — Ủy viên",
    "Ông Vũ Mạnh Cường, Chủ tịch Công đoàn Bộ — Ủy viên",
    "Bà Phan Thị Lan, Bí thư Đoàn Thanh niên Bộ — Ủy viên",
    "Ông Bùi Quang Huy, Vụ trưởng Vụ Pháp chế — Ủy viên",
    "Bà Ngô Thị Mai, Phó Vụ trưởng Vụ Thi đua – Khen thưởng — Ủy viên, Thư ký",
]
LEGAL_GROUNDS = "\n".join(
    [
        "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều "
        "của Luật Thi đua, Khen thưởng ngày 16 tháng 11 năm 2013;",
        "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi "
        "hành một số điều của Luật Thi đua, Khen thưởng;",
        "Căn cứ Nghị định số 36/2017/NĐ-CP ngày 04 tháng 4 năm 2017 của Chính phủ quy định chức năng, "
        "nhiệm vụ, quyền hạn và cơ cấu tổ chức của Bộ Tài nguyên và Môi trường;",
        "Xét đề nghị của Cụm thi đua số 1 và của Hội đồng Thi đua – Khen thưởng Bộ;",
        "Theo đề nghị của Vụ trưởng Vụ Thi đua – Khen thưởng.",
    ]
)
REASON = (
    "Cụm thi đua số 1 đã bình xét, suy tôn bằng phiếu kín tại Hội nghị tổng kết ngày 21/12/2018; "
    "quy định riêng của Bộ về hình thức này chưa nạp vào hệ thống, Trưởng cụm đề nghị Hội đồng xét."
)


def _sessions(cluster: Cluster) -> list[tuple[VotingSession, str]]:
    """The cluster's closed 2018 selections and what each proposes: one seat → the flag."""
    rows = VotingSession.objects.filter(
        cluster=cluster, year=YEAR, kind=SessionKind.CLUSTER_SELECTION, state=SessionState.CLOSED, parent=None
    ).order_by("id")
    return [(s, "CO_BO" if s.seats == 1 else "BK_BO") for s in rows]


def _without_invented_duplicates(decision: AwardDecision) -> int:
    """The awards demo invents ministry-level entries for 2018: remove those this decision confers
    (the registry holds one active entry per code and year, and the decision is the real source)."""
    removed = 0
    for entry in decision.entries.all():
        field = "title__code" if is_title(entry.code) else "award_form__code"
        rows = Conferral.objects.filter(
            record__year=entry.year,
            revoked_on__isnull=True,
            decision_entry__isnull=True,
            **(
                {"record__person_id": entry.person_id}
                if entry.person_id
                else {"record__unit_id": entry.unit_id}
            ),
            **{field: entry.code},
        )
        removed += rows.count()
        rows.delete()
    return removed


def load_demo(*, stdout: Any) -> None:
    cluster = Cluster.objects.filter(authority__code="BTNMT", number=1).first()
    ministry = Unit.objects.filter(code="BTNMT").first()
    if cluster is None or ministry is None or Dossier.objects.filter(cluster=cluster, year=YEAR).exists():
        return
    leadership = leadership_for(cluster=cluster, year=YEAR)
    sessions = _sessions(cluster)
    if leadership is None or not sessions:
        stdout.write("Bỏ qua chuỗi đề nghị 2018: chưa có trưởng cụm hoặc phiên suy tôn.\n")
        return

    with clock.recorded_at(SUBMITTED_ON, hour=9):
        dossier = services.create_dossier(
            actor=None,
            sender=leadership.leader,
            authority=ministry,
            cluster=cluster,
            year=YEAR,
            title=DOSSIER_TITLE,
            summary=(
                "Căn cứ kết quả chấm điểm và bình xét, suy tôn tại Hội nghị tổng kết ngày 21/12/2018, "
                "Cụm thi đua số 1 đề nghị Bộ trưởng xét tặng Cờ thi đua và Bằng khen cho các đơn vị "
                "có thành tích xuất sắc trong năm 2018."
            ),
        )
        for session, code in sessions:
            services.add_selection_entries(actor=None, dossier=dossier, session=session, code=code)
        dropped = []
        for entry in dossier.entries.select_related("unit", "person"):
            if entry.verdict == "not_eligible":
                # the engine stops what the registry does not support (e.g. a year not rated
                # "hoàn thành xuất sắc"): the leader takes it off the list before sending
                dropped.append(
                    f"{entry.subject_name} ({entry.reasons[0]['detail'] if entry.reasons else ''})"
                )
                detail = entry.reasons[0]["detail"] if entry.reasons else "chưa đủ điều kiện"
                services.remove_dossier_entry(
                    actor=None, entry=entry, reason=f"trúng phiếu suy tôn nhưng chưa đủ điều kiện ({detail})"
                )
            elif entry.verdict != "eligible":
                services.record_entry_decision(actor=None, entry=entry, decision="admit", reason=REASON)
        services.submit_dossier(actor=None, dossier=dossier)
        year = EmulationYear.objects.filter(cluster=cluster, year=YEAR).first()
        if year is not None and year.state == YearState.VOTING:
            services.mark_year_proposed(actor=None, emulation_year=year)

    with clock.recorded_at(COUNCIL_ON, hour=9):
        from thidua.accounts.models import User

        council_user = User.objects.filter(username="hoidong").first()
        council = services.create_council_session(
            actor=None,
            authority=ministry,
            year=YEAR,
            title="Phiên họp Hội đồng Thi đua – Khen thưởng Bộ xét khen thưởng năm 2018",
            held_on=COUNCIL_ON,
            place="Trụ sở Bộ Tài nguyên và Môi trường, Hà Nội",
            chair=COUNCIL_MEMBERS[0].split(",")[0].removeprefix("Ông "),
            secretary=COUNCIL_MEMBERS[-1].split(",")[0].removeprefix("Bà "),
            members=[
                services.MemberSpec(label=label, user=council_user if i == 2 else None)
                for i, label in enumerate(COUNCIL_MEMBERS)
            ],
        )
        services.add_submitted_to_agenda(actor=None, session=council)
        credentials = services.open_council_vote(actor=None, session=council)
        council.refresh_from_db()
        assert council.vote is not None
        keys = [e.candidate_key for e in services.agenda_entries(council)]
        # nine of ten members approve every entry (90 %, the council's rule), one abstains
        for i, (_, credential) in enumerate(credentials):
            voting.cast_ballot(session=council.vote, credential=credential, choices=keys if i else [])
        services.close_council_vote(actor=None, session=council)
        services.record_minutes(
            actor=None,
            session=council,
            minutes=(
                "Hội đồng đã xem xét hồ sơ đề nghị khen thưởng năm 2018; kết quả biểu quyết bằng phiếu kín "
                "đạt tỷ lệ từ 90% trở lên tổng số thành viên Hội đồng đối với các trường hợp được đề nghị. "
                "Hội đồng thống nhất trình Bộ trưởng xem xét, quyết định."
            ),
        )

    with clock.recorded_at(ISSUED_ON, hour=9):
        dossiers = list(Dossier.objects.filter(authority=ministry, year=YEAR, state=DossierState.REVIEWED))
        decision = services.prepare_decision(
            actor=None,
            body=ministry,
            issuer=ISSUER,
            year=YEAR,
            subject_line="Về việc tặng Cờ thi đua và Bằng khen của Bộ trưởng Bộ Tài nguyên và Môi trường năm 2018",
            symbol="QĐ-BTNMT",
            dossiers=[d for d in dossiers if services.decidable_entries(d)],
            signer_name=SIGNER[0],
            signer_title=SIGNER[1],
            legal_grounds=LEGAL_GROUNDS,
            place="Hà Nội",
        )
        removed = _without_invented_duplicates(decision)
        services.issue_decision(
            actor=None,
            decision=decision,
            issued_on=ISSUED_ON,
            signer_name=SIGNER[0],
            signer_title=SIGNER[1],
            number=NUMBER,
        )

    with clock.recorded_at(CLOSED_ON, hour=9):
        year = EmulationYear.objects.filter(cluster=cluster, year=YEAR).first()
        if year is not None and year.state == YearState.PROPOSED:
            services.mark_year_decided(actor=None, emulation_year=year)
            services.close_year(actor=None, emulation_year=year)

    decision.refresh_from_db()
    lines = ", ".join(f"{e.label} ({e.code})" for e in decision.entries.all())
    stdout.write(
        f"Đề nghị: Quyết định số {decision.full_number} ngày {ISSUED_ON:%d/%m/%Y} — {lines}"
        + (f"; bỏ {removed} mục trùng của dữ liệu sổ" if removed else "")
        + (f"; không gửi vì chưa đủ điều kiện: {'; '.join(dropped)}" if dropped else "")
        + ".\n"
    )
