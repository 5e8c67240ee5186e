"""Permission rules of the covenants app (see thidua.core.rules).

The leader's officers (and the authority's) draft the plan and covenant and move the year on; the
officers of each member unit comment, sign and register for their own unit; everyone may read a
covenant once it is in force, a plan once adopted, a conference's minutes once the year is past
planning (the `view_*` rules below are `public=True`: they answer anonymous visitors too).
"""

from __future__ import annotations

from typing import Any

from thidua.accounts.enums import Role
from thidua.accounts.selectors import has_role_over
from thidua.clusters.enums import YearState
from thidua.clusters.models import ClusterMembership, EmulationYear
from thidua.clusters.rules import can_lead_year
from thidua.core.rules import allows, rule
from thidua.covenants.enums import CovenantStatus, PlanStatus

UNIT_ROLES = (Role.MEMBER_OFFICER, Role.UNIT_HEAD, Role.CLUSTER_LEADER_OFFICER)


def _member_units(emulation_year: Any) -> list[Any]:
    memberships = ClusterMembership.objects.filter(
        cluster_id=emulation_year.cluster_id, year=emulation_year.year
    ).select_related("unit")
    return [m.unit for m in memberships]


def acts_for_member(user: Any, emulation_year: Any, unit: Any) -> bool:
    """The user is an officer (or the head) of `unit`, and `unit` is a member that year."""
    if not has_role_over(user, unit, *UNIT_ROLES):
        return False
    return ClusterMembership.objects.filter(
        cluster_id=emulation_year.cluster_id, year=emulation_year.year, unit=unit
    ).exists()


def takes_part(user: Any, emulation_year: Any) -> bool:
    return any(has_role_over(user, unit, *UNIT_ROLES) for unit in _member_units(emulation_year))


@rule("covenants.lead_year")
def can_lead(user: Any, emulation_year: Any) -> bool:
    """Draft the plan and covenant, set deadlines, move the year on, reopen it."""
    return can_lead_year(user, (emulation_year.cluster, emulation_year.year))


@rule("covenants.view_year")
def can_view_year(user: Any, emulation_year: Any) -> bool:
    """See drafts, comments and the signing progress: the leader, every member, the ministry."""
    if can_lead(user, emulation_year):
        return True
    if has_role_over(user, emulation_year.cluster.authority, Role.COUNCIL_MEMBER):
        return True
    return takes_part(user, emulation_year)


@rule("covenants.comment_plan")
def can_comment_plan(user: Any, emulation_year: Any) -> bool:
    return can_lead(user, emulation_year) or takes_part(user, emulation_year)


@rule("covenants.act_for_unit")
def can_act_for_unit(user: Any, year_unit: Any) -> bool:
    """Sign the covenant and register targets for a member unit: `year_unit` is (year, unit)."""
    emulation_year, unit = year_unit
    return acts_for_member(user, emulation_year, unit)


@rule("covenants.view_registrations")
def can_view_registrations(user: Any, emulation_year: Any) -> bool:
    """The summary of every member's registration: the leader and the authority."""
    return can_lead(user, emulation_year)


# --- what is public, and when (one rule each, used by pages, API, documents and CLI) -------------


def plan_is_public(plan: Any) -> bool:
    return plan.status == PlanStatus.ADOPTED


def covenant_is_public(covenant: Any) -> bool:
    return covenant.status == CovenantStatus.IN_FORCE


def conference_is_public(conference: Any) -> bool:
    """A conference's minutes and photos are public once its year is past planning."""
    return (
        EmulationYear.objects.filter(cluster_id=conference.cluster_id, year=conference.year)
        .exclude(state=YearState.PLANNING)
        .exists()
    )


@rule("covenants.view_plan", public=True)
def can_view_plan(user: Any, plan: Any) -> bool:
    """Everyone once adopted; a draft only to those who may view the year (leader, members, authority)."""
    return plan_is_public(plan) or allows(user, "covenants.view_year", plan.emulation_year)


@rule("covenants.view_covenant", public=True)
def can_view_covenant(user: Any, covenant: Any) -> bool:
    """Everyone once in force; a draft, a covenant being signed or a superseded version only to
    those who may view the year."""
    return covenant_is_public(covenant) or allows(user, "covenants.view_year", covenant.emulation_year)


@rule("covenants.view_conference", public=True)
def can_view_conference(user: Any, conference: Any) -> bool:
    """Minutes and photos of a conference: everyone once the year is past planning, before that
    those who may view the year (or, before the year is opened, those who lead it)."""
    if conference_is_public(conference):
        return True
    emulation_year = (
        EmulationYear.objects.select_related("cluster__authority")
        .filter(cluster_id=conference.cluster_id, year=conference.year)
        .first()
    )
    if emulation_year is None:
        return allows(user, "clusters.lead_year", (conference.cluster, conference.year))
    return allows(user, "covenants.view_year", emulation_year)


def may_see_conference(user: Any, conference: Any) -> bool:
    """Kept for callers of the older name: the same as `allows(user, "covenants.view_conference", …)`."""
    return allows(user, "covenants.view_conference", conference)
