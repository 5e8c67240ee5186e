from django.db import models


class SessionKind(models.TextChoices):
    CLUSTER_SELECTION = "cluster_selection", "Bình xét, suy tôn của cụm thi đua"
    COUNCIL_REVIEW = "council_review", "Biểu quyết của Hội đồng Thi đua – Khen thưởng"


class SessionState(models.TextChoices):
    DRAFT = "draft", "Đang chuẩn bị"
    OPEN = "open", "Đang bỏ phiếu"
    CLOSED = "closed", "Đã kết thúc"


class ThresholdBase(models.TextChoices):
    ALL = "all", "tổng số thành viên"
    PRESENT = "present", "số thành viên có mặt"
    VALID = "valid", "số phiếu hợp lệ"


class Disclosure(models.TextChoices):
    """What is published once a session closes: with ten voters exact counts can reveal a vote."""

    FULL = "full", "Công bố đầy đủ số phiếu"
    PASS_FAIL = "pass_fail", "Chỉ công bố đạt hay không đạt"
    ORDER = "order", "Chỉ công bố thứ tự"


class BallotSource(models.TextChoices):
    ELECTRONIC = "electronic", "Phiếu điện tử"
    WRITTEN = "written", "Phiếu gửi bằng văn bản (vắng mặt)"


class Participation(models.TextChoices):
    NOT_YET = "not_yet", "Chưa bỏ phiếu"
    ELECTRONIC = "electronic", "Đã bỏ phiếu điện tử"
    WRITTEN = "written", "Đã gửi phiếu bằng văn bản"
    PAPER = "paper", "Đã bỏ phiếu giấy"
