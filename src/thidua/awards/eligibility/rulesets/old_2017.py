"""OLD_2017: Law 2003 (amended 2013) with Decree 91/2017/NĐ-CP, achievement years 2017–2023.

Only the rules domain.md gives for the old regime are encoded; every other target answers
`needs_rule` rather than borrowing the 2022 criteria.
"""

from __future__ import annotations

from typing import Final

from ..codes import COLLECTIVE, PERSON, codes_for_kind, in_catalogue_order
from ..model import (
    RUN,
    Ago,
    AtLeast,
    Citation,
    Condition,
    CouncilVote,
    Every,
    Holds,
    Initiatives,
    QuotaAvailable,
    RatingAtLeast,
    Rule,
    RuleSet,
    SincePrior,
    Window,
)
from .common import DECREE_91, LAW_2003, NOT_VERIFIED, ldtt_conditions, missing_rule


def old_law(article: str, *, verified: bool = False) -> Citation:
    return Citation(LAW_2003, article, verified=verified)


def decree(article: str, clause: str | None = None) -> Citation:
    return Citation(DECREE_91, article, clause)


def council(prefix: str) -> Condition:
    return Condition(
        f"{prefix}.council",
        decree("45", "8"),
        "Hội đồng Thi đua – Khen thưởng bỏ phiếu kín đạt tỷ lệ yêu cầu trên tổng số thành viên",
        CouncilVote(),
    )


_VERIFIED_PERSON_RULES: Final[tuple[Rule, ...]] = (
    Rule("LDTT", PERSON, ldtt_conditions(prefix="ldtt", law=LAW_2003, verified=False)),
    Rule(
        "CSTDCS",
        PERSON,
        (
            *ldtt_conditions(prefix="cstdcs.ldtt", law=LAW_2003, verified=False),
            Condition(
                "cstdcs.initiative",
                decree("9", "3"),
                "Năm {year} có sáng kiến hoặc đề tài được công nhận ở cấp cơ sở",
                Initiatives("CO_SO", 1),
            ),
            Condition(
                "cstdcs.quota",
                decree("9", "3"),
                "Số CSTĐCS của đơn vị nằm trong hạn mức so với số người đạt LĐTT",
                QuotaAvailable(),
            ),
        ),
    ),
    Rule(
        "CSTD_BO",
        PERSON,
        (
            Condition(
                "cstd_bo.cstdcs_streak",
                old_law("22", verified=True),
                "Đạt danh hiệu Chiến sĩ thi đua cơ sở 3 năm liên tục {window}",
                Every(Holds("CSTDCS"), Window(-2, 0)),
            ),
            Condition(
                "cstd_bo.initiative",
                old_law("22"),
                "Có sáng kiến cấp bộ, tỉnh trở lên được công nhận trong {window}",
                Initiatives("BO_TINH", 1, Window(-2, 0)),
            ),
            council("cstd_bo"),
        ),
    ),
    Rule(
        "CSTD_TQ",
        PERSON,
        (
            Condition(
                "cstd_tq.cstd_bo_current",
                old_law("21"),
                "Được tặng Chiến sĩ thi đua bộ, ban, ngành, tỉnh năm {year}",
                Every(Holds("CSTD_BO")),
            ),
            Condition(
                "cstd_tq.cstd_bo_previous",
                old_law("21"),
                "Lần Chiến sĩ thi đua bộ, ban, ngành, tỉnh liền trước trong {window}",
                AtLeast(
                    Holds("CSTD_BO"), 1, Window(Ago("cstdtq_gap_max_years"), Ago("cstdtq_gap_min_years"))
                ),
            ),
            Condition(
                "cstd_tq.initiative",
                old_law("21"),
                "Có sáng kiến phạm vi toàn quốc trong {window}",
                Initiatives("TOAN_QUOC", 1, Window(Ago("cstdtq_gap_max_years", -2), 0)),
            ),
            council("cstd_tq"),
        ),
    ),
    Rule(
        "BK_TTG",
        PERSON,
        (
            Condition(
                "bk_ttg.prior_bk_bo",
                decree("38"),
                "Đã được tặng Bằng khen cấp bộ, ban, ngành, tỉnh, sau đó đủ số năm liên tục",
                SincePrior(
                    "BK_BO",
                    5,
                    (
                        Condition(
                            "bk_ttg.run_rating",
                            decree("38"),
                            "Trong {window}, năm nào cũng hoàn thành xuất sắc nhiệm vụ",
                            Every(RatingAtLeast("HTXSNV"), RUN),
                        ),
                        Condition(
                            "bk_ttg.initiatives",
                            decree("38"),
                            "Trong {window} có 5 sáng kiến cấp cơ sở",
                            Initiatives("CO_SO", 5, RUN),
                        ),
                    ),
                ),
            ),
        ),
    ),
)

# Every other target of the catalogue gets an explicit "no verified rule" answer.
PERSON_RULES: Final[tuple[Rule, ...]] = (
    *_VERIFIED_PERSON_RULES,
    *(
        missing_rule(
            target=code, subject_kind=PERSON, citation=Citation(LAW_2003, verified=False), reason=NOT_VERIFIED
        )
        for code in in_catalogue_order(
            codes_for_kind(PERSON) - {rule.target for rule in _VERIFIED_PERSON_RULES}
        )
    ),
)

COLLECTIVE_RULES: Final[tuple[Rule, ...]] = tuple(
    missing_rule(
        target=code, subject_kind=COLLECTIVE, citation=Citation(LAW_2003, verified=False), reason=NOT_VERIFIED
    )
    for code in in_catalogue_order(codes_for_kind(COLLECTIVE))
)

RULE_SET: Final = RuleSet(
    code="OLD_2017",
    title="Luật Thi đua, khen thưởng 2003 (sửa đổi 2013) và Nghị định 91/2017/NĐ-CP",
    first_year=2017,
    last_year=2023,
    rules=PERSON_RULES + COLLECTIVE_RULES,
    parameter_defaults={"cstdcs_quota_pct_of_ldtt": 15, "council_threshold_pct": 90},
)
