"""The tally engine: ballots in, results out. Pure Python, no Django, no floats.

One engine serves the command line (`thidua voting tally --input FILE.json`), the API, the pages and
the recount from a session's bulletin board, so they can never disagree. Every share is compared as
an exact `Fraction`: "trên 50%" of 10 members means 6 votes, never 5.000000001.

`parse_tally_input` validates the JSON contract of `docs/voting.md` strictly; every error is a
`TallyInputError` whose message starts with the path of the offending field (`ballots[3].choices`),
the style of the eligibility case parser.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Final, Literal

CandidateId = str | int
Base = Literal["all", "present", "valid"]
BASES: Final = ("all", "present", "valid")
MAX_ELECTORATE: Final = 1_000_000
MAX_CANDIDATES: Final = 10_000

_PERCENT = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,6})?)\s*%?\s*$")
_FRACTION = re.compile(r"^\s*(\d{1,9})\s*/\s*(\d{1,9})\s*$")


class TallyInputError(ValueError):
    """Malformed tally input. `field` names the offending input (`ballots[2].choices[0]`)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.detail = message


@dataclass(frozen=True)
class Threshold:
    share: Fraction
    base: Base = "all"
    strict: bool = False

    def met(self, votes: int, base: int) -> bool:
        if base <= 0:
            return False
        ratio = Fraction(votes, base)
        return ratio > self.share if self.strict else ratio >= self.share


@dataclass(frozen=True)
class Ballot:
    """One cast ballot: the approved candidates, or invalid. `choices == ()` is blank but valid."""

    choices: tuple[CandidateId, ...] = ()
    invalid: bool = False


@dataclass(frozen=True)
class TallyInput:
    electorate: int
    present: int
    seats: int
    candidates: tuple[CandidateId, ...]
    ballots: tuple[Ballot, ...]
    quorum: Threshold = Threshold(share=Fraction(0))
    threshold: Threshold = Threshold(share=Fraction(1, 2), strict=True)


@dataclass(frozen=True)
class CandidateResult:
    candidate: CandidateId
    votes: int
    share: Fraction | None  # votes / base; None when the base is zero
    passed: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "candidate": self.candidate,
            "votes": self.votes,
            "share": None if self.share is None else format_share(self.share),
            "passed": self.passed,
        }


@dataclass(frozen=True)
class TallyResult:
    quorum_met: bool
    valid_ballots: int
    invalid_ballots: int
    blank_ballots: int
    base: int
    results: tuple[CandidateResult, ...]  # in the order of the input's candidates
    elected: tuple[CandidateId, ...]  # by votes, most first (ties in the input's order)
    runoff: tuple[CandidateId, ...] = field(default=())  # in the input's order

    def as_dict(self) -> dict[str, object]:
        """The command-line contract's output (exactly these keys)."""
        return {
            "quorum_met": self.quorum_met,
            "valid_ballots": self.valid_ballots,
            "results": [r.as_dict() for r in self.results],
            "elected": list(self.elected),
            "runoff": list(self.runoff),
        }

    def ranking(self) -> list[CandidateResult]:
        """Results by votes, most first; ties keep the input's order (a stable sort)."""
        return sorted(self.results, key=lambda r: -r.votes)


def format_share(value: Fraction) -> str:
    """A share as the contract writes it: always "a/b" in lowest terms ("1/2", "0/1", "1/1"), so it reads
    back as a fraction (a bare "1" would be read as 1%)."""
    return f"{value.numerator}/{value.denominator}"


def percent_text(value: Fraction, *, places: int = 2) -> str:
    """A share as a Vietnamese percentage for people ("66,67%"), rounded half up for display only."""
    scaled = value * 100 * 10**places
    rounded = int(scaled + Fraction(1, 2)) if scaled >= 0 else -int(-scaled + Fraction(1, 2))
    whole, frac = divmod(rounded, 10**places)
    text = str(whole) if not frac else f"{whole},{str(frac).rjust(places, '0').rstrip('0')}"
    return f"{text}%"


# --- the count ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """What a count of ballots amounts to; paper counts entered by the tally committee are one too."""

    votes: Mapping[CandidateId, int]
    valid: int = 0
    invalid: int = 0
    blank: int = 0

    def __add__(self, other: Counts) -> Counts:
        keys = list(self.votes) + [k for k in other.votes if k not in self.votes]
        return Counts(
            votes={k: self.votes.get(k, 0) + other.votes.get(k, 0) for k in keys},
            valid=self.valid + other.valid,
            invalid=self.invalid + other.invalid,
            blank=self.blank + other.blank,
        )


def count_ballots(candidates: Sequence[CandidateId], ballots: Sequence[Ballot]) -> Counts:
    votes: dict[CandidateId, int] = dict.fromkeys(candidates, 0)
    valid = invalid = blank = 0
    for ballot in ballots:
        if ballot.invalid:
            invalid += 1
            continue
        valid += 1
        if not ballot.choices:
            blank += 1
        for choice in ballot.choices:
            votes[choice] += 1
    return Counts(votes=votes, valid=valid, invalid=invalid, blank=blank)


