"""Benchmark: batch eligibility over a national-scale registry vs the single-subject evaluator.

    THIDUA_DATABASE_URL=postgres://... python benchmarks/awards_bench.py --people 2000000 --years 10

Generates `people` persons x `years` yearly records (plus titles and initiatives) with PostgreSQL
COPY (bulk_create on SQLite), then runs `run_batch` end to end (every person for every individual
target of the last year: read, build columns, evaluate, write the results, replace the year's
earlier run) and prints its steps' times, people per second and max RSS; `--profile` profiles a
second run (the top functions by own time, with their share). Then it evaluates without writing
through `evaluate_people_for_year`, traces one block's Python heap, and runs `evaluate_subject` on
a sample of `--sample` people in the same process, with the ratio batch/single.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import resource
import sys
import time
import tracemalloc
from collections import Counter

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
os.environ.setdefault("THIDUA_DEBUG", "1")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

import django

django.setup()

from django.db import connection  # noqa: E402

from thidua.awards.eligibility.batch import ColumnResult  # noqa: E402
from thidua.awards.models import Conferral, Initiative, Title, YearRecord  # noqa: E402
from thidua.awards.services.evaluation import (  # noqa: E402
    PERSON_TARGETS,
    evaluate_people_for_year,
    evaluate_subject,
    run_batch,
)
from thidua.organisations.models import Person  # noqa: E402

RATINGS = ["HTXSNV", "HTTNV", "HTTNV", "HTTNV", "HTNV", "KHTNV"]
PCOLS = [
    "id",
    "family_name",
    "middle_name",
    "given_name",
    "sort_key",
    "gender",
    "birth_year",
    "citizen_id_hash",
    "citizen_id_last4",
    "search_text",
]
RCOLS = [
    "id",
    "person_id",
    "unit_id",
    "year",
    "rating",
    "discipline",
    "months_worked",
    "statutory_leave_months",
    "absence_days",
    "imported",
    "note",
]
CCOLS = [
    "record_id",
    "title_id",
    "award_form_id",
    "decision_id",
    "imported",
    "period_from",
    "period_to",
    "used_for",
    "revoked_on",
    "revocation_basis",
    "revocation_reason",
]
ICOLS = ["person_id", "unit_id", "code", "name", "year", "scope", "recognised_by", "used_for", "imported"]


def copy_rows(table: str, columns: list[str], rows: list[tuple[object, ...]]) -> None:
    buf = io.StringIO()
    for row in rows:
        buf.write("\t".join("\\N" if v is None else ("t" if v is True else str(v)) for v in row) + "\n")
    data = buf.getvalue()
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        copy.write(data)


def generate(*, people: int, years: int, last_year: int, seed: int = 7, chunk: int = 50_000) -> None:
    rng = random.Random(seed)
    titles = {t.code: t.pk for t in Title.objects.all()}
    first_year = last_year - years + 1
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM organisations_person")
        next_person = cursor.fetchone()[0] + 1
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM awards_yearrecord")
        next_record = cursor.fetchone()[0] + 1
    for start in range(0, people, chunk):
        n = min(chunk, people - start)
        persons, records, conferrals, initiatives = [], [], [], []
        for i in range(n):
            pid = next_person + start + i
            persons.append(
                (pid, "Nguyễn", "Văn", f"B{pid}", f"b{pid:09d}", "", None, None, "", f"nguyen van b{pid}")
            )
            strong = rng.random() < 0.2
            for year in range(first_year, last_year + 1):
                rid = next_record
                next_record += 1
                rating = "HTXSNV" if strong and rng.random() < 0.8 else rng.choice(RATINGS)
                records.append((rid, pid, None, year, rating, "", 12, 0, rng.randint(0, 10), True, ""))
                if rating in ("HTXSNV", "HTTNV"):
                    conferrals.append((rid, titles["LDTT"], None, None, True, None, None, "", None, "", ""))
                    if rating == "HTXSNV" and strong:
                        conferrals.append(
                            (rid, titles["CSTDCS"], None, None, True, None, None, "", None, "", "")
                        )
                if strong and rng.random() < 0.5:
                    scope = rng.choice(["CO_SO", "CO_SO", "BO_TINH"])
                    initiatives.append((pid, None, f"SK{year}", "", year, scope, "", "", True))
        if postgres:
            copy_rows("organisations_person", PCOLS, persons)
            copy_rows("awards_yearrecord", RCOLS, records)
            copy_rows("awards_conferral", CCOLS, conferrals)
            copy_rows("awards_initiative", ICOLS, initiatives)
        else:
            Person.objects.bulk_create(
                [Person(**dict(zip(PCOLS, p, strict=True))) for p in persons], batch_size=5000
            )
            YearRecord.objects.bulk_create(
                [YearRecord(**dict(zip(RCOLS, r, strict=True))) for r in records], batch_size=5000
            )
            Conferral.objects.bulk_create(
                [Conferral(**dict(zip(CCOLS, c, strict=True))) for c in conferrals], batch_size=5000
            )
            Initiative.objects.bulk_create(
                [Initiative(**dict(zip(ICOLS, x, strict=True))) for x in initiatives], batch_size=5000
            )
        print(f"  generated {start + n:,} people", flush=True)
    if postgres:
        with connection.cursor() as cursor:
            for table in (
                "organisations_person",
                "awards_yearrecord",
                "awards_conferral",
                "awards_initiative",
            ):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                )
                cursor.execute(f"ANALYZE {table}")


def profile_top(profiler: cProfile.Profile, *, total: float, limit: int = 15) -> None:
    """The functions with the most own time (cProfile's tottime), with their share of the run."""
    stats = pstats.Stats(profiler)
    rows = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:limit]  # type: ignore[attr-defined]
    print(f"  top {limit} functions by own time (cProfile; its overhead inflates Python-heavy steps):")
    for (filename, line, name), (_, calls, own, cumulative, _) in rows:
        where = f"{os.path.basename(filename)}:{line}" if line else filename
        print(
            f"    {own / total:6.1%}  {own:7.2f} s own  {cumulative:7.2f} s cum  {calls:>10,} calls  {name}  ({where})"
        )


