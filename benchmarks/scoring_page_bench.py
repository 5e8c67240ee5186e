"""Server time of the ranking page for 60 members, 40 criteria, all-score-all (141,600 cross-scores),
against a trivial view measured in the same run (Django's test Client: no network, no browser).

The data is written straight with bulk_create (benchmark data, not a story). The first request
after the inputs change computes the outcome with the same engine as the CLI and stores it
(`scoring.outcomes`); the next ones read the stored outcome. Both are reported, with the explain
page of one unit (it reads that unit's stored full result).

    python benchmarks/scoring_page_bench.py [--requests 5] [--database-url sqlite:////tmp/x.sqlite3]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def setup(database_url: str | None) -> None:
    if database_url is None:
        database_url = f"sqlite:///{tempfile.mkdtemp(prefix='thidua-bench-')}/bench.sqlite3"
    os.environ["THIDUA_DATABASE_URL"] = database_url
    os.environ.setdefault("THIDUA_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def build(units: int, criteria: int) -> tuple[int, object]:
    import datetime

    from tests.factories import make_unit, make_user

    from thidua.accounts.enums import Role
    from thidua.clusters import services as cluster_services
    from thidua.clusters.models import EmulationYear
    from thidua.covenants.models import Covenant, Criterion, CriterionGroup
    from thidua.organisations.enums import UnitKind
    from thidua.scoring.enums import SheetStatus
    from thidua.scoring.models import CrossAssignment, CrossScore, Review, SelfAssessment, SelfScore

    rnd = random.Random(2018)
    ministry = make_unit(code="BO", name="Bộ Thử nghiệm", kind=UnitKind.MINISTRY)
    members = [make_unit(code=f"SO-{i:02d}", name=f"Sở thử nghiệm số {i:02d}") for i in range(units)]
    cluster = cluster_services.create_cluster(
        actor=None, authority=ministry, number=1, name="Cụm thi đua số 1"
    )
    for unit in members:
        cluster_services.add_member(actor=None, cluster=cluster, unit=unit, year=2018)
    cluster_services.set_leadership(actor=None, cluster=cluster, year=2018, leader=members[0], deputy=None)
    leader = make_user("truongcum", (Role.CLUSTER_LEADER_OFFICER, members[0]))
    year = EmulationYear.objects.create(cluster=cluster, year=2018, state="cross_scoring")
    covenant = Covenant.objects.create(
        emulation_year=year, theme="Thi đua", status="in_force", bonus_cap=5, penalty_cap=5
    )
    groups = [
        CriterionGroup.objects.create(covenant=covenant, order=g, name=f"Nhóm {g + 1}", max_points=25)
        for g in range(4)
    ]
    table = [
        Criterion.objects.create(
            group=groups[c * 4 // criteria], order=c, name=f"Tiêu chí {c + 1}", max_points=Decimal("2.5")
        )
        for c in range(criteria)
    ]
    review = Review.objects.create(
        emulation_year=year, covenant=covenant, self_deadline=datetime.date(2018, 12, 5)
    )
    sheets = SelfAssessment.objects.bulk_create(
        [
            SelfAssessment(review=review, covenant=covenant, unit=u, status=SheetStatus.SUBMITTED)
            for u in members
        ]
    )
    SelfScore.objects.bulk_create(
        [SelfScore(sheet=s, criterion=c, score=Decimal("2.5")) for s in sheets for c in table]
    )
    assignments = CrossAssignment.objects.bulk_create(
        [
            CrossAssignment(review=review, scorer=s, unit=u, status=SheetStatus.SUBMITTED)
            for u in members
            for s in members
            if s != u
        ]
    )
    quality = {u.pk: rnd.uniform(0.75, 0.95) for u in members}
    CrossScore.objects.bulk_create(
        [
            CrossScore(
                assignment=a,
                criterion=c,
                score=min(
                    Decimal("2.5"),
                    Decimal(round(2.5 * (quality[a.unit_id] + rnd.uniform(-0.05, 0.05)) * 4)) / 4,
                ),
            )
            for a in assignments
            for c in table
        ],
        batch_size=5000,
    )
    return review.pk, leader


def trivial(request: object) -> object:
    from django.http import HttpResponse

    return HttpResponse("ok")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=60)
    parser.add_argument("--criteria", type=int, default=40)
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    setup(args.database_url)
    import types

    from django.test import Client, override_settings
    from django.urls import path

    import thidua.urls

    started = time.perf_counter()
    review_id, leader = build(args.units, args.criteria)
    print(f"dữ liệu: {args.units} đơn vị, {args.criteria} tiêu chí, {time.perf_counter() - started:.1f} s")
    module = types.ModuleType("scoring_bench_urls")
    module.urlpatterns = [path("__bench__/trivial", trivial), *thidua.urls.urlpatterns]  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    with override_settings(ROOT_URLCONF=module.__name__, ALLOWED_HOSTS=["*"]):
        client = Client()
        client.force_login(leader)  # type: ignore[arg-type]

        first: dict[str, float] = {}

        def measure(url: str, expect: str) -> list[float]:
            timings = []
            for index in range(args.requests + 1):
                t0 = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - t0) * 1000
                if response.status_code != 200 or expect not in response.content.decode():
                    raise SystemExit(f"{url} answered {response.status_code}")
                if index:
                    timings.append(elapsed)
                else:
                    first[url] = elapsed
            return timings

        base = statistics.median(measure("/__bench__/trivial", "ok"))
        ranking_url = f"/cham-diem/{review_id}/"
        page = statistics.median(measure(ranking_url, "Kết quả xếp hạng tạm thời"))
        explain = statistics.median(measure(f"{ranking_url}don-vi/SO-07/", "Vì sao"))
    print(f"  trivial view                        {base:9.2f} ms   ratio 1")
    computed = first[ranking_url]
    print(f"  ranking page, first after a change  {computed:9.1f} ms   ratio {computed / base:.0f}")
    print(f"  ranking page, stored outcome        {page:9.1f} ms   ratio {page / base:.0f}")
    print(f"  explain page, stored outcome        {explain:9.1f} ms   ratio {explain / base:.0f}")


if __name__ == "__main__":
    main()
