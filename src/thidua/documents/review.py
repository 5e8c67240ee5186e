"""Render every document kind the way an officer will see it, for a person to look at.

`thidua documents review --out DIR` writes, for each renderable document:

    DIR/<kind>-<id>.docx, DIR/<kind>-<id>.pdf       our two outputs
    DIR/libreoffice/<kind>-<id>.pdf                 the DOCX as LibreOffice lays it out
    DIR/png/<kind>-<id>-pdf-<page>.png              pages of our PDF
    DIR/png/<kind>-<id>-docx-<page>.png             pages of the DOCX (through LibreOffice)

LibreOffice is the Debian package `libreoffice-writer-nogui` (`./dev setup` installs it where it
runs as root); pdftoppm is `poppler-utils`. A private LibreOffice profile is used so the command
does not collide with a LibreOffice the developer has open.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from thidua.documents.registry import get_kind, kinds, render


class ToolMissing(RuntimeError):
    """A program the review needs is not installed."""


@dataclass
class ReviewResult:
    documents: list[str] = field(default_factory=list)  # "<kind>-<id>"
    pages: list[Path] = field(default_factory=list)


def _program(*names: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise ToolMissing(f"Thiếu chương trình {names[0]}; hãy chạy ./dev setup (gói Debian) rồi thử lại.")


def libreoffice_to_pdf(*, sources: Iterable[Path], out_dir: Path, timeout: int = 600) -> None:
    """Convert DOCX files to PDF with LibreOffice headless, in one process."""
    program = _program("soffice", "libreoffice")
    files = [str(path) for path in sources]
    if not files:
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="thidua-lo-") as profile:
        subprocess.run(  # noqa: S603 (fixed program, our own file names)
            [
                program,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                *files,
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )


def pdf_to_png(*, pdf: Path, prefix: Path, dpi: int = 70) -> list[Path]:
    program = _program("pdftoppm")
    prefix.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(  # noqa: S603
        [program, "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True, capture_output=True, timeout=300
    )
    return sorted(prefix.parent.glob(f"{prefix.name}-*.png"))


def review_documents(*, out: Path, only: str = "", dpi: int = 70) -> ReviewResult:
    """Render every kind (or only `only`) to DOCX and PDF, lay the DOCX out in LibreOffice and
    write PNG pages of both."""
    out.mkdir(parents=True, exist_ok=True)
    result = ReviewResult()
    chosen = [get_kind(only)] if only else kinds()
    docx_files = []
    for kind in chosen:
        for object_id, _title in kind.items():
            stem = f"{kind.name}-{object_id}"
            for fmt in ("docx", "pdf"):
                (out / f"{stem}.{fmt}").write_bytes(render(kind=kind.name, object_id=object_id, fmt=fmt))
            docx_files.append(out / f"{stem}.docx")
            result.documents.append(stem)
    libreoffice_to_pdf(sources=docx_files, out_dir=out / "libreoffice")
    for stem in result.documents:
        result.pages += pdf_to_png(pdf=out / f"{stem}.pdf", prefix=out / "png" / f"{stem}-pdf", dpi=dpi)
        result.pages += pdf_to_png(
            pdf=out / "libreoffice" / f"{stem}.pdf", prefix=out / "png" / f"{stem}-docx", dpi=dpi
        )
    return result
