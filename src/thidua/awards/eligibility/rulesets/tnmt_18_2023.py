"""TNMT_18_2023: overlay of Circular 18/2023/TT-BTNMT (in force 01/01/2024) for the TN&MT sector.

It details cl. 4 Art. 24, cl. 3 Arts. 26–28, cl. 2 Art. 71, cl. 6 Art. 74 and cl. 2 Art. 75 of the
Law. Only the Minister's Bằng khen point (iv) was retrieved (domain.md §1.4), so that is the one
rule it replaces; Giấy khen and the commemorative medal stay `needs_rule` until the circular's text
is loaded. Whether the Ministry of Agriculture and Environment replaced this circular is an open
question (LOW confidence).
"""

from __future__ import annotations

from typing import Final

from ..codes import COLLECTIVE, PERSON
from ..model import (
    AnyOf,
    Citation,
    Condition,
    Every,
    Holds,
    Initiatives,
    RatingAtLeast,
    Rule,
    RuleSet,
    StreakWindow,
    Window,
)
from .common import CIRCULAR_18, missing_rule

NOT_LOADED: Final = "Thông tư 18/2023/TT-BTNMT quy định chi tiết nhưng nội dung điều này chưa được nạp."

BK_BO_POINT_IV: Final = Citation(f"{CIRCULAR_18} (hướng dẫn khoản 6 Điều 74 Luật 06/2022)", point="iv")

RULE_SET: Final = RuleSet(
    code="TNMT_18_2023",
    title="Thông tư 18/2023/TT-BTNMT (ngành tài nguyên và môi trường)",
    first_year=2024,
    last_year=None,
    overlay_for=("LAW_2022", "DECREE_152_2025"),
    rules=(
        Rule(
            "BK_BO",
            PERSON,
            (
                Condition(
                    "bk_bo.two_years",
                    BK_BO_POINT_IV,
                    "Hai năm liên tục {window} đạt CSTĐCS hoặc hoàn thành xuất sắc nhiệm vụ",
                    AnyOf(
                        (
                            Every(Holds("CSTDCS"), Window(-1, 0)),
                            Every(RatingAtLeast("HTXSNV"), Window(-1, 0)),
                        ),
                        ("2 năm liên tục đạt CSTĐCS", "2 năm liên tục hoàn thành xuất sắc nhiệm vụ"),
                    ),
                ),
                Condition(
                    "bk_bo.initiatives",
                    BK_BO_POINT_IV,
                    "Có 2 sáng kiến (hoặc 2 đề tài) cấp cơ sở trong thời gian liên tục đó ({window}), "
                    "chưa dùng cho khen thưởng khác",
                    # "trong thời gian đó": any year of the run of 2 or more years.
                    Initiatives("CO_SO", 2, StreakWindow((Holds("CSTDCS"), RatingAtLeast("HTXSNV")), 2)),
                ),
            ),
        ),
        missing_rule(
            target="GIAY_KHEN", subject_kind=PERSON, citation=Citation(CIRCULAR_18), reason=NOT_LOADED
        ),
        missing_rule(
            target="GIAY_KHEN", subject_kind=COLLECTIVE, citation=Citation(CIRCULAR_18), reason=NOT_LOADED
        ),
        missing_rule(target="KNC", subject_kind=PERSON, citation=Citation(CIRCULAR_18), reason=NOT_LOADED),
    ),
)
