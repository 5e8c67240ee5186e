"""Demo: the 2018 emulation year of Cụm thi đua số 1 (built by clusters/demo.py).

Facts from the 2018 report (shared/seed): the Hà Nội department presented the draft plan, the
members adopted it with its key tasks at the 30/03/2018 conference in Hải Dương city, and the
leaders of the ten departments signed the covenant under the theme below. The criteria table,
the wording of the key tasks and the registrations are written by us (illustrative)."""

from __future__ import annotations

import datetime
from typing import Any

from thidua.clusters import services as cluster_services
from thidua.clusters.demo import KEYS, THEME_2018
from thidua.clusters.enums import OutcomeKind
from thidua.clusters.models import Cluster, Conference, EmulationYear
from thidua.core.clock import recorded_at
from thidua.covenants import services
from thidua.covenants.enums import PlanItemKind
from thidua.covenants.models import Covenant, Plan, Registration
from thidua.organisations.models import Position, Unit

ORDER = 50
D = datetime.date
DAY = D(2018, 3, 30)
DRAFTED = D(2018, 3, 5)  # the Trưởng Cụm's draft plan, sent to members before the conference
REGISTERED = D(2018, 4, 10)  # before the 15/04/2018 deadline

KEY_TASKS = [
    (
        "Phát động phong trào thi đua yêu nước trong toàn ngành, thực hiện kỷ luật, kỷ cương, hành động quyết liệt để hoàn thành xuất sắc nhiệm vụ năm 2018",
        None,
        D(2018, 4, 30),
    ),
    (
        "Thi đua đẩy mạnh cải cách hành chính, rà soát, đơn giản hóa thủ tục hành chính về tài nguyên và môi trường",
        None,
        D(2018, 12, 15),
    ),
    ("Xây dựng tổ chức đảng, chính quyền, đoàn thể trong sạch, vững mạnh", None, D(2018, 12, 15)),
    ("Tổ chức sơ kết 6 tháng công tác thi đua của Cụm", "HN", D(2018, 7, 31)),
    (
        "Thực hiện tốt công tác thi đua, khen thưởng năm 2018; tổng kết, bình xét, suy tôn",
        "HN",
        D(2018, 12, 20),
    ),
]
GOALS = [
    "Động viên công chức, viên chức, người lao động của các Sở thi đua hoàn thành xuất sắc nhiệm vụ năm 2018.",
    "Phát hiện, nhân rộng gương điển hình tiên tiến trong quản lý tài nguyên, bảo vệ môi trường.",
]
ACTIVITIES = [
    "Hội nghị ký kết giao ước thi đua và triển khai kế hoạch năm 2018 (tháng 3, tại Hải Dương).",
    "Hội nghị sơ kết 6 tháng đầu năm (tháng 7).",
    "Hội nghị tổng kết, bình xét, suy tôn (tháng 12).",
]
OUTREACH = [
    "Đưa tin về các hoạt động của Cụm trên cổng thông tin điện tử của các Sở.",
    "Tuyên truyền gương điển hình tiên tiến của các đơn vị trong Cụm.",
]
REGISTRATIONS: dict[str, list[str]] = {
    "HN": ["TTLDXS", "CO_BO"],
    "HD": ["TTLDXS", "BK_BO"],
    "HP": ["TTLDXS", "CO_BO"],
}
PEOPLE = [("Trưởng phòng", "CSTDCS"), ("Chuyên viên", "LDTT"), ("Chuyên viên chính", "LDTT")]


def _head(unit: Unit) -> tuple[str, str]:
    position = (
        Position.objects.filter(unit=unit, is_head=True, start__lte=DAY).select_related("person").first()
    )
    if position is None:
        return (f"Lãnh đạo {unit.short_name or unit.name}", "Giám đốc")
    return position.person.full_name, position.title


