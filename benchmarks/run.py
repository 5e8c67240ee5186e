"""`./dev bench`: server time of the main pages at national scale, against a trivial view.

On the PostgreSQL database given by THIDUA_DATABASE_URL, generate the data if needed
(`benchmarks/generate.py`, same size arguments), then request each page N times with Django's
test Client (no network, no browser: the time is the server's) and print median, p95 and the
ratio to a view that returns a constant HttpResponse, measured in the same run.

    THIDUA_DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_bench ./dev bench --requests 200
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate

TARGET_P95_MS = 100.0


def trivial(request: object) -> object:
    from django.http import HttpResponse

    return HttpResponse("ok")


def _urlconf() -> object:
    """The project's URLs plus the trivial view, registered only for the benchmark."""
    import types

    from django.urls import path

    import thidua.urls

    module = types.ModuleType("thidua_bench_urls")
    module.urlpatterns = [path("__bench__/trivial", trivial), *thidua.urls.urlpatterns]  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    return module


def measure(client: object, url: str, *, requests: int, warmup: int, expect: str = "") -> list[float]:
    timings = []
    for index in range(warmup + requests):
        started = time.perf_counter()
        response = client.get(url)  # type: ignore[attr-defined]
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        if expect and expect not in response.content.decode():
            raise SystemExit(f"{url} does not show {expect!r}")
        if index >= warmup:
            timings.append(elapsed)
    return timings


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def pages() -> list[tuple[str, str, str]]:
    """(label, url, text the page must show) for the pages measured, picked from the data."""
    from django.db.models import Count

    from thidua.clusters.models import ClusterMembership
    from thidua.organisations.models import LineageEvent, Unit

    last_year = max(ClusterMembership.objects.values_list("year", flat=True).distinct())
    busiest = (
        ClusterMembership.objects.filter(year=last_year - 1)
        .values("cluster_id")
        .annotate(n=Count("id"))
        .order_by("-n", "cluster_id")
        .first()
    )
    assert busiest is not None, "no cluster data: generate first"
    # A provincial department that merged: lineage, successors, cluster history and staff.
    event = (
        LineageEvent.objects.filter(kind="merge", successors__kind="provincial_department")
        .order_by("id")
        .first()
    )
    unit = (
        event.predecessors.order_by("id").first()
        if event
        else Unit.objects.filter(kind="provincial_department").first()
    )
    assert unit is not None
    return [
        ("cluster page", f"/clusters/{busiest['cluster_id']}/?year={last_year - 1}", "Thành viên năm"),
        ("unit page", f"/units/{unit.code}/", unit.name),
        ("unit list", "/units/", "đơn vị"),
        ("unit list, search", "/units/?q=S%E1%BB%9F+Y+t%E1%BA%BF&page=2", "đơn vị"),
        # Short words and one syllable (issue 15 item 1): "Hà Nam", a one-letter word, a syllable
        # in 60% of the units ("Sở", "số", "Sơn"), one inside names, the first word of 60% of the
        # names ("Phòng": a name-prefix tier of 30,000), and the API's search (its count is exact).
        *(
            (f"search «{query}»", f"/units/?{urlencode({'q': query})}", "đơn vị")
            for query in ("Hà Nam", "y", "Sở", "tế", "Phòng")
        ),
        ("search «Sở», page 5", f"/units/?{urlencode({'q': 'Sở', 'page': 5})}", "đơn vị"),
        *(
            (f"API search «{query}»", f"/api/v1/units?{urlencode({'q': query})}", "items")
            for query in ("Sở Y tế", "Sở")
        ),
        # The header's search box: units beside articles and clusters, a window of 200 ranked.
        *(
            (f"header search «{query}»", f"/tim-kiem/?{urlencode({'q': query})}", "kết quả cho")
            for query in ("Sở Y tế", "Sở")
        ),
        ("unit list, province", "/units/?province=01&kind=division", "đơn vị"),
    ]


def officer_client(unit_url: str) -> object:
    """A client logged in as a member officer of the measured unit, so its page lists the staff."""
    from django.test import Client

    from thidua.accounts.models import RoleAssignment, User
    from thidua.organisations.models import Unit

    unit = Unit.objects.get(code=unit_url.strip("/").split("/")[-1])
    user, _ = User.objects.get_or_create(username="bench.officer")
    RoleAssignment.objects.get_or_create(user=user, role="member_officer", unit=unit)
    client = Client()
    client.force_login(user)
    return client


def run(requests: int, warmup: int, log: Callable[[str], None] = print) -> bool:
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment

    from thidua.organisations.models import Person, Unit

    setup_test_environment()
    log(
        f"Data: {Unit.objects.count():,} units, {Person.objects.count():,} people on {connection.settings_dict['NAME']}"
    )
    ok = True
    with override_settings(ROOT_URLCONF=_urlconf(), DEBUG=False):
        client = Client()
        rows = [("trivial view", "/__bench__/trivial", "")]
        rows += pages()
        unit_url = next(url for label, url, _ in rows if label == "unit page")
        rows.insert(3, ("unit page, officer", unit_url, "Cán bộ, công chức"))
        officer = officer_client(unit_url)
        results = []
        for label, url, expect in rows:
            who = officer if label.endswith("officer") else client
            timings = measure(who, url, requests=requests, warmup=warmup, expect=expect)
            results.append((label, url, statistics.median(timings), p95(timings)))
    base_median, base_p95 = results[0][2], results[0][3]
    log(f"\n{requests} requests each (after {warmup} warm-up), server time through Django's test Client:")
    log(
        f"{'page':<24} {'median ms':>10} {'p95 ms':>9} {'× trivial (median)':>19} {'× trivial (p95)':>16}  url"
    )
    for label, url, median, high in results:
        log(
            f"{label:<24} {median:>10.2f} {high:>9.2f} {median / base_median:>19.1f} {high / base_p95:>16.1f}  {url}"
        )
        if label != "trivial view" and high > TARGET_P95_MS:
            ok = False
            log(f"  ! p95 above the {TARGET_P95_MS:.0f} ms target")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the main pages at national scale.")
    generate.add_size_arguments(parser)
    parser.add_argument("--requests", type=int, default=100, help="measured requests per page (default 100)")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--skip-generate", action="store_true", help="measure whatever data is there")
    args = parser.parse_args()
    url = os.environ.get("THIDUA_DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            "The benchmark runs on PostgreSQL: set THIDUA_DATABASE_URL, e.g. "
            "postgres://postgres@127.0.0.1:5432/thidua_bench"
        )
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise, without collectstatic
    generate.setup_django()
    if not args.skip_generate:
        generate.ensure_generated(generate.params_from(args))
    sys.exit(0 if run(args.requests, args.warmup) else 1)


if __name__ == "__main__":
    main()
