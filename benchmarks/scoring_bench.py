"""Benchmark of the scoring engine: 60 members, 40 criteria, all-score-all (141,600 cross-scores).

Times `compute` (normalisation offsets, aggregation, signals, ranking — exact fractions) against a
plain reference computation of the same totals in the same run (plain loops, the same fractions,
mean per unit and criterion, sum, sort), and checks both give the same totals. Compare ratios, not
milliseconds, between machines.

    python benchmarks/scoring_bench.py [--units 60] [--criteria 40] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import defaultdict
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from thidua.scoring.aggregation import (
    Criterion,
    CrossSheet,
    ScoringInput,
    Settings,
    compute,
)


def build(units: int, criteria: int, *, aggregation: str, normalise: bool) -> ScoringInput:
    rnd = random.Random(2018)
    codes = [f"U{i:02d}" for i in range(units)]
    table = tuple(
        Criterion(id=f"TC{c}", group=f"G{c // 10}", max=Fraction(rnd.choice([2, 2.5, 3, 5])))
        for c in range(criteria)
    )
    sheets = []
    for unit in codes:
        quality = rnd.uniform(0.75, 0.95)
        for scorer in codes:
            if scorer == unit:
                continue
            scores = {
                c.id: min(c.max, Fraction(round(float(c.max) * (quality + rnd.uniform(-0.05, 0.05)) * 4), 4))
                for c in table
            }
            sheets.append(CrossSheet(scorer=scorer, unit=unit, scores=scores))
    settings = Settings(
        criteria=table,
        aggregation=aggregation,
        trim_count=1,
        normalise=normalise,
        bonus_cap=Fraction(5),
        penalty_cap=Fraction(5),
    )
    self_scores = {u: {c.id: c.max for c in table} for u in codes}
    return ScoringInput(settings=settings, units=tuple(codes), self_scores=self_scores, cross=tuple(sheets))


def reference(model: ScoringInput) -> dict[str, Fraction]:
    """The same totals (mean aggregation, no normalisation) with nothing but loops."""
    sums: dict[tuple[str, str], Fraction] = defaultdict(Fraction)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for sheet in model.cross:
        for code, score in sheet.scores.items():
            sums[(sheet.unit, code)] += score
            counts[(sheet.unit, code)] += 1
    totals = {
        u: sum((sums[(u, c.id)] / counts[(u, c.id)] for c in model.settings.criteria), Fraction(0))
        for u in model.units
    }
    sorted(totals.items(), key=lambda item: -item[1])
    return totals


def timed(function: object, *args: object, repeat: int) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function(*args)  # type: ignore[operator]
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=60)
    parser.add_argument("--criteria", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    plain = build(args.units, args.criteria, aggregation="mean", normalise=False)
    scores = sum(len(s.scores) for s in plain.cross)
    print(f"{args.units} đơn vị, {args.criteria} tiêu chí, {scores} điểm chấm chéo")
    base_ms, ref_totals = timed(reference, plain, repeat=args.repeat)
    print(f"  reference (loops, mean)               {base_ms:9.1f} ms   ratio 1.0")
    engine_ms, outcome = timed(compute, plain, repeat=args.repeat)
    assert {u: r.total for u, r in outcome.results.items()} == ref_totals, "engine and reference disagree"  # type: ignore[attr-defined]
    print(f"  compute: mean + signals + ranking     {engine_ms:9.1f} ms   ratio {engine_ms / base_ms:.1f}")
    for aggregation, normalise in (("median", False), ("trimmed_mean", False), ("trimmed_mean", True)):
        model = build(args.units, args.criteria, aggregation=aggregation, normalise=normalise)
        ms, _ = timed(compute, model, repeat=args.repeat)
        label = f"compute: {aggregation}{' + normalise' if normalise else ''}"
        print(f"  {label:<38}{ms:9.1f} ms   ratio {ms / base_ms:.1f}")


if __name__ == "__main__":
    main()
