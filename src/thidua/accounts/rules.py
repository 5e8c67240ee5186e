"""Who may give roles and manage API tokens."""

from __future__ import annotations

from typing import Any

from thidua.accounts.selectors import is_administrator
from thidua.core.rules import rule


@rule("accounts.assign_role")
def can_assign_role(user: Any, unit: Any) -> bool:
    return is_administrator(user)


@rule("accounts.manage_tokens")
def can_manage_tokens(user: Any, owner: Any) -> bool:
    """Everyone manages their own tokens; administrators anyone's."""
    return getattr(owner, "pk", None) == user.pk or is_administrator(user)
