"""The kinds of renderable documents. Each owning app registers its builders at start-up.

`thidua documents list|render` and the download views only look kinds up here, so this app
names no covenant, conference or registration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from thidua.core.errors import InvalidInput, NotFound
from thidua.documents.rendering import Document, render_docx, render_pdf

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class DocumentKind:
    name: str  # "covenant"
    label: str  # "Giao ước thi đua"
    items: Callable[[], Iterable[tuple[int, str]]]  # every renderable (id, title)
    build: Callable[[int], Document]  # raises NotFound
    can_view: Callable[[Any, int], bool]
    filename: Callable[[int], str]  # without extension


_KINDS: dict[str, DocumentKind] = {}


def register_kind(kind: DocumentKind) -> None:
    _KINDS[kind.name] = kind


def kinds() -> list[DocumentKind]:
    return [_KINDS[name] for name in sorted(_KINDS)]


def get_kind(name: str) -> DocumentKind:
    if name not in _KINDS:
        raise NotFound(f"Không có loại văn bản «{name}».")
    return _KINDS[name]


def render(*, kind: str, object_id: int, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise InvalidInput(
            f"Định dạng «{fmt}» không hỗ trợ; chọn docx hoặc pdf.", fields={"format": "invalid"}
        )
    document = get_kind(kind).build(object_id)
    return render_docx(document=document) if fmt == "docx" else render_pdf(document=document)
