from django.db import models


class UnitKind(models.TextChoices):
    MINISTRY = "ministry", "Bộ, ngành trung ương"
    MINISTRY_DEPARTMENT = "ministry_department", "Vụ, cục, đơn vị thuộc bộ"
    PEOPLES_COMMITTEE = "peoples_committee", "Ủy ban nhân dân tỉnh, thành phố"
    PROVINCIAL_DEPARTMENT = "provincial_department", "Sở, ban, ngành tỉnh"
    DIVISION = "division", "Phòng, đơn vị trực thuộc"
    OTHER = "other", "Khác"


class LineageKind(models.TextChoices):
    MERGE = "merge", "Sáp nhập, hợp nhất"
    SPLIT = "split", "Chia tách"
    RENAME = "rename", "Đổi tên"


class Gender(models.TextChoices):
    FEMALE = "F", "Nữ"
    MALE = "M", "Nam"
