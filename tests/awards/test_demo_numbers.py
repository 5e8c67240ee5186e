"""The demo's registry tells the same story whatever the database held before: its decision
numbers and initiative codes come from the demo's own order, never from primary keys (a key
ending in 625 once gave a 2020 decision of the Minister the number the chain's 125/QĐ-BTNMT
needs, and the demo failed on a database that had seen other rows)."""

from __future__ import annotations

import io

from django.db import transaction

from thidua.awards import demo as awards_demo
from thidua.awards.models import Decision, Initiative
from thidua.organisations import demo as organisations_demo
from thidua.organisations.models import Person


class _Rollback(Exception):
    pass


def _story() -> tuple[list[str], list[str]]:
    story: tuple[list[str], list[str]] = ([], [])
    try:
        with transaction.atomic():
            organisations_demo.load_demo(stdout=io.StringIO())
            awards_demo.load_demo(stdout=io.StringIO())
            story = (
                sorted(f"{d.number} {d.authority} {d.date:%d/%m/%Y}" for d in Decision.objects.all()),
                sorted(Initiative.objects.values_list("code", flat=True)),
            )
            raise _Rollback
    except _Rollback:
        pass
    return story


def test_the_registry_story_does_not_depend_on_primary_keys(db: None) -> None:
    first = _story()
    # push every later person's key on by 1,000 (SQLite keeps its counter, PostgreSQL its sequence)
    Person.objects.bulk_create(
        [Person(family_name="Người", given_name=f"Tạm {i}", sort_key=f"tam {i}") for i in range(1000)]
    )
    Person.objects.all().delete()
    second = _story()
    assert first[0]
    assert first[1]
    assert second == first
    assert not any(n.startswith("125/QĐ-BTNMT ") for n in first[0])
    # numbering restarts each year, so no number carries a year prefix (9708/QĐ-BTNMT once did)
    assert all(len(n.split("/")[0]) <= 3 for n in first[0])
