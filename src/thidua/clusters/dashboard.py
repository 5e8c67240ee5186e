"""The clusters' part of the personal dashboard (registered in ClustersConfig.ready)."""

from __future__ import annotations

from collections.abc import Mapping

from thidua.accounts.enums import Role
from thidua.clusters.selectors import clusters_managed_by, leaderships_of_units, memberships_of_units
from thidua.core.dashboard import DashboardInput


def clusters_panel(data: DashboardInput) -> Mapping[str, object]:
    manages = data.roles & {Role.MINISTRY_OFFICER, Role.ADMINISTRATOR}
    return {
        "managed_clusters": clusters_managed_by(data.user) if manages else [],
        "member_of": memberships_of_units(set(data.unit_ids)),
        "leading": leaderships_of_units(set(data.unit_ids)),
    }
