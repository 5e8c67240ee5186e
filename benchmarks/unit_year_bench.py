"""Benchmark: a unit's own year at 2,000 people (issue 18), against a trivial view in the same run.

    THIDUA_DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_unitsyear \
        python benchmarks/unit_year_bench.py --people 2000 --requests 5

Creates (once) a unit of `--people` people with `--years` years of history each, its officer,
and the year's ratings; then times with Django's test Client (server time, no network):
the trivial view (the baseline), the review page (batch eligibility of the whole unit, first
page, and a filtered page), the ratings page and the statistics page; then, when the proposals
app provides them, the head's decision for every eligible person (the registry written in one
transaction) with its DOCX and PDF rendered as a background job. Prints median and max in
milliseconds and each ratio to the trivial view.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
import types

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
os.environ.setdefault("THIDUA_DEBUG", "1")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import path  # noqa: E402

from thidua.accounts.enums import Role  # noqa: E402
from thidua.accounts.models import RoleAssignment, User  # noqa: E402
from thidua.awards.catalogue import load_catalogue  # noqa: E402
from thidua.awards.models import AwardForm, Title, YearRecord  # noqa: E402
from thidua.core.text import person_sort_key  # noqa: E402
from thidua.organisations import services as org_services  # noqa: E402
from thidua.organisations.models import Person, Position, Unit  # noqa: E402

UNIT_CODE = "BENCH-UNIT-YEAR"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thu", "Quang", "Ngọc", "Đức"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Linh", "Nam", "Sơn", "Trung"]
RATINGS = ["HTXSNV", "HTTNV", "HTTNV", "HTTNV", "HTNV"]


def trivial(request: object) -> HttpResponse:
    return HttpResponse("ok")


def urlconf() -> str:
    import thidua.urls

    module = types.ModuleType("unit_year_bench_urls")
    module.urlpatterns = [path("__bench__/trivial", trivial), *thidua.urls.urlpatterns]  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    return module.__name__


def generate(*, people: int, years: int, year: int) -> Unit:
    unit = Unit.objects.filter(code=UNIT_CODE).first()
    if unit is not None and Position.objects.filter(unit=unit).count() >= people:
        return unit
    load_catalogue(Title, AwardForm)
    rng = random.Random(18)
    with transaction.atomic():
        unit = unit or org_services.create_unit(
            actor=None, code=UNIT_CODE, name="Sở Thử tải 2.000 người", kind="provincial_department"
        )
        batch = []
        for n in range(people):
            family, middle, given = rng.choice(FAMILY), rng.choice(MIDDLE), rng.choice(GIVEN)
            batch.append(
                Person(
                    family_name=family,
                    middle_name=middle,
                    given_name=f"{given} {n}",
                    sort_key=person_sort_key(
                        family_name=family, middle_name=middle, given_name=f"{given} {n}"
                    ),
                )
            )
        created = Person.objects.bulk_create(batch, batch_size=2000)
        Position.objects.bulk_create(
            [
                Position(person=p, unit=unit, title="Chuyên viên", start=datetime.date(year - years, 1, 1))
                for p in created
            ],
            batch_size=2000,
        )
        YearRecord.objects.bulk_create(
            [
                YearRecord(person=p, year=y, rating=rng.choice(RATINGS), absence_days=rng.randint(0, 10))
                for p in created
                for y in range(year - years + 1, year + 1)
            ],
            batch_size=5000,
        )
    return unit


def measure(client: Client, url: str, requests: int) -> list[float]:
    client.get(url)  # warm-up
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--years", type=int, default=6)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--requests", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    settings.ROOT_URLCONF = urlconf()
    unit = generate(people=args.people, years=args.years, year=args.year)
    officer, _ = User.objects.get_or_create(username="bench.unit.officer")
    RoleAssignment.objects.get_or_create(user=officer, role=Role.MEMBER_OFFICER, unit=unit)
    client = Client()
    client.force_login(officer)
    base = f"/awards/units/{unit.code}/{args.year}"
    pages = [
        ("trivial view", "/__bench__/trivial"),
        ("review, first page", f"{base}/review/"),
        ("review, filtered (CSTĐCS eligible)", f"{base}/review/?target=CSTDCS&verdict=eligible"),
        ("ratings page", f"{base}/ratings/"),
        ("statistics", f"{base}/statistics/"),
    ]
    print(f"unit of {args.people} people, {args.years} years of history, {connection_vendor()}")
    baseline = None
    for label, url in pages:
        timings = measure(client, url, args.requests)
        median = statistics.median(timings)
        baseline = baseline or median
        print(f"{label:40s} median {median:9.1f} ms  max {max(timings):9.1f} ms  ×{median / baseline:,.0f}")
    extra = os.environ.get("UNIT_YEAR_BENCH_DECISION")
    if extra:
        import importlib

        importlib.import_module(extra).run(unit=unit, year=args.year, officer=officer, baseline=baseline)


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


if __name__ == "__main__":
    main()
