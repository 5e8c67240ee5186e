"""Who may change units, lineage and people. Reading units and lineage is public."""

from __future__ import annotations

from typing import Any

from thidua.accounts.access import OFFICER_ROLES, REGISTRY_ROLES, reaches_person
from thidua.accounts.enums import Role
from thidua.accounts.selectors import has_role_over, is_administrator
from thidua.core.rules import rule

__all__ = ["OFFICER_ROLES", "REGISTRY_ROLES"]


@rule("organisations.create_unit")
def can_create_unit(user: Any, parent: Any) -> bool:
    """Under a parent: its ministry officers; a root unit (ministry, province): administrators."""
    if parent is None:
        return is_administrator(user)
    return has_role_over(user, parent, Role.MINISTRY_OFFICER)


@rule("organisations.change_unit")
def can_change_unit(user: Any, unit: Any) -> bool:
    return has_role_over(user, unit, Role.MINISTRY_OFFICER)


@rule("organisations.record_lineage")
def can_record_lineage(user: Any, units: Any) -> bool:
    """Every unit the event touches must be in the user's care."""
    return is_administrator(user) or all(
        has_role_over(user, unit, Role.MINISTRY_OFFICER) for unit in units or []
    )


@rule("organisations.view_person")
def can_view_person(user: Any, person: Any) -> bool:
    """The person themself; the officers and council of every unit the person served in, while it
    was in their reach (tree, lineage, emulation authority): `access.reaches_person`, the same test
    as `selectors.visible_people`."""
    return reaches_person(user, person, *REGISTRY_ROLES)


@rule("organisations.manage_people")
def can_manage_people(user: Any, unit: Any) -> bool:
    return has_role_over(user, unit, Role.MEMBER_OFFICER, Role.UNIT_HEAD, Role.MINISTRY_OFFICER)
