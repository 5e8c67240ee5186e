"""The engine's outcome as JSON-ready data and back, exactly (pure: no Django).

A stored outcome has two parts: the *summary* (ranking, ties, signals and every unit's totals and
sums per criteria group, without the criterion rows) that the ranking page reads, and one *full
result* per unit (every criterion row with each scorer's raw and adjusted score) that the "explain
my rank" page reads. A summary decodes to results without criterion rows: read its group sums
from `Summary.groups`. Numbers
are written as exact fractions ("1234/5"), so a decoded outcome ranks and shows exactly as computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .engine import Aggregate, CriterionResult, CrossScore, UnitResult
from .model import Criterion
from .ranking import RankedUnit, Ranking
from .signals import Signal

FORMAT = 2  # bump when the layout changes: older stored outcomes are then recomputed


@dataclass(frozen=True, slots=True)
class Summary:
    ranking: Ranking  # entries' results have no criterion rows
    signals: tuple[Signal, ...]
    groups: dict[str, dict[str, Fraction]]  # unit → criteria group → value summed over the group


def _f(value: Fraction) -> str:
    return str(value)


def _fr(text: str) -> Fraction:
    return Fraction(text)


def _opt(value: Fraction | None) -> str | None:
    return None if value is None else str(value)


def _optr(text: str | None) -> Fraction | None:
    return None if text is None else Fraction(text)


def encode_result(result: UnitResult, *, full: bool) -> dict[str, Any]:
    """A unit's result; `full` keeps the criterion rows with each scorer's score, otherwise only
    the sums per criteria group are kept."""
    rows = []
    for row in result.criteria if full else ():
        item: dict[str, Any] = {
            "c": [row.criterion.id, row.criterion.group, _f(row.criterion.max)],
            "m": row.cross.method,
            "x": _f(row.cross.value),
            "s": _opt(row.self_score),
            "v": _f(row.value),
        }
        if full:
            item["sc"] = [[s.scorer, _f(s.raw), _f(s.adjusted)] for s in row.scores]
            item["k"] = [_f(v) for v in row.cross.kept]
            item["lo"] = [_f(v) for v in row.cross.dropped_low]
            item["hi"] = [_f(v) for v in row.cross.dropped_high]
        rows.append(item)
    return {
        "unit": result.unit,
        "criteria": rows,
        "sum": _f(result.criteria_sum),
        "bonus_claimed": _f(result.bonus_claimed),
        "bonus": _f(result.bonus),
        "penalty_claimed": _f(result.penalty_claimed),
        "penalty": _f(result.penalty),
        "total": _f(result.total),
        "groups": {}
        if full
        else {
            group: _f(result.group_value(group))
            for group in dict.fromkeys(r.criterion.group for r in result.criteria)
        },
    }


def decode_result(data: dict[str, Any]) -> UnitResult:
    rows = []
    for item in data["criteria"]:
        code, group, maximum = item["c"]
        rows.append(
            CriterionResult(
                criterion=Criterion(id=code, group=group, max=_fr(maximum)),
                scores=tuple(
                    CrossScore(scorer=s, raw=_fr(r), adjusted=_fr(a)) for s, r, a in item.get("sc", [])
                ),
                cross=Aggregate(
                    method=item["m"],
                    value=_fr(item["x"]),
                    kept=tuple(_fr(v) for v in item.get("k", [])),
                    dropped_low=tuple(_fr(v) for v in item.get("lo", [])),
                    dropped_high=tuple(_fr(v) for v in item.get("hi", [])),
                ),
                self_score=_optr(item["s"]),
                value=_fr(item["v"]),
            )
        )
    return UnitResult(
        unit=data["unit"],
        criteria=tuple(rows),
        criteria_sum=_fr(data["sum"]),
        bonus_claimed=_fr(data["bonus_claimed"]),
        bonus=_fr(data["bonus"]),
        penalty_claimed=_fr(data["penalty_claimed"]),
        penalty=_fr(data["penalty"]),
        total=_fr(data["total"]),
    )


def encode_summary(ranking: Ranking, signals: tuple[Signal, ...]) -> dict[str, Any]:
    """Ranking and signals with each unit's result without the individual cross-scores."""
    return {
        "format": FORMAT,
        "entries": [
            {
                "unit": e.unit,
                "rank": e.rank,
                "rounded_total": _f(e.rounded_total),
                "tie_value": _opt(e.tie_value),
                "decided_by": e.decided_by,
                "tied_with": list(e.tied_with),
                "result": encode_result(e.result, full=False),
            }
            for e in ranking.entries
        ],
        "needs_vote": [list(group) for group in ranking.needs_vote],
        "signals": [
            {"kind": s.kind, "units": list(s.units), "criterion": s.criterion, "detail": dict(s.detail)}
            for s in signals
        ],
    }


def decode_summary(data: dict[str, Any]) -> Summary:
    entries = tuple(
        RankedUnit(
            unit=e["unit"],
            rank=e["rank"],
            result=decode_result(e["result"]),
            rounded_total=_fr(e["rounded_total"]),
            tie_value=_optr(e["tie_value"]),
            decided_by=e["decided_by"],
            tied_with=tuple(e["tied_with"]),
        )
        for e in data["entries"]
    )
    signals = tuple(
        Signal(kind=s["kind"], units=tuple(s["units"]), criterion=s["criterion"], detail=dict(s["detail"]))
        for s in data["signals"]
    )
    groups = {
        e["unit"]: {group: _fr(value) for group, value in e["result"].get("groups", {}).items()}
        for e in data["entries"]
    }
    ranking = Ranking(entries=entries, needs_vote=tuple(tuple(g) for g in data["needs_vote"]))
    return Summary(ranking=ranking, signals=signals, groups=groups)
