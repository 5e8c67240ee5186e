"""The demo holds a scored 2018 year for Cụm thi đua số 1; the later chain (ballot, dossier, decision)
carries that year on to `closed` (issues 9 and 11)."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.db.models import DateField, DateTimeField
from django.utils import timezone

from thidua.clusters.enums import YearState
from thidua.clusters.models import YearTransition
from thidua.organisations.models import Unit
from thidua.scoring.enums import SheetStatus
from thidua.scoring.models import CrossAssignment, Evidence, Review, SelfAssessment
from thidua.scoring.selectors import final_ranking, review_outcome


def test_the_demo_scores_2018_and_the_chain_closes_it(db: None, settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    call_command("demo", stdout=io.StringIO())
    review = Review.objects.select_related("emulation_year").get(emulation_year__year=2018)
    assert review.emulation_year.state == YearState.CLOSED
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


def test_every_scoring_record_of_the_demo_is_dated_in_2018(
    db: None, settings: object, tmp_path: Path
) -> None:
    """Issue 12 item 5: the review's steps carry their 2018 dates (core.clock), never the day the
    demo was loaded: every date and time field of every scoring row, and the year's transitions."""
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    call_command("demo", stdout=io.StringIO())
    seen: dict[str, set[int]] = {}
    for model in apps.get_app_config("scoring").get_models():
        fields = [f.name for f in model._meta.get_fields() if isinstance(f, (DateField, DateTimeField))]
        for row in model.objects.values(*fields) if fields else []:
            for name, value in row.items():
                if value is not None:
                    year = (
                        timezone.localtime(value).year if isinstance(value, datetime.datetime) else value.year
                    )
                    seen.setdefault(f"{model.__name__}.{name}", set()).add(year)
    stamped = {"Review.finalised_at", "SelfAssessment.submitted_at", "Evidence.added_at"}
    assert stamped | {"CrossAssignment.submitted_at", "ReviewOutcome.computed_at"} <= set(seen)
    assert {name: years for name, years in seen.items() if years != {2018}} == {}
    review = Review.objects.get(emulation_year__year=2018, emulation_year__cluster__number=1)
    steps = {
        t.to_state: timezone.localtime(t.at).date()
        for t in YearTransition.objects.filter(emulation_year=review.emulation_year)
    }
    assert (steps["in_progress"], steps["self_assessment"], steps["cross_scoring"], steps["voting"]) == (
        datetime.date(2018, 4, 2),
        datetime.date(2018, 11, 26),
        datetime.date(2018, 12, 7),
        datetime.date(2018, 12, 20),
    )
    sheets = SelfAssessment.objects.filter(review=review).select_related("unit")
    assert [s.unit.code for s in sheets if s.is_late] == ["STNMT-HD"]
