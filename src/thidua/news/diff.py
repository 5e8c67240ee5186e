"""A readable comparison of two versions of an article, for the reviewing editor. Pure Python.

Text is compared word by word (difflib), the body paragraph by paragraph first so that a changed
sentence shows inside its paragraph rather than as one long run of words. The page renders the
segments as <del>/<ins>, escaped by the template.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

#: Above this many words a side, paragraphs that differ are shown whole (old struck out, new inserted):
#: difflib's word matching is quadratic at worst.
MAX_WORDS = 5000


@dataclass(frozen=True)
class Segment:
    op: str  # "same", "del" or "ins"
    text: str


@dataclass(frozen=True)
class FieldChange:
    label: str
    changed: bool
    segments: list[Segment]


@dataclass(frozen=True)
class BodyChange:
    changed: bool
    paragraphs: list[list[Segment]]


def diff_words(old: str, new: str) -> list[Segment]:
    a, b = old.split(), new.split()
    if old == new:
        return [Segment("same", old)] if old else []
    if len(a) > MAX_WORDS or len(b) > MAX_WORDS:
        return [s for s in (Segment("del", old), Segment("ins", new)) if s.text]
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("del", " ".join(a[i1:i2])))
        if j2 > j1:
            segments.append(Segment("ins", " ".join(b[j1:j2])))
    return segments


def _similar(a: str, b: str) -> bool:
    words_a, words_b = a.split(), b.split()
    if len(words_a) > MAX_WORDS or len(words_b) > MAX_WORDS:
        return False
    return difflib.SequenceMatcher(None, words_a, words_b, autojunk=False).ratio() >= 0.5


def _changed_paragraphs(old: Sequence[str], new: Sequence[str]) -> list[list[Segment]]:
    """A run of changed paragraphs: each old one is compared word by word with the next new one
    that resembles it (an edited paragraph); the others are shown as removed or added whole."""
    result: list[list[Segment]] = []
    j = 0
    for a in old:
        match = next((k for k in range(j, len(new)) if _similar(a, new[k])), None)
        if match is None:
            result.append([Segment("del", a)])
            continue
        result += [[Segment("ins", p)] for p in new[j:match]]
        result.append(diff_words(a, new[match]))
        j = match + 1
    result += [[Segment("ins", p)] for p in new[j:]]
    return result


def diff_paragraphs(old: Sequence[str], new: Sequence[str]) -> BodyChange:
    """Paragraphs kept, removed, added, or changed (then compared word by word)."""
    paragraphs: list[list[Segment]] = []
    matcher = difflib.SequenceMatcher(None, list(old), list(new), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            paragraphs += [[Segment("same", p)] for p in old[i1:i2]]
        elif tag == "replace":
            paragraphs += _changed_paragraphs(old[i1:i2], new[j1:j2])
        else:
            paragraphs += [[Segment("del", p)] for p in old[i1:i2]]
            paragraphs += [[Segment("ins", p)] for p in new[j1:j2]]
    return BodyChange(changed=list(old) != list(new), paragraphs=paragraphs)


def compare_fields(labels: dict[str, str], old: dict[str, str], new: dict[str, str]) -> list[FieldChange]:
    """One row per field, in the order of `labels`, each a word diff of the two texts."""
    return [
        FieldChange(
            label=label,
            changed=old.get(key, "") != new.get(key, ""),
            segments=diff_words(old.get(key, ""), new.get(key, "")),
        )
        for key, label in labels.items()
    ]
