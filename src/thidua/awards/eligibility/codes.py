"""The one catalogue of codes (glossary.md): titles, award forms, ratings, initiative scopes,
discipline forms and subject kinds, with their order and their Vietnamese legal names.

Everything else derives from here: the Django choices (`awards/enums.py`, `covenants/enums.py`),
the registry's catalogue rows (`awards/catalogue.py`), registration targets, pages and documents
(`legal_name`). `tests/core/test_catalogue.py` fails if a code list is typed anywhere else.
Orders are stored as ranks so that "at least HTTNV" or "scope at least BO_TINH" is one integer
comparison in both the single and the batch evaluator.
"""

from __future__ import annotations

from typing import Final

# Ratings, best first in the glossary; a higher rank is better.
RATING_RANK: Final[dict[str, int]] = {"KHTNV": 0, "HTNV": 1, "HTTNV": 2, "HTXSNV": 3}

# Initiative scopes, narrowest first.
SCOPE_RANK: Final[dict[str, int]] = {"CO_SO": 0, "BO_TINH": 1, "TOAN_QUOC": 2}

# Discipline forms, lightest first.
DISCIPLINE_RANK: Final[dict[str, int]] = {
    "KHIEN_TRACH": 0,
    "CANH_CAO": 1,
    "HA_BAC_LUONG": 2,
    "GIANG_CHUC": 3,
    "CACH_CHUC": 4,
    "BUOC_THOI_VIEC": 5,
}

PERSON_TITLES: Final[frozenset[str]] = frozenset({"LDTT", "CSTT", "CSTDCS", "CSTD_BO", "CSTD_TQ"})
# The titles a unit's head confers on its own people (and their armed-forces equivalent).
HEAD_CONFERRED_TITLES: Final[tuple[str, ...]] = ("LDTT", "CSTT", "CSTDCS")
COLLECTIVE_TITLES: Final[frozenset[str]] = frozenset({"TTLDTT", "DVTT", "TTLDXS", "DVQT", "CO_BO", "CO_CP"})
AWARDS: Final[frozenset[str]] = frozenset({"GIAY_KHEN", "BK_BO", "BK_TTG", "HCLD3", "HCLD2", "HCLD1", "KNC"})
# The commemorative medal honours individuals only.
PERSON_ONLY_AWARDS: Final[frozenset[str]] = frozenset({"KNC"})

PERSON: Final = "person"
COLLECTIVE: Final = "collective"
BOTH: Final = "both"  # a catalogue entry conferred on people and collectives alike
SUBJECT_KINDS: Final[frozenset[str]] = frozenset({PERSON, COLLECTIVE})
SUBJECT_KIND_NAME: Final[dict[str, str]] = {
    PERSON: "Cá nhân",
    COLLECTIVE: "Tập thể",
    BOTH: "Cá nhân và tập thể",
}

# State-level forms (used by the old regime's "one state-level award a year" check).
STATE_LEVEL: Final[frozenset[str]] = frozenset({"CSTD_TQ", "BK_TTG", "HCLD3", "HCLD2", "HCLD1", "CO_CP"})

