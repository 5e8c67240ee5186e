"""The documents' line of `thidua check`: the fonts the renderer embeds are installed."""

from __future__ import annotations

from thidua.core.selfcheck import ERROR, OK, Line
from thidua.documents.rendering import layout


def fonts_line() -> Line:
    missing = [
        name for name in layout.SERIF_FONT_FILES.values() if not (layout.SERIF_FONT_DIR / name).is_file()
    ]
    if missing:
        return Line(
            ERROR,
            "Phông chữ văn bản",
            f"thiếu {', '.join(sorted(missing))} trong {layout.SERIF_FONT_DIR}: cài gói Debian fonts-liberation2.",
        )
    return Line(OK, "Phông chữ văn bản", "Liberation Serif (thay Times New Roman) đủ bốn kiểu.")
