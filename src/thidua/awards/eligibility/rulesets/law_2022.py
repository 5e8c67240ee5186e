"""LAW_2022: Law 06/2022/QH15 with Decree 98/2023/NĐ-CP, achievement year 2024 (domain.md §2–3).

Only the machine-checkable points are encoded: e.g. for BK-B only point d of Art. 74 cl. 1; the
qualitative points (movements, influence, compliance) stay with the council.
"""

from __future__ import annotations

from typing import Final

from ..codes import COLLECTIVE, PERSON
from ..model import (
    RUN,
    Ago,
    AnyOf,
    AtLeast,
    Citation,
    ClusterLead,
    Condition,
    CouncilVote,
    Every,
    Holds,
    Initiatives,
    MemberCount,
    MemberShare,
    ModeOf,
    Param,
    QuotaAvailable,
    RatingAtLeast,
    Rule,
    RuleSet,
    Since,
    SincePrior,
    StreakWindow,
    When,
    Window,
)
from .common import (
    ARMED_FORCES,
    DECREE_91,
    DELEGATED,
    LAW_2003,
    LAW_2022,
    NOT_VERIFIED,
    ldtt_conditions,
    missing_rule,
)


def law(
    article: str, clause: str | None = None, point: str | None = None, *, verified: bool = True
) -> Citation:
    return Citation(LAW_2022, article, clause, point, verified=verified)


COUNCIL: Final = Condition(
    "council",
    # The 90%-of-all-members threshold is Decree 91/2017's; the 2022-regime decree's own rule on the
    # secret ballot was not retrieved, so the citation says where the number comes from.
    Citation(
        DECREE_91,
        "45",
        "8",
        verified=False,
        note="ngưỡng phiếu kín của Nghị định 91/2017; quy định tương ứng của chế độ mới chưa đối chiếu",
    ),
    "Hội đồng Thi đua – Khen thưởng bỏ phiếu kín đạt tỷ lệ yêu cầu trên tổng số thành viên",
    CouncilVote(),
)


def council(prefix: str) -> Condition:
    return Condition(f"{prefix}.council", COUNCIL.citation, COUNCIL.template, COUNCIL.check)


def ldtt(prefix: str) -> tuple[Condition, ...]:
    # Exclusions are set by the ministry circulars that detail cl. 4 Art. 24 (thresholds: parameters).
    return ldtt_conditions(
        prefix=prefix, rating=law("24", "1"), exclusions=law("24", "4", verified=False), absence=True
    )


# Law 06/2022 has no CSTĐCS quota; Decree 91/2017 Art. 9 set 15% for the old regime. A quota now
# can only come from a ministry's or province's own rule (domain.md §2.2), hence the parameter.
QUOTA: Final = Citation(
    "Quy định của bộ, ngành, tỉnh (nếu có)",
    verified=False,
    note="Luật 06/2022/QH15 không quy định hạn mức CSTĐCS",
)

# BK-B point d: "... liên tục từ 02 năm trở lên ..., trong thời gian đó có 02 sáng kiến": the
# initiatives may come from any year of the run, however long.
BK_BO_RUN: Final = StreakWindow((Holds("CSTDCS"), RatingAtLeast("HTXSNV")), 2)

