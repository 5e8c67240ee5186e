"""Choices of the covenants app, with Vietnamese labels."""

from django.db import models


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


class SubjectKind(models.TextChoices):
    COLLECTIVE = "collective", "Tập thể"
    PERSON = "person", "Cá nhân"


class CollectiveTarget(models.TextChoices):
    """Titles and award forms a collective may register for (glossary.md codes)."""

    TTLDTT = "TTLDTT", "Tập thể lao động tiên tiến"
    TTLDXS = "TTLDXS", "Tập thể lao động xuất sắc"
    CO_BO = "CO_BO", "Cờ thi đua của bộ, ban, ngành, tỉnh"
    CO_CP = "CO_CP", "Cờ thi đua của Chính phủ"
    GIAY_KHEN = "GIAY_KHEN", "Giấy khen"
    BK_BO = "BK_BO", "Bằng khen của bộ, ban, ngành, tỉnh"
    BK_TTG = "BK_TTG", "Bằng khen của Thủ tướng Chính phủ"


class PersonTarget(models.TextChoices):
    """Titles and award forms a person may register for (glossary.md codes)."""

    LDTT = "LDTT", "Lao động tiên tiến"
    CSTDCS = "CSTDCS", "Chiến sĩ thi đua cơ sở"
    CSTD_BO = "CSTD_BO", "Chiến sĩ thi đua bộ, ban, ngành, tỉnh"
    CSTD_TQ = "CSTD_TQ", "Chiến sĩ thi đua toàn quốc"
    GIAY_KHEN = "GIAY_KHEN", "Giấy khen"
    BK_BO = "BK_BO", "Bằng khen của bộ, ban, ngành, tỉnh"
    BK_TTG = "BK_TTG", "Bằng khen của Thủ tướng Chính phủ"
