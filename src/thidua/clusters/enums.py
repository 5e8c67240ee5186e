from django.db import models


class ClusterKind(models.TextChoices):
    CLUSTER = "cluster", "Cụm thi đua"
    BLOC = "bloc", "Khối thi đua"


class ConferenceKind(models.TextChoices):
    SIGNING = "signing", "Hội nghị ký kết giao ước thi đua"
    MID_YEAR_REVIEW = "mid_year_review", "Hội nghị sơ kết"
    YEAR_END_REVIEW = "year_end_review", "Hội nghị tổng kết"
    OTHER = "other", "Hội nghị khác"


class YearState(models.TextChoices):
    """States of an emulation year, in order (product.md §3)."""

    PLANNING = "planning", "Xây dựng kế hoạch, giao ước"
    COVENANT_SIGNED = "covenant_signed", "Đã ký giao ước"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    SELF_ASSESSMENT = "self_assessment", "Tự chấm điểm"
    CROSS_SCORING = "cross_scoring", "Chấm chéo"
    VOTING = "voting", "Bình xét, suy tôn"
    PROPOSED = "proposed", "Đã gửi đề nghị"
    DECIDED = "decided", "Đã có quyết định"
    CLOSED = "closed", "Đã kết thúc"


YEAR_STATE_ORDER: tuple[str, ...] = tuple(YearState.values)


class OutcomeKind(models.TextChoices):
    PLAN_ADOPTED = "plan_adopted", "Thông qua kế hoạch"
    COVENANT_SIGNED = "covenant_signed", "Ký kết giao ước thi đua"
    LEADER_HANDED_OVER = "leader_handed_over", "Bàn giao trưởng cụm"
    OTHER = "other", "Kết quả khác"


class MeetingRole(models.TextChoices):
    """Who runs and records a meeting: the minutes are signed by the chair and the secretary."""

    NONE = "", "Đại biểu"
    CHAIR = "chair", "Chủ tọa"
    SECRETARY = "secretary", "Thư ký"
