from django.db import models


class DossierKind(models.TextChoices):
    CLUSTER = "cluster", "Hồ sơ của cụm, khối thi đua"
    UNIT = "unit", "Hồ sơ của đơn vị"


class DossierState(models.TextChoices):
    """The route of a dossier: the sender prepares and submits, the authority reviews and decides."""

    DRAFT = "draft", "Đang lập"
    SUBMITTED = "submitted", "Đã gửi"
    RETURNED = "returned", "Bị trả lại"
    IN_REVIEW = "in_review", "Đang xét tại Hội đồng"
    REVIEWED = "reviewed", "Hội đồng đã xét"
    DECIDED = "decided", "Đã có quyết định"


# The sender may change its dossier only in these states.
EDITABLE_STATES: frozenset[str] = frozenset({DossierState.DRAFT, DossierState.RETURNED})


class EntrySource(models.TextChoices):
    SELECTION = "selection", "Kết quả bình xét, suy tôn của cụm"
    REGISTRY = "registry", "Chọn từ sổ khen thưởng"


class EntryDecision(models.TextChoices):
    """A recorded human decision on an entry the engine cannot settle (needs_decision, needs_rule)."""

    NONE = "", "Chưa quyết định"
    ADMIT = "admit", "Chấp nhận đề nghị"
    REJECT = "reject", "Không đề nghị"


class CouncilState(models.TextChoices):
    PREPARING = "preparing", "Đang chuẩn bị"
    VOTING = "voting", "Đang biểu quyết"
    VOTED = "voted", "Đã biểu quyết"
    MINUTED = "minuted", "Đã có biên bản"


class DecisionState(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    ISSUED = "issued", "Đã ban hành"
    REVOKED = "revoked", "Đã thu hồi"
