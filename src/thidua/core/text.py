"""Vietnamese text helpers: sort keys that order the same on every database, and accent folding.

Databases disagree on Vietnamese order (SQLite compares bytes, PostgreSQL's default collation here
is C.UTF-8, ICU collations exist only on PostgreSQL), so sortable text gets a stored key computed
here. The key uses digits only, which every collation orders the same way.

Order: the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, with
f j w z at their Latin places) decides first; tones decide only between otherwise equal words,
in dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng.
"""

from __future__ import annotations

import re
import unicodedata

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_DIGITS = "0123456789"
# Two-digit codes: 00 separates name parts, 01 separates words, 02 precedes other symbols,
# digits come before letters as in every phone book.
_PRIMARY = {ch: f"{10 + i:02d}" for i, ch in enumerate(_DIGITS + _ALPHABET)}
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
# Marks that make a different letter (ă â ê ô ơ ư) rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
# A word of the search: letters and digits of any script (\w without the underscore).
_WORD = re.compile(r"[^\W_]+")


def _letters(text: str) -> list[tuple[str, str]]:
    """(base letter, tone digit) pairs of a text, lower-cased; tone '0' is ngang."""
    out: list[tuple[str, str]] = []
    for ch in unicodedata.normalize("NFD", text.lower()):
        if ch in _TONES:
            if out:
                out[-1] = (out[-1][0], _TONES[ch])
        elif ch in _LETTER_MARKS:
            if out:
                out[-1] = (unicodedata.normalize("NFC", out[-1][0] + ch), out[-1][1])
        elif unicodedata.combining(ch):
            continue
        else:
            out.append((ch, "0"))
    return out


def _primary(letters: list[tuple[str, str]]) -> str:
    parts = []
    for base, _ in letters:
        if base.isspace():
            parts.append("01")
        else:
            parts.append(_PRIMARY.get(base, "02"))
    return "".join(parts)


def collation_key(*parts: str) -> str:
    """Sort key of a sequence of text parts compared in that order (e.g. given, family, middle)."""
    letters = [_letters(" ".join(p.split())) for p in parts]
    primary = "00".join(_primary(item) for item in letters)
    tones = "".join(tone for item in letters for _, tone in item)
    return f"{primary}00{tones}"


def person_sort_key(*, family_name: str, middle_name: str, given_name: str) -> str:
    """Officers look people up by given name first, then family name, then middle name."""
    return collation_key(given_name, family_name, middle_name)


def grouped(number: int) -> str:
    """An integer with Vietnamese digit grouping: 29800 → "29.800"."""
    return f"{number:,}".replace(",", ".")


def fold(text: str) -> str:
    """Lower-case text without diacritics ("Hải Dương" → "hai duong"), for accent-insensitive search."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def split_full_name(full_name: str) -> tuple[str, str, str]:
    """Split a Vietnamese full name into (family, middle, given): first word, middle words, last word."""
    words = full_name.split()
    if not words:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def search_words(text: str) -> list[str]:
    """The words a search matches by their start: folded runs of letters and digits
    ("Sở TN&MT Hải Dương" → ["so", "tn", "mt", "hai", "duong"]). Punctuation separates words, so the
    stored words hold no quote, backslash, space or LIKE wildcard."""
    return _WORD.findall(fold(text))
