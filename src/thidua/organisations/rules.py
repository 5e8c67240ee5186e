"""Who may change units, lineage and people. Reading units and lineage is public."""

from __future__ import annotations

from typing import Any

from thidua.accounts.enums import Role
from thidua.accounts.selectors import has_role_over, is_administrator
from thidua.core.rules import rule

OFFICER_ROLES = (Role.MEMBER_OFFICER, Role.UNIT_HEAD, Role.CLUSTER_LEADER_OFFICER, Role.MINISTRY_OFFICER)


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
    if getattr(user, "person_id", None) == person.pk:
        return True
    if is_administrator(user):
        return True
    # Current posts only (`Position.is_current`, the same definition as `current()` used by
    # `selectors.visible_people`): serving in a unit once does not open a person to its officers for
    # life. `.all()` keeps a prefetch of the positions usable.
    return any(
        has_role_over(user, pos.unit, *OFFICER_ROLES) for pos in person.positions.all() if pos.is_current
    )


@rule("organisations.manage_people")
def can_manage_people(user: Any, unit: Any) -> bool:
    return has_role_over(user, unit, Role.MEMBER_OFFICER, Role.UNIT_HEAD, Role.MINISTRY_OFFICER)
