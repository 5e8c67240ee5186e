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


def ldtt_conditions(
    *, prefix: str, rating: Citation, exclusions: Citation, absence: bool
) -> tuple[Condition, ...]:
    """The LĐTT standard in the target year; CSTĐCS repeats it ("đạt tiêu chuẩn LĐTT").

    `exclusions` is where the regime lists who is not considered (new hires under the minimum
    months, discipline); `absence` adds the days-of-absence exclusion, which only the 2022 regime
    leaves to agency rules (Decree 91/2017 Art. 10 dropped it for 2017–2023).
    """
    conditions = [
        Condition(
            f"{prefix}.rating",
            rating,
            "Năm {year} xếp loại từ hoàn thành tốt nhiệm vụ trở lên",
            Every(RatingAtLeast("HTTNV")),
        ),
        Condition(
            f"{prefix}.months_worked",
            exclusions,
            "Năm {year} đủ thời gian công tác (kể cả thời gian nghỉ chế độ theo luật định)",
            Every(WorkedEnough()),
        ),
    ]
    if absence:
        conditions.append(
            Condition(
                f"{prefix}.absence",
                exclusions,
                "Năm {year} không nghỉ quá số ngày do quy định của bộ, ngành đặt ra (nếu có)",
                Every(AbsenceUnderLimit()),
            )
        )
    conditions.append(
        Condition(
            f"{prefix}.discipline",
            exclusions,
            "Năm {year} không bị kỷ luật từ mức loại trừ trở lên",
            Every(NoExcludingDiscipline()),
        )
    )
    return tuple(conditions)


def missing_rule(*, target: str, subject_kind: str, citation: Citation, reason: str) -> Rule:
    return Rule(target, subject_kind, missing=citation, missing_reason=reason)


# `needs_rule` reasons, worded as the next step an officer can take ("cần nạp quy định của … để xét").
DELEGATED: Final = "Cần nạp quy định của bộ, ngành, tỉnh (tiêu chuẩn chi tiết do cơ quan ban hành) để xét."
NOT_VERIFIED: Final = (
    "Cần nạp tiêu chuẩn của văn bản này sau khi đối chiếu với bản chính thức để xét "
    "(chưa mã hóa để tránh suy đoán)."
)
ARMED_FORCES: Final = (
    "Cần nạp quy định của Bộ Quốc phòng, Bộ Công an (tiêu chuẩn của lực lượng vũ trang) để xét."
)
