"""Demo: Sở Tài nguyên và Môi trường Hải Dương runs its own 2018 year (issue 18).

Its officer imports the year-end ratings from the personnel system's Excel file (28/12/2018), the
unit reviews its people with the batch engine, the director's decision of January 2019 confers
LĐTT and CSTĐCS and writes the registry, and one person goes to the ministry for its Bằng khen in
a submitted dossier (the proposals demo, ORDER 80, puts it before the Minister's council).
The awards demo (ORDER 60) leaves this unit's 2018 to this chain. Idempotent: each step checks
what is already stored.

The chain (docs/unit-year.md): the officer marks the proposals on the review on 03/01/2019 — every
person eligible for Lao động tiên tiến, one Chiến sĩ thi đua cơ sở (the 15% quota of Decree 91/2017
allows one for eight LĐTT), one Bằng khen of the Minister, admitted with a reason because the
ministry's own rule is not loaded; the unit's council meets on 08/01/2019 (minutes, no vote in
thidua); the director signs Decision No. 15/QĐ-STNMT on 15/01/2019. The council members and the
signer are fictional; the number is illustrative.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from thidua.accounts.enums import Role
from thidua.accounts.models import RoleAssignment, User
from thidua.awards.demo import OWN_YEAR_FACTS
from thidua.awards.eligibility.codes import RATINGS
from thidua.awards.models import YearRecord
from thidua.awards.services.ratings import COLUMNS, SHEET, import_ratings
from thidua.awards.unit_year import placements
from thidua.core import clock
from thidua.core.spreadsheets import SheetSpec, write_xlsx
from thidua.organisations.models import Unit
from thidua.proposals import services
from thidua.proposals.services import unit_review

ORDER = 75
YEAR = 2018
UNIT_CODE = "STNMT-HD"
OFFICER = "canbo.haiduong"
HEAD = "giamdoc.haiduong"
PERSON_LOGIN = "canhan.haiduong"
PROPOSED_ON = datetime.date(2019, 1, 3)
COUNCIL_ON = datetime.date(2019, 1, 8)
DECIDED_ON = datetime.date(2019, 1, 15)
DECISION_NUMBER = 15
SIGNER = ("Phạm Văn Thắng", "GIÁM ĐỐC")  # fictional
COUNCIL = [
    "Ông Phạm Văn Thắng, Giám đốc Sở — Chủ tịch Hội đồng",
    "Bà Nguyễn Thị Thu Hà, Phó Giám đốc Sở — Phó Chủ tịch Hội đồng",
    "Ông Trần Quang Vinh, Chánh Văn phòng Sở — Ủy viên",
    "Bà Lê Thị Hồng, Chủ tịch Công đoàn cơ sở — Ủy viên",
    "Ông Đỗ Minh Tuấn, Chuyên viên Văn phòng Sở — Ủy viên, Thư ký",
]
HIGHER_REASON = (
    "Quy định riêng của Bộ Tài nguyên và Môi trường về Bằng khen của Bộ trưởng chưa nạp vào hệ thống; "
    "Hội đồng Thi đua – Khen thưởng Sở đã xét thành tích năm 2018 và thống nhất đề nghị."
)
DEMO_PASSWORD = "thidua-2018"  # noqa: S105 - the published demo password (accounts/demo.py)


def _user(username: str, label: str) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"first_name": label})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _facts(person_id: int, n: int) -> tuple[str, str, int, int, int]:
    """What the personnel system reports: the awards demo's draws, else a fixed pattern (a demo
    reloaded into a database whose registry was already there)."""
    if person_id in OWN_YEAR_FACTS:
        return OWN_YEAR_FACTS[person_id]
    return ((RATINGS[0], RATINGS[1], RATINGS[1], RATINGS[2])[n % 4], "", 12, 0, 2)


def _ratings(unit: Unit, officer: User) -> int:
    people = [p for p in placements(unit, YEAR) if p.placed_here]
    if YearRecord.objects.filter(person__in=[p.person for p in people], year=YEAR).exists():
        return 0
    rows = []
    for n, placement in enumerate(people):
        rating, discipline, months, leave, absence = _facts(placement.person.pk, n)
        rows.append(
            [
                str(placement.person.pk),
                placement.person.full_name,
                rating,
                discipline,
                months,
                leave,
                absence,
                "",
            ]
        )
    content = write_xlsx([SheetSpec(SHEET, COLUMNS, rows)])
    with clock.recorded_at(datetime.date(YEAR, 12, 28), hour=9):
        report = import_ratings(actor=officer, unit=unit, year=YEAR, file=io.BytesIO(content))
    return report.entered


def load_demo(*, stdout: Any) -> None:
    unit = Unit.objects.filter(code=UNIT_CODE).first()
    if unit is None:
        return
    officer = User.objects.get(username=OFFICER)
    head = _user(HEAD, "Giám đốc Sở TN&MT Hải Dương")
    RoleAssignment.objects.get_or_create(user=head, role=Role.UNIT_HEAD, unit=unit)
    first = next((p.person for p in placements(unit, YEAR) if p.placed_here), None)
    person_user = _user(PERSON_LOGIN, "Công chức Sở TN&MT Hải Dương")
    if first is not None and person_user.person_id is None:
        person_user.person = first
        person_user.save(update_fields=["person"])
    entered = _ratings(unit, officer)
    decided = _review_to_decision(unit, officer, head)
    line = f"    {unit.name} năm {YEAR}: {entered} người xếp loại (nhập Excel)"
    if decided is not None:
        line += f"; Quyết định số {decided.full_number} ngày {decided.issued_on:%d/%m/%Y}"
    stdout.write(line)


def _review_to_decision(unit: Unit, officer: User, head: User) -> Any:
    """The review, the proposals, the council and the director's decision (once)."""
    from thidua.awards.review import cstdcs_quota
    from thidua.awards.review import unit_review as review

    have = unit_review.unit_dossiers(unit, YEAR)
    if have[unit_review.OWN] is not None:
        return None
    rows = review(unit, YEAR)
    ldtt = [r.person.pk for r in rows if r.outcome("LDTT").verdict == "eligible"]
    quota = cstdcs_quota(ldtt=len(ldtt), year=YEAR) or 0
    cstdcs = [r.person.pk for r in rows if r.person.pk in ldtt and r.outcome("CSTDCS").verdict == "eligible"]
    marks = [(pid, "LDTT") for pid in ldtt] + [(pid, "CSTDCS") for pid in cstdcs[:quota]]
    higher = cstdcs[:1] or ldtt[:1]
    marks += [(pid, "BK_BO") for pid in higher]
    if not ldtt:
        return None
    with clock.recorded_at(PROPOSED_ON, hour=9):
        unit_review.mark_proposals(actor=officer, unit=unit, year=YEAR, proposed=marks, shown=marks)
        have = unit_review.unit_dossiers(unit, YEAR)
        own, up = have[unit_review.OWN], have[unit_review.HIGHER]
        assert own is not None
        for dossier in (own, up):
            if dossier is None:
                continue
            for entry in dossier.entries.all():
                if entry.verdict != "eligible":
                    services.record_entry_decision(
                        actor=officer, entry=entry, decision="admit", reason=HIGHER_REASON
                    )
            services.submit_dossier(actor=officer, dossier=dossier)
    with clock.recorded_at(COUNCIL_ON, hour=14):
        unit_review.hold_unit_council(
            actor=officer,
            dossier=own,
            held_on=COUNCIL_ON,
            chair=COUNCIL[0].split(",")[0].removeprefix("Ông "),
            secretary=COUNCIL[-1].split(",")[0].removeprefix("Ông "),
            members=COUNCIL,
            place="Trụ sở Sở Tài nguyên và Môi trường tỉnh Hải Dương",
            minutes=(
                f"Hội đồng Thi đua – Khen thưởng Sở đã xét kết quả xếp loại và thành tích năm {YEAR}; "
                f"thống nhất đề nghị Giám đốc Sở công nhận danh hiệu Lao động tiên tiến cho {len(ldtt)} "
                f"cá nhân, Chiến sĩ thi đua cơ sở cho {min(quota, len(cstdcs))} cá nhân; đề nghị Bộ trưởng "
                "Bộ Tài nguyên và Môi trường tặng Bằng khen cho 1 cá nhân."
            ),
        )
    with clock.recorded_at(DECIDED_ON, hour=10):
        decision = unit_review.prepare_unit_decision(
            actor=officer,
            dossier=own,
            signer_name=SIGNER[0],
            signer_title=SIGNER[1],
            place="Hải Dương",
        )
        return services.issue_decision(
            actor=head,
            decision=decision,
            issued_on=DECIDED_ON,
            signer_name=SIGNER[0],
            signer_title=SIGNER[1],
            number=DECISION_NUMBER,
        )
