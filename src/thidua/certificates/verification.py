"""Public verification codes and content hashes of certificates (pure: no Django).

A code is 16 random symbols of Crockford's base-32 alphabet (80 bits from `secrets`: not
guessable, not derived from any id) followed by 2 check symbols: the position-weighted sum of the
symbols' values modulo the prime 1009. Because 1009 is prime and larger than any weight and any
difference of two values, changing one symbol, or swapping any two different symbols, always
changes the sum: an altered code is refused before the database is asked. Printed in three groups
of six ("K7QM2X-9FHT3B-WZ4R8E"); read case-insensitively, with or without the dashes, with the
look-alike letters O, I and L read as 0, 1 and 1.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base 32: no I, L, O, U
BODY_LENGTH = 16
CHECK_MODULUS = 1009  # prime; 1009 < 32**2, so the check fits two symbols
LENGTH = BODY_LENGTH + 2
_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _check(body: str) -> str:
    total = sum((index + 1) * _VALUE[symbol] for index, symbol in enumerate(body)) % CHECK_MODULUS
    return ALPHABET[total // 32] + ALPHABET[total % 32]


def new_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return body + _check(body)


def normalise(text: str) -> str | None:
    """The canonical form of a typed or scanned code, or None if it is not a well-formed code
    (wrong length, a symbol outside the alphabet, or a check that does not match)."""
    code = "".join(text.split()).replace("-", "").upper().translate(_LOOKALIKES)
    if len(code) != LENGTH or any(symbol not in _VALUE for symbol in code):
        return None
    body, check = code[:BODY_LENGTH], code[BODY_LENGTH:]
    return code if secrets.compare_digest(_check(body), check) else None


def display(code: str) -> str:
    return "-".join(code[i : i + 6] for i in range(0, len(code), 6))


def content_hash(content: Mapping[str, object]) -> str:
    """SHA-256 of the certificate's content in one canonical JSON form (sorted keys, no spaces,
    UTF-8): the same content always gives the same hash, any changed field another one."""
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
