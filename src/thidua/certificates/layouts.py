"""Default print positions of each blank kind (millimetres from the sheet's top-left corner).

The defaults follow the usual A4 landscape blanks of ministries and provinces: the emblem, motto
and the form's heading are pre-printed in the upper third, the recipient's name is centred below
them, the decision and the date sit low, the signature and seal lower right. Every agency's blank
differs a little: an administrator or officer adjusts them per authority on the layout page and
checks them with the calibration print before printing on real blanks.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from thidua.certificates.enums import BlankKind

# Printed fields, in the order they are edited; each has x, y (top-left), w (box width), size (pt).
FIELDS: dict[str, str] = {
    "recipient": "Tên người, tập thể được khen",
    "recipient_line": "Chức vụ, đơn vị",
    "award": "Danh hiệu, hình thức khen thưởng",
    "achievement": "Thành tích (năm, giai đoạn)",
    "decision": "Số, ngày quyết định",
    "place_date": "Địa danh, ngày tháng",
    "code": "Mã xác minh, dấu nội dung",
}
QR = "qr"  # x, y, size (mm): the QR code's square
FIELD_LIMITS = {"x": (0, 420), "y": (0, 420), "w": (10, 420), "size": (6, 48)}
QR_LIMITS = {"x": (0, 420), "y": (0, 420), "size": (12, 60)}

_LANDSCAPE: dict[str, Any] = {
    "page_width_mm": Decimal("297.0"),
    "page_height_mm": Decimal("210.0"),
    "fields": {
        "recipient": {"x": 48, "y": 92, "w": 200, "size": 24},
        "recipient_line": {"x": 48, "y": 106, "w": 200, "size": 14},
        "award": {"x": 48, "y": 118, "w": 200, "size": 15},
        "achievement": {"x": 48, "y": 128, "w": 200, "size": 14},
        "decision": {"x": 22, "y": 160, "w": 120, "size": 12},
        "place_date": {"x": 160, "y": 150, "w": 120, "size": 13},
        "code": {"x": 22, "y": 192, "w": 150, "size": 7},
        QR: {"x": 22, "y": 166, "size": 24},
    },
}


def default_layout(blank_kind: str) -> dict[str, Any]:
    """A fresh copy of the default layout of `blank_kind` (the same sheet for every kind today;
    the flag's certificate leaves more room for a collective's long name)."""
    layout = {**_LANDSCAPE, "fields": {key: dict(value) for key, value in _LANDSCAPE["fields"].items()}}
    if blank_kind == BlankKind.CO_THI_DUA:
        layout["fields"]["recipient"] = {"x": 38, "y": 90, "w": 220, "size": 20}
    return layout