def timed_run(*, year: int, people: int, profile: bool) -> None:
    """`run_batch` end to end (read, build, evaluate, write, replace the year's earlier run)."""
    timings: dict[str, float] = {}
    profiler = cProfile.Profile() if profile else None
    t0 = time.perf_counter()
    if profiler is not None:
        profiler.enable()
    run = run_batch(actor=None, year=year, timings=timings)
    if profiler is not None:
        profiler.disable()
    wall = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    label = "run_batch (profiled)" if profile else "run_batch"
    print(
        f"{label}: {run.subjects:,} subjects, {run.results:,} results in {wall:.1f} s = "
        f"{run.subjects / wall:,.0f} people/s; max RSS {rss:.0f} MiB"
    )
    other = wall - sum(timings.values())
    steps = [*timings.items(), ("units, replace the earlier run, finish", other)]
    print("  " + "; ".join(f"{name} {seconds:.1f} s ({seconds / wall:.0%})" for name, seconds in steps))
    if not profile:
        national = 2_000_000 / (run.subjects / wall)
        print(f"  at this rate 2,000,000 people take {national:.0f} s (linear extrapolation)")
    if profiler is not None:
        profile_top(profiler, total=wall)
    print(flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=2_000_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--sample", type=int, default=10_000)
    parser.add_argument("--block", type=int, default=50_000)  # bitsets are built linearly: big blocks
    parser.add_argument("--skip-generate", action="store_true")
    parser.add_argument("--skip-run", action="store_true", help="no run_batch (reading and evaluating only)")
    parser.add_argument("--profile", action="store_true", help="also profile a second run_batch (cProfile)")
    parser.add_argument(
        "--skip-evaluate-only", action="store_true", help="no evaluate-only pass, no traced block"
    )
    args = parser.parse_args()
    print(
        f"database: {connection.vendor}; people={args.people:,} years={args.years} targets={len(PERSON_TARGETS)}"
    )
    started = time.perf_counter()
    if not args.skip_generate:
        t0 = time.perf_counter()
        generate(people=args.people, years=args.years, last_year=args.year)
        print(f"generation: {time.perf_counter() - t0:.1f} s", flush=True)
    if not args.skip_run:
        timed_run(year=args.year, people=args.people, profile=False)
        if args.profile:
            timed_run(year=args.year, people=args.people, profile=True)
    if args.skip_evaluate_only:
        args.sample = 0
    verdicts: Counter[str] = Counter()

    def count(ids: list[int], per_target: list[ColumnResult]) -> None:
        for result in per_target:
            verdicts.update(result.verdicts)

    # tracemalloc slows Python code several times over, so the timed run reports max RSS only and a
    # second, traced run over the first block measures the Python heap a block needs.
    t0 = time.perf_counter()
    done = 0
    if args.skip_evaluate_only:
        print(f"total wall time: {time.perf_counter() - started:.1f} s")
        return
    done = evaluate_people_for_year(year=args.year, block_size=args.block, on_block=count)
    batch_wall = time.perf_counter() - t0
    batch_rate = done / batch_wall
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"batch: {done:,} people x {len(PERSON_TARGETS)} targets in {batch_wall:.1f} s = {batch_rate:,.0f} people/s"
        f" (blocks of {args.block:,})"
    )
    print(f"  peak memory: max RSS {rss:.0f} MiB; verdicts {dict(sorted(verdicts.items()))}", flush=True)
    first_block = list(
        YearRecord.objects.filter(person__isnull=False, year__lte=args.year)
        .order_by("person_id")
        .values_list("person_id", flat=True)
        .distinct()[: args.block]
    )
    tracemalloc.start()
    evaluate_people_for_year(year=args.year, block_size=args.block, person_ids=first_block)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  peak Python heap for one block of {len(first_block):,} (tracemalloc): {peak / 2**20:.0f} MiB")
    sample_ids = list(
        YearRecord.objects.filter(person__isnull=False)
        .order_by("person_id")
        .values_list("person_id", flat=True)
        .distinct()[: args.sample]
    )
    if not sample_ids:
        return
    t0 = time.perf_counter()
    for person in Person.objects.filter(pk__in=sample_ids).iterator():
        for code in PERSON_TARGETS:
            evaluate_subject(actor=None, subject=person, target_code=code, year=args.year)
    single_wall = time.perf_counter() - t0
    single_rate = len(sample_ids) / single_wall
    print(
        f"single: {len(sample_ids):,} people x {len(PERSON_TARGETS)} targets in {single_wall:.1f} s = {single_rate:,.0f} people/s"
    )
    print(f"ratio batch/single (people per second): {batch_rate / single_rate:.1f}x")
    total = time.perf_counter() - started
    print(f"total wall time (generation, batch, traced block, single sample): {total:.1f} s")


if __name__ == "__main__":
    main()
