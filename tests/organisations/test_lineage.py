"""Lineage navigation: merges, splits, renames, chains both ways, cycles refused."""

from __future__ import annotations

import datetime

import pytest

from tests.factories import make_unit
from thidua.core.errors import Conflict, InvalidInput
from thidua.organisations.enums import LineageKind
from thidua.organisations.models import LineageEvent, Unit
from thidua.organisations.selectors import (
    current_successors,
    lineage_events_of,
    predecessors_of,
    successors_of,
)
from thidua.organisations.services import record_lineage_event

D = datetime.date
BASIS = "Nghị quyết số 202/2025/QH15"


def _codes(units: object) -> list[str]:
    return sorted(u.code for u in units)  # type: ignore[attr-defined]


def _event(kind: str, date: datetime.date, before: list[Unit], after: list[Unit]) -> LineageEvent:
    return record_lineage_event(
        actor=None, kind=kind, date=date, legal_basis=BASIS, predecessors=before, successors=after
    )


@pytest.fixture
def chain(db: None) -> tuple[Unit, Unit, Unit]:
    """A renamed to B on 01/01/2020, B merged into C on 01/03/2025."""
    a, b, c = (
        make_unit(code=code, name=name) for code, name in [("A", "Sở Cũ"), ("B", "Sở Giữa"), ("C", "Sở Mới")]
    )
    _event(LineageKind.RENAME, D(2020, 1, 1), [a], [b])
    _event(LineageKind.MERGE, D(2025, 3, 1), [b], [c])
    return a, b, c


def test_merge_of_three_into_one_closes_them_and_opens_the_successor(db: None) -> None:
    olds = [make_unit(code=f"OLD{i}", name=f"Sở cũ {i}") for i in (1, 2, 3)]
    new = make_unit(code="NEW", name="Sở hợp nhất")
    event = _event(LineageKind.MERGE, D(2025, 7, 1), olds, [new])
    for old in olds:
        old.refresh_from_db()
        assert old.active_to == D(2025, 6, 30)
        assert _codes(successors_of(old)) == ["NEW"]
        assert current_successors(old, on=D(2025, 7, 1)) == [new]
        assert current_successors(old, on=D(2025, 6, 30)) == [old]
    new.refresh_from_db()
    assert (new.active_from, new.active_to) == (D(2025, 7, 1), None)
    assert _codes(predecessors_of(new)) == ["OLD1", "OLD2", "OLD3"]
    assert list(successors_of(new)) == []
    assert list(lineage_events_of(new)) == [event]
    assert (event.kind, event.legal_basis, str(event)) == ("merge", BASIS, "Sáp nhập, hợp nhất 01/07/2025")


def test_merge_keeps_an_earlier_end_date_and_a_known_start_date(db: None) -> None:
    old = make_unit(code="OLD", name="Sở cũ", active_to=D(2024, 12, 31))
    other = make_unit(code="OTHER", name="Sở khác")
    new = make_unit(code="NEW", name="Sở mới", active_from=D(2025, 2, 1))
    _event(LineageKind.MERGE, D(2025, 3, 1), [old, other], [new])
    assert Unit.objects.get(code="OLD").active_to == D(2024, 12, 31)
    assert Unit.objects.get(code="OTHER").active_to == D(2025, 2, 28)
    assert Unit.objects.get(code="NEW").active_from == D(2025, 2, 1)


def test_split_of_one_into_two(db: None) -> None:
    old = make_unit(code="OLD", name="Sở Nông nghiệp và Môi trường")
    left, right = make_unit(code="L", name="Sở Nông nghiệp"), make_unit(code="R", name="Sở Môi trường")
    _event(LineageKind.SPLIT, D(2008, 1, 1), [old], [left, right])
    assert _codes(successors_of(old)) == ["L", "R"]
    assert _codes(predecessors_of(left)) == ["OLD"]
    assert _codes(predecessors_of(right)) == ["OLD"]
    old.refresh_from_db()
    assert [u.code for u in current_successors(old, on=D(2010, 1, 1))] == [
        "R",
        "L",
    ]  # Vietnamese order: Môi < Nông


def test_rename_links_exactly_one_old_unit_to_one_new(db: None) -> None:
    old, new = make_unit(code="OLD", name="Sở Thương mại"), make_unit(code="NEW", name="Sở Công Thương")
    _event(LineageKind.RENAME, D(2008, 4, 1), [old], [new])
    assert (_codes(successors_of(old)), _codes(predecessors_of(new))) == (["NEW"], ["OLD"])
    extra = make_unit(code="EXTRA", name="Sở khác")
    with pytest.raises(InvalidInput) as error:
        _event(LineageKind.RENAME, D(2009, 1, 1), [new, extra], [make_unit(code="X", name="X")])
    assert error.value.message == "Đổi tên nối đúng một đơn vị cũ với một đơn vị mới."


