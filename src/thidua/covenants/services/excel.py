"""Excel import and export of the criteria table: all-or-nothing, with row-level messages."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from thidua.core.audit import record_audit
from thidua.core.errors import DomainError, InvalidInput
from thidua.core.spreadsheets import ReadLimits, SheetSpec, read_xlsx, write_xlsx
from thidua.covenants.enums import LineKind
from thidua.covenants.models import Covenant, Criterion, CriterionGroup, ScoreLine
from thidua.covenants.selectors import covenant_table, roman, totals_of
from thidua.covenants.services.covenant import _editable, parse_points

COLUMNS = ("Loại", "Số thứ tự", "Nội dung", "Điểm tối đa", "Hướng dẫn chấm", "Minh chứng", "Căn cứ pháp lý")
KIND_GROUP, KIND_CRITERION, KIND_BONUS, KIND_PENALTY = "Nhóm", "Tiêu chí", "Điểm thưởng", "Điểm trừ"
KINDS = (KIND_GROUP, KIND_CRITERION, KIND_BONUS, KIND_PENALTY)
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
# A 2,000-row table of long criteria is a few MB of XML; 40 MB leaves room and stops zip bombs.
LIMITS = ReadLimits(
    max_bytes=MAX_BYTES, max_rows=MAX_ROWS, max_uncompressed=40_000_000, max_cols=len(COLUMNS)
)


def export_criteria_xlsx(covenant: Covenant) -> bytes:
    covenant = covenant_table(covenant)

    def rows() -> Iterator[tuple[object, ...]]:
        number = 0
        for index, group in enumerate(covenant.loaded_groups, start=1):  # type: ignore[attr-defined]
            yield (KIND_GROUP, roman(index), group.name, group.max_points, "", "", "")
            for criterion in group.criteria.all():
                number += 1
                yield (
                    KIND_CRITERION,
                    number,
                    criterion.name,
                    criterion.max_points,
                    criterion.guidance,
                    criterion.evidence,
                    criterion.legal_basis,
                )
        for kind, lines in ((KIND_BONUS, covenant.bonus_lines), (KIND_PENALTY, covenant.penalty_lines)):  # type: ignore[attr-defined]
            for order, line in enumerate(lines, start=1):
                yield (kind, order, line.name, line.points, "", "", "")

    return write_xlsx([SheetSpec("Tiêu chí", COLUMNS, rows(), widths=(12, 10, 70, 12, 40, 40, 30))])


@dataclass
class _ParsedGroup:
    row: int
    name: str
    max_points: Decimal
    criteria: list[tuple[str, Decimal, str, str, str]] = field(default_factory=list)


def _cell(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _read_rows(content: bytes) -> list[tuple[int, tuple[Any, ...]]]:
    (rows,) = read_xlsx(content, limits=LIMITS).values()
    return rows


def _points(value: Any, row: int, errors: dict[str, str]) -> Decimal | None:
    try:
        return parse_points(value)
    except DomainError as error:
        errors[f"dòng {row}"] = f"Dòng {row}: {error.message}"
        return None


@transaction.atomic
def import_criteria_xlsx(*, actor: Any, covenant: Covenant, content: bytes) -> Covenant:
    """Replace the whole criteria table (groups, criteria, bonus and penalty lines) by the file's.
    Every row is checked first; one error anywhere and nothing changes."""
    _editable(actor, covenant)
    rows = _read_rows(content)
    header = tuple(_cell(v) for v in (rows[0][1] if rows else ()))[: len(COLUMNS)]
    if header != COLUMNS:
        raise InvalidInput(
            "Các cột của tệp không đúng mẫu. Dòng đầu phải là: " + ", ".join(f"«{c}»" for c in COLUMNS) + ".",
            fields={"file": "columns"},
        )
    errors: dict[str, str] = {}
    groups: list[_ParsedGroup] = []
    lines: list[tuple[str, str, Decimal]] = []
    for row, values in rows[1:]:
        cells = [_cell(v) for v in (*values, *([None] * len(COLUMNS)))[: len(COLUMNS)]]
        if not any(cells):
            continue
        kind, _, name, raw_points, guidance, evidence, legal_basis = cells
        raw = values[3] if len(values) > 3 else None
        if kind not in KINDS:
            errors[f"dòng {row}"] = (
                f"Dòng {row}: cột «Loại» là «{kind}», phải là một trong: {', '.join(KINDS)}."
            )
            continue
        if not name:
            errors[f"dòng {row}"] = f"Dòng {row}: cột «Nội dung» không được để trống."
            continue
        points = _points(raw if raw not in (None, "") else raw_points, row, errors)
        if points is None:
            continue
        if kind == KIND_GROUP:
            groups.append(_ParsedGroup(row=row, name=name, max_points=points))
        elif kind == KIND_CRITERION:
            if not groups:
                errors[f"dòng {row}"] = f"Dòng {row}: tiêu chí phải nằm sau một dòng «{KIND_GROUP}»."
                continue
            groups[-1].criteria.append((name, points, guidance, evidence, legal_basis[:300]))
        else:
            line_kind: str = LineKind.BONUS if kind == KIND_BONUS else LineKind.PENALTY
            cap = covenant.bonus_cap if line_kind == LineKind.BONUS else covenant.penalty_cap
            if cap and points > cap:
                errors[f"dòng {row}"] = f"Dòng {row}: {points} điểm vượt mức trần {kind.lower()} ({cap})."
                continue
            lines.append((line_kind, name, points))
    if not errors:
        report = totals_of(
            total=covenant.total_points,
            groups=[(i, g.name, g.max_points, [c[1] for c in g.criteria]) for i, g in enumerate(groups, 1)],
        )
        for number, problem in enumerate(report.problems, start=1):
            errors[f"tổng {number}"] = problem
    if errors:
        raise InvalidInput(
            f"Tệp Excel có {len(errors)} lỗi, chưa có thay đổi nào được lưu. " + " ".join(errors.values()),
            fields=errors,
        )
    CriterionGroup.objects.filter(covenant=covenant).delete()
    ScoreLine.objects.filter(covenant=covenant).delete()
    for g_order, parsed in enumerate(groups, start=1):
        group = CriterionGroup.objects.create(
            covenant=covenant, order=g_order, name=parsed.name, max_points=parsed.max_points
        )
        Criterion.objects.bulk_create(
            Criterion(group=group, order=c_order, name=n, max_points=p, guidance=g, evidence=e, legal_basis=b)
            for c_order, (n, p, g, e, b) in enumerate(parsed.criteria, start=1)
        )
    counters: dict[str, int] = {LineKind.BONUS: 0, LineKind.PENALTY: 0}
    for line_kind, name, points in lines:
        counters[line_kind] += 1
        ScoreLine.objects.create(
            covenant=covenant,
            kind=line_kind,
            order=counters[line_kind],
            name=name,
            points=points,
        )
    record_audit(
        actor=actor,
        action="covenants.criteria.import",
        target=covenant,
        after={"groups": len(groups), "criteria": sum(len(g.criteria) for g in groups), "lines": len(lines)},
    )
    return covenant
