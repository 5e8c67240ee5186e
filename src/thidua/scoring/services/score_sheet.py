"""A score sheet as Excel and back: a unit's self-assessment or a scorer's cross-scoring sheet.

The exported file names what it is for (kind, covenant and version, units) in a second sheet; an
import checks that first — a sheet of another covenant version, another unit or the other kind is
refused — then every row, and saves through the same service as the page (a draft: submitting stays
a separate act). One error anywhere and nothing changes; the message lists the rows in error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from django.db import transaction

from thidua.core.errors import DomainError, InvalidInput
from thidua.core.rules import require
from thidua.core.spreadsheets import ReadLimits, SheetSpec, read_xlsx, write_xlsx
from thidua.covenants.models import Covenant, ScoreLine
from thidua.scoring.models import CrossAssignment, SelfAssessment
from thidua.scoring.selectors import criteria_of

from .common import MAX_TEXT, criterion_label, read_points
from .cross import save_cross_scores
from .sheets import save_self_assessment

SCORES: Final = "Bảng điểm"
ABOUT: Final = "Thông tin"
SELF_KIND: Final = "Tự chấm"
CROSS_KIND: Final = "Chấm chéo"
COLUMNS: Final = ("Mã", "TT", "Nhóm tiêu chí", "Nội dung", "Tối đa", "Điểm", "Giải trình, nhận xét")
SHEET_LIMITS: Final = ReadLimits(
    max_bytes=2 * 1024 * 1024, max_rows=2000, max_uncompressed=20 * 1024 * 1024, max_cols=len(COLUMNS)
)
MAX_ERRORS_SHOWN: Final = 10

Target = SelfAssessment | CrossAssignment


@dataclass(frozen=True)
class _About:
    kind: str
    covenant: Covenant
    unit_code: str
    scorer_code: str


def _about(target: Target) -> _About:
    if isinstance(target, SelfAssessment):
        return _About(SELF_KIND, target.covenant, target.unit.code, "")
    return _About(CROSS_KIND, target.review.covenant, target.unit.code, target.scorer.code)


def _lines(target: Target) -> list[ScoreLine]:
    if not isinstance(target, SelfAssessment):
        return []  # a scorer scores criteria; bonus and penalty lines are the unit's own claims
    return list(ScoreLine.objects.filter(covenant=target.covenant).order_by("kind", "order", "id"))


def export_sheet(*, sheet: SelfAssessment | None = None, assignment: CrossAssignment | None = None) -> bytes:
    """The sheet with its current scores, ready to fill in and import back (the page checked access)."""
    target: Target
    if sheet is not None:
        target = sheet
        stored = {s.criterion_id: (s.score, s.explanation) for s in sheet.scores.all()}
        claims = {c.line_id: (c.points, c.explanation) for c in sheet.lines.all()}
    elif assignment is not None:
        target = assignment
        stored = {s.criterion_id: (s.score, s.comment) for s in assignment.scores.all()}
        claims = {}
    else:  # pragma: no cover - a programming error
        raise TypeError("export_sheet needs a sheet or an assignment")
    about = _about(target)
    rows: list[list[object]] = []
    for number, criterion in enumerate(criteria_of(about.covenant), start=1):
        score, text = stored.get(criterion.pk, (None, ""))
        rows.append(
            [
                f"TC-{criterion.pk}",
                number,
                criterion.group.name,
                criterion.name,
                criterion.max_points,
                score,
                text,
            ]
        )
    for line in _lines(target):
        points, text = claims.get(line.pk, (None, ""))
        rows.append([f"DL-{line.pk}", "", line.get_kind_display(), line.name, line.points, points, text])
    info = [
        ["Loại bảng", about.kind],
        ["Mã giao ước", str(about.covenant.pk)],
        ["Phiên bản giao ước", str(about.covenant.version)],
        ["Năm thi đua", str(target.review.emulation_year.year)],
        ["Đơn vị được chấm", about.unit_code],
        ["Đơn vị chấm", about.scorer_code],
    ]
    return write_xlsx(
        [
            SheetSpec(SCORES, COLUMNS, rows, widths=(9, 5, 24, 60, 8, 8, 40)),
            SheetSpec(ABOUT, ("Mục", "Giá trị"), info, widths=(22, 30)),
        ]
    )


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _check_about(rows: list[tuple[int, tuple[Any, ...]]], about: _About) -> None:
    found = {_text(values[0]): _text(values[1]) for _, values in rows[1:] if len(values) >= 2}
    expected = {
        "Loại bảng": about.kind,
        "Mã giao ước": str(about.covenant.pk),
        "Phiên bản giao ước": str(about.covenant.version),
        "Đơn vị được chấm": about.unit_code,
        "Đơn vị chấm": about.scorer_code,
    }
    if found.get("Loại bảng") != about.kind:
        raise InvalidInput(
            f"Tệp không phải bảng «{about.kind}» (tệp ghi «{found.get('Loại bảng', '')}»).",
            fields={"file": "kind"},
        )
    if (
        found.get("Mã giao ước") != expected["Mã giao ước"]
        or found.get("Phiên bản giao ước") != (expected["Phiên bản giao ước"])
    ):
        raise InvalidInput(
            f"Tệp là bảng điểm của một phiên bản giao ước khác (phiên bản «{found.get('Phiên bản giao ước', '')}»); "
            f"giao ước đang chấm là phiên bản {about.covenant.version}. Hãy tải mẫu mới từ trang này.",
            fields={"file": "covenant_version"},
        )
    for key in ("Đơn vị được chấm", "Đơn vị chấm"):
        if found.get(key, "") != expected[key]:
            raise InvalidInput(
                f"Tệp là bảng điểm của đơn vị khác («{key}»: «{found.get(key, '')}», cần «{expected[key]}»).",
                fields={"file": "unit"},
            )


def _parse(
    rows: list[tuple[int, tuple[Any, ...]]], target: Target
) -> tuple[dict[int, tuple[Any, str]], dict[int, tuple[Any, str]]]:
    header = tuple(_text(v) for v in (rows[0][1] if rows else ()))[: len(COLUMNS)]
    if header != COLUMNS:
        raise InvalidInput(
            "Các cột của tệp không đúng mẫu. Dòng đầu phải là: " + ", ".join(f"«{c}»" for c in COLUMNS) + ".",
            fields={"file": "columns"},
        )
    criteria = {f"TC-{c.pk}": c for c in criteria_of(_about(target).covenant)}
    lines = {f"DL-{li.pk}": li for li in _lines(target)}
    scores: dict[int, tuple[Any, str]] = {}
    claims: dict[int, tuple[Any, str]] = {}
    errors: list[str] = []
    seen: set[str] = set()
    for number, values in rows[1:]:
        cells = (*values, *([None] * len(COLUMNS)))[: len(COLUMNS)]
        code, raw, text = _text(cells[0]), cells[5], _text(cells[6])
        if not code and raw in (None, "") and not text:
            continue  # an empty row
        if code in seen:
            errors.append(f"Dòng {number}: mã «{code}» lặp lại.")
            continue
        seen.add(code)
        criterion, line = criteria.get(code), lines.get(code)
        if criterion is None and line is None:
            errors.append(f"Dòng {number}: mã «{code[:20]}» không có trong giao ước đang chấm.")
            continue
        if raw in (None, ""):
            continue  # left empty: not changed
        if len(text) > MAX_TEXT:
            errors.append(f"Dòng {number}: giải trình dài quá {MAX_TEXT} ký tự.")
            continue
        value = str(raw)
        try:
            if criterion is not None:
                read_points(
                    value, field="score", maximum=criterion.max_points, label=criterion_label(criterion)
                )
                scores[criterion.pk] = (value, text)
            elif line is not None:
                read_points(value, field="line", maximum=line.points, label=f"«{line.name}»")
                claims[line.pk] = (value, text)
        except DomainError as error:
            errors.append(f"Dòng {number}: {error.message}")
    if errors:
        shown = errors[:MAX_ERRORS_SHOWN]
        more = f" (và {len(errors) - len(shown)} dòng lỗi khác)" if len(errors) > len(shown) else ""
        raise InvalidInput(
            "Chưa nhập được tệp, không có điểm nào được lưu: " + " ".join(shown) + more,
            fields={"file": "rows"},
        )
    if not scores and not claims:
        raise InvalidInput("Tệp không có điểm nào để nhập.", fields={"file": "empty"})
    return scores, claims


@transaction.atomic
def import_score_sheet(*, actor: Any, target: Target, content: bytes, revision: int) -> int:
    """Import a filled score sheet into `target` as a draft; returns how many scores were read."""
    if isinstance(target, SelfAssessment):
        require(actor, "scoring.act_for_unit", (target.review, target.unit))
    else:
        require(actor, "scoring.act_for_unit", (target.review, target.scorer))
    found = read_xlsx(content, limits=SHEET_LIMITS, sheets=(SCORES, ABOUT))
    if SCORES not in found or ABOUT not in found:
        raise InvalidInput(
            f"Tệp không phải bảng điểm xuất từ thidua (cần hai trang «{SCORES}» và «{ABOUT}»).",
            fields={"file": "sheets"},
        )
    _check_about(found[ABOUT], _about(target))
    scores, claims = _parse(found[SCORES], target)
    if isinstance(target, SelfAssessment):
        save_self_assessment(actor=actor, sheet=target, revision=revision, scores=scores, lines=claims)
    else:
        save_cross_scores(actor=actor, assignment=target, revision=revision, scores=scores)
    return len(scores) + len(claims)
