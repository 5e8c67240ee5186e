"""The registry keeps a decision's first ground as the law it names: its pages add "căn cứ"."""

from __future__ import annotations

import pytest

from thidua.proposals.services.decisions import _first_ground


@pytest.mark.parametrize(
    ("grounds", "kept"),
    [
        (
            "Căn cứ Luật Thi đua, khen thưởng ngày 15/6/2022;\nCăn cứ Nghị định 98/2023/NĐ-CP;",
            "Luật Thi đua, khen thưởng ngày 15/6/2022",
        ),
        ("\n  căn cứ Quyết định số 12/QĐ-BTNMT.  ", "Quyết định số 12/QĐ-BTNMT"),
        ("Luật Thi đua, khen thưởng", "Luật Thi đua, khen thưởng"),
        ("", ""),
    ],
)
def test_the_first_ground_is_kept_without_its_lead_words(grounds: str, kept: str) -> None:
    assert _first_ground(grounds) == kept