NAME_VI: Final[dict[str, str]] = {
    "LDTT": "Lao động tiên tiến",
    "CSTT": "Chiến sĩ tiên tiến",
    "CSTDCS": "Chiến sĩ thi đua cơ sở",
    "CSTD_BO": "Chiến sĩ thi đua bộ, ban, ngành, tỉnh",
    "CSTD_TQ": "Chiến sĩ thi đua toàn quốc",
    "TTLDTT": "Tập thể lao động tiên tiến",
    "DVTT": "Đơn vị tiên tiến",
    "TTLDXS": "Tập thể lao động xuất sắc",
    "DVQT": "Đơn vị quyết thắng",
    "CO_BO": "Cờ thi đua của bộ, ban, ngành, tỉnh",
    "CO_CP": "Cờ thi đua của Chính phủ",
    "GIAY_KHEN": "Giấy khen",
    "BK_BO": "Bằng khen của bộ, ban, ngành, tỉnh",
    "BK_TTG": "Bằng khen của Thủ tướng Chính phủ",
    "HCLD3": "Huân chương Lao động hạng Ba",
    "HCLD2": "Huân chương Lao động hạng Nhì",
    "HCLD1": "Huân chương Lao động hạng Nhất",
    "KNC": "Kỷ niệm chương",
    "HTXSNV": "hoàn thành xuất sắc nhiệm vụ",
    "HTTNV": "hoàn thành tốt nhiệm vụ",
    "HTNV": "hoàn thành nhiệm vụ",
    "KHTNV": "không hoàn thành nhiệm vụ",
    "CO_SO": "cấp cơ sở",
    "BO_TINH": "cấp bộ, tỉnh",
    "TOAN_QUOC": "toàn quốc",
    "KHIEN_TRACH": "khiển trách",
    "CANH_CAO": "cảnh cáo",
    "HA_BAC_LUONG": "hạ bậc lương",
    "GIANG_CHUC": "giáng chức",
    "CACH_CHUC": "cách chức",
    "BUOC_THOI_VIEC": "buộc thôi việc",
}


# Orders for lists and choices.
RATINGS: Final[tuple[str, ...]] = tuple(
    sorted(RATING_RANK, key=RATING_RANK.__getitem__, reverse=True)
)  # best first
SCOPES: Final[tuple[str, ...]] = tuple(sorted(SCOPE_RANK, key=SCOPE_RANK.__getitem__))  # narrowest first
DISCIPLINES: Final[tuple[str, ...]] = tuple(
    sorted(DISCIPLINE_RANK, key=DISCIPLINE_RANK.__getitem__)
)  # lightest first
# Titles and award forms in the catalogue's order (lowest level first, as the law lists them).
TITLE_ORDER: Final[tuple[str, ...]] = (
    "LDTT", "CSTT", "CSTDCS", "CSTD_BO", "CSTD_TQ", "TTLDTT", "DVTT", "TTLDXS", "DVQT", "CO_BO", "CO_CP"
)  # fmt: skip
AWARD_ORDER: Final[tuple[str, ...]] = ("GIAY_KHEN", "BK_BO", "BK_TTG", "HCLD3", "HCLD2", "HCLD1", "KNC")
# Titles of the armed forces (Chiến sĩ tiên tiến, Đơn vị tiên tiến, Đơn vị quyết thắng): the
# registry's units and people are civilian, so pages offer only the forms that apply to them.
ARMED_FORCES_TITLES: Final[frozenset[str]] = frozenset({"CSTT", "DVTT", "DVQT"})
# What a member unit registers for at the start of an emulation year (covenants registration):
# the civil titles and the awards a cluster proposes; armed-forces titles and state orders are
# proposed through dossiers, not registered.
REGISTRATION_TARGETS: Final[dict[str, tuple[str, ...]]] = {
    PERSON: ("LDTT", "CSTDCS", "CSTD_BO", "CSTD_TQ", "GIAY_KHEN", "BK_BO", "BK_TTG"),
    COLLECTIVE: ("TTLDTT", "TTLDXS", "CO_BO", "CO_CP", "GIAY_KHEN", "BK_BO", "BK_TTG"),
}


def in_catalogue_order(wanted: frozenset[str] | set[str]) -> tuple[str, ...]:
    """The given titles and award forms in the catalogue's order."""
    return tuple(code for code in (*TITLE_ORDER, *AWARD_ORDER) if code in wanted)


def legal_name(code: str) -> str:
    """The name to show on pages and documents (capitalised): never the bare code.
    An unknown code is returned as is, so old data still shows something."""
    name = NAME_VI.get(code) or SUBJECT_KIND_NAME.get(code)
    return name[0].upper() + name[1:] if name else code


