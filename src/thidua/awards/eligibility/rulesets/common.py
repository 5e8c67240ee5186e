"""Instruments and condition groups shared by several rule sets (data, not logic)."""

from __future__ import annotations

from typing import Final

from ..model import (
    AbsenceUnderLimit,
    Citation,
    Condition,
    Every,
    NoExcludingDiscipline,
    RatingAtLeast,
    Rule,
    WorkedEnough,
)

LAW_2022: Final = "Luật Thi đua, khen thưởng số 06/2022/QH15"
LAW_2003: Final = "Luật Thi đua, khen thưởng 2003 (sửa đổi, bổ sung 2013)"
DECREE_91: Final = "Nghị định 91/2017/NĐ-CP"
DECREE_98: Final = "Nghị định 98/2023/NĐ-CP"
DECREE_152: Final = "Nghị định 152/2025/NĐ-CP"
CIRCULAR_18: Final = "Thông tư 18/2023/TT-BTNMT"


def ldtt_conditions(*, prefix: str, law: str, verified: bool) -> tuple[Condition, ...]:
    """The LĐTT standard in the target year; CSTĐCS repeats it ("đạt tiêu chuẩn LĐTT")."""
    article = Citation(law, "24", "1", verified=verified)
    # The exclusions are set by ministry circulars detailing cl. 4 Art. 24; thresholds are parameters.
    exclusions = Citation(law, "24", "4", verified=False)
    return (
        Condition(
            f"{prefix}.rating",
            article,
            "Năm {year} xếp loại từ hoàn thành tốt nhiệm vụ trở lên",
            Every(RatingAtLeast("HTTNV")),
        ),
        Condition(
            f"{prefix}.months_worked",
            exclusions,
            "Năm {year} đủ thời gian công tác (kể cả thời gian nghỉ chế độ theo luật định)",
            Every(WorkedEnough()),
        ),
        Condition(
            f"{prefix}.absence",
            exclusions,
            "Năm {year} không nghỉ quá số ngày cho phép",
            Every(AbsenceUnderLimit()),
        ),
        Condition(
            f"{prefix}.discipline",
            exclusions,
            "Năm {year} không bị kỷ luật từ mức loại trừ trở lên",
            Every(NoExcludingDiscipline()),
        ),
    )


def missing_rule(*, target: str, subject_kind: str, citation: Citation, reason: str) -> Rule:
    return Rule(target, subject_kind, missing=citation, missing_reason=reason)


DELEGATED: Final = "Tiêu chuẩn chi tiết do bộ, ngành, tỉnh quy định; chưa nạp quy định của cơ quan."
NOT_VERIFIED: Final = "Văn bản tiêu chuẩn chưa được đối chiếu; chưa mã hóa để tránh suy đoán."
ARMED_FORCES: Final = "Tiêu chuẩn của lực lượng vũ trang do Bộ Quốc phòng, Bộ Công an quy định; chưa nạp."