PERSON_RULES: Final[tuple[Rule, ...]] = (
    Rule("LDTT", PERSON, ldtt("ldtt")),
    Rule(
        "CSTDCS",
        PERSON,
        (
            *ldtt("cstdcs.ldtt"),
            Condition(
                "cstdcs.excellence",
                law("23", "2"),
                "Năm {year} hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến được công nhận",
                ModeOf(
                    Param("cstdcs_route"),
                    (Every(RatingAtLeast("HTXSNV")), Initiatives("CO_SO", 1)),
                    ("xếp loại hoàn thành xuất sắc nhiệm vụ", "có sáng kiến cấp cơ sở chưa sử dụng"),
                ),
            ),
            Condition(
                "cstdcs.quota",
                QUOTA,
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
                law("22", "1"),
                "Đạt danh hiệu Chiến sĩ thi đua cơ sở 3 năm liên tục {window}",
                Every(Holds("CSTDCS"), Window(-2, 0)),
            ),
            Condition(
                "cstd_bo.initiative",
                # Clause 2 names no period: any earlier initiative not yet used counts (parameter).
                law("22", "2"),
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
                law("21"),
                "Được tặng Chiến sĩ thi đua bộ, ban, ngành, tỉnh năm {year}",
                Every(Holds("CSTD_BO")),
            ),
            Condition(
                "cstd_tq.cstd_bo_previous",
                law("21"),
                "Lần Chiến sĩ thi đua bộ, ban, ngành, tỉnh liền trước trong {window}",
                AtLeast(
                    Holds("CSTD_BO"), 1, Window(Ago("cstdtq_gap_max_years"), Ago("cstdtq_gap_min_years"))
                ),
            ),
            Condition(
                "cstd_tq.initiative",
                law("21"),
                "Có sáng kiến phạm vi toàn quốc trong {window}",
                Initiatives("TOAN_QUOC", 1, Window(Ago("cstdtq_gap_max_years", -2), 0)),
            ),
            council("cstd_tq"),
        ),
    ),
    Rule(
        "BK_BO",
        PERSON,
        (
            Condition(
                "bk_bo.two_years",
                law("74", "1", "d"),
                "Hai năm liên tục {window} đạt CSTĐCS hoặc hoàn thành xuất sắc nhiệm vụ",
                AnyOf(
                    (Every(Holds("CSTDCS"), Window(-1, 0)), Every(RatingAtLeast("HTXSNV"), Window(-1, 0))),
                    ("2 năm liên tục đạt CSTĐCS", "2 năm liên tục hoàn thành xuất sắc nhiệm vụ"),
                ),
            ),
            Condition(
                "bk_bo.initiatives",
                law("74", "1", "d"),
                "Có 2 sáng kiến cấp cơ sở trở lên trong thời gian liên tục đó ({window}), chưa dùng cho khen thưởng khác",
                Initiatives("CO_SO", 2, BK_BO_RUN),
            ),
        ),
    ),
    Rule(
        "BK_TTG",
        PERSON,
        (
            Condition(
                "bk_ttg.prior_bk_bo",
                law("73", "1", "b"),
                "Đã được tặng Bằng khen cấp bộ, ban, ngành, tỉnh, sau đó đủ số năm liên tục",
                SincePrior(
                    "BK_BO",
                    5,
                    (
                        Condition(
                            "bk_ttg.run_rating",
                            law("73", "1", "b"),
                            "Trong {window}, năm nào cũng xếp loại từ hoàn thành tốt nhiệm vụ trở lên",
                            Every(RatingAtLeast("HTTNV"), RUN),
                        ),
                        Condition(
                            "bk_ttg.cstdcs",
                            law("73", "1", "b"),
                            "Trong {window} có 3 lần đạt Chiến sĩ thi đua cơ sở",
                            AtLeast(Holds("CSTDCS"), 3, RUN),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Rule(
        "HCLD3",
        PERSON,
        (
            Condition(
                "hcld3.prior_bk_ttg",
                law("44", "1", "e"),
                "Đã được tặng Bằng khen của Thủ tướng Chính phủ, sau đó đủ số năm liên tục",
                SincePrior(
                    "BK_TTG",
                    5,
                    (
                        Condition(
                            "hcld3.run_rating",
                            law("44", "1", "e"),
                            "Trong {window}, năm nào cũng xếp loại từ hoàn thành tốt nhiệm vụ trở lên",
                            Every(RatingAtLeast("HTTNV"), RUN),
                        ),
                        Condition(
                            "hcld3.excellent_year",
                            law("44", "1", "e"),
                            "Trong {window} có ít nhất 1 năm hoàn thành xuất sắc nhiệm vụ",
                            AtLeast(RatingAtLeast("HTXSNV"), 1, RUN),
                        ),
                        Condition(
                            "hcld3.cstdcs",
                            law("44", "1", "e"),
                            "Trong {window} có 3 lần đạt Chiến sĩ thi đua cơ sở",
                            AtLeast(Holds("CSTDCS"), 3, RUN),
                        ),
                    ),
                ),
            ),
        ),
    ),
    missing_rule(target="CSTT", subject_kind=PERSON, citation=law("24", "4"), reason=ARMED_FORCES),
    missing_rule(target="GIAY_KHEN", subject_kind=PERSON, citation=law("75", "2"), reason=DELEGATED),
    missing_rule(target="KNC", subject_kind=PERSON, citation=law("71", "2"), reason=DELEGATED),
    missing_rule(target="HCLD2", subject_kind=PERSON, citation=law("44"), reason=NOT_VERIFIED),
    missing_rule(target="HCLD1", subject_kind=PERSON, citation=law("44"), reason=NOT_VERIFIED),
)

COLLECTIVE_RULES: Final[tuple[Rule, ...]] = (
    Rule(
        "TTLDTT",
        COLLECTIVE,
        (
            Condition(
                "ttldtt.rating",
                law("28", verified=False),
                "Năm {year} tập thể hoàn thành tốt nhiệm vụ trở lên",
                Every(RatingAtLeast("HTTNV")),
            ),
            Condition(
                "ttldtt.ldtt_share",
                law("28", verified=False),
                "Trên tỷ lệ yêu cầu số thành viên đạt Lao động tiên tiến",
                MemberShare("ldtt", Param("ttldtt_ldtt_above_pct"), strict=True),
            ),
            Condition(
                "ttldtt.discipline",
                law("28", verified=False),
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
                law("27", "1", "a"),
                "Năm {year} tập thể hoàn thành xuất sắc nhiệm vụ",
                Every(RatingAtLeast("HTXSNV")),
            ),
            Condition(
                "ttldxs.all_htnv",
                law("27", "1", "c"),
                "100% thành viên hoàn thành nhiệm vụ trở lên",
                MemberShare("at_least_htnv", 100),
            ),
            Condition(
                "ttldxs.ldtt_share",
                law("27", "1", "c"),
                "Đạt tỷ lệ yêu cầu số thành viên đạt Lao động tiên tiến",
                MemberShare("ldtt", Param("ttldxs_min_ldtt_pct")),
            ),
            Condition(
                "ttldxs.cstdcs",
                law("27", "1", "d"),
                "Có ít nhất 1 thành viên đạt Chiến sĩ thi đua cơ sở",
                MemberCount("cstdcs", minimum=1),
            ),
            Condition(
                "ttldxs.discipline",
                # Point d of the 2003 law; the 2022 text quoted has none (off by default here).
                Citation(LAW_2003, "27", "4", verified=False, note="không còn trong Luật 06/2022/QH15"),
                "Không có thành viên bị kỷ luật từ cảnh cáo trở lên",
                When(
                    Param("ttldxs_checks_member_discipline"),
                    MemberCount("disciplined_canh_cao_or_above", maximum=0),
                ),
            ),
        ),
    ),
    Rule(
        "CO_BO",
        COLLECTIVE,
        (
            Condition(
                "co_bo.rating",
                law("26", verified=False),
                "Năm {year} tập thể hoàn thành xuất sắc nhiệm vụ (vượt mức chỉ tiêu)",
                Every(RatingAtLeast("HTXSNV")),
            ),
            Condition(
                "co_bo.cluster_lead",
                law("26", verified=False),
                "Dẫn đầu cụm, khối thi đua trong số cờ được đề nghị",
                ClusterLead(),
            ),
        ),
    ),
    Rule(
        "BK_BO",
        COLLECTIVE,
        (
            Condition(
                "bk_bo_tt.two_years",
                law("74", "2", verified=False),
                "Hai năm liên tục {window} tập thể hoàn thành xuất sắc nhiệm vụ",
                Every(RatingAtLeast("HTXSNV"), Window(-1, 0)),
            ),
        ),
    ),
    missing_rule(target="DVTT", subject_kind=COLLECTIVE, citation=law("28"), reason=ARMED_FORCES),
    missing_rule(target="DVQT", subject_kind=COLLECTIVE, citation=law("27"), reason=ARMED_FORCES),
    missing_rule(target="CO_CP", subject_kind=COLLECTIVE, citation=law("25"), reason=NOT_VERIFIED),
    missing_rule(target="BK_TTG", subject_kind=COLLECTIVE, citation=law("73", "2"), reason=NOT_VERIFIED),
    missing_rule(target="HCLD3", subject_kind=COLLECTIVE, citation=law("44", "2"), reason=NOT_VERIFIED),
    missing_rule(target="HCLD2", subject_kind=COLLECTIVE, citation=law("44"), reason=NOT_VERIFIED),
    missing_rule(target="HCLD1", subject_kind=COLLECTIVE, citation=law("44"), reason=NOT_VERIFIED),
    missing_rule(target="GIAY_KHEN", subject_kind=COLLECTIVE, citation=law("75", "2"), reason=DELEGATED),
)

RULE_SET: Final = RuleSet(
    code="LAW_2022",
    title="Luật Thi đua, khen thưởng 2022 và Nghị định 98/2023/NĐ-CP",
    first_year=2024,
    last_year=2024,
    rules=PERSON_RULES + COLLECTIVE_RULES,
    parameter_defaults={"cstdcs_quota_pct_of_ldtt": None, "ttldxs_checks_member_discipline": False},
)
