"""Reads about who holds which role where. Cached on the user object for one request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from thidua.accounts.enums import Role
from thidua.accounts.models import RoleAssignment


@dataclass(frozen=True)
class Scope:
    role: str
    unit_id: int | None
    unit_path: str  # "" for administrator: covers everything


def scopes_of(user: Any) -> tuple[Scope, ...]:
    if not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, "_thidua_scopes", None)
    if cached is None:
        rows = RoleAssignment.objects.current().filter(user=user).values_list("role", "unit_id", "unit__path")
        cached = tuple(Scope(role, unit_id, path or "") for role, unit_id, path in rows)
        if user.is_superuser:
            cached = (*cached, Scope(Role.ADMINISTRATOR, None, ""))
        user._thidua_scopes = cached
    return cached


def is_administrator(user: Any) -> bool:
    return any(scope.role == Role.ADMINISTRATOR for scope in scopes_of(user))


def has_role(user: Any, *roles: str) -> bool:
    return any(scope.role in roles for scope in scopes_of(user))


def has_role_over(user: Any, unit: Any, *roles: str) -> bool:
    """The user holds one of `roles` on `unit` or on a unit above it (administrators always do)."""
    if is_administrator(user):
        return True
    if unit is None:
        return False
    return any(scope.role in roles and unit.path.startswith(scope.unit_path) for scope in scopes_of(user))


def scope_filter(user: Any, *roles: str, path_field: str = "path") -> Q | None:
    """A filter selecting rows whose unit lies under the user's scopes for `roles`.

    None means no restriction (administrator); an empty-matching filter means nothing visible.
    """
    if is_administrator(user):
        return None
    condition = Q(pk__in=[])
    for scope in scopes_of(user):
        if scope.role in roles:
            condition |= Q(**{f"{path_field}__startswith": scope.unit_path})
    return condition
