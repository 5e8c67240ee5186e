"""Benchmark: a decision's certificates printed as one job, against a one-page document.

    python benchmarks/certificates_bench.py [--count 1000] [--repeat 5]

Creates (in a fresh SQLite file unless THIDUA_DATABASE_URL is set) one ministry decision conferring
a Bằng khen on `count` people, then runs the batch job's service (`generate_certificates`: one PDF
per recipient, laid out on the blank, with its QR code; stored), then streams the ZIP of all of
them. The baseline is the documents engine's one-page note rendered to PDF in the same run
(median of `repeat`). Prints wall times, ratios, and peak memory: tracemalloc's Python heap and the
process's max RSS.
"""

from __future__ import annotations

import argparse
import datetime
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
os.environ.setdefault("THIDUA_DEBUG", "1")
_TMP = tempfile.mkdtemp(prefix="thidua-cert-bench-")
os.environ.setdefault("THIDUA_DATABASE_URL", f"sqlite:///{_TMP}/bench.sqlite3")
os.environ.setdefault("THIDUA_MEDIA_ROOT", f"{_TMP}/media")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from thidua.awards import services as awards  # noqa: E402
from thidua.awards.models import Conferral  # noqa: E402
from thidua.certificates import services  # noqa: E402
from thidua.certificates.models import Certificate  # noqa: E402
from thidua.documents.rendering import render_pdf  # noqa: E402
from thidua.documents.rendering.samples import build_sample_note  # noqa: E402
from thidua.organisations import services as organisations  # noqa: E402
from thidua.organisations.enums import UnitKind  # noqa: E402

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi")
GIVEN = ("An", "Bình", "Châu", "Dũng", "Giang", "Hạnh", "Khánh", "Linh", "Minh", "Ngọc")


def build(count: int) -> object:
    unit = organisations.create_unit(
        actor=None, code="SO-BENCH", name="Sở Tài nguyên và Môi trường tỉnh Thử nghiệm",
        kind=UnitKind.PROVINCIAL_DEPARTMENT,
    )  # fmt: skip
    decision = awards.record_decision(
        actor=None, number="1000/QĐ-BTN", date=datetime.date(2019, 3, 10), authority="Bộ trưởng Bộ Thử nghiệm"
    )
    for index in range(count):
        person = organisations.create_person(
            actor=None, unit=unit, family_name=FAMILY[index % 8], middle_name="Văn",
            given_name=GIVEN[index % 10], title="Chuyên viên", start=datetime.date(2015, 1, 1),
        )  # fmt: skip
        awards.confer(actor=None, subject=person, year=2018, code="BK_BO", decision=decision)
    return decision


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if Conferral.objects.filter(decision__number="1000/QĐ-BTN").count() != args.count:
        started = time.perf_counter()
        decision = build(args.count)
        print(f"data: {args.count} conferrals in {time.perf_counter() - started:.1f} s")
    else:
        decision = Conferral.objects.filter(decision__number="1000/QĐ-BTN").first().decision  # type: ignore[union-attr]
    note = build_sample_note()
    render_pdf(document=note)  # warm-up: fonts, caches
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        render_pdf(document=note)
        times.append(time.perf_counter() - started)
    baseline = statistics.median(times)
    Certificate.objects.all().delete()
    tracemalloc.start()
    started = time.perf_counter()
    report = services.generate_certificates(actor=None, decision=decision)  # type: ignore[arg-type]
    job = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    started = time.perf_counter()
    size = sum(len(chunk) for chunk in services.zip_stream(Certificate.objects.order_by("id").iterator()))
    zipped = time.perf_counter() - started
    again_started = time.perf_counter()
    unchanged = services.generate_certificates(actor=None, decision=decision)  # type: ignore[arg-type]
    again = time.perf_counter() - again_started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"baseline: one-page note PDF, median of {args.repeat}: {baseline * 1000:.0f} ms")
    print(
        f"job: {report.created} certificates in {job:.1f} s = {job / report.created * 1000:.0f} ms each; "
        f"ratio to baseline: {job / baseline:.0f}x the note (per certificate {job / report.created / baseline:.2f}x)"
    )
    print(f"zip: {size / 1e6:.1f} MB streamed in {zipped:.1f} s ({zipped / baseline:.0f}x the note)")
    print(
        f"re-run with nothing changed: {unchanged.unchanged} unchanged in {again:.1f} s ({again / baseline:.0f}x)"
    )
    print(f"peak memory: Python heap {peak / 1e6:.1f} MB during the job; process max RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
