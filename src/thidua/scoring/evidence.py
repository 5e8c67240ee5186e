"""What an evidence file really is, read from its bytes, never from its name or browser type."""

from __future__ import annotations

import io
import zipfile
from typing import Final

from thidua.core.errors import InvalidInput
from thidua.scoring.enums import EvidenceKind

MAX_EVIDENCE_BYTES: Final = 10 * 1024 * 1024
ALLOWED_NAMES: Final = "PDF, ảnh PNG/JPEG, Word (DOCX) hoặc Excel (XLSX)"


def _office_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return EvidenceKind.DOCX
    if "xl/workbook.xml" in names:
        return EvidenceKind.XLSX
    return None


def evidence_kind(data: bytes, *, name: str) -> str:
    """The kind of an uploaded file, or InvalidInput naming the file (an .exe renamed .pdf is refused)."""
    if not data:
        raise InvalidInput(f"Tệp «{name}» rỗng.", fields={"file": "empty"})
    if len(data) > MAX_EVIDENCE_BYTES:
        raise InvalidInput(
            f"Tệp «{name}» lớn hơn {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB.", fields={"file": "too_large"}
        )
    if data.startswith(b"%PDF-"):
        return EvidenceKind.PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff"):
        return EvidenceKind.IMAGE
    if data.startswith(b"PK\x03\x04"):
        kind = _office_kind(data)
        if kind is not None:
            return kind
    raise InvalidInput(
        f"Tệp «{name}» không phải là {ALLOWED_NAMES} (nội dung tệp không khớp).", fields={"file": "content"}
    )
