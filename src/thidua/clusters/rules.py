"""Who may manage movements, clusters, their members and leaders, and conferences."""

from __future__ import annotations

from typing import Any

from thidua.accounts.enums import Role
from thidua.accounts.selectors import has_role_over
from thidua.clusters.selectors import leadership_for
from thidua.core.rules import rule


@rule("clusters.manage_cluster")
def can_manage_cluster(user: Any, authority_or_cluster: Any) -> bool:
    """The authority's ministry officers set up clusters, members and leaders."""
    authority = getattr(authority_or_cluster, "authority", authority_or_cluster)
    return has_role_over(user, authority, Role.MINISTRY_OFFICER)


@rule("clusters.create_movement")
def can_create_movement(user: Any, authority: Any) -> bool:
    return has_role_over(user, authority, Role.MINISTRY_OFFICER)


@rule("clusters.lead_year")
def can_lead_year(user: Any, cluster_year: Any) -> bool:
    """Officers of the unit leading the cluster in that year, and the authority's officers.

    `cluster_year` is a (cluster, year) pair.
    """
    cluster, year = cluster_year
    if has_role_over(user, cluster.authority, Role.MINISTRY_OFFICER):
        return True
    leadership = leadership_for(cluster=cluster, year=year)
    return leadership is not None and has_role_over(user, leadership.leader, Role.CLUSTER_LEADER_OFFICER)
