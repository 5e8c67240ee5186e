"""A ministry's (or province's) overview of its units' reviews for a year (issue 18): every unit
the officer reaches that reviews its own people, with its people at year end, how many are rated,
its dossier to its head, its head's decision (made here, or recorded in the registry for a year
decided before thidua) and its dossier upwards — in six queries whatever the number of units
(tests/proposals/test_unit_pages.py counts them)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from thidua.accounts.access import units_reached
from thidua.accounts.enums import Role
from thidua.awards.eligibility.codes import HEAD_CONFERRED_TITLES
from thidua.awards.models import Conferral, Decision, YearRecord
from thidua.core.rules import allows
from thidua.organisations.enums import UnitKind
from thidua.organisations.models import Position, Unit

from .enums import DecisionState, DossierKind
from .models import AwardDecision, Dossier

# Bodies that review their own people (a division is reviewed with its unit; a ministry or a
# people's committee is the authority over the units listed).
REVIEWING_KINDS = (UnitKind.MINISTRY_DEPARTMENT, UnitKind.PROVINCIAL_DEPARTMENT, UnitKind.OTHER)
OFFICER_ROLES = (Role.MINISTRY_OFFICER, Role.CLUSTER_LEADER_OFFICER, Role.MEMBER_OFFICER, Role.UNIT_HEAD)
MAX_UNITS = 2000
# The head's titles (catalogue), found in the registry for a year, show its decision was made.
UNIT_TITLES = HEAD_CONFERRED_TITLES


@dataclass
class OverviewRow:
    unit: Unit
    people: int = 0
    rated: int = 0
    own: Dossier | None = None
    higher: Dossier | None = None
    decision: AwardDecision | None = None
    recorded: Decision | None = None  # the head's decision on its people, as the registry holds it
    # what the user may open (a ministry officer sees a unit's dossier to its own head counted, not
    # opened: it is the unit's; the review itself is open to whoever reaches the unit)
    own_open: bool = False
    higher_open: bool = False
    decision_open: bool = False
    review_open: bool = False

    @property
    def step(self) -> str:
        """Where the unit stands, in words."""
        if self.decision is not None and self.decision.state == DecisionState.ISSUED:
            return "Đã có quyết định"
        if self.decision is not None:
            return "Dự thảo quyết định"
        if self.recorded is not None:
            return "Đã có quyết định (ghi trong sổ khen thưởng)"
        if self.own is not None:
            return f"Hồ sơ: {self.own.get_state_display().lower()}"
        if self.rated:
            return "Đang bình xét" if self.rated >= self.people else "Đang xếp loại"
        return "Chưa bắt đầu"


def active_in(year: int) -> Q:
    """Units that existed during the year (a body merged away in 2025 has no 2026 review)."""
    return (Q(active_from__isnull=True) | Q(active_from__year__lte=year)) & (
        Q(active_to__isnull=True) | Q(active_to__year__gte=year)
    )


def overview(user: Any, year: int) -> list[OverviewRow]:
    reached = units_reached(user, *OFFICER_ROLES).filter(active_in(year), kind__in=REVIEWING_KINDS)
    units = list(reached.order_by("sort_key", "name", "id")[:MAX_UNITS])
    rows = {u.pk: OverviewRow(u) for u in units}
    by_path = {u.path: u.pk for u in units}
    posts = Position.objects.filter(_posted_at_end(year), unit__in=reached.values("pk"))
    placed: dict[int, int] = {}
    for person_id, path in posts.values_list("person_id", "unit__path"):
        parts = path.strip("/").split("/")
        for i in range(len(parts), 0, -1):  # the nearest listed unit above the post
            unit_id = by_path.get("/" + "/".join(parts[:i]) + "/")
            if unit_id is not None:
                placed[person_id] = unit_id
                break
    for unit_id in placed.values():
        rows[unit_id].people += 1
    rated = YearRecord.objects.filter(year=year, person_id__in=posts.values("person_id")).exclude(rating="")
    for person_id in rated.values_list("person_id", flat=True):
        if person_id in placed:
            rows[placed[person_id]].rated += 1
    dossiers = (
        Dossier.objects.filter(kind=DossierKind.UNIT, year=year, sender__in=reached.values("pk"))
        .select_related("authority")
        .annotate(entry_count=Count("entries"))
        .order_by("id")
    )
    for dossier in dossiers:
        row = rows.get(dossier.sender_id)
        if row is not None:
            if dossier.authority_id == dossier.sender_id:
                row.own = dossier
            else:
                row.higher = dossier
    decisions = AwardDecision.objects.filter(body__in=reached.values("pk"), year=year).exclude(
        state=DecisionState.REVOKED
    )
    for decision in decisions.annotate(entry_count=Count("entries")).order_by("id"):
        row = rows.get(decision.body_id)
        if row is not None:
            row.decision = decision
    # A year decided outside thidua: the registry holds its people's unit titles with the decision.
    for conferral in _head_titles(year, posts.values("person_id")):
        holder = conferral.record.person_id
        row = rows.get(placed.get(holder, 0)) if holder is not None else None
        if row is not None and row.own is None and row.recorded is None:
            row.recorded = conferral.decision
    for row in rows.values():
        row.own_open = row.own is not None and allows(user, "proposals.view_dossier", row.own)
        row.higher_open = row.higher is not None and allows(user, "proposals.view_dossier", row.higher)
        row.decision_open = row.decision is not None and allows(user, "proposals.view_decision", row.decision)
        row.review_open = allows(user, "awards.view_unit_year", row.unit)
    return list(rows.values())


def recorded_decision(unit: Unit, year: int) -> Decision | None:
    """The head's decision on the unit's people for the year as the registry holds it (a year
    decided before thidua): the first live conferral of a unit title to someone posted there at
    year end. The overview finds the same for many units at once."""
    posted = Position.objects.filter(_posted_at_end(year), unit__path__startswith=unit.path)
    found = _head_titles(year, posted.values("person_id")).first()
    return found.decision if found is not None else None


def _posted_at_end(year: int) -> Q:
    """Posts held on 31 December of the year (who the unit reviews)."""
    end = datetime.date(year, 12, 31)
    return Q(start__lte=end) & (Q(end__isnull=True) | Q(end__gte=end))


def _head_titles(year: int, people: Any) -> QuerySet[Conferral]:
    """Live conferrals of the head's titles by a decision to `people` for the year, oldest first."""
    return (
        Conferral.objects.filter(
            record__year=year,
            record__person_id__in=people,
            title__code__in=UNIT_TITLES,
            decision__isnull=False,
            revoked_on__isnull=True,
        )
        .select_related("decision", "record")
        .order_by("decision__date", "id")
    )


def reviewable(year: int) -> bool:
    """Whether a rule set covers the year (before the first one there is no review to show)."""
    from thidua.awards.review import cstdcs_quota_pct
    from thidua.core.errors import InvalidInput

    try:
        cstdcs_quota_pct(year)  # reads the year's rule sets (and the administrators' choice)
    except InvalidInput:
        return False
    return True