# Who gives a ministry's or province's Bằng khen and Cờ thi đua (Law 2022 on Emulation and
# Commendation: the minister, the head of a central body, the provincial chair), as the decision's
# issuer reads ("Bộ trưởng Bộ Tài nguyên và Môi trường"); and the heads who give a Giấy khen.
AWARD_GIVERS = ("Bộ trưởng ", "Thủ trưởng ", "Trưởng ban ", "Chủ tịch ")
UNIT_HEADS = (
    *AWARD_GIVERS,
    "Giám đốc ",
    "Tổng Giám đốc ",
    "Cục trưởng ",
    "Vụ trưởng ",
    "Viện trưởng ",
    "Hiệu trưởng ",
)


def _office(issuer: str, offices: tuple[str, ...]) -> str | None:
    return next((o for o in offices if issuer.startswith(o) and len(issuer) > len(o)), None)


def conferred_name(code: str, issuer: str) -> str:
    """The award as its decision and certificate name it. The catalogue names a ministry's or
    province's award by its level ("Bằng khen của bộ, ban, ngành, tỉnh"); they name who gave it:
    the office for a Bằng khen or Giấy khen ("Bằng khen của Bộ trưởng Bộ Tài nguyên và Môi
    trường"), the body for its Cờ thi đua ("Cờ thi đua của Bộ Tài nguyên và Môi trường"). An issuer
    in no such office keeps the general name rather than a guessed one."""
    issuer = " ".join(issuer.split())
    if code == "BK_BO" and _office(issuer, AWARD_GIVERS):
        return f"Bằng khen của {issuer}"
    if code == "CO_BO" and (office := _office(issuer, AWARD_GIVERS)):
        return f"Cờ thi đua của {issuer[len(office) :]}"
    if code == "GIAY_KHEN" and _office(issuer, UNIT_HEADS):
        return f"Giấy khen của {issuer}"
    return legal_name(code)


def choices(codes: tuple[str, ...]) -> list[tuple[str, tuple[str, str]]]:
    """(member name, (value, label)) pairs for a Django `TextChoices` built from the catalogue."""
    return [(code, (code, legal_name(code))) for code in codes]


def is_title(code: str) -> bool:
    return code in PERSON_TITLES or code in COLLECTIVE_TITLES


def codes_for_kind(kind: str) -> frozenset[str]:
    """Titles and award forms a subject of this kind can hold or be proposed for."""
    if kind == PERSON:
        return PERSON_TITLES | AWARDS
    return COLLECTIVE_TITLES | (AWARDS - PERSON_ONLY_AWARDS)


# Which entries of the registry get a printed certificate (bằng, giấy chứng nhận), and on which
# blank. The "tiên tiến" titles (LĐTT, TTLĐTT and their armed-forces equivalents) are recognised in
# the decision's list without an individual certificate, and the state's orders (HCLĐ) are printed
# by the State President's office, not by the conferring body (practice, UNVERIFIED in domain.md).
CERTIFICATE_BLANKS: Final[dict[str, str]] = {
    "GIAY_KHEN": "giay_khen",
    "BK_BO": "bang_khen",
    "BK_TTG": "bang_khen",
    "CO_BO": "co_thi_dua",
    "CO_CP": "co_thi_dua",
    "CSTDCS": "danh_hieu",
    "CSTD_BO": "danh_hieu",
    "CSTD_TQ": "danh_hieu",
    "TTLDXS": "danh_hieu",
    "DVQT": "danh_hieu",
    "KNC": "ky_niem_chuong",
}


# The unit's own review (issue 18): what a unit confers itself, then what it proposes upwards.
UNIT_REVIEW_TARGETS: tuple[str, ...] = ("LDTT", "CSTDCS", "GIAY_KHEN")
HIGHER_REVIEW_TARGETS: tuple[str, ...] = ("BK_BO", "CSTD_BO", "BK_TTG", "HCLD3", "CSTD_TQ")
