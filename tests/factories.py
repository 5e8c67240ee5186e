"""Factories that build data through the services, so test data obeys the same rules as real data.

`build_world()` makes the personas every permission test uses:
member officer, cluster leader, ministry officer, council member, outsider (plus an administrator).
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass

from thidua.accounts.enums import Role
from thidua.accounts.models import RoleAssignment, User
from thidua.clusters import services as cluster_services
from thidua.clusters.models import Cluster
from thidua.organisations import services as org_services
from thidua.organisations.enums import UnitKind
from thidua.organisations.models import Person, Unit

PASSWORD = "mật-khẩu-thử-nghiệm"
_counter = itertools.count(1)


def make_unit(
    *,
    name: str | None = None,
    code: str | None = None,
    parent: Unit | None = None,
    kind: str = UnitKind.PROVINCIAL_DEPARTMENT,
    **fields: object,
) -> Unit:
    n = next(_counter)
    return org_services.create_unit(
        actor=None,
        code=code or f"U{n}",
        name=name or f"Đơn vị thử {n}",
        kind=kind,
        parent=parent,
        **fields,  # type: ignore[arg-type]
    )


def make_person(
    *, unit: Unit, full_name: str = "Nguyễn Văn An", title: str = "Chuyên viên", **fields: object
) -> Person:
    words = full_name.split()
    return org_services.create_person(
        actor=None,
        unit=unit,
        family_name=words[0],
        middle_name=" ".join(words[1:-1]),
        given_name=words[-1],
        title=title,
        start=datetime.date(2015, 1, 1),
        **fields,  # type: ignore[arg-type]
    )


def make_user(username: str, *roles: tuple[str, Unit | None]) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD)
    for role, unit in roles:
        RoleAssignment.objects.create(user=user, role=role, unit=unit)
    return user


@dataclass
class World:
    ministry: Unit
    department: Unit  # the ministry's emulation department
    unit_a: Unit  # leads Cụm 1 in 2018
    unit_b: Unit
    unit_c: Unit
    cluster: Cluster
    member_officer: User  # officer of unit B
    cluster_leader: User  # officer of unit A
    ministry_officer: User
    council_member: User
    outsider: User
    administrator: User

    @property
    def personas(self) -> dict[str, User]:
        return {
            "member_officer": self.member_officer,
            "cluster_leader": self.cluster_leader,
            "ministry_officer": self.ministry_officer,
            "council_member": self.council_member,
            "outsider": self.outsider,
        }


def build_world() -> World:
    ministry = make_unit(code="BO", name="Bộ Thử nghiệm", kind=UnitKind.MINISTRY)
    department = make_unit(
        code="BO-TDKT", name="Vụ Thi đua – Khen thưởng", parent=ministry, kind=UnitKind.MINISTRY_DEPARTMENT
    )
    unit_a = make_unit(code="SO-A", name="Sở Tài nguyên và Môi trường tỉnh An Giang")
    unit_b = make_unit(code="SO-B", name="Sở Tài nguyên và Môi trường tỉnh Bắc Ninh")
    unit_c = make_unit(code="SO-C", name="Sở Tài nguyên và Môi trường tỉnh Cà Mau")
    cluster = cluster_services.create_cluster(
        actor=None, authority=ministry, number=1, name="Cụm thi đua số 1"
    )
    for unit in (unit_a, unit_b, unit_c):
        cluster_services.add_member(actor=None, cluster=cluster, unit=unit, year=2018)
    cluster_services.set_leadership(actor=None, cluster=cluster, year=2018, leader=unit_a, deputy=unit_b)
    return World(
        ministry=ministry,
        department=department,
        unit_a=unit_a,
        unit_b=unit_b,
        unit_c=unit_c,
        cluster=cluster,
        member_officer=make_user("canbo.b", (Role.MEMBER_OFFICER, unit_b)),
        cluster_leader=make_user("truongcum.a", (Role.CLUSTER_LEADER_OFFICER, unit_a)),
        ministry_officer=make_user("bo.thidua", (Role.MINISTRY_OFFICER, ministry)),
        council_member=make_user("hoidong", (Role.COUNCIL_MEMBER, ministry)),
        outsider=make_user("khach"),
        administrator=make_user("quantri", (Role.ADMINISTRATOR, None)),
    )


def restore_migration_data() -> None:
    """Put back the rows data migrations load (the award catalogue) after a flush.

    Transactional tests and the module-scoped demo fixtures flush every table at their end; the tests
    after them must not depend on which ran first.
    """
    from thidua.awards.catalogue import load_catalogue
    from thidua.awards.models import AwardForm, Title

    if not Title.objects.exists() or not AwardForm.objects.exists():
        load_catalogue(Title, AwardForm)
