"""Choices of the scoring app, with Vietnamese labels."""

from django.db import models


class SheetStatus(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    SUBMITTED = "submitted", "Đã nộp"
    RETURNED = "returned", "Bị trả lại"


class AssignmentMode(models.TextChoices):
    ALL = "all", "Mọi đơn vị chấm chéo mọi đơn vị"
    ROTATION = "rotation", "Chấm chéo theo phân công của trưởng cụm"


class ReviewStage(models.TextChoices):
    SCORING = "scoring", "Đang chấm điểm"
    APPEALS = "appeals", "Đang nhận kiến nghị"
    FINAL = "final", "Đã công bố kết quả chính thức"


class EvidenceKind(models.TextChoices):
    PDF = "pdf", "Tệp PDF"
    IMAGE = "image", "Ảnh"
    DOCX = "docx", "Tệp Word (DOCX)"
    XLSX = "xlsx", "Tệp Excel (XLSX)"
    LINK = "link", "Đường dẫn"
