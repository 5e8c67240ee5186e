"""Demo data: Emulation Cluster No. 1 of the Ministry of Natural Resources and Environment,
2017–2024, its leaders, the 2018 movement and the 30/03/2018 conference in Hải Dương city.

Facts of the conference come from the news report in `shared/seed/` (taken as facts, written in
our words). Only the 2018 leader (Hà Nội, whose deputy director presented the plan) and the host
(Hải Dương) are supported by that report; the 2017 and 2019 leaders are illustrative."""

from __future__ import annotations

import datetime
from typing import Any

from thidua.clusters import services
from thidua.clusters.enums import ConferenceKind
from thidua.clusters.models import Cluster, ClusterLeadership, ClusterMembership, Conference, Movement
from thidua.organisations.models import Position, Unit

ORDER = 20

D = datetime.date
KEYS = ["ND", "TB", "HN", "HNA", "NB", "HY", "HD", "HP", "VP", "BN"]
LEADERS = {2017: ("ND", "HN"), 2018: ("HN", "HD"), 2019: ("HD", "HP")}
THEME_2018 = (
    "Kỷ cương, liêm chính, hành động, sáng tạo, hiệu quả trong quản lý, sử dụng tài nguyên, "
    "bảo vệ môi trường và thích ứng với biến đổi khí hậu"
)


def load_demo(*, stdout: Any) -> None:
    monre = Unit.objects.get(code="BTNMT")
    cluster = Cluster.objects.filter(authority=monre, number=1).first() or services.create_cluster(
        actor=None,
        authority=monre,
        number=1,
        name="Cụm thi đua số 1",
        description=(
            "Sở Tài nguyên và Môi trường mười tỉnh, thành phố vùng đồng bằng sông Hồng: Nam Định, Thái Bình, "
            "Hà Nội, Hà Nam, Ninh Bình, Hưng Yên, Hải Dương, Hải Phòng, Vĩnh Phúc, Bắc Ninh."
        ),
    )
    departments = {key: Unit.objects.get(code=f"STNMT-{key}") for key in KEYS}
    for year in range(2017, 2025):
        for unit in departments.values():
            if not ClusterMembership.objects.filter(cluster=cluster, unit=unit, year=year).exists():
                services.add_member(actor=None, cluster=cluster, unit=unit, year=year)
    for year, (leader, deputy) in LEADERS.items():
        if not ClusterLeadership.objects.filter(cluster=cluster, year=year).exists():
            services.set_leadership(
                actor=None,
                cluster=cluster,
                year=year,
                leader=departments[leader],
                deputy=departments[deputy],
                # the leader of a year is agreed at the cluster's review of the year before
                decided_by="Biên bản hội nghị Cụm thi đua số 1"
                if year == 2018
                else f"Biên bản hội nghị tổng kết năm {year - 1} của Cụm thi đua số 1",
            )
    if not Movement.objects.filter(authority=monre, start=D(2018, 1, 1)).exists():
        services.create_movement(
            actor=None,
            authority=monre,
            name="Phong trào thi đua yêu nước ngành Tài nguyên và Môi trường năm 2018",
            theme="Thực hiện kỷ luật, kỷ cương, hành động quyết liệt, phát huy mọi nguồn lực để hoàn thành xuất sắc nhiệm vụ năm 2018",
            start=D(2018, 1, 1),
            end=D(2018, 12, 31),
        )
    if not Conference.objects.filter(cluster=cluster, date=D(2018, 3, 30)).exists():
        attendees = [
            services.AttendeeInput(
                name="Nguyễn Anh Cương",
                position="Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch Ủy ban nhân dân tỉnh",
                organisation="Ủy ban nhân dân tỉnh Hải Dương",
                is_guest=True,
            ),
            services.AttendeeInput(
                name="Vũ Minh Sơn",
                position="Vụ trưởng Vụ Thi đua, Khen thưởng và Tuyên truyền",
                organisation="Bộ Tài nguyên và Môi trường",
                is_guest=True,
            ),
            services.AttendeeInput(
                name="Lê Tuấn Định",
                position="Phó Giám đốc",
                organisation="Sở Tài nguyên và Môi trường thành phố Hà Nội",
                unit=departments["HN"],
            ),
        ]
        for key, unit in departments.items():
            head = (
                Position.objects.filter(unit=unit, is_head=True, start__lte=D(2018, 3, 30))
                .select_related("person")
                .first()
            )
            if head is not None:
                attendees.append(
                    services.AttendeeInput(
                        name=head.person.full_name,
                        position=head.title,
                        organisation=unit.name,
                        unit=unit,
                        person=head.person,
                        # The Trưởng Cụm's director chairs the conference.
                        role="chair" if key == LEADERS[2018][0] else "",
                    )
                )
        # The minutes are kept by the Trưởng Cụm's office: its head of office, not a director.
        clerk = (
            Position.objects.filter(
                unit=departments[LEADERS[2018][0]], title="Chánh Văn phòng", start__lte=D(2018, 3, 30)
            )
            .select_related("person")
            .first()
        )
        if clerk is not None:
            attendees.append(
                services.AttendeeInput(
                    name=clerk.person.full_name,
                    position=clerk.title,
                    organisation=clerk.unit.name,
                    unit=clerk.unit,
                    person=clerk.person,
                    role="secretary",
                )
            )
        services.create_conference(
            actor=None,
            cluster=cluster,
            year=2018,
            kind=ConferenceKind.SIGNING,
            title="Hội nghị ký kết giao ước thi đua và triển khai kế hoạch thi đua, khen thưởng và tuyên truyền năm 2018",
            date=D(2018, 3, 30),
            starts_at=datetime.time(8, 0),
            ends_at=datetime.time(11, 30),
            place="Thành phố Hải Dương, tỉnh Hải Dương",
            host=departments["HD"],
            summary=(
                "Sở Tài nguyên và Môi trường Hà Nội trình bày dự thảo kế hoạch năm 2018 của Cụm; các đơn vị thảo luận "
                "và thông qua kế hoạch cùng các nhiệm vụ trọng tâm. Lãnh đạo mười sở ký giao ước thi đua năm 2018 với "
                f"chủ đề “{THEME_2018}”. Hội nghị cũng nhìn lại năm 2017, khi nhiều tập thể, cá nhân trong Cụm được "
                "Bộ trưởng tặng Bằng khen và Cờ thi đua."
            ),
            attendees=attendees,
        )
    stdout.write(
        f"    {cluster.name}: {ClusterMembership.objects.filter(cluster=cluster).count()} lượt thành viên 2017–2024"
    )
