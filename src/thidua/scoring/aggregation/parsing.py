"""`parse_input`: the JSON of `thidua scoring compute` to a `ScoringInput`, validated strictly.

Every refusal is a `ScoringInputError` whose message starts with the path of the offending field
(`cross[2].scores.TC1`), in Vietnamese, so a clerk can find the cell and the API can mark the input.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Final

from .model import (
    AGGREGATIONS,
    TIE_BREAKS,
    Criterion,
    CrossSheet,
    ScoringInput,
    ScoringInputError,
    Settings,
    Thresholds,
)
from .numbers import read_number

MAX_POINTS: Final = Fraction(10_000)
MAX_CODE_LENGTH: Final = 64
MAX_UNITS: Final = 1_000
MAX_CRITERIA: Final = 500
MAX_TRIM: Final = 100

COVENANT_KEYS: Final = (
    "aggregation",
    "trim_count",
    "self_score_weight",
    "normalise",
    "bonus_cap",
    "penalty_cap",
    "tie_break",
)
THRESHOLD_KEYS: Final = (
    "self_inflation_share",
    "disagreement_share",
    "reciprocal_share",
    "all_maximum_min_units",
)


def _object(
    value: object, *, field: str, required: Sequence[str], optional: Sequence[str]
) -> dict[str, object]:
    if not isinstance(value, dict):
        raise ScoringInputError(field, "phải là một đối tượng JSON.")
    prefix = f"{field}." if field != "input" else ""
    for key in value:
        if key not in required and key not in optional:
            raise ScoringInputError(f"{prefix}{key}", "trường không được hỗ trợ.")
    for key in required:
        if key not in value:
            raise ScoringInputError(f"{prefix}{key}", "thiếu trường bắt buộc.")
    return {str(k): v for k, v in value.items()}


def _mapping(value: object, *, field: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise ScoringInputError(field, "phải là một đối tượng JSON.")
    return {str(k): v for k, v in value.items()}


def _list(value: object, *, field: str, limit: int) -> list[object]:
    if not isinstance(value, list):
        raise ScoringInputError(field, "phải là một danh sách JSON.")
    if len(value) > limit:
        raise ScoringInputError(field, f"có quá {limit} phần tử.")
    return value


def _code(value: object, *, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ScoringInputError(field, "phải là một mã (chuỗi ký tự không rỗng).")
    if len(value.strip()) > MAX_CODE_LENGTH:
        raise ScoringInputError(field, f"mã dài quá {MAX_CODE_LENGTH} ký tự.")
    return value.strip()


def _int(value: object, *, field: str, minimum: int, maximum: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ScoringInputError(field, "phải là số nguyên.")
    if not minimum <= value <= maximum:
        raise ScoringInputError(field, f"phải nằm trong khoảng {minimum}–{maximum}.")
    return value


def _choice(value: object, *, field: str, allowed: Sequence[str]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise ScoringInputError(field, f"«{value}» không hợp lệ; chỉ nhận: {', '.join(allowed)}.")
    return value


def _unit(code: str, *, field: str, units: frozenset[str]) -> str:
    if code not in units:
        raise ScoringInputError(field, f"đơn vị «{code}» không có trong danh sách units.")
    return code


def parse_settings(value: object) -> Settings:
    data = _object(value, field="covenant", required=("criteria",), optional=COVENANT_KEYS)
    raw_criteria = _list(data["criteria"], field="covenant.criteria", limit=MAX_CRITERIA)
    if not raw_criteria:
        raise ScoringInputError("covenant.criteria", "phải có ít nhất một tiêu chí.")
    criteria: list[Criterion] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_criteria):
        field = f"covenant.criteria[{index}]"
        item = _object(raw, field=field, required=("id", "group", "max"), optional=())
        code = _code(item["id"], field=f"{field}.id")
        if code in seen:
            raise ScoringInputError(f"{field}.id", f"tiêu chí «{code}» bị lặp.")
        seen.add(code)
        group = _code(item["group"], field=f"{field}.group")
        maximum = read_number(item["max"], field=f"{field}.max", minimum=Fraction(0), maximum=MAX_POINTS)
        if maximum == 0:
            raise ScoringInputError(f"{field}.max", "điểm tối đa phải lớn hơn 0.")
        criteria.append(Criterion(id=code, group=group, max=maximum))
    weight = read_number(
        data.get("self_score_weight", 0),
        field="covenant.self_score_weight",
        minimum=Fraction(0),
        maximum=Fraction(1),
    )
    normalise = data.get("normalise", False)
    if not isinstance(normalise, bool):
        raise ScoringInputError("covenant.normalise", "phải là true hoặc false.")
    return Settings(
        criteria=tuple(criteria),
        aggregation=_choice(
            data.get("aggregation", "mean"), field="covenant.aggregation", allowed=AGGREGATIONS
        ),
        trim_count=_int(data.get("trim_count", 1), field="covenant.trim_count", minimum=0, maximum=MAX_TRIM),
        self_score_weight=weight,
        normalise=normalise,
        bonus_cap=read_number(
            data.get("bonus_cap", 0), field="covenant.bonus_cap", minimum=Fraction(0), maximum=MAX_POINTS
        ),
        penalty_cap=read_number(
            data.get("penalty_cap", 0), field="covenant.penalty_cap", minimum=Fraction(0), maximum=MAX_POINTS
        ),
        tie_break=_choice(data.get("tie_break", "vote"), field="covenant.tie_break", allowed=TIE_BREAKS),
    )


def _scores(value: object, *, field: str, criteria: dict[str, Criterion]) -> dict[str, Fraction]:
    raw = _mapping(value, field=field)
    scores: dict[str, Fraction] = {}
    for code, number in raw.items():
        criterion = criteria.get(code)
        if criterion is None:
            raise ScoringInputError(f"{field}.{code}", f"tiêu chí «{code}» không có trong giao ước.")
        scores[code] = read_number(
            number, field=f"{field}.{code}", minimum=Fraction(0), maximum=criterion.max
        )
    return scores


def _points(value: object, *, field: str, units: frozenset[str]) -> dict[str, Fraction]:
    raw = _mapping(value, field=field)
    return {
        _unit(code, field=f"{field}.{code}", units=units): read_number(
            number, field=f"{field}.{code}", minimum=Fraction(0), maximum=MAX_POINTS
        )
        for code, number in raw.items()
    }


def _thresholds(value: object) -> Thresholds:
    data = _object(value, field="thresholds", required=(), optional=THRESHOLD_KEYS)
    defaults = Thresholds()

    def share(key: str) -> Fraction:
        current: Fraction = getattr(defaults, key)
        if key not in data:
            return current
        return read_number(data[key], field=f"thresholds.{key}", minimum=Fraction(0), maximum=Fraction(1))

    return Thresholds(
        self_inflation_share=share("self_inflation_share"),
        disagreement_share=share("disagreement_share"),
        reciprocal_share=share("reciprocal_share"),
        all_maximum_min_units=_int(
            data.get("all_maximum_min_units", defaults.all_maximum_min_units),
            field="thresholds.all_maximum_min_units",
            minimum=1,
            maximum=MAX_UNITS,
        ),
    )


def parse_input(value: object) -> ScoringInput:
    data = _object(
        value,
        field="input",
        required=("covenant", "units", "cross"),
        optional=("self", "bonus", "penalty", "thresholds"),
    )
    settings = parse_settings(data["covenant"])
    criteria = {c.id: c for c in settings.criteria}
    unit_list: list[str] = []
    for index, raw in enumerate(_list(data["units"], field="units", limit=MAX_UNITS)):
        code = _code(raw, field=f"units[{index}]")
        if code in unit_list:
            raise ScoringInputError(f"units[{index}]", f"đơn vị «{code}» bị lặp.")
        unit_list.append(code)
    if not unit_list:
        raise ScoringInputError("units", "phải có ít nhất một đơn vị.")
    units = frozenset(unit_list)

    self_scores: dict[str, dict[str, Fraction]] = {}
    for code, raw in _mapping(data.get("self", {}), field="self").items():
        _unit(code, field=f"self.{code}", units=units)
        self_scores[code] = _scores(raw, field=f"self.{code}", criteria=criteria)
    if settings.self_score_weight > 0:
        # The self-score enters the value, so it must exist for every unit and criterion.
        for code in unit_list:
            for criterion in settings.criteria:
                if criterion.id not in self_scores.get(code, {}):
                    raise ScoringInputError(
                        f"self.{code}.{criterion.id}",
                        "thiếu điểm tự chấm (giao ước tính điểm tự chấm vào kết quả).",
                    )

    sheets: list[CrossSheet] = []
    pairs: set[tuple[str, str]] = set()
    max_sheets = MAX_UNITS * MAX_UNITS
    for index, raw in enumerate(_list(data["cross"], field="cross", limit=max_sheets)):
        field = f"cross[{index}]"
        item = _object(raw, field=field, required=("scorer", "unit", "scores"), optional=())
        scorer = _unit(_code(item["scorer"], field=f"{field}.scorer"), field=f"{field}.scorer", units=units)
        unit = _unit(_code(item["unit"], field=f"{field}.unit"), field=f"{field}.unit", units=units)
        if scorer == unit:
            raise ScoringInputError(
                f"{field}.scorer", f"đơn vị «{scorer}» không được tự chấm chéo chính mình."
            )
        if (scorer, unit) in pairs:
            raise ScoringInputError(f"{field}", f"«{scorer}» đã có một bảng chấm cho «{unit}».")
        pairs.add((scorer, unit))
        sheets.append(
            CrossSheet(
                scorer=scorer,
                unit=unit,
                scores=_scores(item["scores"], field=f"{field}.scores", criteria=criteria),
            )
        )

    scored = {(sheet.unit, code) for sheet in sheets for code in sheet.scores}
    for code in unit_list:
        for criterion in settings.criteria:
            if (code, criterion.id) not in scored:
                raise ScoringInputError(
                    f"cross.{code}.{criterion.id}",
                    f"tiêu chí «{criterion.id}» của đơn vị «{code}» chưa có điểm chấm chéo nào.",
                )

    return ScoringInput(
        settings=settings,
        units=tuple(unit_list),
        self_scores=self_scores,
        cross=tuple(sheets),
        bonus=_points(data.get("bonus", {}), field="bonus", units=units),
        penalty=_points(data.get("penalty", {}), field="penalty", units=units),
        thresholds=_thresholds(data.get("thresholds", {})),
    )
