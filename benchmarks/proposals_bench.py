"""Rendering benchmark of a decision with a long attached list (issue 11).

Builds, in memory (no database), the Minister's decision with a 500-row list and renders it to DOCX
and PDF, N times each, against a one-paragraph note rendered in the same run; prints medians, the
ratio to the note, the output size and the peak Python memory (tracemalloc) of one render, plus the
process's peak RSS. Ratios are what to compare between machines.

    THIDUA_DEBUG=1 .venv/bin/python benchmarks/proposals_bench.py [--rows 500] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
os.environ.setdefault("THIDUA_DEBUG", "1")

import django

django.setup()

from thidua.documents.rendering import Document, TableRow, render_docx, render_pdf  # noqa: E402
from thidua.documents.rendering.samples import build_sample_note  # noqa: E402
from thidua.organisations.models import Unit  # noqa: E402
from thidua.proposals.documents import LEGAL_GROUNDS_SAMPLE, decision_document  # noqa: E402
from thidua.proposals.models import AwardDecision  # noqa: E402


def sample_decision(rows: int) -> Document:
    body = Unit(name="Bộ Tài nguyên và Môi trường", code="BTNMT", kind="ministry")
    decision = AwardDecision(
        body=body,
        issuer="Bộ trưởng Bộ Tài nguyên và Môi trường",
        year=2018,
        subject_line="Về việc tặng Bằng khen của Bộ trưởng Bộ Tài nguyên và Môi trường năm 2018",
        symbol="QĐ-BTNMT",
        number=125,
        number_year=2019,
        issued_on=datetime.date(2019, 1, 18),
        place="Hà Nội",
        signer_name="Lê Minh Khang",
        signer_title="BỘ TRƯỞNG",
        legal_grounds=LEGAL_GROUNDS_SAMPLE,
        state="issued",
    )
    lines = [
        TableRow(
            (
                str(i),
                f"Nguyễn Thị Phương Thảo {i}",
                f"Phòng Quản lý đất đai, Sở Tài nguyên và Môi trường tỉnh số {i % 63 + 1}",
                "Bằng khen của bộ, ban, ngành, tỉnh",
            )
        )
        for i in range(1, rows + 1)
    ]
    return decision_document(decision, rows=lines, forms=["Bằng khen của bộ, ban, ngành, tỉnh"])


def measure(render: object, document: Document, repeat: int) -> tuple[float, int, int]:
    render(document=document)  # type: ignore[operator]  # warm-up: fonts, caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        output = render(document=document)  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    render(document=document)  # type: ignore[operator]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), len(output), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    cases = {
        "baseline: one-paragraph note": build_sample_note(),
        f"decision, {args.rows}-row list": sample_decision(args.rows),
    }
    print(f"repeat={args.repeat}; ratio = median / baseline median of the same format")
    print(f"{'case':32} {'fmt':4} {'median ms':>10} {'ratio':>7} {'size kB':>8} {'peak MiB':>9}")
    for fmt, render in (("docx", render_docx), ("pdf", render_pdf)):
        baseline = None
        for name, document in cases.items():
            median, size, peak = measure(render, document, args.repeat)
            baseline = baseline or median
            print(
                f"{name:32} {fmt:4} {median * 1000:10.1f} {median / baseline:7.1f} {size / 1024:8.1f} {peak / 2**20:9.1f}"
            )
    print(f"process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