def tally(data: TallyInput, *, extra: Counts | None = None) -> TallyResult:
    """Count approvals, apply quorum and threshold exactly, fill the seats, find a tie at the last seat.

    `extra` adds counts that are not individual ballots (paper ballots counted by the committee).
    """
    counts = count_ballots(data.candidates, data.ballots)
    if extra is not None:
        counts = counts + extra
    return decide(data, counts)


def decide(data: TallyInput, counts: Counts) -> TallyResult:
    base = {"all": data.electorate, "present": data.present, "valid": counts.valid}[data.threshold.base]
    quorum_met = data.quorum.met(data.present, data.electorate)
    results = tuple(
        CandidateResult(
            candidate=c,
            votes=counts.votes.get(c, 0),
            share=Fraction(counts.votes.get(c, 0), base) if base > 0 else None,
            passed=quorum_met and data.threshold.met(counts.votes.get(c, 0), base),
        )
        for c in data.candidates
    )
    elected, runoff = fill_seats(results, seats=data.seats)
    return TallyResult(
        quorum_met=quorum_met,
        valid_ballots=counts.valid,
        invalid_ballots=counts.invalid,
        blank_ballots=counts.blank,
        base=base,
        results=results,
        elected=elected,
        runoff=runoff,
    )


def fill_seats(
    results: Sequence[CandidateResult], *, seats: int
) -> tuple[tuple[CandidateId, ...], tuple[CandidateId, ...]]:
    """The passing candidates with the most votes, up to `seats`; a tie across the last seat is a runoff.

    When more candidates pass than there are seats and those at the last seat's vote count do not all
    fit, the candidates strictly above them are elected and the tied ones go to a re-vote for the
    seats left.
    """
    passing = sorted((r for r in results if r.passed), key=lambda r: -r.votes)
    if len(passing) <= seats:
        return tuple(r.candidate for r in passing), ()
    last = passing[seats - 1].votes
    if passing[seats].votes != last:
        return tuple(r.candidate for r in passing[:seats]), ()
    above = tuple(r.candidate for r in passing if r.votes > last)
    tied = {r.candidate for r in passing if r.votes == last}
    return above, tuple(r.candidate for r in results if r.candidate in tied)


# --- parsing the JSON contract --------------------------------------------------------------------


def parse_share(value: object, *, field: str) -> Fraction:
    """A percentage ("50", 50, "66.5", "50%") or a fraction written "a/b" ("2/3"), between 0 and 1."""
    if isinstance(value, bool):
        raise TallyInputError(field, 'phải là tỉ lệ phần trăm (ví dụ "50") hoặc phân số "a/b" (ví dụ "2/3").')
    if isinstance(value, int):
        share = Fraction(value, 100)
    elif isinstance(value, float):
        share = Fraction(str(value)) / 100  # the decimal as written, not its binary approximation
    elif isinstance(value, str) and (match := _FRACTION.match(value)):
        numerator, denominator = int(match.group(1)), int(match.group(2))
        if denominator == 0:
            raise TallyInputError(field, f"phân số «{value}» có mẫu số bằng 0.")
        share = Fraction(numerator, denominator)
    elif isinstance(value, str) and (match := _PERCENT.match(value)):
        share = Fraction(match.group(1)) / 100
    else:
        raise TallyInputError(field, 'phải là tỉ lệ phần trăm (ví dụ "50") hoặc phân số "a/b" (ví dụ "2/3").')
    if not 0 <= share <= 1:
        raise TallyInputError(field, "phải nằm trong khoảng 0–100% (phân số từ 0 đến 1).")
    return share


def _object(
    value: object, *, field: str, required: Sequence[str], optional: Sequence[str]
) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise TallyInputError(field, "phải là một đối tượng JSON.")
    prefix = f"{field}." if field != "input" else ""
    for key in value:
        if key not in required and key not in optional:
            raise TallyInputError(f"{prefix}{key}", "trường không được hỗ trợ.")
    for key in required:
        if key not in value:
            raise TallyInputError(f"{prefix}{key}", "thiếu trường bắt buộc.")
    return value


