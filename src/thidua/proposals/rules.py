"""Permission rules of the proposals app (see thidua.core.rules).

- A dossier is prepared by its sender: for a cluster's dossier whoever leads the cluster that year
  (`clusters.lead_year`: the leading unit's officers and the authority's officers); for a unit's
  dossier the unit's officers and head.
- It is reviewed (returned, put on a council's agenda) by the authority's officers: a ministry's or
  province's emulation officers, or, for a unit's own people, the unit's head and officers.
- A decision is prepared by the issuing body's officers and issued or revoked by its emulation
  officers or its head. The council's members see the sessions and dossiers of their authority.
"""

from __future__ import annotations

from typing import Any

from thidua.accounts.enums import Role
from thidua.accounts.selectors import has_role, has_role_over, is_administrator
from thidua.clusters.rules import can_lead_year
from thidua.core.rules import rule

SENDER_ROLES = (Role.MEMBER_OFFICER, Role.UNIT_HEAD, Role.CLUSTER_LEADER_OFFICER, Role.MINISTRY_OFFICER)
AUTHORITY_ROLES = (Role.MINISTRY_OFFICER, Role.UNIT_HEAD, Role.MEMBER_OFFICER)
ISSUER_ROLES = (Role.MINISTRY_OFFICER, Role.UNIT_HEAD)
MEMBER_ROLES = (Role.MEMBER_OFFICER, Role.UNIT_HEAD)


def _sender_target(target: Any) -> tuple[Any, Any, int]:
    """(sender, cluster, year) of a dossier, or of a dict describing one to create."""
    if isinstance(target, dict):
        return target["sender"], target.get("cluster"), target["year"]
    return target.sender, target.cluster, target.year


@rule("proposals.use_proposals")
def can_use_proposals(user: Any, _: Any = None) -> bool:
    """The menu's "Khen thưởng": who sends, receives or reviews dossiers somewhere (every page
    still asks its own rule; others are sent to the public register)."""
    return is_administrator(user) or has_role(user, *SENDER_ROLES, *AUTHORITY_ROLES, Role.COUNCIL_MEMBER)


@rule("proposals.prepare_dossier")
def can_prepare_dossier(user: Any, target: Any) -> bool:
    if is_administrator(user):
        return True
    sender, cluster, year = _sender_target(target)
    if cluster is not None:
        return can_lead_year(user, (cluster, year))
    return has_role_over(user, sender, *SENDER_ROLES)


@rule("proposals.review_dossier")
def can_review_dossier(user: Any, dossier: Any) -> bool:
    """Return, put on the agenda, record a decision on an entry: the authority's officers."""
    return is_administrator(user) or has_role_over(user, dossier.authority, *AUTHORITY_ROLES)


@rule("proposals.decide_entry")
def can_decide_entry(user: Any, dossier: Any) -> bool:
    """A reasoned decision on an entry the engine cannot settle: the sender's head or officers
    while preparing, the authority's officers once submitted."""
    if dossier.is_editable:
        return can_prepare_dossier(user, dossier) or can_review_dossier(user, dossier)
    return can_review_dossier(user, dossier)


@rule("proposals.view_dossier")
def can_view_dossier(user: Any, dossier: Any) -> bool:
    if can_prepare_dossier(user, dossier) or can_review_dossier(user, dossier):
        return True
    if has_role_over(user, dossier.sender, *SENDER_ROLES):
        return True
    if is_cluster_member_of(user, dossier):
        return True
    # the council sees what is sent to its authority, once it is sent
    return not dossier.is_editable and has_role_over(user, dossier.authority, Role.COUNCIL_MEMBER)


def is_cluster_member_of(user: Any, dossier: Any) -> bool:
    """A cluster's dossier concerns every member unit of its year: their officers and heads follow
    its status and list (read only; only the leader prepares it). docs/access.md."""
    if not dossier.cluster_id or not getattr(user, "is_authenticated", False):
        return False
    from thidua.clusters.models import ClusterMembership

    memberships = ClusterMembership.objects.filter(cluster_id=dossier.cluster_id, year=dossier.year)
    return any(has_role_over(user, m.unit, *MEMBER_ROLES) for m in memberships.select_related("unit"))


@rule("proposals.manage_council")
def can_manage_council(user: Any, target: Any) -> bool:
    """Set up a council session, its agenda and vote, its minutes: the authority's officers
    (the council's standing body). `target` is a session or its authority."""
    authority = getattr(target, "authority", target)
    return is_administrator(user) or has_role_over(user, authority, *AUTHORITY_ROLES)


@rule("proposals.view_council")
def can_view_council(user: Any, session: Any) -> bool:
    if can_manage_council(user, session):
        return True
    if has_role_over(user, session.authority, Role.COUNCIL_MEMBER):
        return True
    return session.members.filter(user=user).exists()


@rule("proposals.prepare_decision")
def can_prepare_decision(user: Any, target: Any) -> bool:
    """Draft a decision: the issuing body's officers. `target` is a decision or its body."""
    body = getattr(target, "body", target)
    return is_administrator(user) or has_role_over(user, body, *AUTHORITY_ROLES)


@rule("proposals.issue_decision")
def can_issue_decision(user: Any, target: Any) -> bool:
    """Issue (enter the signed decision) or revoke: the body's emulation officers or its head."""
    body = getattr(target, "body", target)
    return is_administrator(user) or has_role_over(user, body, *ISSUER_ROLES)


@rule("proposals.view_decision", public=True)
def can_view_decision(user: Any, decision: Any) -> bool:
    """Issued decisions are public (their lists without citizen IDs or birth dates); drafts are the
    body's."""
    from .enums import DecisionState

    if decision.state != DecisionState.DRAFT:
        return True
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    return can_prepare_decision(user, decision)
