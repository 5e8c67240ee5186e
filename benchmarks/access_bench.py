"""Benchmark: the access-filtered lists at national scale (issue 8), against a trivial view.

    THIDUA_DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_bench \\
        .venv/bin/python benchmarks/access_bench.py --requests 30 [--explain]

On the data of `benchmarks/generate.py` (50,000 units, 2 million people by default; generated if
missing), two officers read the three lists that `thidua.accounts.access` filters:

- the **ministry officer** of the ministry whose clusters have the most member units (it reaches
  its own tree and, as the clusters' authority, the member departments of other authorities with
  their divisions, for the member years);
- the **member officer** of one member department (its tree and lineage).

Each reads the unit list restricted to its scope (`/units/?scope=mine`), the people API
(`/api/v1/people?limit=50`) and the registry (`/awards/`, with its count), through Django's test
Client (the server's time, no network). The same run measures a view that returns a constant
response; the table gives the median and p95 in milliseconds and their ratios to it.
`--explain` prints PostgreSQL's plan (EXPLAIN ANALYZE) of each list's queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate
from run import _urlconf, measure, p95


def personas() -> dict[str, object]:
    """The two officers, granted on units picked from the data (the same on every run)."""
    from django.db.models import Count

    from thidua.accounts import access
    from thidua.accounts.models import RoleAssignment, User
    from thidua.clusters.models import ClusterMembership
    from thidua.organisations.models import Unit

    busiest = (
        ClusterMembership.objects.filter(authority__kind="ministry")
        .values("authority_id")
        .annotate(n=Count("unit_id", distinct=True))
        .order_by("-n", "authority_id")
        .first()
    )
    assert busiest is not None, "no cluster data: generate first"
    ministry = Unit.objects.get(pk=busiest["authority_id"])
    last_year = max(ClusterMembership.objects.values_list("year", flat=True).distinct())
    # A member department of another authority's cluster that is still active and has divisions.
    department = (
        Unit.objects.filter(
            cluster_memberships__authority=ministry,
            cluster_memberships__year=last_year,
            active_to__isnull=True,
        )
        .exclude(path__startswith=ministry.path)
        .annotate(divisions=Count("children"))
        .filter(divisions__gt=0)
        .order_by("id")
        .first()
    )
    assert department is not None
    users = {}
    for username, role, unit in (
        ("bench.ministry", "ministry_officer", ministry),
        ("bench.member", "member_officer", department),
    ):
        user, _ = User.objects.get_or_create(username=username)
        RoleAssignment.objects.filter(user=user).exclude(role=role, unit=unit).delete()
        RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
        access.forget(user)
        users[username] = (user, unit)
    return users


LISTS = [
    ("units", "/units/?scope=mine", "đơn vị"),
    ("people (API)", "/api/v1/people?limit=50", ""),
    ("registry", "/awards/", "Cá nhân trong phạm vi bạn được xem"),
]


def explain(user: object) -> None:
    """PostgreSQL's plans of the lists' queries for this user (what the pages run)."""
    from django.core.paginator import Paginator

    from thidua.accounts import access
    from thidua.awards.selectors import registry_people
    from thidua.organisations.models import Unit

    access.forget(user)
    units = Unit.objects.filter(pk__in=access.units_reached(user).values("pk")).order_by("sort_key", "id")
    people = access.people_reached(user).order_by("sort_key", "id")
    for label, queryset in (
        ("units, first page", units[:50]),
        ("units, count", units),
        ("people, first page", people[:50]),
        ("registry, count", registry_people(user)),
        ("registry, first page", registry_people(user)[:50]),
    ):
        if label.endswith("count"):
            print(f"\n--- {label}: {Paginator(queryset, 50).count:,} rows")
            print(queryset.order_by().values("pk").explain(analyze=True, buffers=True))
            continue
        print(f"\n--- {label}")
        print(queryset.explain(analyze=True, buffers=True))


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the access-filtered lists at national scale.")
    generate.add_size_arguments(parser)
    parser.add_argument("--requests", type=int, default=30, help="measured requests per list (default 30)")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--skip-generate", action="store_true", help="measure whatever data is there")
    parser.add_argument("--explain", action="store_true", help="print the query plans")
    args = parser.parse_args()
    if not os.environ.get("THIDUA_DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        raise SystemExit("The benchmark runs on PostgreSQL: set THIDUA_DATABASE_URL=postgres://…")
    warnings.filterwarnings("ignore", message="No directory at")
    generate.setup_django()
    if not args.skip_generate:
        generate.ensure_generated(generate.params_from(args))

    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment

    from thidua.accounts import access
    from thidua.organisations.models import Person, Unit

    setup_test_environment()
    users = personas()
    print(
        f"Data: {Unit.objects.count():,} units, {Person.objects.count():,} people "
        f"on {connection.settings_dict['NAME']}"
    )
    for username, (user, unit) in users.items():
        access.forget(user)
        print(
            f"{username}: {unit.name} ({unit.code}); reaches {access.units_reached(user).count():,} units, "
            f"{access.people_reached(user).count():,} people"
        )
    results = []
    with override_settings(ROOT_URLCONF=_urlconf(), DEBUG=False):
        anonymous = Client()
        timings = measure(anonymous, "/__bench__/trivial", requests=args.requests, warmup=args.warmup)
        results.append(("trivial view", "", timings))
        for username, (user, _) in users.items():
            client = Client()
            client.force_login(user)
            for label, url, expect in LISTS:
                timings = measure(client, url, requests=args.requests, warmup=args.warmup, expect=expect)
                results.append((label, username, timings))
    base_median, base_p95 = statistics.median(results[0][2]), p95(results[0][2])
    print(f"\n{args.requests} requests each (after {args.warmup} warm-up), server time (test Client):")
    print(f"{'list':<14} {'who':<15} {'median ms':>10} {'p95 ms':>9} {'× trivial (median)':>19} {'(p95)':>7}")
    for label, who, timings in results:
        median, high = statistics.median(timings), p95(timings)
        print(
            f"{label:<14} {who:<15} {median:>10.2f} {high:>9.2f} {median / base_median:>19.0f} "
            f"{high / base_p95:>7.0f}"
        )
    if args.explain:
        for username, (user, _) in users.items():
            print(f"\n===== plans for {username}")
            explain(user)


if __name__ == "__main__":
    main()
