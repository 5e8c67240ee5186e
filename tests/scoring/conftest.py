"""Fixtures of the scoring tests: the world's 2018 year with its covenant in force, in progress."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from tests.covenants.conftest import Year, sign
from tests.covenants.conftest import year as year
from thidua.clusters import services as cluster_services
from thidua.clusters.enums import YearState
from thidua.core import clock
from thidua.covenants.models import Criterion, ScoreLine
from thidua.scoring import services
from thidua.scoring.models import Review, SelfAssessment
from thidua.scoring.selectors import criteria_of

D = datetime.date


@dataclass
class Scoring:
    y: Year
    review: Review
    criteria: list[Criterion]
    bonus: ScoreLine
    penalty: ScoreLine

    def sheet(self, unit: object) -> SelfAssessment:
        return SelfAssessment.objects.get(review=self.review, unit=unit)

    @property
    def officers(self) -> dict[str, object]:
        w = self.y.world
        return {"SO-A": w.cluster_leader, "SO-B": w.member_officer, "SO-C": self.y.officer_c}


@pytest.fixture
def scoring(year: Year) -> Scoring:
    w = year.world
    for unit in (w.unit_a, w.unit_b, w.unit_c):
        sign(year.covenant, unit)
    year.emulation_year.refresh_from_db()
    if year.emulation_year.state == YearState.COVENANT_SIGNED:
        cluster_services.advance_year(
            actor=None, emulation_year=year.emulation_year, to_state=YearState.IN_PROGRESS
        )
    year.covenant.refresh_from_db()
    review = services.start_self_assessment(
        actor=w.cluster_leader, emulation_year=year.emulation_year, self_deadline=D(2018, 12, 10)
    )
    lines = list(year.covenant.lines.all())
    return Scoring(
        y=year,
        review=review,
        criteria=criteria_of(year.covenant),
        bonus=next(li for li in lines if li.kind == "bonus"),
        penalty=next(li for li in lines if li.kind == "penalty"),
    )


def fill_all(s: Scoring, self_scores: dict[str, list[str]], cross: dict[tuple[str, str], list[str]]) -> None:
    """Every unit self-assesses and submits, then every pair cross-scores and submits."""
    w = s.y.world
    units = {"SO-A": w.unit_a, "SO-B": w.unit_b, "SO-C": w.unit_c}
    for code, values in self_scores.items():
        sheet = s.sheet(units[code])
        actor = s.officers[code]
        services.save_self_assessment(
            actor=actor,
            sheet=sheet,
            revision=sheet.revision,
            scores={c.pk: (v, "Đã thực hiện") for c, v in zip(s.criteria, values, strict=True)},
        )
        with clock.recorded_at(D(2018, 12, 5)):
            services.submit_self_assessment(actor=actor, sheet=sheet, revision=sheet.revision)
    services.start_cross_scoring(actor=w.cluster_leader, review=s.review, cross_deadline=D(2018, 12, 20))
    for (scorer, unit), values in cross.items():
        assignment = s.review.assignments.get(scorer=units[scorer], unit=units[unit])
        actor = s.officers[scorer]
        services.save_cross_scores(
            actor=actor,
            assignment=assignment,
            revision=assignment.revision,
            scores={c.pk: (v, "") for c, v in zip(s.criteria, values, strict=True)},
        )
        with clock.recorded_at(D(2018, 12, 15)):
            services.submit_cross_scores(actor=actor, assignment=assignment, revision=assignment.revision)
