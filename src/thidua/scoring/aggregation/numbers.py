"""Exact numbers: reading JSON numbers and decimal strings, rounding half-up to 2 decimals."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Final

from .model import ScoringInputError

_DECIMAL: Final = re.compile(r"-?\d{1,12}(\.\d{1,12})?")
HUNDRED: Final = Fraction(100)


def read_number(value: object, *, field: str, minimum: Fraction, maximum: Fraction) -> Fraction:
    """A JSON number (int, float or Decimal) or a decimal string, exactly, within [minimum, maximum]."""
    if isinstance(value, bool):  # bool is an int in Python; a JSON true is never a score
        raise ScoringInputError(field, "phải là một số.")
    if isinstance(value, int):
        number = Fraction(value)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ScoringInputError(field, "phải là một số hữu hạn.")
        # repr() is the shortest decimal that reads back as this float: 7.1 means 7.1, not 7.0999…
        number = Fraction(Decimal(repr(value)))
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ScoringInputError(field, "phải là một số hữu hạn.")
        number = Fraction(value)
    elif isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
        try:
            number = Fraction(Decimal(value.strip()))
        except InvalidOperation:  # pragma: no cover - the pattern already guarantees a decimal
            raise ScoringInputError(field, f"«{value}» không phải là số.") from None
    else:
        raise ScoringInputError(field, f"«{value}» không phải là số (cần số hoặc chuỗi số thập phân).")
    if not minimum <= number <= maximum:
        raise ScoringInputError(field, f"{plain(number)} nằm ngoài khoảng {plain(minimum)}–{plain(maximum)}.")
    return number


def round2(value: Fraction) -> Fraction:
    """Half-up (away from zero on .5) to 2 decimals, exactly."""
    scaled = abs(value) * HUNDRED
    whole = int(scaled)  # floor, scaled ≥ 0
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole if value >= 0 else -whole, 100)


def show(value: Fraction) -> str:
    """The value rounded half-up to 2 decimals, as a string with exactly 2 decimals ("7.50")."""
    rounded = round2(value)
    cents = rounded.numerator * (100 // rounded.denominator)
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def plain(value: Fraction) -> str:
    """The exact decimal, without trailing zeros ("30", "7.25"), for messages; 2 decimals if endless."""
    denominator = value.denominator
    for factor in (2, 5):
        while denominator % factor == 0:
            denominator //= factor
    if denominator != 1:
        return show(value)
    text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
