"""Demo logins, one per persona, all with the password below (printed by `./dev demo`)."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from thidua.accounts.enums import Role
from thidua.accounts.models import RoleAssignment, User

ORDER = 30
DEMO_PASSWORD = "thidua-2018"  # noqa: S105 - a published demo password, never a real one

# username, full name (fictional), role, unit code
PERSONAS = [
    ("quantri", "Quản trị hệ thống", Role.ADMINISTRATOR, None),
    ("bo.thidua", "Cán bộ Vụ Thi đua – Khen thưởng", Role.MINISTRY_OFFICER, "BTNMT"),
    (
        "truongcum.hanoi",
        "Cán bộ thi đua Sở TN&MT Hà Nội (trưởng cụm 2018)",
        Role.CLUSTER_LEADER_OFFICER,
        "STNMT-HN",
    ),
    ("canbo.haiduong", "Cán bộ thi đua Sở TN&MT Hải Dương", Role.MEMBER_OFFICER, "STNMT-HD"),
    ("hoidong", "Thành viên Hội đồng Thi đua – Khen thưởng Bộ", Role.COUNCIL_MEMBER, "BTNMT"),
    ("bientap", "Biên tập viên cổng thông tin", Role.EDITOR, "BTNMT"),
    ("truongbientap", "Trưởng ban biên tập cổng thông tin", Role.CHIEF_EDITOR, "BTNMT"),
    ("khach", "Người dùng không có vai trò", None, None),
]


def load_demo(*, stdout: Any) -> None:
    # Looked up, not imported: accounts sits below organisations in the layers (.importlinter).
    Unit = apps.get_model("organisations", "Unit")
    for username, label, role, unit_code in PERSONAS:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": label})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if role is None:
            continue
        unit = Unit.objects.get(code=unit_code) if unit_code else None
        RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
        if role == Role.MINISTRY_OFFICER:
            # The ministry officer goes on working for the merged ministry.
            RoleAssignment.objects.get_or_create(user=user, role=role, unit=Unit.objects.get(code="BNNMT"))
    stdout.write(f"    {len(PERSONAS)} tài khoản trình diễn, mật khẩu: {DEMO_PASSWORD}")
