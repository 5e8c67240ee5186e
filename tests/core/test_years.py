"""Issue 14 item 1: every year and whole number is range-checked where it enters (one parser)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.awards.eligibility import parsing
from thidua.core.errors import InvalidInput
from thidua.core.years import EMULATION_YEARS, RECORD_YEARS, clamp, parse_int, parse_optional_year, parse_year

HUGE = "99999999999999999999"


@pytest.mark.parametrize("text", [HUGE, "20000", "1944", "2101", "-2018", "0"])
def test_out_of_range_years_are_refused_with_the_range(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_year(text, years=RECORD_YEARS)
    shown = text if len(text) <= 8 else "đã nhập"
    assert info.value.message == f"Năm {shown} nằm ngoài khoảng 1945–2100."
    assert info.value.fields == {"year": "range"}


@pytest.mark.parametrize("text", ["²", "2018²", "٢٠١٨", "1e20", "2018.0", "20 18", "", "năm", "0x7e2"])
def test_text_that_only_looks_like_digits_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_year(text)
    assert info.value.message == "Năm phải là số nguyên viết bằng chữ số 0–9, trong khoảng 1990–2100."
    assert info.value.fields == {"year": "invalid"}


def test_very_long_digit_strings_are_refused_without_conversion() -> None:
    # Python's int() of 100,000 digits raises after quadratic work; the parser never gets there:
    # more than 18 digits is out of range by length alone.
    with pytest.raises(InvalidInput) as info:
        parse_year("9" * 100_000)
    assert info.value.fields == {"year": "range"}


def test_the_two_named_ranges() -> None:
    assert (RECORD_YEARS.first, RECORD_YEARS.last) == (1945, 2100)
    assert (EMULATION_YEARS.first, EMULATION_YEARS.last) == (1990, 2100)
    assert parse_year(" 2018 ") == 2018
    assert parse_year(1945, years=RECORD_YEARS) == 1945
    assert parse_year(2018.0) == 2018
    assert parse_optional_year("", default=2025) == 2025
    # The eligibility engine (pure Python, no Django) keeps its own copy of the record range.
    assert (RECORD_YEARS.first, RECORD_YEARS.last) == (parsing.MIN_YEAR, parsing.MAX_YEAR)
    with pytest.raises(InvalidInput):
        parse_year(1e20)
    with pytest.raises(InvalidInput):
        parse_year(True)


@given(st.integers())
def test_parse_int_accepts_exactly_the_range(value: int) -> None:
    inside = 0 <= value <= 500
    for raw in (value, str(value)):
        if inside:
            assert parse_int(raw, field="n", minimum=0, maximum=500) == value
        else:
            with pytest.raises(InvalidInput):
                parse_int(raw, field="n", minimum=0, maximum=500)


def test_clamp() -> None:
    assert clamp(10**30, minimum=0, maximum=100) == 100
    assert clamp(-5, minimum=0, maximum=100) == 0