def _int(value: object, *, field: str, minimum: int, maximum: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TallyInputError(field, "phải là số nguyên.")
    if not minimum <= value <= maximum:
        raise TallyInputError(field, f"phải nằm trong khoảng {minimum}–{maximum}.")
    return value


def _bool(value: object, *, field: str) -> bool:
    if not isinstance(value, bool):
        raise TallyInputError(field, "phải là true hoặc false.")
    return value


def _candidate_id(value: object, *, field: str) -> CandidateId:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TallyInputError(field, "mã ứng cử viên phải là chuỗi hoặc số nguyên.")
    if isinstance(value, str) and not value.strip():
        raise TallyInputError(field, "mã ứng cử viên không được rỗng.")
    return value


def parse_threshold(value: object, *, field: str, bases: Sequence[str] = BASES) -> Threshold:
    data = _object(value, field=field, required=("share",), optional=("base", "strict"))
    share = parse_share(data["share"], field=f"{field}.share")
    base = data.get("base", "all")
    if base not in bases:
        allowed = ", ".join(f"«{b}»" for b in bases)
        raise TallyInputError(f"{field}.base", f"phải là một trong {allowed}.")
    strict = _bool(data.get("strict", False), field=f"{field}.strict")
    return Threshold(share=share, base=base, strict=strict)  # type: ignore[arg-type]


def parse_tally_input(data: object) -> TallyInput:
    """The contract's JSON object to a `TallyInput`, refusing anything malformed (see module doc)."""
    obj = _object(
        data,
        field="input",
        required=("electorate", "present", "seats", "candidates", "ballots", "threshold"),
        optional=("quorum",),
    )
    electorate = _int(obj["electorate"], field="electorate", minimum=1, maximum=MAX_ELECTORATE)
    present = _int(obj["present"], field="present", minimum=0, maximum=MAX_ELECTORATE)
    if present > electorate:
        raise TallyInputError("present", f"số người có mặt ({present}) nhiều hơn số cử tri ({electorate}).")
    raw_candidates = obj["candidates"]
    if not isinstance(raw_candidates, list) or not raw_candidates:
        raise TallyInputError("candidates", "phải là danh sách không rỗng các mã ứng cử viên.")
    if len(raw_candidates) > MAX_CANDIDATES:
        raise TallyInputError("candidates", f"tối đa {MAX_CANDIDATES} ứng cử viên.")
    candidates: list[CandidateId] = []
    known: set[tuple[type, CandidateId]] = set()
    for i, raw in enumerate(raw_candidates):
        cid = _candidate_id(raw, field=f"candidates[{i}]")
        if (type(cid), cid) in known:
            raise TallyInputError(f"candidates[{i}]", f"ứng cử viên «{cid}» bị lặp.")
        known.add((type(cid), cid))
        candidates.append(cid)
    seats = _int(obj["seats"], field="seats", minimum=1, maximum=MAX_CANDIDATES)
    raw_ballots = obj["ballots"]
    if not isinstance(raw_ballots, list):
        raise TallyInputError("ballots", "phải là danh sách phiếu.")
    if len(raw_ballots) > present:
        raise TallyInputError(
            "ballots", f"có {len(raw_ballots)} phiếu, nhiều hơn số người có mặt ({present})."
        )
    ballots = tuple(
        _ballot(raw, field=f"ballots[{i}]", known=known, seats=seats) for i, raw in enumerate(raw_ballots)
    )
    quorum = (
        parse_threshold(obj["quorum"], field="quorum", bases=("all",))
        if "quorum" in obj
        else Threshold(share=Fraction(0))
    )
    threshold = parse_threshold(obj["threshold"], field="threshold")
    return TallyInput(
        electorate=electorate,
        present=present,
        seats=seats,
        candidates=tuple(candidates),
        ballots=ballots,
        quorum=quorum,
        threshold=threshold,
    )


def _ballot(raw: object, *, field: str, known: set[tuple[type, CandidateId]], seats: int) -> Ballot:
    data = _object(raw, field=field, required=(), optional=("choices", "invalid"))
    invalid = _bool(data.get("invalid", False), field=f"{field}.invalid")
    if invalid:
        if "choices" in data:
            raise TallyInputError(f"{field}.choices", "phiếu không hợp lệ thì không có lựa chọn.")
        return Ballot(invalid=True)
    if "choices" not in data:
        raise TallyInputError(f"{field}.choices", 'thiếu trường bắt buộc (hoặc ghi "invalid": true).')
    raw_choices = data["choices"]
    if not isinstance(raw_choices, list):
        raise TallyInputError(f"{field}.choices", "phải là danh sách mã ứng cử viên.")
    if len(raw_choices) > seats:
        raise TallyInputError(
            f"{field}.choices", f"chọn {len(raw_choices)} ứng cử viên, nhiều hơn số ghế ({seats})."
        )
    choices: list[CandidateId] = []
    seen: set[tuple[type, CandidateId]] = set()
    for j, value in enumerate(raw_choices):
        cid = _candidate_id(value, field=f"{field}.choices[{j}]")
        key = (type(cid), cid)
        if key not in known:
            raise TallyInputError(f"{field}.choices[{j}]", f"ứng cử viên «{cid}» không có trong danh sách.")
        if key in seen:
            raise TallyInputError(f"{field}.choices[{j}]", f"ứng cử viên «{cid}» được chọn hai lần.")
        seen.add(key)
        choices.append(cid)
    return Ballot(choices=tuple(choices))
