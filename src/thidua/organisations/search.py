"""What the site's search box finds in this app (`thidua.core.search`): units, for everyone, with
the one unit search (`selectors.search_units`); people, for officers only, among those the user
reaches (`thidua.accounts.access` through `selectors.visible_people`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q
from django.db.models.functions import Length
from django.urls import reverse

from thidua.accounts.access import REGISTRY_ROLES, has_any_role
from thidua.core.search import Found, SearchResult
from thidua.core.text import fold
from thidua.organisations.models import Position, Unit
from thidua.organisations.selectors import search_units, visible_people


def _unit_detail(unit: Unit) -> str:
    parts = [unit.get_kind_display()]  # never the internal code (it is only in the link)
    if unit.active_to is not None:
        parts.append(unit.end_note)
    return " · ".join(parts)


def find_units(user: Any, query: str, window: int) -> Found:
    # Ranked by the search (exact, then name prefix, then the rest; by sort key within each), so
    # the exact names are inside the window whatever the match count.
    fields = "code", "name", "short_name", "kind", "active_to"
    matches = search_units(Unit.objects.only(*fields).order_by("sort_key", "id"), query)
    return Found(
        total=matches.count(),
        candidates=[
            SearchResult(
                title=unit.name,
                url=reverse("organisations:unit_detail", args=[unit.code]),
                detail=_unit_detail(unit),
                names=(unit.name, unit.short_name, unit.code),
            )
            for unit in matches[:window]
        ],
    )


def find_people(user: Any, query: str, window: int) -> Found | None:
    if not getattr(user, "is_authenticated", False) or not has_any_role(user, *REGISTRY_ROLES):
        return None  # people are found by officers only
    condition = Q()
    for word in fold(query).split():
        condition &= Q(search_text__contains=word)
    matches = visible_people(user).filter(condition)
    posts = Prefetch(
        "positions", queryset=Position.objects.current().select_related("unit"), to_attr="current_posts"
    )
    people = (
        matches.order_by(Length("search_text"), "sort_key", "id")
        .only("family_name", "middle_name", "given_name")
        .prefetch_related(posts)[:window]
    )
    return Found(
        total=matches.count(),
        candidates=[
            SearchResult(
                title=person.full_name,
                url=reverse("organisations:person_detail", args=[person.pk]),
                detail="; ".join(f"{p.title}, {p.unit.name}" for p in person.current_posts),  # type: ignore[attr-defined]
            )
            for person in people
        ],
    )
