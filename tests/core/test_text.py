from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from thidua.core.text import collation_key, fold, person_sort_key, split_full_name


def _sorted_given_first(names: list[str]) -> list[str]:
    def key(full: str) -> str:
        family, middle, given = split_full_name(full)
        return person_sort_key(family_name=family, middle_name=middle, given_name=given)

    return sorted(names, key=key)


def test_people_sort_by_given_name_then_family_then_middle() -> None:
    names = ["Trần Văn Bình", "Nguyễn Thị Ánh", "Lê Văn An", "Đỗ Minh Anh", "Bùi Thu Anh", "Phạm Đức Đạt"]
    assert _sorted_given_first(names) == [
        "Lê Văn An",
        "Bùi Thu Anh",
        "Đỗ Minh Anh",
        "Nguyễn Thị Ánh",
        "Trần Văn Bình",
        "Phạm Đức Đạt",
    ]


def test_vietnamese_letters_follow_the_alphabet_not_unicode() -> None:
    words = ["Đặng", "Dũng", "Ấn", "Ánh", "Anh", "Bình", "Ơn", "Ông", "Ước", "Uyên", "Yến"]
    assert sorted(words, key=collation_key) == [
        "Anh",
        "Ánh",
        "Ấn",
        "Bình",
        "Dũng",
        "Đặng",
        "Ông",
        "Ơn",
        "Uyên",
        "Ước",
        "Yến",
    ]


def test_tones_break_ties_in_dictionary_order() -> None:
    # ngang, huyền, hỏi, ngã, sắc, nặng
    assert sorted(["má", "mạ", "mà", "ma", "mã", "mả"], key=collation_key) == [
        "ma",
        "mà",
        "mả",
        "mã",
        "má",
        "mạ",
    ]


def test_key_is_digits_only_so_every_database_orders_it_the_same() -> None:
    assert collation_key("Nguyễn Thị Ánh", "Hải Dương").isdigit()


def test_fold_removes_diacritics_and_d_stroke() -> None:
    assert fold("  Hải   Dương, ĐỖ Đức ") == "hai duong, do duc"


def test_split_full_name_into_family_middle_given() -> None:
    assert split_full_name("Nguyễn Thị Ngọc Ánh") == ("Nguyễn", "Thị Ngọc", "Ánh")
    assert split_full_name("Ánh") == ("", "", "Ánh")
    assert split_full_name("") == ("", "", "")


@given(
    st.lists(
        st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạ ", min_size=1, max_size=8),
        min_size=2,
        max_size=6,
    )
)
def test_prefix_sorts_before_its_extension(words: list[str]) -> None:
    word = words[0].strip() or "a"
    assert collation_key(word) <= collation_key(word + "a")
