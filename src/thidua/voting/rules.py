"""Permission rules of the voting app (see thidua.core.rules).

Only existing predicates are called (clusters' leader of the year, accounts' roles), so the access
rework of scopes reaches these rules unchanged. Casting a ballot needs no rule: the one-time
credential is the right to vote, and checking who the caster is would link the ballot to them.
"""

from __future__ import annotations

from typing import Any

from thidua.accounts.access import has_any_role
from thidua.accounts.enums import Role
from thidua.accounts.selectors import has_role_over
from thidua.clusters.rules import can_lead_year
from thidua.core.rules import rule

from .enums import Disclosure, SessionKind, SessionState


def _lead_target(target: Any) -> tuple[str, Any, Any, int]:
    """(kind, cluster, authority, year) of a session, or of a dict/tuple describing one to create."""
    if isinstance(target, dict):
        return target["kind"], target.get("cluster"), target.get("authority"), target["year"]
    return target.kind, target.cluster, target.authority, target.year


# Who can be in charge of some vote: a ministry's emulation officers (councils, their clusters'
# selections) and the officers of a unit that leads a cluster in some year.
ORGANISERS = (Role.MINISTRY_OFFICER, Role.CLUSTER_LEADER_OFFICER)


@rule("voting.create_session")
def can_create_session(user: Any, _: Any = None) -> bool:
    """The form that sets up a cluster's selection vote: only those who could be in charge of one
    (the service then checks the cluster and year chosen, `voting.manage_session`)."""
    return has_any_role(user, *ORGANISERS)


def may_organise_for(user: Any, cluster: Any) -> bool:
    """The cluster can be chosen on the form: the user leads it in one of its years or oversees it."""
    if has_role_over(user, cluster.authority, Role.MINISTRY_OFFICER):
        return True
    return any(
        has_role_over(user, lead.leader, Role.CLUSTER_LEADER_OFFICER) for lead in cluster.leaderships.all()
    )


@rule("voting.manage_session")
def can_manage_session(user: Any, target: Any) -> bool:
    """Set up, open, close, enter paper counts: the person in charge.

    A cluster's selection: the officers of the unit leading the cluster that year (and the authority's
    officers, through `clusters.lead_year`). A council vote: the authority's emulation officers, who
    serve as the council's standing body.
    """
    kind, cluster, authority, year = _lead_target(target)
    if kind == SessionKind.CLUSTER_SELECTION and cluster is not None:
        return can_lead_year(user, (cluster, year))
    return has_role_over(user, authority, Role.MINISTRY_OFFICER)


@rule("voting.view_session")
def can_view_session(user: Any, session: Any) -> bool:
    """The session page (turnout, candidates): those in charge, the voters, the cluster's members,
    the council's members."""
    if session.voters.filter(user=user).exists():
        return True
    return can_view_group(user, session)


@rule("voting.view_group")
def can_view_group(user: Any, session: Any) -> bool:
    """`voting.view_session` without the voter clause: the same answer for every session of one kind,
    cluster (or authority) and year, so a list asks it once per group."""
    if can_manage_session(user, session):
        return True
    if has_role_over(user, session.authority, Role.COUNCIL_MEMBER):
        return True
    if session.cluster_id is not None:
        from thidua.clusters.models import ClusterMembership

        units = ClusterMembership.objects.filter(cluster_id=session.cluster_id, year=session.year)
        return any(
            has_role_over(user, m.unit, Role.MEMBER_OFFICER, Role.UNIT_HEAD, Role.CLUSTER_LEADER_OFFICER)
            for m in units.select_related("unit")
        )
    return False


def board_is_public(session: Any) -> bool:
    """Every ballot is published once the session closes, unless a small electorate's disclosure
    setting keeps the counts back (then only the receipts are public)."""
    return session.state == SessionState.CLOSED and session.disclosure == Disclosure.FULL


@rule("voting.view_ballots")
def can_view_ballots(user: Any, session: Any) -> bool:
    """The ballots' contents on the bulletin board: anyone when public; otherwise the person in charge
    (the tally committee), after the close only."""
    if session.state != SessionState.CLOSED:
        return False
    return board_is_public(session) or can_manage_session(user, session)
