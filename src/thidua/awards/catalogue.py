"""The catalogue of titles and award forms as data (glossary.md codes, domain.md §1.2, §2.1, §3).

Money multiples are Decree 152/2025/NĐ-CP's (Arts. 50, 54) where domain.md gives them; None means
"chưa xác minh" and the page says so. Articles marked "(chưa xác minh)" were not read in the text.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final, NamedTuple

LAW: Final = "Luật Thi đua, khen thưởng số 06/2022/QH15"
MONEY_TITLES: Final = "Nghị định 152/2025/NĐ-CP, Điều 50"
MONEY_AWARDS: Final = "Nghị định 152/2025/NĐ-CP, Điều 54"


class Item(NamedTuple):
    code: str
    name: str
    subject_kind: str
    authority_level: str
    legal_basis: str
    money_multiple: Decimal | None
    money_basis: str


TITLES: Final[tuple[Item, ...]] = (
    Item(
        "LDTT", "Lao động tiên tiến", "person", "grassroots", f"{LAW}, Điều 24", Decimal("0.3"), MONEY_TITLES
    ),
    Item(
        "CSTT", "Chiến sĩ tiên tiến", "person", "grassroots", f"{LAW}, Điều 24", Decimal("0.3"), MONEY_TITLES
    ),
    Item(
        "CSTDCS",
        "Chiến sĩ thi đua cơ sở",
        "person",
        "grassroots",
        f"{LAW}, Điều 23",
        Decimal("1.0"),
        MONEY_TITLES,
    ),
    Item(
        "CSTD_BO",
        "Chiến sĩ thi đua bộ, ban, ngành, tỉnh",
        "person",
        "ministry_province",
        f"{LAW}, Điều 22",
        Decimal("3.0"),
        MONEY_TITLES,
    ),
    Item(
        "CSTD_TQ",
        "Chiến sĩ thi đua toàn quốc",
        "person",
        "prime_minister",
        f"{LAW}, Điều 21",
        Decimal("4.5"),
        MONEY_TITLES,
    ),
    Item(
        "TTLDTT",
        "Tập thể lao động tiên tiến",
        "collective",
        "grassroots",
        f"{LAW}, Điều 28 (chưa xác minh)",
        Decimal("0.8"),
        MONEY_TITLES,
    ),
    Item(
        "DVTT",
        "Đơn vị tiên tiến",
        "collective",
        "grassroots",
        f"{LAW}, Điều 28 (chưa xác minh)",
        Decimal("0.8"),
        MONEY_TITLES,
    ),
    Item(
        "TTLDXS",
        "Tập thể lao động xuất sắc",
        "collective",
        "ministry_province",
        f"{LAW}, Điều 27 (cấp quyết định chưa xác minh)",
        Decimal("1.5"),
        MONEY_TITLES,
    ),
    Item(
        "DVQT",
        "Đơn vị quyết thắng",
        "collective",
        "ministry_province",
        f"{LAW}, Điều 27 (cấp quyết định chưa xác minh)",
        Decimal("1.5"),
        MONEY_TITLES,
    ),
    Item(
        "CO_BO",
        "Cờ thi đua của bộ, ban, ngành, tỉnh",
        "collective",
        "ministry_province",
        f"{LAW}, Điều 26 (chưa xác minh)",
        Decimal("8.0"),
        MONEY_TITLES,
    ),
    Item(
        "CO_CP",
        "Cờ thi đua của Chính phủ",
        "collective",
        "prime_minister",
        f"{LAW}, Điều 25 (chưa xác minh)",
        Decimal("12.0"),
        MONEY_TITLES,
    ),
)

AWARD_FORMS: Final[tuple[Item, ...]] = (
    Item(
        "GIAY_KHEN",
        "Giấy khen",
        "both",
        "grassroots",
        f"{LAW}, Điều 75 (tiêu chí chi tiết do bộ, ngành, tỉnh quy định)",
        Decimal("0.3"),
        f"{MONEY_AWARDS} (cá nhân)",
    ),
    Item(
        "BK_BO",
        "Bằng khen của bộ, ban, ngành, tỉnh",
        "both",
        "ministry_province",
        f"{LAW}, Điều 74",
        Decimal("1.5"),
        f"{MONEY_AWARDS} (cá nhân)",
    ),
    Item(
        "BK_TTG",
        "Bằng khen của Thủ tướng Chính phủ",
        "both",
        "prime_minister",
        f"{LAW}, Điều 73",
        Decimal("3.0"),
        f"{MONEY_AWARDS} (cá nhân)",
    ),
    Item("HCLD3", "Huân chương Lao động hạng Ba", "both", "president", f"{LAW}, Điều 44", None, ""),
    Item(
        "HCLD2",
        "Huân chương Lao động hạng Nhì",
        "both",
        "president",
        f"{LAW}, Điều 43 (chưa xác minh)",
        None,
        "",
    ),
    Item(
        "HCLD1",
        "Huân chương Lao động hạng Nhất",
        "both",
        "president",
        f"{LAW}, Điều 42 (chưa xác minh)",
        None,
        "",
    ),
    Item("KNC", "Kỷ niệm chương", "person", "agency", f"{LAW}, Điều 71 (chưa xác minh)", None, ""),
)


def load_catalogue(title_model: type, award_model: type) -> None:
    """Create or update every catalogue row (used by the data migration and the demo)."""
    for model, items in ((title_model, TITLES), (award_model, AWARD_FORMS)):
        for rank, item in enumerate(items):
            fields = item._asdict()
            code = fields.pop("code")
            model._default_manager.update_or_create(code=code, defaults={**fields, "rank": rank})  # type: ignore[attr-defined]
