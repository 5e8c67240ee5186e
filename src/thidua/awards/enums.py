"""Choices of the registry with Vietnamese labels; the glossary codes come from the catalogue."""

from django.db import models

from thidua.awards.eligibility import codes


class CatalogueKind(models.TextChoices):
    TITLE = "title", "Danh hiệu thi đua"
    AWARD = "award", "Hình thức khen thưởng"


# Built from the one catalogue (awards/eligibility/codes.py): codes and legal names live there.
SubjectKind = models.TextChoices(
    "SubjectKind",
    [(kind.upper(), (kind, codes.legal_name(kind))) for kind in (codes.PERSON, codes.COLLECTIVE, codes.BOTH)],
)


class AuthorityLevel(models.TextChoices):
    PRESIDENT = "president", "Chủ tịch nước"
    PRIME_MINISTER = "prime_minister", "Thủ tướng Chính phủ"
    MINISTRY_PROVINCE = "ministry_province", "Bộ trưởng, thủ trưởng ngành, Chủ tịch UBND tỉnh"
    GRASSROOTS = "grassroots", "Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND xã (từ 01/07/2025)"
    AGENCY = "agency", "Theo quy định của bộ, ngành, tỉnh"


Rating = models.TextChoices("Rating", codes.choices(codes.RATINGS))  # best first
InitiativeScope = models.TextChoices("InitiativeScope", codes.choices(codes.SCOPES))  # narrowest first
Discipline = models.TextChoices("Discipline", codes.choices(codes.DISCIPLINES))  # lightest first


class Verdict(models.TextChoices):
    ELIGIBLE = "eligible", "Đủ điều kiện"
    NOT_ELIGIBLE = "not_eligible", "Chưa đủ điều kiện"
    NEEDS_DATA = "needs_data", "Chưa đủ dữ liệu để kết luận"
    NEEDS_RULE = "needs_rule", "Cần nạp quy định để xét"
    NEEDS_DECISION = "needs_decision", "Cần quyết định của người có thẩm quyền"
