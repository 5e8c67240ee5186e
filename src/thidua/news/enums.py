"""Choices of the news app, with Vietnamese labels."""

from django.db import models


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    REVIEW = "review", "Chờ duyệt"
    PUBLISHED = "published", "Đã xuất bản"


class RevisionState(models.TextChoices):
    APPLIED = "applied", "Đã áp dụng"
    PENDING = "pending", "Chờ duyệt"
    WITHDRAWN = "withdrawn", "Đã rút lại"


class HonourKind(models.TextChoices):
    PERSON = "person", "Cá nhân"
    COLLECTIVE = "collective", "Tập thể"


class HonourSource(models.TextChoices):
    EDITOR = "editor", "Biên tập viên viết"
    DECISION = "decision", "Từ quyết định khen thưởng"


class HonourStatus(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    PUBLISHED = "published", "Đã đăng"


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", "Văn bản có chữ ký"
    EMAIL = "email", "Thư điện tử"
    IN_PERSON = "in_person", "Trực tiếp, có biên bản"
    UNIT_DECISION = "unit_decision", "Quyết định của tập thể (đối với tập thể)"


class AudioState(models.TextChoices):
    PENDING = "pending", "Đang tạo"
    READY = "ready", "Sẵn sàng"
    FAILED = "failed", "Lỗi"
