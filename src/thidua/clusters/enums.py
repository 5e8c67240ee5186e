from django.db import models


class ClusterKind(models.TextChoices):
    CLUSTER = "cluster", "Cụm thi đua"
    BLOC = "bloc", "Khối thi đua"


class ConferenceKind(models.TextChoices):
    SIGNING = "signing", "Hội nghị ký kết giao ước thi đua"
    MID_YEAR_REVIEW = "mid_year_review", "Hội nghị sơ kết"
    YEAR_END_REVIEW = "year_end_review", "Hội nghị tổng kết"
    OTHER = "other", "Hội nghị khác"
