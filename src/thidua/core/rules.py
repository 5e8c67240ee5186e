"""Permission rules: one named predicate per action, registered by each app's `rules.py`.

Pages, the API and the command line all ask `allows(user, "app.action_noun", obj)` or
`require(...)`, and Django's `user.has_perm` reaches the same rules through `RulesBackend`, so
templates can use `perms` too. `user=None` is the system itself (demo loader, migrations, cron).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from thidua.core.errors import Forbidden

Predicate = Callable[[Any, Any], bool]
_RULES: dict[str, Predicate] = {}
# Rules whose predicate also answers for anonymous visitors (something public once in a state,
# private before): `allows` asks them instead of refusing a visitor outright.
_PUBLIC: set[str] = set()

FORBIDDEN_MESSAGE = "Bạn không có quyền thực hiện thao tác này."


def rule(name: str, *, public: bool = False) -> Callable[[Predicate], Predicate]:
    """Register a predicate. `public=True`: it is also asked for anonymous or inactive visitors,
    so it must itself say what a visitor may see (typically "public once in force, else …")."""

    def register(predicate: Predicate) -> Predicate:
        if name in _RULES and _RULES[name] is not predicate:
            raise RuntimeError(f"rule {name!r} is defined twice")
        _RULES[name] = predicate
        if public:
            _PUBLIC.add(name)
        return predicate

    return register


def rule_names() -> list[str]:
    return sorted(_RULES)


def allows(user: Any, name: str, obj: Any = None) -> bool:
    if name not in _RULES:
        raise KeyError(f"unknown rule {name!r}")
    if user is None:  # the system acting on its own
        return True
    if name in _PUBLIC:
        return bool(_RULES[name](user, obj))
    if not getattr(user, "is_active", False):
        return False
    return bool(_RULES[name](user, obj))


def require(user: Any, name: str, obj: Any = None, *, message: str = FORBIDDEN_MESSAGE) -> None:
    if not allows(user, name, obj):
        raise Forbidden(message)


class RulesBackend:
    """Lets `user.has_perm("clusters.manage_cluster", cluster)` consult the same rules."""

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return perm in _RULES and allows(user_obj, perm, obj)
