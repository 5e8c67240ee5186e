"""Reads about who holds which role where. Cached on the user object for one request.

What a role *reaches* (the tree, lineage, the emulation authority, people's history) is decided
in `thidua.accounts.access`; the helpers here are the older names, kept for the apps that use them,
and answer through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from thidua.accounts import access
from thidua.accounts.enums import Role


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
        # The same cached rows as `access` (one query per request for both).
        rows = access.current_assignments(user)
        cached = tuple(Scope(role, unit_id, path or "") for role, unit_id, path in rows)
        if user.is_superuser:
            cached = (*cached, Scope(Role.ADMINISTRATOR, None, ""))
        user._thidua_scopes = cached
    return cached


def is_administrator(user: Any) -> bool:
    return access.is_administrator(user)


def has_role(user: Any, *roles: str) -> bool:
    return any(scope.role in roles for scope in scopes_of(user))


def has_role_over(user: Any, unit: Any, *roles: str) -> bool:
    """The user holds one of `roles` on `unit`, on a unit above it, or on a unit it succeeded or
    that succeeded it (administrators always do). See `access.reaches_unit`."""
    return access.reaches_unit(user, unit, *roles)


def scope_filter(user: Any, *roles: str, path_field: str = "path") -> Q | None:
    """A filter selecting rows whose unit lies in the tree or lineage of the user's scopes for `roles`.

    None means no restriction (administrator); an empty-matching filter means nothing visible.
    """
    return access.unit_filter(user, *roles, path_field=path_field)
