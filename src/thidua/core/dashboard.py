"""Panels of the personal dashboard contributed by the apps that own them.

The dashboard page lives in `accounts` (it is built from a person's roles), but what a cluster
leader or a ministry officer sees there belongs to higher apps (`clusters`, later `scoring`,
`voting`, `proposals`). They register a context function in their AppConfig.ready(), so accounts
never imports them (the layers of `.importlinter`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DashboardInput:
    user: Any
    unit_ids: frozenset[int]  # units the user holds a role on
    roles: frozenset[str]  # roles the user holds
    year: int


DashboardPanel = Callable[[DashboardInput], Mapping[str, object]]
_PANELS: dict[str, DashboardPanel] = {}


def register_dashboard_panel(name: str, panel: DashboardPanel) -> None:
    """Add (or replace, by name: ready() may run twice in tests) a panel's context function."""
    _PANELS[name] = panel


def dashboard_context(data: DashboardInput) -> dict[str, object]:
    context: dict[str, object] = {}
    for panel in _PANELS.values():
        context.update(panel(data))
    return context
