"""The tally engine: edge cases of the issue, property tests against a reference count, the CLI contract."""

from __future__ import annotations

import json
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from django.core.management import execute_from_command_line
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.voting.tally import (
    Ballot,
    TallyInput,
    TallyInputError,
    Threshold,
    format_share,
    parse_share,
    parse_tally_input,
    percent_text,
    tally,
)


def run(data: dict[str, Any]) -> dict[str, Any]:
    return tally(parse_tally_input(data)).as_dict()


def base_input(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "electorate": 10,
        "present": 10,
        "seats": 1,
        "candidates": ["A", "B"],
        "ballots": [],
        "quorum": {"share": "2/3", "base": "all"},
        "threshold": {"share": "50", "base": "all", "strict": True},
    }
    data.update(changes)
    return data


def ballots(*groups: tuple[int, list[str]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for count, choices in groups:
        out += [{"choices": choices} for _ in range(count)]
    return out


# --- the edge cases -----------------------------------------------------------------------


def test_exactly_half_fails_strict_and_passes_at_least() -> None:
    data = base_input(ballots=ballots((5, ["A"]), (5, ["B"])))
    strict = run(data)
    assert strict["results"] == [
        {"candidate": "A", "votes": 5, "share": "1/2", "passed": False},
        {"candidate": "B", "votes": 5, "share": "1/2", "passed": False},
    ]
    assert strict["elected"] == []
    assert strict["runoff"] == []
    data["threshold"]["strict"] = False
    at_least = run(data)
    assert [r["passed"] for r in at_least["results"]] == [True, True]
    assert at_least["elected"] == []
    assert at_least["runoff"] == ["A", "B"]


def test_ninety_percent_of_all_members_exactly() -> None:
    # council: "từ 90% trở lên" of all 10 members means 9 votes
    data = base_input(
        candidates=["X"],
        ballots=ballots((9, ["X"]), (1, [])),
        threshold={"share": "90", "base": "all", "strict": False},
    )
    assert run(data)["results"][0] == {"candidate": "X", "votes": 9, "share": "9/10", "passed": True}
    data["ballots"] = ballots((8, ["X"]), (2, []))
    assert run(data)["results"][0]["passed"] is False
    data["threshold"]["strict"] = True
    data["ballots"] = ballots((9, ["X"]), (1, []))
    assert run(data)["results"][0]["passed"] is False  # "trên 90%" needs 10 of 10


def test_fraction_threshold_two_thirds_compared_exactly() -> None:
    # 2/3 of 9 is exactly 6: 6 passes "at least", fails "more than"
    data = base_input(
        electorate=9,
        present=9,
        candidates=["A"],
        ballots=ballots((6, ["A"]), (3, [])),
        threshold={"share": "2/3", "base": "all", "strict": False},
    )
    assert run(data)["results"][0]["passed"] is True
    data["threshold"]["strict"] = True
    assert run(data)["results"][0]["passed"] is False
    # 66.67% is not 2/3: 6/9 = 66.666…% is below it
    data["threshold"] = {"share": "66.67", "base": "all", "strict": False}
    assert run(data)["results"][0]["passed"] is False


def test_base_all_present_valid_differ() -> None:
    # 10 members, 8 present, 7 ballots cast (1 abstains), 1 of them invalid: 6 valid; A gets 4
    cast = [*ballots((4, ["A"]), (2, [])), {"invalid": True}]
    data = base_input(present=8, ballots=cast)
    data["threshold"] = {"share": "50", "base": "all", "strict": True}
    out = run(data)
    assert out["valid_ballots"] == 6
    assert out["results"][0] == {"candidate": "A", "votes": 4, "share": "2/5", "passed": False}
    data["threshold"]["base"] = "present"
    assert run(data)["results"][0] == {"candidate": "A", "votes": 4, "share": "1/2", "passed": False}
    data["threshold"]["strict"] = False
    assert run(data)["results"][0]["passed"] is True
    data["threshold"] = {"share": "50", "base": "valid", "strict": True}
    assert run(data)["results"][0] == {"candidate": "A", "votes": 4, "share": "2/3", "passed": True}


def test_abstentions_and_invalid_ballots_count_in_present_not_in_valid() -> None:
    data = base_input(
        present=10,
        ballots=ballots((3, ["A"])) + [{"invalid": True}] * 2 + [{"choices": []}],
        threshold={"share": "50", "base": "valid", "strict": True},
    )
    out = run(data)
    assert out["valid_ballots"] == 4  # 3 for A + 1 blank; 4 present did not cast; 2 invalid
    assert out["results"][0] == {"candidate": "A", "votes": 3, "share": "3/4", "passed": True}
    assert out["elected"] == ["A"]


def test_no_quorum_nothing_passes() -> None:
    data = base_input(present=6, ballots=ballots((6, ["A"])))  # 6/10 < 2/3
    out = run(data)
    assert out["quorum_met"] is False
    assert [r["passed"] for r in out["results"]] == [False, False]
    assert out["elected"] == []
    assert out["runoff"] == []
    data["present"] = 7  # 7/10 >= 2/3
    data["ballots"] = ballots((6, ["A"]))
    out = run(data)
    assert out["quorum_met"] is True
    assert out["elected"] == ["A"]


def test_tie_at_the_last_seat_goes_to_runoff_and_the_revote_settles_it() -> None:
    # 3 seats, 10 voters; A 9, B 8, C 6, D 6 — C and D tie for the third seat
    data = base_input(
        seats=3,
        candidates=["A", "B", "C", "D", "E"],
        ballots=ballots((6, ["A", "B", "C"]), (2, ["A", "B", "D"]), (1, ["A", "D"]), (1, ["D"])),
    )
    out = run(data)
    assert [r["votes"] for r in out["results"]] == [9, 8, 6, 4, 0]
    assert out["elected"] == ["A", "B", "C"]
    assert out["runoff"] == []
    # one voter moves from C to D: A 9, B 8, C 5, D 5 — a tie at exactly half
    data["ballots"] = ballots((5, ["A", "B", "C"]), (3, ["A", "B", "D"]), (1, ["A", "D"]), (1, ["D"]))
    out = run(data)
    votes = {r["candidate"]: r["votes"] for r in out["results"]}
    assert votes == {"A": 9, "B": 8, "C": 5, "D": 5, "E": 0}
    assert out["elected"] == ["A", "B"]
    assert out["runoff"] == []
    data["threshold"]["strict"] = False
    out = run(data)
    assert out["elected"] == ["A", "B"]
    assert out["runoff"] == ["C", "D"]
    # the re-vote: among C and D, for the one seat left
    revote = base_input(seats=1, candidates=["C", "D"], ballots=ballots((7, ["D"]), (3, ["C"])))
    revote["threshold"]["strict"] = False
    out = run(revote)
    assert out["elected"] == ["D"]
    assert out["runoff"] == []


def test_a_tie_above_the_last_seat_is_not_a_runoff() -> None:
    data = base_input(seats=2, candidates=["A", "B", "C"], ballots=ballots((8, ["A", "B"]), (2, ["C"])))
    out = run(data)
    assert out["elected"] == ["A", "B"]
    assert out["runoff"] == []


def test_integer_ids_and_zero_valid_ballots() -> None:
    data = base_input(
        candidates=[7, 8],
        ballots=[{"invalid": True}],
        present=10,
        threshold={"share": "50", "base": "valid", "strict": False},
    )
    out = run(data)
    assert out["results"][0] == {"candidate": 7, "votes": 0, "share": None, "passed": False}


# --- malformed input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ballots": ballots((11, ["A"]))}, "ballots: có 11 phiếu, nhiều hơn số người có mặt (10)."),
        (
            {"ballots": [{"choices": ["Z"]}]},
            "ballots[0].choices[0]: ứng cử viên «Z» không có trong danh sách.",
        ),
        (
            {"ballots": [{"choices": ["A", "B"]}]},
            "ballots[0].choices: chọn 2 ứng cử viên, nhiều hơn số ghế (1).",
        ),
        (
            {"seats": 2, "ballots": [{"choices": ["A", "A"]}]},
            "ballots[0].choices[1]: ứng cử viên «A» được chọn hai lần.",
        ),
        ({"present": 11}, "present: số người có mặt (11) nhiều hơn số cử tri (10)."),
        ({"candidates": ["A", "A"]}, "candidates[1]: ứng cử viên «A» bị lặp."),
        ({"threshold": {"share": "3/0"}}, "threshold.share: phân số «3/0» có mẫu số bằng 0."),
        ({"threshold": {"share": "150"}}, "threshold.share: phải nằm trong khoảng 0–100%"),
        (
            {"threshold": {"share": "50", "base": "most"}},
            "threshold.base: phải là một trong «all», «present», «valid».",
        ),
        ({"quorum": {"share": "50", "base": "present"}}, "quorum.base: phải là một trong «all»."),
        ({"electorate": True}, "electorate: phải là số nguyên."),
        (
            {"ballots": [{"choices": ["A"], "invalid": True}]},
            "ballots[0].choices: phiếu không hợp lệ thì không có lựa chọn.",
        ),
        ({"ballots": [{}]}, "ballots[0].choices: thiếu trường bắt buộc"),
        ({"colour": "red"}, "colour: trường không được hỗ trợ."),
    ],
)
def test_malformed_input_names_the_field(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(TallyInputError) as exc:
        parse_tally_input(base_input(**changes))
    assert str(exc.value).startswith(message)


def test_missing_field() -> None:
    data = base_input()
    del data["threshold"]
    with pytest.raises(TallyInputError, match=r"^threshold: thiếu trường bắt buộc\.$"):
        parse_tally_input(data)


def test_shares() -> None:
    assert parse_share("50", field="s") == Fraction(1, 2)
    assert parse_share(50, field="s") == Fraction(1, 2)
    assert parse_share("66.5%", field="s") == Fraction(133, 200)
    assert parse_share(66.5, field="s") == Fraction(133, 200)
    assert parse_share("2/3", field="s") == Fraction(2, 3)
    assert percent_text(Fraction(2, 3)) == "66,67%"
    assert percent_text(Fraction(1, 2)) == "50%"
    for bad in (True, "abc", "-5", None, "1/2/3"):
        with pytest.raises(TallyInputError):
            parse_share(bad, field="s")


# --- properties against a reference count ---------------------------------------------------------


@st.composite
def tally_inputs(draw: st.DrawFn) -> TallyInput:
    candidates = tuple(draw(st.lists(st.sampled_from("ABCDEFGH"), min_size=1, max_size=6, unique=True)))
    electorate = draw(st.integers(1, 25))
    present = draw(st.integers(0, electorate))
    seats = draw(st.integers(1, len(candidates)))
    cast = draw(st.integers(0, present))
    ballot_list = []
    for _ in range(cast):
        if draw(st.integers(0, 9)) == 0:
            ballot_list.append(Ballot(invalid=True))
        else:
            chosen = draw(st.lists(st.sampled_from(candidates), max_size=seats, unique=True))
            ballot_list.append(Ballot(choices=tuple(chosen)))
    share = st.sampled_from([Fraction(0), Fraction(1, 2), Fraction(2, 3), Fraction(9, 10), Fraction(1)])
    return TallyInput(
        electorate=electorate,
        present=present,
        seats=seats,
        candidates=candidates,
        ballots=tuple(ballot_list),
        quorum=Threshold(share=draw(share)),
        threshold=Threshold(
            share=draw(share),
            base=draw(st.sampled_from(["all", "present", "valid"])),
            strict=draw(st.booleans()),
        ),
    )


def reference(data: TallyInput) -> tuple[dict[str, int], set[str], list[str], list[str]]:
    """A deliberately naive count: cross-multiplied integers, brute-force seat filling."""
    counts = Counter(c for b in data.ballots if not b.invalid for c in b.choices)
    votes = {c: counts.get(c, 0) for c in data.candidates}
    valid = sum(1 for b in data.ballots if not b.invalid)
    base = {"all": data.electorate, "present": data.present, "valid": valid}[data.threshold.base]
    q = data.quorum.share
    quorum = data.present * q.denominator >= q.numerator * data.electorate
    t = data.threshold.share

    def passes(v: int) -> bool:
        if not quorum or base == 0:
            return False
        lhs, rhs = v * t.denominator, t.numerator * base
        return lhs > rhs if data.threshold.strict else lhs >= rhs

    passed = {c for c in data.candidates if passes(votes[c])}
    # a candidate is surely elected when fewer than `seats` passing candidates have at least as many votes
    elected, runoff = [], []
    for c in data.candidates:
        if c not in passed:
            continue
        better = sum(1 for d in passed if votes[d] > votes[c])
        equal = sum(1 for d in passed if votes[d] == votes[c])
        if better + equal <= data.seats:
            elected.append(c)
        elif better < data.seats:
            runoff.append(c)
    return votes, passed, elected, runoff


@settings(max_examples=300, deadline=None)
@given(tally_inputs())
def test_tally_agrees_with_a_reference_count(data: TallyInput) -> None:
    result = tally(data)
    votes, passed, elected, runoff = reference(data)
    assert {r.candidate: r.votes for r in result.results} == votes
    assert {r.candidate for r in result.results if r.passed} == passed
    assert sorted(result.elected) == sorted(elected)
    assert list(result.runoff) == runoff
    assert len(result.elected) <= data.seats
    assert len(result.elected) + len(result.runoff) >= min(data.seats, len(passed)) or not result.runoff
    assert [votes[c] for c in result.elected] == sorted((votes[c] for c in result.elected), reverse=True)
    if runoff:
        assert len(result.elected) + len(result.runoff) > data.seats


@settings(max_examples=100, deadline=None)
@given(tally_inputs())
def test_json_round_trip_gives_the_same_tally(data: TallyInput) -> None:
    raw = {
        "electorate": data.electorate,
        "present": data.present,
        "seats": data.seats,
        "candidates": list(data.candidates),
        "ballots": [{"invalid": True} if b.invalid else {"choices": list(b.choices)} for b in data.ballots],
        "quorum": {"share": format_share(data.quorum.share), "base": "all"},
        "threshold": {
            "share": format_share(data.threshold.share),
            "base": data.threshold.base,
            "strict": data.threshold.strict,
        },
    }
    assert tally(parse_tally_input(json.loads(json.dumps(raw)))) == tally(data)


# --- the command line -----------------------------------------------------------------------------


def run_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str) -> tuple[int, str, str]:
    path = tmp_path / "tally.json"
    path.write_text(content, encoding="utf-8")
    code = 0
    try:
        execute_from_command_line(["thidua", "voting", "tally", "--input", str(path)])
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_prints_the_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = base_input(ballots=[*ballots((7, ["A"]), (2, ["B"])), {"invalid": True}])
    code, out, _ = run_cli(tmp_path, capsys, json.dumps(data))
    assert code == 0
    assert json.loads(out) == {
        "quorum_met": True,
        "valid_ballots": 9,
        "results": [
            {"candidate": "A", "votes": 7, "share": "7/10", "passed": True},
            {"candidate": "B", "votes": 2, "share": "1/5", "passed": False},
        ],
        "elected": ["A"],
        "runoff": [],
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            json.dumps(base_input(ballots=ballots((11, [])))),
            "ballots: có 11 phiếu, nhiều hơn số người có mặt (10).",
        ),
        (
            json.dumps(base_input(ballots=[{"choices": ["Q"]}])),
            "ballots[0].choices[0]: ứng cử viên «Q» không có",
        ),
        (json.dumps(base_input(ballots=[{"choices": ["A", "B"]}])), "ballots[0].choices: chọn 2 ứng cử viên"),
        ("{", "input: JSON không hợp lệ ở dòng 1"),
        ("[1]", "input: phải là một đối tượng JSON."),
    ],
)
def test_cli_bad_input_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    code, out, err = run_cli(tmp_path, capsys, content)
    assert code == 2
    assert out == ""
    assert message in err


def test_cli_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = 0
    try:
        execute_from_command_line(["thidua", "voting", "tally", "--input", str(tmp_path / "none.json")])
    except SystemExit as exc:
        code = int(exc.code or 0)
    assert code == 2
    assert "input: không đọc được tệp" in capsys.readouterr().err
