"""Helpers shared by the scoring services: reading a score at the covenant's precision, the clock."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from thidua.clusters.enums import YearState
from thidua.core.errors import Conflict, InvalidInput
from thidua.covenants.models import Criterion
from thidua.covenants.selectors import format_points
from thidua.scoring.models import Review

PRECISION = 2  # the covenant's points are stored with two decimals (covenants.models.POINTS)
MAX_TEXT = 5000


def read_points(value: Any, *, field: str, maximum: Decimal, label: str) -> Decimal:
    """A score typed by a person ("22,5", "22.5", 22.5) within 0..maximum at two decimals."""
    if isinstance(value, bool) or value is None:
        raise InvalidInput(f"{label}: cần nhập một số.", fields={field: "not_a_number"})
    text = str(value).strip().replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise InvalidInput(f"{label}: «{value}» không phải là số.", fields={field: "not_a_number"}) from None
    if not number.is_finite():
        raise InvalidInput(f"{label}: «{value}» không phải là số.", fields={field: "not_a_number"})
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -PRECISION:
        raise InvalidInput(
            f"{label}: chỉ được có tối đa {PRECISION} chữ số thập phân.", fields={field: "precision"}
        )
    if not Decimal(0) <= number <= maximum:
        raise InvalidInput(
            f"{label}: {format_points(number)} nằm ngoài khoảng 0–{format_points(maximum)} điểm.",
            fields={field: "out_of_range"},
        )
    return number.quantize(Decimal("0.01"))


def criterion_label(criterion: Criterion) -> str:
    return f"Tiêu chí «{criterion.name[:60]}»"


def read_text(value: str, *, field: str, label: str, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise InvalidInput(f"{label} không được để trống.", fields={field: "required"})
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"{label} dài quá {MAX_TEXT} ký tự.", fields={field: "too_long"})
    return text


def require_state(review: Review, state: str, *, doing: str) -> None:
    year = review.emulation_year
    year.refresh_from_db(fields=["state"])
    if year.state != state:
        raise Conflict(
            f"Không thể {doing}: năm thi đua đang ở bước «{YearState(year.state).label}», "
            f"không phải «{YearState(state).label}».",
            fields={"state": "wrong_state"},
        )


def check_revision(current: int, given: int, *, what: str) -> None:
    if current != given:
        raise Conflict(
            f"{what} đã được lưu ở một cửa sổ hoặc bởi một người khác sau khi anh/chị mở trang. "
            "Hãy tải lại trang để xem bản mới nhất rồi nhập lại; bản vừa gửi chưa được lưu.",
            fields={"revision": "stale"},
        )
