from django.db import models


class Role(models.TextChoices):
    """Roles are held over a unit (and everything below it in the tree); administrator needs none."""

    MEMBER_OFFICER = "member_officer", "Cán bộ thi đua đơn vị thành viên"
    UNIT_HEAD = "unit_head", "Thủ trưởng đơn vị"
    CLUSTER_LEADER_OFFICER = "cluster_leader_officer", "Cán bộ đơn vị trưởng cụm"
    MINISTRY_OFFICER = "ministry_officer", "Cán bộ Vụ Thi đua – Khen thưởng"
    COUNCIL_MEMBER = "council_member", "Thành viên Hội đồng Thi đua – Khen thưởng"
    EDITOR = "editor", "Biên tập viên"
    # Holds the publishing right of the news desk (four-eyes: another editor's article, see news/rules.py).
    CHIEF_EDITOR = "chief_editor", "Trưởng ban biên tập"
    ADMINISTRATOR = "administrator", "Quản trị hệ thống"
