"""Hypothesis strategies: random clusters, covenants and cross-scores as the CLI's JSON input."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

MAXIMA = [2, 5, 10]


@st.composite
def scoring_inputs(draw: st.DrawFn, *, min_units: int = 2, max_units: int = 6) -> dict[str, Any]:
    n_units = draw(st.integers(min_value=min_units, max_value=max_units))
    units = [f"U{i}" for i in range(n_units)]
    n_criteria = draw(st.integers(min_value=1, max_value=4))
    criteria = [
        {
            "id": f"TC{i}",
            "group": draw(st.sampled_from(["I", "II"])) if i else "I",
            "max": draw(st.sampled_from(MAXIMA)),
        }
        for i in range(n_criteria)
    ]
    maxima = {c["id"]: c["max"] for c in criteria}

    def score(code: str) -> str:
        # Halves on small ranges: ties on totals happen often, so the tie-break paths are exercised.
        halves = draw(st.integers(min_value=0, max_value=2 * maxima[code]))
        return f"{halves // 2}.{5 if halves % 2 else 0}"

    cross: list[dict[str, Any]] = []
    covered: set[tuple[str, str]] = set()
    for unit in units:
        for scorer in units:
            if scorer == unit or not draw(st.booleans().map(lambda b: b or n_units <= 3)):
                continue
            codes = draw(st.lists(st.sampled_from(list(maxima)), unique=True, min_size=1))
            cross.append({"scorer": scorer, "unit": unit, "scores": {c: score(c) for c in codes}})
            covered.update((unit, c) for c in codes)
    for unit in units:  # every (unit, criterion) needs at least one cross-score
        missing = [c for c in maxima if (unit, c) not in covered]
        if missing:
            scorer = next(u for u in units if u != unit)
            sheet = next((s for s in cross if s["scorer"] == scorer and s["unit"] == unit), None)
            if sheet is None:
                sheet = {"scorer": scorer, "unit": unit, "scores": {}}
                cross.append(sheet)
            sheet["scores"].update({c: score(c) for c in missing})
    weight = draw(st.sampled_from(["0", "0", "0.25", "0.5", "1"]))
    return {
        "covenant": {
            "criteria": criteria,
            "aggregation": draw(st.sampled_from(["mean", "median", "trimmed_mean"])),
            "trim_count": draw(st.integers(min_value=0, max_value=2)),
            "self_score_weight": weight,
            "normalise": draw(st.booleans()),
            "bonus_cap": draw(st.sampled_from([0, 1, 3])),
            "penalty_cap": draw(st.sampled_from([0, 1, 3])),
            "tie_break": draw(st.sampled_from(["vote", "group_one", "fewer_penalties"])),
        },
        "units": units,
        "self": {u: {c: score(c) for c in maxima} for u in units},
        "cross": cross,
        "bonus": {u: draw(st.sampled_from([0, 1, 2, 5])) for u in units if draw(st.booleans())},
        "penalty": {u: draw(st.sampled_from([0, "0.5", 1, 4])) for u in units if draw(st.booleans())},
    }
