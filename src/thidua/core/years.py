"""One parser for years and bounded whole numbers, used by pages, the API and the command line.

A year enters the system as text (a query string, a form, a CSV/Excel cell, a command argument) or
as a JSON number. Every entry point calls `parse_year` with a named range, so a year outside the
range — or text that only looks like digits ("²", "٣", "1e20") — is refused at the door with a
Vietnamese `InvalidInput`, before any work is done with it. Nothing here imports Django models, so
pure engines may use it too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from thidua.core.errors import InvalidInput

# ASCII digits only: str.isdigit() and int() also accept superscripts and other scripts' digits.
_DIGITS: Final = re.compile(r"[+-]?[0-9]{1,18}")


@dataclass(frozen=True)
class YearRange:
    """A named, inclusive range of years."""

    name: str
    first: int
    last: int
    meaning: str  # why this range (for the docs and the message)

    def __contains__(self, year: object) -> bool:
        return isinstance(year, int) and not isinstance(year, bool) and self.first <= year <= self.last


# Records of the award registry go back to the first commendations of the Democratic Republic (1945).
RECORD_YEARS: Final = YearRange("record", 1945, 2100, "năm của hồ sơ khen thưởng")
# Emulation work on the platform (clusters, covenants, news about a year) starts with the 1990s.
EMULATION_YEARS: Final = YearRange("emulation", 1990, 2100, "năm thi đua")

# Counts, page sizes and ids: SQLite and PostgreSQL both store 64-bit integers; we stay well below.
MAX_COUNT: Final = 1_000_000_000


def parse_int(
    value: object,
    *,
    field: str,
    minimum: int,
    maximum: int,
    label: str = "Giá trị",
) -> int:
    """A whole number from text or a number, within [minimum, maximum], or a Vietnamese InvalidInput.

    Text is at most 18 ASCII digits (so parsing is constant time), a float must be integral and
    within range; bool is refused (True is an int in Python, never a count).
    """
    number: int
    if isinstance(value, bool) or value is None:
        raise _not_a_number(field, label, minimum, maximum)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer() or not minimum <= value <= maximum:
            raise _out_of_range(field, label, minimum, maximum, value)
        number = int(value)
    elif isinstance(value, str):
        text = value.strip()
        if not _DIGITS.fullmatch(text):
            if text.lstrip("+-").isascii() and text.lstrip("+-").isdigit():
                raise _out_of_range(field, label, minimum, maximum, None)  # more than 18 digits
            raise _not_a_number(field, label, minimum, maximum)
        number = int(text)
    else:
        raise _not_a_number(field, label, minimum, maximum)
    if not minimum <= number <= maximum:
        raise _out_of_range(field, label, minimum, maximum, number)
    return number


def parse_year(value: object, *, years: YearRange = EMULATION_YEARS, field: str = "year") -> int:
    """A year within the named range, from text ("2018") or a number, or a Vietnamese InvalidInput."""
    return parse_int(value, field=field, minimum=years.first, maximum=years.last, label="Năm")


def parse_optional_year(
    value: object, *, years: YearRange = EMULATION_YEARS, field: str = "year", default: int | None = None
) -> int | None:
    """Like `parse_year`, but empty text or None gives `default`."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    return parse_year(value, years=years, field=field)


def check_year(year: int, *, years: YearRange = EMULATION_YEARS, field: str = "year") -> int:
    """For services that receive an int: the same range check and message as `parse_year`."""
    return parse_year(year, years=years, field=field)


def clamp(value: int, *, minimum: int, maximum: int) -> int:
    """Page sizes and offsets: out-of-range values are brought into range rather than refused."""
    return max(minimum, min(value, maximum))


def _not_a_number(field: str, label: str, minimum: int, maximum: int) -> InvalidInput:
    return InvalidInput(
        f"{label} phải là số nguyên viết bằng chữ số 0–9, trong khoảng {minimum}–{maximum}.",
        fields={field: "invalid"},
    )


def _out_of_range(field: str, label: str, minimum: int, maximum: int, value: float | None) -> InvalidInput:
    # Echo the value only when it is short: a 20-digit "year" is not worth repeating on screen.
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    what = f"{label} {shown}" if value is not None and len(shown) <= 8 else f"{label} đã nhập"
    return InvalidInput(f"{what} nằm ngoài khoảng {minimum}–{maximum}.", fields={field: "range"})
