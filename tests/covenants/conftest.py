"""Fixtures of the covenants tests: the world's 2018 year, with plan, covenant and a conference."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from tests.factories import World, make_user
from thidua.accounts.enums import Role
from thidua.clusters import services as cluster_services
from thidua.clusters.enums import ConferenceKind
from thidua.clusters.models import Conference, EmulationYear
from thidua.covenants import services
from thidua.covenants.enums import PlanItemKind
from thidua.covenants.models import Covenant, Plan

D = datetime.date
SIGN_DAY = D(2018, 3, 30)


@dataclass
class Year:
    world: World
    emulation_year: EmulationYear
    plan: Plan
    covenant: Covenant
    conference: Conference
    officer_c: object  # officer of unit C (the world has none)


def build_covenant(emulation_year: EmulationYear) -> Covenant:
    """A balanced 100-point draft: two groups (60 + 40), four criteria, one bonus, one penalty."""
    covenant = services.create_covenant(
        actor=None,
        emulation_year=emulation_year,
        theme="Kỷ cương, liêm chính, hành động",
        bonus_cap=5,
        penalty_cap=5,
    )
    g1 = services.add_group(actor=None, covenant=covenant, name="Nhiệm vụ chuyên môn", max_points=60)
    g2 = services.add_group(actor=None, covenant=covenant, name="Công tác thi đua", max_points=40)
    services.add_criterion(actor=None, group=g1, name="Hoàn thành kế hoạch năm", max_points="35")
    services.add_criterion(actor=None, group=g1, name="Cải cách hành chính", max_points="25")
    services.add_criterion(
        actor=None, group=g2, name="Tham gia hoạt động của Cụm", max_points="22,5", evidence="Danh sách dự"
    )
    services.add_criterion(
        actor=None, group=g2, name="Tuyên truyền gương điển hình", max_points=Decimal("17.5")
    )
    services.add_score_line(
        actor=None, covenant=covenant, kind="bonus", name="Được tặng Cờ thi đua", points=3
    )
    services.add_score_line(actor=None, covenant=covenant, kind="penalty", name="Báo cáo chậm", points=1)
    return covenant


@pytest.fixture
def year(world: World) -> Year:
    emulation_year = cluster_services.open_emulation_year(actor=None, cluster=world.cluster, year=2018)
    conference = cluster_services.create_conference(
        actor=None,
        cluster=world.cluster,
        year=2018,
        kind=ConferenceKind.SIGNING,
        title="Hội nghị ký kết giao ước thi đua năm 2018",
        date=SIGN_DAY,
        place="Thành phố Hải Dương",
        host=world.unit_b,
    )
    plan = services.create_plan(actor=None, emulation_year=emulation_year, title="Kế hoạch thi đua năm 2018")
    services.add_plan_item(actor=None, plan=plan, kind=PlanItemKind.GOAL, text="Hoàn thành xuất sắc nhiệm vụ")
    services.add_plan_item(
        actor=None,
        plan=plan,
        kind=PlanItemKind.KEY_TASK,
        text="Đẩy mạnh cải cách hành chính",
        responsible_unit=world.unit_a,
        deadline=D(2018, 12, 15),
    )
    covenant = build_covenant(emulation_year)
    officer_c = make_user("canbo.c", (Role.MEMBER_OFFICER, world.unit_c))
    return Year(world, emulation_year, plan, covenant, conference, officer_c)


def sign(covenant: Covenant, unit: object, actor: object = None, **overrides: object) -> object:
    fields = {
        "signer_name": "Nguyễn Văn Giám",
        "signer_position": "Giám đốc",
        "signed_on": SIGN_DAY,
        "place": "Hải Dương",
    }
    fields.update(overrides)
    return services.sign_covenant(actor=actor, covenant=covenant, unit=unit, **fields)  # type: ignore[arg-type]
