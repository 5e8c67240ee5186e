"""Verification codes and content hashes (pure): an altered code is always detected."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.certificates import verification

codes = st.builds(lambda _: verification.new_code(), st.integers())


def test_a_new_code_reads_back_with_dashes_lower_case_and_lookalikes() -> None:
    code = verification.new_code()
    assert len(code) == 18
    assert verification.normalise(code) == code
    shown = verification.display(code)
    assert shown.count("-") == 2
    assert verification.normalise(shown.lower()) == code
    assert verification.normalise(" " + shown + " ") == code
    with_o = code.replace("0", "O")
    assert verification.normalise(with_o) == code


@settings(max_examples=200, derandomize=True)
@given(codes, st.integers(min_value=0, max_value=17), st.integers(min_value=1, max_value=31))
def test_changing_any_one_symbol_is_detected(code: str, position: int, shift: int) -> None:
    alphabet = verification.ALPHABET
    changed = alphabet[(alphabet.index(code[position]) + shift) % 32]
    altered = code[:position] + changed + code[position + 1 :]
    assert verification.normalise(altered) is None


@settings(max_examples=200, derandomize=True)
@given(codes, st.integers(min_value=0, max_value=15), st.integers(min_value=0, max_value=15))
def test_swapping_two_different_symbols_of_the_body_is_detected(code: str, i: int, j: int) -> None:
    if code[i] == code[j]:
        return
    symbols = list(code)
    symbols[i], symbols[j] = symbols[j], symbols[i]
    assert verification.normalise("".join(symbols)) is None


def test_malformed_codes() -> None:
    assert verification.normalise("") is None
    assert verification.normalise("ABC") is None
    assert verification.normalise("U" * 18) is None  # U is not in the alphabet
    assert verification.normalise(verification.new_code() + "0") is None


CONTENT = {"recipient": "Trần Thị Bình", "award_code": "BK_BO", "year": 2018, "decision_number": "1/QĐ"}


@settings(max_examples=100, derandomize=True)
@given(st.sampled_from(sorted(CONTENT)), st.text(min_size=1, max_size=20))
def test_the_hash_changes_when_any_field_changes(field: str, value: str) -> None:
    changed = {**CONTENT, field: value}
    if changed[field] == CONTENT[field]:
        return
    assert verification.content_hash(changed) != verification.content_hash(CONTENT)


def test_the_hash_does_not_depend_on_key_order() -> None:
    reordered = dict(reversed(list(CONTENT.items())))
    assert verification.content_hash(reordered) == verification.content_hash(CONTENT)
    assert len(verification.content_hash(CONTENT)) == 64
