"""Small pieces the proposal services share: text checks, the status history, subjects."""

from __future__ import annotations

import datetime
from typing import Any

from thidua.core import clock
from thidua.core.errors import InvalidInput
from thidua.organisations.models import Person, Unit

from ..models import Dossier, DossierEvent

Subject = Person | Unit


def actor_label(actor: Any) -> str:
    if getattr(actor, "pk", None):
        full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
        return full or actor.get_username()
    return "Hệ thống"


def text(value: str | None, *, field: str, label: str, maximum: int, required: bool = True) -> str:
    """A trimmed text within its length, or a Vietnamese InvalidInput naming the field."""
    value = " ".join((value or "").split()) if maximum <= 300 else (value or "").strip()
    if required and not value:
        raise InvalidInput(f"Cần ghi {label}.", fields={field: "required"})
    if len(value) > maximum:
        raise InvalidInput(
            f"{label[0].upper()}{label[1:]} dài quá {maximum} ký tự.", fields={field: "too_long"}
        )
    return value


def log_event(*, dossier: Dossier, from_state: str, to_state: str, actor: Any, reason: str = "") -> None:
    """One line of the history the sender sees (its time is the domain clock's)."""
    DossierEvent.objects.create(
        dossier=dossier,
        from_state=from_state,
        to_state=to_state,
        at=clock.now(),
        actor_label=actor_label(actor),
        reason=reason,
    )


def subject_fields(subject: Subject) -> dict[str, Any]:
    return (
        {"person": subject, "unit": None}
        if isinstance(subject, Person)
        else {"person": None, "unit": subject}
    )


def subject_name(subject: Subject) -> str:
    return subject.full_name if isinstance(subject, Person) else subject.name


def person_unit_label(person: Person, *, on: datetime.date | None = None) -> str:
    """The unit a person worked in on `on` (the achievement year's end, for the decision's list:
    a 2018 decision names the 2018 department, not the body it merged into later), else the
    latest one."""
    positions = sorted(person.positions.all(), key=lambda p: (p.end is None, p.start))
    if on is not None:
        held = [p for p in positions if p.start <= on and (p.end is None or p.end >= on)]
        positions = held or [p for p in positions if p.start <= on] or positions
    return positions[-1].unit.name if positions else ""
