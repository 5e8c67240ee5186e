"""Benchmark: the person eligibility page's engine work for one person, all targets (issue 15 item 2).

    THIDUA_DATABASE_URL=postgres://... python benchmarks/person_page_bench.py --people 300

Generates a small registry with `awards_bench.generate` (not the 2-million one), then per person
times (a) the page's path, `services.evaluation.person_page` (one case, one read of the parameters,
every target's verdict and outlook); (b) the old path it replaces: `evaluate_subject` once per target
plus `prospects_for`, each re-reading the registry and the parameters; (c) the batch path per person
(`evaluate_people_for_year` over the same people, divided by their number), the baseline of the
same run. Prints the median and p95 in milliseconds and the ratios.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from awards_bench import generate
from thidua.awards.eligibility import ALL_RULE_SETS, evaluate
from thidua.awards.eligibility.outlook import find_reuse, outlook
from thidua.awards.models import YearRecord
from thidua.awards.selectors import build_case, overrides_for
from thidua.awards.services.evaluation import (
    PERSON_TARGETS,
    _PlanCache,
    evaluate_people_for_year,
    evaluate_subject,
    person_page,
    prospects_for,
    targets_for,
)
from thidua.organisations.models import Person


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def page_requests(people: list[Person], *, year: int) -> tuple[list[float], list[float]]:
    """Server time of /awards/people/<id>/eligibility/ for each person (Django's test Client, an
    administrator who reaches everyone), and of a constant view in the same run."""
    from django.http import HttpResponse
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment
    from django.urls import include, path

    from thidua.accounts.models import User

    setup_test_environment()
    urls = type(sys)("person_page_bench_urls")
    urls.urlpatterns = [  # type: ignore[attr-defined]
        path("__bench__/trivial", lambda request: HttpResponse("ok")),
        path("", include("thidua.urls")),
    ]
    sys.modules[urls.__name__] = urls
    admin, _ = User.objects.get_or_create(username="bench.admin", defaults={"is_superuser": True})
    client = Client()
    client.force_login(admin)
    timings: list[float] = []
    trivial: list[float] = []
    with override_settings(ROOT_URLCONF=urls.__name__, DEBUG=False):
        for person in people:
            start = time.perf_counter()
            response = client.get(f"/awards/people/{person.pk}/eligibility/?year={year}")
            timings.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200 or "Chiến sĩ thi đua cơ sở" not in response.content.decode():
                raise SystemExit(f"the eligibility page of {person.pk} answered {response.status_code}")
            start = time.perf_counter()
            client.get("/__bench__/trivial")
            trivial.append((time.perf_counter() - start) * 1000)
    return timings, trivial


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--skip-generate", action="store_true")
    args = parser.parse_args()
    if not args.skip_generate:
        generate(people=args.people, years=args.years, last_year=args.year)
    ids = list(
        YearRecord.objects.filter(person__isnull=False, year=args.year)
        .order_by("-person_id")
        .values_list("person_id", flat=True)[: args.people]
    )
    people = list(Person.objects.filter(pk__in=ids))
    page_ms: list[float] = []
    old_ms: list[float] = []
    read_ms: list[float] = []
    engine_ms: list[float] = []
    for person in people:
        # The page's two halves: the registry and parameter reads, then the engine alone.
        start = time.perf_counter()
        overrides = overrides_for(year=args.year, requested=None)
        case = build_case(subject=person, target_code="CSTDCS", year=args.year)
        middle = time.perf_counter()
        evaluate(case, rule_sets=ALL_RULE_SETS, overrides=overrides)
        outlook(
            case,
            rule_sets=ALL_RULE_SETS,
            overrides=overrides,
            targets=targets_for(person),
            plans=_PlanCache(overrides),
        )
        find_reuse(case)
        read_ms.append((middle - start) * 1000)
        engine_ms.append((time.perf_counter() - middle) * 1000)
        start = time.perf_counter()
        person_page(actor=None, subject=person, target_code="CSTDCS", year=args.year)
        page_ms.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        for code in PERSON_TARGETS:
            evaluate_subject(actor=None, subject=person, target_code=code, year=args.year)
        prospects_for(actor=None, subject=person, target_code="CSTDCS", year=args.year)
        old_ms.append((time.perf_counter() - start) * 1000)
    # The whole page as a request (view, engine, template), as the trivial view of the same run.
    request_ms, trivial_ms = page_requests(people, year=args.year)
    start = time.perf_counter()
    evaluate_people_for_year(year=args.year, person_ids=ids)
    batch_ms = (time.perf_counter() - start) * 1000 / len(ids)
    page_median, old_median = statistics.median(page_ms), statistics.median(old_ms)
    print(f"people: {len(people)}, targets: {len(PERSON_TARGETS)}, history: {args.years} years")
    print(f"person page (one case): median {page_median:.1f} ms, p95 {percentile(page_ms, 0.95):.1f} ms")
    print(
        f"  of which reads (parameters, case): median {statistics.median(read_ms):.1f} ms; "
        f"engine (verdict, outlook of every target, reuse): median {statistics.median(engine_ms):.1f} ms, "
        f"p95 {percentile(engine_ms, 0.95):.1f} ms"
    )
    print(f"old path (per target):  median {old_median:.1f} ms, p95 {percentile(old_ms, 0.95):.1f} ms")
    request_median = statistics.median(request_ms)
    print(
        f"page request (HTTP, whole page): median {request_median:.1f} ms, "
        f"p95 {percentile(request_ms, 0.95):.1f} ms; trivial view median {statistics.median(trivial_ms):.2f} ms"
    )
    print(f"batch per person:       {batch_ms:.2f} ms")
    print(
        f"ratio page/batch: {page_median / batch_ms:.0f}x; request/batch: {request_median / batch_ms:.0f}x; "
        f"old/page: {old_median / page_median:.1f}x; target: page (all {len(PERSON_TARGETS)} targets) "
        f"p95 ≤ 20 ms: {'met' if percentile(page_ms, 0.95) <= 20 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
