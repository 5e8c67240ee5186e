"""Excel export of every score of a review (one sheet of cross-scores, one of self-scores)."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

from thidua.core.rules import require
from thidua.scoring.models import CrossScore, Review, SelfScore
from thidua.scoring.selectors import criteria_of


def _safe(value: str) -> str:
    # A cell starting with = + - @ would be read as a formula by a spreadsheet: keep it text.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def export_scores(*, actor: Any, review: Review) -> bytes:
    require(actor, "scoring.lead_review", review)
    criteria = {c.pk: (i, c) for i, c in enumerate(criteria_of(review.covenant), start=1)}
    book = Workbook()
    cross = book.active
    cross.title = "Chấm chéo"
    cross.append(["Phiên bản giao ước", review.covenant.version])
    cross.append(["Đơn vị chấm", "Đơn vị được chấm", "TT tiêu chí", "Tiêu chí", "Tối đa", "Điểm", "Nhận xét"])
    rows = CrossScore.objects.filter(assignment__review=review).select_related(
        "assignment__scorer", "assignment__unit"
    )
    for score in sorted(
        rows,
        key=lambda s: (s.assignment.scorer.sort_key, s.assignment.unit.sort_key, criteria[s.criterion_id][0]),
    ):
        number, criterion = criteria[score.criterion_id]
        cross.append(
            [
                score.assignment.scorer.name,
                score.assignment.unit.name,
                number,
                _safe(criterion.name),
                criterion.max_points,
                score.score,
                _safe(score.comment),
            ]
        )
    own = book.create_sheet("Tự chấm")
    own.append(["Đơn vị", "TT tiêu chí", "Tiêu chí", "Tối đa", "Điểm tự chấm", "Giải trình"])
    for claim in sorted(
        SelfScore.objects.filter(sheet__review=review).select_related("sheet__unit"),
        key=lambda s: (s.sheet.unit.sort_key, criteria[s.criterion_id][0]),
    ):
        number, criterion = criteria[claim.criterion_id]
        own.append(
            [
                claim.sheet.unit.name,
                number,
                _safe(criterion.name),
                criterion.max_points,
                claim.score,
                _safe(claim.explanation),
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
