"""Rendering benchmark of the covenants document builders, from real models.

Loads the demo (Cụm thi đua số 1, 2018) into a throw-away database, fills the year's registrations
up to 500 rows, then times building + rendering, each N times: the ten-member covenant (DOCX, PDF)
and the 500-row registration summary (DOCX, PDF). A one-paragraph note rendered in the same run is
the baseline; compare the ratios, not the milliseconds, between machines.

    python benchmarks/covenants_bench.py [--repeat 5] [--database-url sqlite:////tmp/x.sqlite3]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def _setup(database_url: str | None) -> None:
    if database_url is None:
        database_url = f"sqlite:///{tempfile.mkdtemp(prefix='thidua-bench-')}/bench.sqlite3"
    os.environ["THIDUA_DATABASE_URL"] = database_url
    os.environ.setdefault("THIDUA_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("demo", stdout=io.StringIO())


def _fill_registrations(rows: int) -> int:
    """Re-register the ten members with people until the summary has `rows` lines."""
    import datetime

    from thidua.clusters.models import EmulationYear
    from thidua.covenants import services
    from thidua.covenants.selectors import member_units, registration_rows

    year = EmulationYear.objects.get(year=2018, cluster__number=1)
    units = member_units(year)
    per_unit = rows // len(units) - 2
    positions = ("Chuyên viên", "Trưởng phòng", "Phó Trưởng phòng", "Kế toán")
    targets = ("LDTT", "LDTT", "CSTDCS", "LDTT")
    for u, unit in enumerate(units):
        people = [
            services.PersonTargetInput(
                name=f"Cán bộ {u + 1}.{i + 1}", position=positions[i % 4], target=targets[i % 4]
            )
            for i in range(per_unit)
        ]
        services.submit_registration(
            actor=None,
            emulation_year=year,
            unit=unit,
            collective_targets=["TTLDXS", "CO_BO"],
            people=people,
            today=datetime.date(2018, 4, 10),
        )
    return len(registration_rows(year))


def _time(job: Callable[[], bytes], repeat: int) -> tuple[list[float], int]:
    output = job()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        output = job()
        times.append(time.perf_counter() - start)
    return times, len(output)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", help="an EMPTY database to use (default: a temporary SQLite file)")
    args = parser.parse_args()
    _setup(args.database_url)

    from thidua.clusters.models import EmulationYear
    from thidua.covenants.documents import build_covenant_document, build_registration_summary
    from thidua.covenants.models import Covenant
    from thidua.documents.rendering import render_docx, render_pdf
    from thidua.documents.rendering.samples import build_sample_note

    rows = _fill_registrations(500)
    covenant = Covenant.objects.select_related("emulation_year__cluster__authority").get(
        emulation_year__year=2018
    )
    year = EmulationYear.objects.select_related("cluster__authority").get(year=2018, cluster__number=1)
    note = build_sample_note()
    cases: dict[str, Callable[[Callable[..., bytes]], bytes]] = {
        "baseline: one-paragraph note": lambda r: r(document=note),
        "covenant, 10 signers (models→doc)": lambda r: r(document=build_covenant_document(covenant)),
        f"registration summary, {rows} rows": lambda r: r(document=build_registration_summary(year)),
    }
    print(f"repeat={args.repeat}; medians in ms; ratio = median / baseline median of the same format")
    print(f"{'case':38} {'format':6} {'median ms':>10} {'min ms':>8} {'ratio':>7} {'size kB':>8}")
    for extension, render in (("docx", render_docx), ("pdf", render_pdf)):
        baseline = None
        for name, case in cases.items():
            times, size = _time(lambda case=case, render=render: case(render), args.repeat)
            median = statistics.median(times)
            baseline = baseline or median
            print(
                f"{name:38} {extension:6} {median * 1000:10.1f} {min(times) * 1000:8.1f} {median / baseline:7.1f} {size / 1024:8.1f}"
            )
    build_times, _ = _time(lambda: bytes(len(build_covenant_document(covenant).blocks)), args.repeat)
    print(
        f"building the covenant document alone (queries + model): {statistics.median(build_times) * 1000:.1f} ms"
    )

    _downloads(covenant, args.repeat)


def _downloads(covenant: object, repeat: int) -> None:
    """The covenant PDF as a visitor downloads it: rendered on every request (before stored
    renders), then from storage (after), through the real view."""
    from django.conf import settings
    from django.test import Client

    from thidua.documents.models import RenderedDocument
    from thidua.documents.rendering import render_pdf
    from thidua.documents.rendering.samples import build_sample_note

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="thidua-bench-media-")
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    url = f"/documents/covenant/{covenant.pk}.pdf"  # type: ignore[attr-defined]
    note = build_sample_note()

    def fresh() -> bytes:
        RenderedDocument.objects.all().delete()  # every request lays the PDF out again
        return b"".join(client.get(url).streaming_content)  # type: ignore[attr-defined]

    def stored() -> bytes:
        return b"".join(client.get(url).streaming_content)  # type: ignore[attr-defined]

    baseline_times, _ = _time(lambda: render_pdf(document=note), repeat)
    baseline = statistics.median(baseline_times)
    print(f"{'download of the covenant PDF':38} {'median ms':>10} {'ratio':>7}")
    for name, job in (("rendered per request (before)", fresh), ("served from storage (after)", stored)):
        times, _ = _time(job, repeat)
        median = statistics.median(times)
        print(f"{name:38} {median * 1000:10.1f} {median / baseline:7.2f}")


if __name__ == "__main__":
    main()