def test_chain_is_followed_both_ways(chain: tuple[Unit, Unit, Unit]) -> None:
    a, b, c = chain
    assert _codes(successors_of(a)) == ["B", "C"]
    assert _codes(successors_of(b)) == ["C"]
    assert _codes(predecessors_of(c)) == ["A", "B"]
    assert _codes(predecessors_of(b)) == ["A"]
    assert list(predecessors_of(a)) == []
    a.refresh_from_db()
    assert current_successors(a, on=D(2019, 12, 31)) == [a]
    assert current_successors(a, on=D(2023, 1, 1)) == [Unit.objects.get(code="B")]
    assert current_successors(a, on=D(2025, 3, 1)) == [c]
    assert [e.kind for e in lineage_events_of(Unit.objects.get(code="B"))] == ["rename", "merge"]


def test_current_successors_is_empty_for_a_unit_that_ended_without_successor(db: None) -> None:
    gone = make_unit(code="GONE", name="Đơn vị giải thể", active_to=D(2020, 12, 31))
    assert current_successors(gone, on=D(2021, 1, 1)) == []


@pytest.mark.parametrize("direction", ["back to the start", "back to the middle"])
def test_a_lineage_cycle_is_refused(chain: tuple[Unit, Unit, Unit], direction: str) -> None:
    a, b, c = chain
    target = a if direction == "back to the start" else b
    events = LineageEvent.objects.count()
    with pytest.raises(Conflict) as error:
        _event(LineageKind.RENAME, D(2026, 1, 1), [c], [target])
    assert (
        error.value.message == "Sự kiện này tạo vòng lặp trong lịch sử đơn vị (đơn vị sau đã là tiền thân)."
    )
    assert LineageEvent.objects.count() == events
    assert Unit.objects.get(code="C").active_to is None


def test_a_lineage_event_against_the_chain_direction_is_refused(chain: tuple[Unit, Unit, Unit]) -> None:
    a, _b, c = chain
    d = make_unit(code="D", name="Sở khác")
    # d + c merging into a: a already lies before c.
    with pytest.raises(Conflict):
        _event(LineageKind.MERGE, D(2026, 1, 1), [c, d], [a])
    assert Unit.objects.get(code="D").active_to is None


@pytest.mark.parametrize(
    ("kind", "before", "after", "message"),
    [
        ("merge", ["P"], ["S1", "S2"], "Sáp nhập phải tạo ra đúng một đơn vị."),
        ("split", ["P", "S1"], ["S2"], "Chia tách phải bắt đầu từ đúng một đơn vị."),
        ("merge", ["P"], ["P"], "Một đơn vị không thể vừa là đơn vị trước vừa là đơn vị sau."),
        ("merge", [], ["S1"], "Sự kiện cần ít nhất một đơn vị trước và một đơn vị sau."),
        ("absorb", ["P"], ["S1"], "Loại sự kiện «absorb» không hợp lệ."),
    ],
)
def test_lineage_event_refuses_bad_shapes(
    db: None, kind: str, before: list[str], after: list[str], message: str
) -> None:
    units = {code: make_unit(code=code, name=f"Đơn vị {code}") for code in ("P", "S1", "S2")}
    with pytest.raises(InvalidInput) as error:
        _event(kind, D(2025, 1, 1), [units[c] for c in before], [units[c] for c in after])
    assert error.value.message == message
    assert LineageEvent.objects.count() == 0
    assert not Unit.objects.filter(active_to__isnull=False).exists()


def test_lineage_event_needs_a_legal_basis_and_a_live_successor(db: None) -> None:
    old, new = make_unit(code="OLD", name="Cũ"), make_unit(code="NEW", name="Mới", active_to=D(2020, 1, 1))
    with pytest.raises(InvalidInput) as error:
        record_lineage_event(
            actor=None,
            kind="merge",
            date=D(2021, 1, 1),
            legal_basis=" ",
            predecessors=[old],
            successors=[new],
        )
    assert (error.value.message, error.value.fields) == (
        "Cần ghi căn cứ pháp lý (số, ký hiệu văn bản).",
        {"legal_basis": "required"},
    )
    with pytest.raises(InvalidInput) as error:
        _event("merge", D(2021, 1, 1), [old], [new])
    assert error.value.message == "Đơn vị «Mới» đã ngừng hoạt động trước ngày 01/01/2021."
