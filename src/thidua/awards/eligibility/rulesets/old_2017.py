"""OLD_2017: Law 2003 (amended 2013) with Decree 91/2017/NĐ-CP, achievement years 2017–2023.

Only rules whose old-regime text is known are encoded (domain.md, and the article texts quoted in
docs/eligibility.md "Sources of the old regime"); every other target answers `needs_rule` rather
than borrowing the 2022 criteria. The LĐTT exclusions are Decree 91/2017 Art. 10's: under 10
months of work, discipline from reprimand up. Its predecessors' 40-days-of-absence exclusion was
dropped, so this rule set has no absence condition.
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
    MemberCount,
    MemberShare,
    QuotaAvailable,
    RatingAtLeast,
    Rule,
    RuleSet,
    Since,
    SincePrior,
    Window,
)
from .common import ARMED_FORCES, DECREE_91, LAW_2003, NOT_VERIFIED, ldtt_conditions, missing_rule


def old_law(
    article: str, clause: str | None = None, point: str | None = None, *, verified: bool = False
) -> Citation:
    return Citation(LAW_2003, article, clause, point, verified=verified)


def decree(
    article: str, clause: str | None = None, point: str | None = None, *, verified: bool = True
) -> Citation:
    return Citation(DECREE_91, article, clause, point, verified=verified)


def council(prefix: str) -> Condition:
    return Condition(
        f"{prefix}.council",
        decree("45", "8"),
        "Hội đồng Thi đua – Khen thưởng bỏ phiếu kín đạt tỷ lệ yêu cầu trên tổng số thành viên",
        CouncilVote(),
    )


def ldtt(prefix: str) -> tuple[Condition, ...]:
    # Art. 24 cl. 1 point a of the 2003 law (as amended 2013); the exclusions are Decree 91/2017
    # Art. 10 (its clause was not retrieved, so none is cited).
    return ldtt_conditions(
        prefix=prefix,
        rating=old_law("24", "1", "a", verified=True),
        exclusions=decree("10"),
        absence=False,
    )


_ENCODED_PERSON_RULES: Final[tuple[Rule, ...]] = (
    Rule("LDTT", PERSON, ldtt("ldtt")),
    Rule(
        "CSTDCS",
        PERSON,
        (
            *ldtt("cstdcs.ldtt"),
            Condition(
                "cstdcs.initiative",
                old_law("23", "2", verified=True),
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
                # The article names no period for the initiative (see `cstd_bo_initiative_years`).
                old_law("22", verified=True),
                "Có sáng kiến cấp bộ, tỉnh trở lên được công nhận ({window})",
                Initiatives("BO_TINH", 1, Window(Since("cstd_bo_initiative_years"), 0)),
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
                decree("38", "1", "c"),
                "Đã được tặng Bằng khen cấp bộ, ban, ngành, tỉnh, sau đó đủ số năm liên tục",
                SincePrior(
                    "BK_BO",
                    5,
                    (
                        Condition(
                            "bk_ttg.run_rating",
                            decree("38", "1", "c"),
                            "Trong {window}, năm nào cũng hoàn thành xuất sắc nhiệm vụ",
                            Every(RatingAtLeast("HTXSNV"), RUN),
                        ),
                        Condition(
                            "bk_ttg.initiatives",
                            decree("38", "1", "c"),
                            "Trong {window} có 5 sáng kiến cấp cơ sở",
                            Initiatives("CO_SO", 5, RUN),
                        ),
                    ),
                ),
            ),
        ),
    ),
    missing_rule(target="CSTT", subject_kind=PERSON, citation=old_law("24"), reason=ARMED_FORCES),
)

_ENCODED_COLLECTIVE_RULES: Final[tuple[Rule, ...]] = (
    Rule(
        "TTLDTT",
        COLLECTIVE,
        (
            Condition(
                "ttldtt.rating",
                old_law("28", "1", "a", verified=True),
                "Năm {year} tập thể hoàn thành tốt nhiệm vụ trở lên",
                Every(RatingAtLeast("HTTNV")),
            ),
            Condition(
                "ttldtt.ldtt_share",
                old_law("28", "1", "c", verified=True),
                "Trên 50% thành viên đạt Lao động tiên tiến",
                MemberShare("ldtt", 50, strict=True),
            ),
            Condition(
                "ttldtt.discipline",
                old_law("28", "1", "c", verified=True),
                "Không có thành viên bị kỷ luật từ cảnh cáo trở lên",
                MemberCount("disciplined_canh_cao_or_above", maximum=0),
            ),
        ),
    ),
    Rule(
        "TTLDXS",
        COLLECTIVE,
        (
            Condition(
                "ttldxs.rating",
                old_law("27", "1"),
                "Năm {year} tập thể hoàn thành xuất sắc nhiệm vụ",
                Every(RatingAtLeast("HTXSNV")),
            ),
            Condition(
                "ttldxs.all_htnv",
                old_law("27", "3"),
                "100% thành viên hoàn thành nhiệm vụ trở lên",
                MemberShare("at_least_htnv", 100),
            ),
            Condition(
                "ttldxs.ldtt_share",
                old_law("27", "3"),
                "Từ 70% thành viên đạt Lao động tiên tiến",
                MemberShare("ldtt", 70),
            ),
            Condition(
                "ttldxs.cstdcs",
                old_law("27", "4"),
                "Có ít nhất 1 thành viên đạt Chiến sĩ thi đua cơ sở",
                MemberCount("cstdcs", minimum=1),
            ),
            Condition(
                "ttldxs.discipline",
                old_law("27", "4"),
                "Không có thành viên bị kỷ luật từ cảnh cáo trở lên",
                MemberCount("disciplined_canh_cao_or_above", maximum=0),
            ),
        ),
    ),
    Rule(
        "BK_BO",
        COLLECTIVE,
        (
            Condition(
                "bk_bo_tt.two_years",
                decree("39", "2", "c", verified=False),
                "Hai năm liên tục {window} tập thể hoàn thành xuất sắc nhiệm vụ",
                Every(RatingAtLeast("HTXSNV"), Window(-1, 0)),
            ),
        ),
    ),
    missing_rule(target="DVTT", subject_kind=COLLECTIVE, citation=old_law("28", "2"), reason=ARMED_FORCES),
    missing_rule(target="DVQT", subject_kind=COLLECTIVE, citation=old_law("27"), reason=ARMED_FORCES),
)


def _not_verified(kind: str, encoded: tuple[Rule, ...]) -> tuple[Rule, ...]:
    """Every other target of the catalogue gets an explicit "no verified rule" answer."""
    return tuple(
        missing_rule(
            target=code, subject_kind=kind, citation=Citation(LAW_2003, verified=False), reason=NOT_VERIFIED
        )
        for code in in_catalogue_order(codes_for_kind(kind) - {rule.target for rule in encoded})
    )


PERSON_RULES: Final[tuple[Rule, ...]] = (
    *_ENCODED_PERSON_RULES,
    *_not_verified(PERSON, _ENCODED_PERSON_RULES),
)
COLLECTIVE_RULES: Final[tuple[Rule, ...]] = (
    *_ENCODED_COLLECTIVE_RULES,
    *_not_verified(COLLECTIVE, _ENCODED_COLLECTIVE_RULES),
)

RULE_SET: Final = RuleSet(
    code="OLD_2017",
    title="Luật Thi đua, khen thưởng 2003 (sửa đổi 2013) và Nghị định 91/2017/NĐ-CP",
    first_year=2017,
    last_year=2023,
    rules=PERSON_RULES + COLLECTIVE_RULES,
    parameter_defaults={
        "cstdcs_quota_pct_of_ldtt": 15,
        "council_threshold_pct": 90,
        "ttldxs_checks_member_discipline": True,
    },
)
