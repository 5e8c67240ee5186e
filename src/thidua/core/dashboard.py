"""The personal dashboard's contributions from the apps that own them.

The page lives in `accounts` (it is built from a person's roles), but what a cluster leader, a
member officer or a ministry officer sees there belongs to higher apps (`clusters`, `covenants`,
`scoring`, `voting`, `proposals`, `news`), and accounts may not import them (`.importlinter`).
Each app registers, in its AppConfig.ready():

- a *panel*: a function of `DashboardInput` answering context for its own part of the page
  (`register_dashboard_panel("clusters", clusters_panel)`);
- *tasks*: a function of `DashboardInput` answering the work waiting for the user, each with a
  direct link (`register_task_provider("covenants", covenant_tasks)`). The page lists every app's
  tasks together under "Việc cần làm", sorted by deadline (overdue first, then the nearest, then
  those without one). Providers use their app's rules, so a task never links to a page the user
  cannot open.

Registration is by name, so `ready()` running twice (tests) replaces instead of duplicating.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class DashboardInput:
    user: Any
    unit_ids: frozenset[int]  # units the user holds a role on
    roles: frozenset[str]  # roles the user holds
    year: int


@dataclass(frozen=True)
class Task:
    title: str  # what to do, in Vietnamese: "3/10 đơn vị chưa ký giao ước"
    url: str
    context: str = ""  # where it belongs: "Cụm thi đua số 1 – năm 2018"
    detail: str = ""  # e.g. the names still missing
    deadline: datetime.date | None = None
    done: int | None = None  # progress, when the task is a count of units
    total: int | None = None

    @property
    def overdue(self) -> bool:
        return self.deadline is not None and self.deadline < timezone.localdate()

    @property
    def percent(self) -> int | None:
        if self.done is None or not self.total:
            return None
        return round(100 * self.done / self.total)


DashboardPanel = Callable[[DashboardInput], Mapping[str, object]]
TaskProvider = Callable[[DashboardInput], Iterable[Task]]
_PANELS: dict[str, DashboardPanel] = {}
_TASKS: dict[str, TaskProvider] = {}


def register_dashboard_panel(name: str, panel: DashboardPanel) -> None:
    _PANELS[name] = panel


def register_task_provider(name: str, provider: TaskProvider) -> None:
    _TASKS[name] = provider


def tasks_for(data: DashboardInput) -> list[Task]:
    if not getattr(data.user, "is_authenticated", False):
        return []
    tasks = [task for provider in _TASKS.values() for task in provider(data)]
    far = datetime.date.max
    # a stable sort: within one deadline and context, tasks keep the order their provider gave
    return sorted(tasks, key=lambda t: (t.deadline is None, t.deadline or far, t.context))


def dashboard_context(data: DashboardInput) -> dict[str, object]:
    context: dict[str, object] = {}
    for panel in _PANELS.values():
        context.update(panel(data))
    context["tasks"] = tasks_for(data)
    return context