def load_demo(*, stdout: Any) -> None:
    cluster = Cluster.objects.get(authority__code="BTNMT", number=1)
    units = {key: Unit.objects.get(code=f"STNMT-{key}") for key in KEYS}
    conference = Conference.objects.get(cluster=cluster, date=DAY)
    emulation_year = EmulationYear.objects.filter(cluster=cluster, year=2018).first() or (
        cluster_services.open_emulation_year(actor=None, cluster=cluster, year=2018)
    )
    if not conference.agenda_items.exists():
        for title, presenter in (
            ("Khai mạc, giới thiệu đại biểu", "Sở Tài nguyên và Môi trường Hải Dương"),
            ("Báo cáo kết quả thi đua năm 2017 của Cụm", "Sở Tài nguyên và Môi trường Hà Nội"),
            (
                "Trình bày dự thảo kế hoạch thi đua, khen thưởng và tuyên truyền năm 2018",
                "Phó Giám đốc Sở Tài nguyên và Môi trường Hà Nội",
            ),
            ("Thảo luận, thông qua kế hoạch", "Các đơn vị thành viên"),
            ("Ký kết giao ước thi đua năm 2018", "Lãnh đạo mười Sở"),
        ):
            cluster_services.add_agenda_item(
                actor=None, conference=conference, title=title, presenter=presenter
            )
    plan = Plan.objects.filter(emulation_year=emulation_year).first()
    if plan is None:
        with recorded_at(DRAFTED):
            plan = _draft_plan(emulation_year, units)
    # Each step is recorded on its 2018 date and Vietnam time (core.clock), so the year's history,
    # signatures and registrations read as they happened, not as the day the demo was loaded.
    with recorded_at(DAY, hour=9):
        covenant = _conference_day(emulation_year, conference, plan, units)
    with recorded_at(DAY, hour=16):
        if not hasattr(emulation_year, "registration_call"):
            services.set_registration_deadline(
                actor=None, emulation_year=emulation_year, deadline=D(2018, 4, 15)
            )
    with recorded_at(REGISTERED, hour=10):
        _register(emulation_year, units)
    emulation_year.refresh_from_db()
    stdout.write(
        f"    {emulation_year}: {emulation_year.get_state_display()}, "
        f"{covenant.signatures.count()} chữ ký, {emulation_year.registrations.count()} đăng ký"
    )


def _draft_plan(emulation_year: EmulationYear, units: dict[str, Unit]) -> Plan:
    plan = services.create_plan(
        actor=None,
        emulation_year=emulation_year,
        title="Kế hoạch tổ chức các hoạt động thi đua, khen thưởng và tuyên truyền năm 2018",
        # The body of the plan as adopted, not as the draft presented at the conference.
        introduction=(
            "Thực hiện Phong trào thi đua yêu nước ngành Tài nguyên và Môi trường năm 2018, Cụm thi đua số 1 "
            "ban hành Kế hoạch tổ chức các hoạt động thi đua, khen thưởng và tuyên truyền năm 2018 như sau:"
        ),
    )
    for text in GOALS:
        services.add_plan_item(actor=None, plan=plan, kind=PlanItemKind.GOAL, text=text)
    for text, key, deadline in KEY_TASKS:
        services.add_plan_item(
            actor=None,
            plan=plan,
            kind=PlanItemKind.KEY_TASK,
            text=text,
            responsible_unit=units[key] if key else None,
            deadline=deadline,
        )
    for text in ACTIVITIES:
        services.add_plan_item(actor=None, plan=plan, kind=PlanItemKind.ACTIVITY, text=text)
    for text in OUTREACH:
        services.add_plan_item(actor=None, plan=plan, kind=PlanItemKind.OUTREACH, text=text)
    return plan


def _conference_day(
    emulation_year: EmulationYear, conference: Conference, plan: Plan, units: dict[str, Unit]
) -> Covenant:
    if not plan.is_adopted:
        services.adopt_plan(
            actor=None,
            plan=plan,
            conference=conference,
            adopted_by="Các đơn vị thành viên Cụm thi đua số 1 thảo luận và thông qua",
        )
    covenant = Covenant.objects.filter(emulation_year=emulation_year).order_by("-version").first()
    if covenant is None:
        covenant = services.create_covenant_from_template(
            actor=None, emulation_year=emulation_year, template="so-tnmt", theme=THEME_2018
        )
    for key in KEYS:
        if not covenant.signatures.filter(unit=units[key]).exists():
            name, title = _head(units[key])
            services.sign_covenant(
                actor=None,
                covenant=covenant,
                unit=units[key],
                signer_name=name,
                signer_position=title,
                signed_on=DAY,
                place="Thành phố Hải Dương",
                conference=conference,
            )
    if not conference.outcomes.filter(kind=OutcomeKind.LEADER_HANDED_OVER).exists():
        cluster_services.record_outcome(
            actor=None,
            conference=conference,
            kind=OutcomeKind.LEADER_HANDED_OVER,
            description="Sở Tài nguyên và Môi trường Hà Nội nhận vai trò Trưởng Cụm năm 2018; Hải Dương là Phó Trưởng Cụm.",
        )
    return covenant


def _register(emulation_year: EmulationYear, units: dict[str, Unit]) -> None:
    for key, targets in REGISTRATIONS.items():
        if Registration.objects.filter(emulation_year=emulation_year, unit=units[key]).exists():
            continue
        # Real (invented, but named) staff of the unit, matched to the position of each target.
        staff = {
            p.title: p.person.full_name
            for p in Position.objects.filter(unit=units[key], start__lte=REGISTERED)
            .select_related("person")
            .order_by("-id")
        }
        people = [
            services.PersonTargetInput(name=staff.get(position, ""), position=position, target=target)
            for position, target in PEOPLE
            if staff.get(position)
        ]
        services.submit_registration(
            actor=None,
            emulation_year=emulation_year,
            unit=units[key],
            collective_targets=targets,
            people=people,
            today=REGISTERED,
        )
