"""Codes of the registry (glossary.md) as TextChoices with Vietnamese labels."""

from django.db import models


class CatalogueKind(models.TextChoices):
    TITLE = "title", "Danh hiệu thi đua"
    AWARD = "award", "Hình thức khen thưởng"


class SubjectKind(models.TextChoices):
    PERSON = "person", "Cá nhân"
    COLLECTIVE = "collective", "Tập thể"
    BOTH = "both", "Cá nhân và tập thể"


class AuthorityLevel(models.TextChoices):
    PRESIDENT = "president", "Chủ tịch nước"
    PRIME_MINISTER = "prime_minister", "Thủ tướng Chính phủ"
    MINISTRY_PROVINCE = "ministry_province", "Bộ trưởng, thủ trưởng ngành, Chủ tịch UBND tỉnh"
    GRASSROOTS = "grassroots", "Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND xã (từ 01/07/2025)"
    AGENCY = "agency", "Theo quy định của bộ, ngành, tỉnh"


class Rating(models.TextChoices):
    """Best first (glossary.md)."""

    HTXSNV = "HTXSNV", "Hoàn thành xuất sắc nhiệm vụ"
    HTTNV = "HTTNV", "Hoàn thành tốt nhiệm vụ"
    HTNV = "HTNV", "Hoàn thành nhiệm vụ"
    KHTNV = "KHTNV", "Không hoàn thành nhiệm vụ"


class InitiativeScope(models.TextChoices):
    """Narrowest first."""

    CO_SO = "CO_SO", "Cấp cơ sở"
    BO_TINH = "BO_TINH", "Cấp bộ, tỉnh"
    TOAN_QUOC = "TOAN_QUOC", "Toàn quốc"


class Discipline(models.TextChoices):
    """Lightest first."""

    KHIEN_TRACH = "KHIEN_TRACH", "Khiển trách"
    CANH_CAO = "CANH_CAO", "Cảnh cáo"
    HA_BAC_LUONG = "HA_BAC_LUONG", "Hạ bậc lương"
    GIANG_CHUC = "GIANG_CHUC", "Giáng chức"
    CACH_CHUC = "CACH_CHUC", "Cách chức"
    BUOC_THOI_VIEC = "BUOC_THOI_VIEC", "Buộc thôi việc"


class Verdict(models.TextChoices):
    ELIGIBLE = "eligible", "Đủ điều kiện"
    NOT_ELIGIBLE = "not_eligible", "Chưa đủ điều kiện"
    NEEDS_DATA = "needs_data", "Chưa đủ dữ liệu để kết luận"
    NEEDS_RULE = "needs_rule", "Cần nạp quy định để xét"
    NEEDS_DECISION = "needs_decision", "Cần quyết định của người có thẩm quyền"
