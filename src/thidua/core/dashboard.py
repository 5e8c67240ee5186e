"""The dashboard's "việc cần làm": each app says what work is waiting for a user, in one list.

An app registers a provider in its `dashboard.py` (imported when the apps are ready):

    @task_provider
    def covenant_tasks(user) -> Iterable[Task]: ...

A provider answers only what the user itself must do or watch, with a direct link; the page sorts
them by deadline (overdue first, then the nearest, then those without one). Providers use their
app's rules and selectors, so a task is never shown to someone who could not open its link.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.module_loading import autodiscover_modules


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


TaskProvider = Callable[[Any], Iterable[Task]]
_PROVIDERS: list[TaskProvider] = []


def task_provider(provider: TaskProvider) -> TaskProvider:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def discover() -> None:
    autodiscover_modules("dashboard")


def tasks_for(user: Any) -> list[Task]:
    if not getattr(user, "is_authenticated", False):
        return []
    tasks = [task for provider in _PROVIDERS for task in provider(user)]
    far = datetime.date.max
    # a stable sort: within one deadline and context, tasks keep the order their provider gave
    return sorted(tasks, key=lambda t: (t.deadline is None, t.deadline or far, t.context))
