"""Choices of the covenants app, with Vietnamese labels."""

from django.db import models

from thidua.awards.eligibility import codes


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    ADOPTED = "adopted", "Đã thông qua"


class PlanItemKind(models.TextChoices):
    GOAL = "goal", "Mục tiêu"
    KEY_TASK = "key_task", "Nhiệm vụ trọng tâm"
    ACTIVITY = "activity", "Hoạt động, sự kiện"
    OUTREACH = "outreach", "Tuyên truyền"


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa thực hiện"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Đã hoàn thành"


class CovenantStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    SIGNING = "signing", "Đang ký kết"
    IN_FORCE = "in_force", "Có hiệu lực"
    SUPERSEDED = "superseded", "Đã thay bằng phiên bản mới"


class Aggregation(models.TextChoices):
    MEAN = "mean", "Trung bình cộng điểm chấm chéo"
    MEDIAN = "median", "Trung vị điểm chấm chéo"
    TRIMMED_MEAN = "trimmed_mean", "Trung bình sau khi bỏ điểm cao nhất và thấp nhất"


class TieBreak(models.TextChoices):
    VOTE = "vote", "Bỏ phiếu kín giữa các đơn vị bằng điểm"
    GROUP_ONE = "group_one", "Điểm nhóm tiêu chí thứ nhất cao hơn"
    FEWER_PENALTIES = "fewer_penalties", "Ít điểm trừ hơn"


class LineKind(models.TextChoices):
    BONUS = "bonus", "Điểm thưởng"
    PENALTY = "penalty", "Điểm trừ"


# Built from the one catalogue of codes (awards/eligibility/codes.py), names included.
SubjectKind = models.TextChoices(
    "SubjectKind",
    [(kind.upper(), (kind, codes.legal_name(kind))) for kind in (codes.COLLECTIVE, codes.PERSON)],
)
#: Titles and award forms a collective may register for.
CollectiveTarget = models.TextChoices(
    "CollectiveTarget", codes.choices(codes.REGISTRATION_TARGETS[codes.COLLECTIVE])
)
#: Titles and award forms a person may register for.
PersonTarget = models.TextChoices("PersonTarget", codes.choices(codes.REGISTRATION_TARGETS[codes.PERSON]))
