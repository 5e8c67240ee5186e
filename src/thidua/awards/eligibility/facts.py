"""Facts both evaluators read the same way: which entries count, and which years a window covers.

Keeping these in one place is what lets the batch evaluator agree with the single one without a
second copy of any rule: the rules are data, these are the shared meanings of the data's words.
"""

from __future__ import annotations

from collections.abc import Mapping

from .case import Entry, Initiative, Target
from .model import OPEN_START, Ago, Offset, Param, RunWindow, Since, Window
from .parameters import int_param, optional_int_param, str_param


def resolve_int(*, value: int | Param, params: Mapping[str, object]) -> int:
    return value if isinstance(value, int) else int_param(params, value.name)


def resolve_offset(*, offset: Offset, params: Mapping[str, object]) -> int:
    if isinstance(offset, Ago):
        return offset.plus - int_param(params, offset.name)
    if isinstance(offset, Since):
        raise ValueError("Since is only a window start")
    return offset


def window_years(
    *,
    window: Window | RunWindow,
    target_year: int,
    run: tuple[int, int] | None,
    params: Mapping[str, object],
) -> tuple[int, int]:
    """(first, last) achievement year of the window, both included; `run` is the SincePrior run.

    An open window (`Since` whose parameter is None) starts at `OPEN_START`."""
    if isinstance(window, Window):
        last = target_year + resolve_offset(offset=window.end, params=params)
        if isinstance(window.start, Since):
            years = optional_int_param(params, window.start.name)
            return (OPEN_START if years is None else last - years + 1), last
        first = target_year + resolve_offset(offset=window.start, params=params)
        return first, last
    if run is None:
        raise ValueError("RUN window used outside SincePrior")
    return run


def run_start(*, anchor_year: int, params: Mapping[str, object]) -> int:
    """First year of the run after a prior award (AMBIGUOUS off-by-one, see parameters)."""
    if str_param(params, "prior_award_window_start") == "award_year":
        return anchor_year
    return anchor_year + 1


def is_entry_usable(*, entry: Entry, target: Target, params: Mapping[str, object]) -> bool:
    """A revoked entry never counts; one already used for another award counts per the policy."""
    if entry.revoked:
        return False
    if entry.used_for is None or entry.used_for == target.key:
        return True
    if str_param(params, "title_reuse_policy") == "any":
        return False
    return entry.used_for.split(":", 1)[0] != target.code


def is_initiative_usable(*, initiative: Initiative, target: Target) -> bool:
    """An initiative earns one award only (Law 06/2022 Art. 5 cl. 2; MOHA answer [S27])."""
    return initiative.used_for is None or initiative.used_for == target.key


def all_of(values: list[bool | None]) -> bool | None:
    """Three-valued AND: False if any is False, else None if any is unknown, else True."""
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def any_of(values: list[bool | None]) -> bool | None:
    """Three-valued OR: True if any is True, else None if any is unknown, else False."""
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def format_years(years: list[int] | tuple[int, ...]) -> str:
    return ", ".join(str(year) for year in years) if years else "không có"


def format_window(first: int, last: int) -> str:
    if first <= OPEN_START:
        return f"các năm đến {last}"
    return f"năm {first}" if first == last else f"{first}–{last}"
