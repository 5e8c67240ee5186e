"""The catalogue of titles and award forms as data (glossary.md codes, domain.md §1.2, §2.1, §3).

Money multiples are Decree 152/2025/NĐ-CP's (Arts. 50, 54) where domain.md gives them; None means
"chưa xác minh" and the page says so. Articles marked "(chưa xác minh)" were not read in the text.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final, NamedTuple

from thidua.awards.eligibility.codes import AWARD_ORDER, TITLE_ORDER, legal_name

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


def _item(
    code: str,
    subject_kind: str,
    authority_level: str,
    legal_basis: str,
    money_multiple: Decimal | None,
    money_basis: str,
) -> Item:
    # The legal name comes from the one catalogue of codes, never typed twice.
    return Item(
        code, legal_name(code), subject_kind, authority_level, legal_basis, money_multiple, money_basis
    )


TITLES: Final[tuple[Item, ...]] = (
    _item("LDTT", "person", "grassroots", f"{LAW}, Điều 24", Decimal("0.3"), MONEY_TITLES),
    _item("CSTT", "person", "grassroots", f"{LAW}, Điều 24", Decimal("0.3"), MONEY_TITLES),
    _item(
        "CSTDCS",
        "person",
        "grassroots",
        f"{LAW}, Điều 23",
        Decimal("1.0"),
        MONEY_TITLES,
    ),
    _item(
        "CSTD_BO",
        "person",
        "ministry_province",
        f"{LAW}, Điều 22",
        Decimal("3.0"),
        MONEY_TITLES,
    ),
    _item(
        "CSTD_TQ",
        "person",
        "prime_minister",
        f"{LAW}, Điều 21",
        Decimal("4.5"),
        MONEY_TITLES,
    ),
    _item(
        "TTLDTT",
        "collective",
        "grassroots",
        f"{LAW}, Điều 28 (chưa xác minh)",
        Decimal("0.8"),
        MONEY_TITLES,
    ),
    _item(
        "DVTT",
        "collective",
        "grassroots",
        f"{LAW}, Điều 28 (chưa xác minh)",
        Decimal("0.8"),
        MONEY_TITLES,
    ),
    _item(
        "TTLDXS",
        "collective",
        "ministry_province",
        f"{LAW}, Điều 27 (cấp quyết định chưa xác minh)",
        Decimal("1.5"),
        MONEY_TITLES,
    ),
    _item(
        "DVQT",
        "collective",
        "ministry_province",
        f"{LAW}, Điều 27 (cấp quyết định chưa xác minh)",
        Decimal("1.5"),
        MONEY_TITLES,
    ),
    _item(
        "CO_BO",
        "collective",
        "ministry_province",
        f"{LAW}, Điều 26 (chưa xác minh)",
        Decimal("8.0"),
        MONEY_TITLES,
    ),
    _item(
        "CO_CP",
        "collective",
        "prime_minister",
        f"{LAW}, Điều 25 (chưa xác minh)",
        Decimal("12.0"),
        MONEY_TITLES,
    ),
)

AWARD_FORMS: Final[tuple[Item, ...]] = (
    _item(
        "GIAY_KHEN",
        "both",
        "grassroots",
        f"{LAW}, Điều 75 (tiêu chí chi tiết do bộ, ngành, tỉnh quy định)",
        Decimal("0.3"),
        f"{MONEY_AWARDS} (cá nhân)",
    ),
    _item(
        "BK_BO",
        "both",
        "ministry_province",
        f"{LAW}, Điều 74",
        Decimal("1.5"),
        f"{MONEY_AWARDS} (cá nhân)",
    ),
    _item(
        "BK_TTG",
        "both",
        "prime_minister",
        f"{LAW}, Điều 73",
        Decimal("3.0"),
        f"{MONEY_AWARDS} (cá nhân)",
    ),
    _item("HCLD3", "both", "president", f"{LAW}, Điều 44", None, ""),
    _item(
        "HCLD2",
        "both",
        "president",
        f"{LAW}, Điều 43 (chưa xác minh)",
        None,
        "",
    ),
    _item(
        "HCLD1",
        "both",
        "president",
        f"{LAW}, Điều 42 (chưa xác minh)",
        None,
        "",
    ),
    _item("KNC", "person", "agency", f"{LAW}, Điều 71 (chưa xác minh)", None, ""),
)


# The data above follows the catalogue's order, code for code.
assert tuple(i.code for i in TITLES) == TITLE_ORDER, "awards/catalogue.py and codes.TITLE_ORDER disagree"
assert tuple(i.code for i in AWARD_FORMS) == AWARD_ORDER, "awards/catalogue.py and codes.AWARD_ORDER disagree"


def load_catalogue(title_model: type, award_model: type) -> None:
    """Create or update every catalogue row (used by the data migration and the demo)."""
    for model, items in ((title_model, TITLES), (award_model, AWARD_FORMS)):
        for rank, item in enumerate(items):
            fields = item._asdict()
            code = fields.pop("code")
            model._default_manager.update_or_create(code=code, defaults={**fields, "rank": rank})  # type: ignore[attr-defined]
