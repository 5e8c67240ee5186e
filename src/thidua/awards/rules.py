"""Permission rules of the awards app (see thidua.core.rules).

Reading a registry follows `organisations.view_person` (see `thidua.accounts.access`): officers and
the council see the people who served in the units they reach, a person sees their own, outsiders
nothing. Writing needs an officer role over the subject's
current unit; revocation and rule-set parameters need more (ministry officer, administrator).
"""

from __future__ import annotations

from typing import Any

from thidua.accounts.access import REGISTRY_ROLES, reaches_unit
from thidua.accounts.enums import Role
from thidua.accounts.selectors import has_role, has_role_over, is_administrator
from thidua.core.rules import allows, rule
from thidua.organisations.models import Person, Unit

WRITER_ROLES = (Role.MEMBER_OFFICER, Role.UNIT_HEAD, Role.MINISTRY_OFFICER)


def _current_units(person: Person) -> list[Unit]:
    return [pos.unit for pos in person.positions.all() if pos.end is None]


@rule("awards.view_registry")
def can_view_registry(user: Any, subject: Any) -> bool:
    """A unit's registry: its officers and council through the tree and lineage, and the authority
    of a cluster it was a member of; a person's: `organisations.view_person` (history included)."""
    if isinstance(subject, Unit):
        return reaches_unit(user, subject, *REGISTRY_ROLES, through_authority=True)
    return allows(user, "organisations.view_person", subject)


@rule("awards.change_registry")
def can_change_registry(user: Any, subject: Any) -> bool:
    if is_administrator(user):
        return True
    if isinstance(subject, Unit):
        return has_role_over(user, subject, *WRITER_ROLES)
    if isinstance(subject, Person):
        return any(has_role_over(user, unit, *WRITER_ROLES) for unit in _current_units(subject))
    return False


@rule("awards.revoke_conferral")
def can_revoke_conferral(user: Any, subject: Any) -> bool:
    """Revocation cancels a decision: ministry officers over the subject, or administrators."""
    if is_administrator(user):
        return True
    if isinstance(subject, Unit):
        return has_role_over(user, subject, Role.MINISTRY_OFFICER)
    if isinstance(subject, Person):
        return any(has_role_over(user, unit, Role.MINISTRY_OFFICER) for unit in _current_units(subject))
    return False


@rule("awards.import_registry")
def can_import_registry(user: Any, _: Any) -> bool:
    """Starting an import; every row is then checked with `awards.change_registry`."""
    return is_administrator(user) or has_role(user, *WRITER_ROLES)


@rule("awards.change_parameters")
def can_change_parameters(user: Any, _: Any) -> bool:
    return is_administrator(user)


@rule("awards.run_batch")
def can_run_batch(user: Any, _: Any) -> bool:
    return is_administrator(user) or has_role(user, Role.MINISTRY_OFFICER)


@rule("awards.check_case")
def can_check_case(user: Any, _: Any) -> bool:
    """Evaluating a posted case file touches no stored data: any signed-in user."""
    return bool(getattr(user, "is_authenticated", False))


@rule("awards.record_decision")
def can_record_decision(user: Any, _: Any) -> bool:
    """Entering a decision that confers titles: the same people who may write the registry."""
    return can_import_registry(user, _)


@rule("awards.enter_ratings")
def can_enter_ratings(user: Any, unit: Any) -> bool:
    """A unit's year-end ratings of its people: the unit's officers and head (tree and lineage), a
    ministry officer above it, administrators. Which people a unit rates is the placement rule
    (`thidua.awards.unit_year`), checked by the service."""
    if is_administrator(user):
        return True
    return isinstance(unit, Unit) and has_role_over(user, unit, *WRITER_ROLES)


@rule("awards.view_unit_year")
def can_view_unit_year(user: Any, unit: Any) -> bool:
    """A unit's year (its people's ratings, review, statistics): whoever may read its registry."""
    return isinstance(unit, Unit) and can_view_registry(user, unit)
