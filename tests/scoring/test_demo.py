"""The demo holds a scored 2018 year for Cụm thi đua số 1, standing at `voting` (issue 9)."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.management import call_command

from thidua.clusters.enums import YearState
from thidua.organisations.models import Unit
from thidua.scoring.enums import SheetStatus
from thidua.scoring.models import CrossAssignment, Evidence, Review, SelfAssessment
from thidua.scoring.selectors import final_ranking, review_outcome


def test_the_demo_scores_2018_and_stands_at_voting(db: None, settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    call_command("demo", stdout=io.StringIO())
    review = Review.objects.select_related("emulation_year").get(emulation_year__year=2018)
    assert review.emulation_year.state == YearState.VOTING
    sheets = SelfAssessment.objects.filter(review=review)
    assert sheets.count() == 10
    assert all(sheet.status == SheetStatus.SUBMITTED for sheet in sheets)
    assert all(sheet.submitted_at is not None and sheet.submitted_at.year == 2018 for sheet in sheets)
    assert Evidence.objects.filter(sheet__review=review).exclude(description="").count() == 30
    assert CrossAssignment.objects.filter(review=review, status=SheetStatus.SUBMITTED).count() == 90
    assert review.finalised_at is not None
    assert review.finalised_at.year == 2018
    ranking = final_ranking(review.emulation_year)
    assert [r.rank for r in ranking] == list(range(1, 11))
    assert ranking[0].unit.code == "STNMT-HN"
    codes = {str(u.pk): u.code for u in Unit.objects.filter(code__startswith="STNMT-")}
    signals = [(s.kind, sorted(codes[u] for u in s.units)) for s in review_outcome(review).signals]
    assert signals == [("self_inflation", ["STNMT-BN"]), ("reciprocal", ["STNMT-HP", "STNMT-VP"])]
