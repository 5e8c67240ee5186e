"""Rendering benchmark of the documents engine.

Renders a ten-member covenant (25 criteria in 5 groups, bonus and penalty lines, 10-signer grid)
and a 500-row registration summary to DOCX and PDF, N times each, and compares the medians with
a one-paragraph note rendered in the same run. Ratios rather than seconds are what to compare
between machines and commits.

    python benchmarks/documents_bench.py [--repeat 7] [--out benchmarks/out]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

# The repository has no installed package yet; make `thidua` importable from src/ when run as
# a script from any directory.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from thidua.documents.rendering import Document, render_docx, render_pdf
from thidua.documents.rendering.samples import (
    build_sample_covenant,
    build_sample_note,
    build_sample_registration_summary,
)

Renderer = Callable[..., bytes]


def time_renders(*, render: Renderer, document: Document, repeat: int) -> tuple[list[float], bytes]:
    """Seconds of each of `repeat` renders, after one untimed warm-up (font loading, caches)."""
    output = render(document=document)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        output = render(document=document)
        times.append(time.perf_counter() - start)
    return times, output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed renders per case (default 7)")
    parser.add_argument("--out", type=Path, help="folder to write the rendered files into")
    args = parser.parse_args()

    cases = {
        "baseline: one-paragraph note": build_sample_note(),
        "covenant, 10 members": build_sample_covenant(members=10),
        "registration summary, 500 rows": build_sample_registration_summary(rows=500),
    }
    renderers: dict[str, Renderer] = {"docx": render_docx, "pdf": render_pdf}
    print(f"repeat={args.repeat}; medians in milliseconds; ratio = median / baseline median")
    print(f"{'case':34} {'format':6} {'median ms':>10} {'min ms':>8} {'ratio':>7} {'size kB':>8}")
    for extension, render in renderers.items():
        baseline = None
        for name, document in cases.items():
            times, output = time_renders(render=render, document=document, repeat=args.repeat)
            median = statistics.median(times)
            baseline = baseline or median
            print(
                f"{name:34} {extension:6} {median * 1000:10.1f} {min(times) * 1000:8.1f}"
                f" {median / baseline:7.1f} {len(output) / 1024:8.1f}"
            )
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                slug = name.split(":")[0].split(",")[0].replace(" ", "-")
                (args.out / f"{slug}.{extension}").write_bytes(output)


if __name__ == "__main__":
    main()
