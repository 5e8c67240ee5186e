"""Property: the batch over the database and the single-subject evaluator agree on every person,
target and condition, for generated registry histories."""

from __future__ import annotations

import datetime

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import World, make_person
from thidua.awards import services
from thidua.awards.models import Decision
from thidua.awards.selectors import stored_outcomes
from thidua.awards.services.evaluation import PERSON_TARGETS

YEARS = list(range(2016, 2026))
year_entry = st.fixed_dictionaries(
    {
        "rating": st.sampled_from(["", "HTXSNV", "HTTNV", "HTNV", "KHTNV"]),
        "titles": st.sets(st.sampled_from(["LDTT", "CSTDCS", "CSTD_BO"]), max_size=3),
        "awards": st.sets(st.sampled_from(["BK_BO", "BK_TTG", "GIAY_KHEN"]), max_size=2),
        "revoke": st.booleans(),
        "discipline": st.sampled_from(["", "", "", "KHIEN_TRACH", "CANH_CAO"]),
        "months": st.integers(8, 12),
        "absence": st.sampled_from([0, 5, 45]),
        "initiative": st.sampled_from([None, "CO_SO", "BO_TINH", "TOAN_QUOC"]),
        "used_for": st.sampled_from(["", "", "", "BK_BO:2025", "BK_TTG:2024", "CSTD_BO:2023"]),
    }
)
history = st.dictionaries(st.sampled_from(YEARS), year_entry, min_size=1, max_size=8)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(people=st.lists(history, min_size=1, max_size=3), year=st.sampled_from([2023, 2024, 2025]))
def test_batch_agrees_with_single(
    world: World, people: list[dict[int, dict[str, object]]], year: int
) -> None:
    with transaction.atomic():
        decision = Decision.objects.create(number="1/QĐ", date=datetime.date(2026, 1, 1), authority="Sở")
        subjects = []
        for index, hist in enumerate(people):
            person = make_person(unit=world.unit_b, full_name=f"Nguyễn Văn Thử{index}")
            subjects.append(person)
            for y, e in hist.items():
                services.record_year(
                    actor=None,
                    subject=person,
                    year=y,
                    rating=str(e["rating"]),
                    discipline=str(e["discipline"]),
                    months_worked=int(e["months"]),
                    absence_days=int(e["absence"]),  # type: ignore[call-overload]
                )
                for code in sorted({*e["titles"], *e["awards"]}):  # type: ignore[misc]
                    conferral = services.confer(
                        actor=None,
                        subject=person,
                        year=y,
                        code=code,
                        decision=decision,
                        used_for=str(e["used_for"]) if code in ("LDTT", "CSTDCS", "BK_BO") else "",
                    )
                    if e["revoke"] and code in ("CSTDCS", "BK_BO"):
                        services.revoke_conferral(
                            actor=None, conferral=conferral, on=datetime.date(2026, 2, 1), basis="QĐ 2"
                        )
                if e["initiative"]:
                    services.add_initiative(
                        actor=None,
                        subject=person,
                        code=f"SK{y}",
                        year=y,
                        scope=str(e["initiative"]),
                        used_for=str(e["used_for"]),
                    )
        run = services.run_batch(actor=None, year=year)
        stored = {
            (pid, code): outcome
            for (kind, pid), by_target in stored_outcomes(run=run).items()
            if kind == "person"
            for code, outcome in by_target.items()
        }
        for person in subjects:
            for code in PERSON_TARGETS:
                if not any(y <= year for y in people[subjects.index(person)]):
                    assert (person.pk, code) not in stored
                    continue
                single = services.evaluate_subject(actor=None, subject=person, target_code=code, year=year)
                row = stored[(person.pk, code)]
                assert (row.verdict, row.rule_set, row.met) == (
                    single.verdict,
                    single.rule_set,
                    single.met_by_id,
                )
        transaction.set_rollback(True)
