"""The comparison engine: pure, so its promise is a property — the old text is the kept and removed
words, the new text the kept and added words, in order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from thidua.news.diff import Segment, diff_paragraphs, diff_words

words = st.lists(
    st.sampled_from(["Hải", "Dương", "cụm", "thi", "đua", "số", "1", "ký", "giao", "ước"]), max_size=30
)


def _side(segments: list[Segment], keep: str) -> list[str]:
    return " ".join(s.text for s in segments if s.op in ("same", keep)).split()


@given(words, words)
def test_word_diff_rebuilds_both_versions(old, new):
    segments = diff_words(" ".join(old), " ".join(new))
    assert _side(segments, "del") == old
    assert _side(segments, "ins") == new


@given(st.lists(words.map(" ".join), max_size=6), st.lists(words.map(" ".join), max_size=6))
def test_paragraph_diff_rebuilds_both_versions(old, new):
    old, new = [p for p in old if p], [p for p in new if p]
    change = diff_paragraphs(old, new)
    assert change.changed == (old != new)
    assert [w for p in change.paragraphs for w in _side(p, "del")] == " ".join(old).split()
    assert [w for p in change.paragraphs for w in _side(p, "ins")] == " ".join(new).split()


def test_an_edited_paragraph_is_compared_word_by_word():
    change = diff_paragraphs(
        ["Một.", "Hội nghị tại Hải Dương."], ["Một.", "Mới thêm.", "Hội nghị tại Hải Phòng."]
    )
    assert change.paragraphs == [
        [Segment("same", "Một.")],
        [Segment("ins", "Mới thêm.")],
        [Segment("same", "Hội nghị tại Hải"), Segment("del", "Dương."), Segment("ins", "Phòng.")],
    ]
