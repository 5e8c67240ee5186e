"""Read the QR code back from a certificate's PDF, as a phone would see it printed: the page is
rasterised (poppler's pdftoppm, installed by ./dev), the layout's QR square cut out, and each
module sampled at its centre. No QR decoder is installed, so instead of decoding, the modules are
compared with the symbol the same encoder makes for a URL: equal modules mean the QR carries that
URL (a different URL, even by one character, gives different modules)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import segno
from PIL import Image

DPI = 300


def modules_in_pdf(pdf: Path, *, x_mm: float, y_mm: float, size_mm: float, count: int) -> list[list[bool]]:
    """The `count`×`count` modules (quiet zone included) of the QR square at (x, y), in mm from the
    sheet's top-left corner: True for dark."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "page"
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(DPI),
                "-gray",
                "-png",
                "-singlefile",
                "-f",
                "1",
                "-l",
                "1",
                str(pdf),
                str(out),
            ],
            check=True,
            timeout=60,
        )
        image = Image.open(f"{out}.png").convert("L")
        px = DPI / 25.4
        step = size_mm * px / count
        left, top = x_mm * px, y_mm * px
        return [
            [
                image.getpixel((int(left + (c + 0.5) * step), int(top + (r + 0.5) * step))) < 128
                for c in range(count)
            ]
            for r in range(count)
        ]


def qr_carries(pdf: Path, url: str, *, x_mm: float, y_mm: float, size_mm: float) -> bool:
    """Does the QR printed at that square encode `url` (error correction M, border 2, as printed)?"""
    symbol = segno.make(url, error="m")
    expected = [[bool(v) for v in row] for row in symbol.matrix_iter(scale=1, border=2)]
    found = modules_in_pdf(pdf, x_mm=x_mm, y_mm=y_mm, size_mm=size_mm, count=len(expected))
    return found == expected
