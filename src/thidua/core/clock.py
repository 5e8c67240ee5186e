"""The time services stamp on what they record, with one way to set it to a past moment.

Services call `clock.now()` / `clock.today()` instead of `timezone.now()` / `timezone.localdate()`.
Outside `recorded_at(...)` both are exactly Django's. Inside it they return the given moment, so a
loader that replays history (the demo's 2018 year, an import of an older register) records each
event, transition, signature and registration on its own date without touching the code paths
that run in production. The audit trail is NOT backdated: `record_audit` keeps the real time the
system wrote the entry, because an audit trail whose times can be chosen proves nothing.

    with recorded_at(datetime.date(2018, 3, 30), hour=9):
        sign_covenant(...)  # signature.recorded_at and the year's transition: 30/03/2018 09:00
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_AT: ContextVar[datetime.datetime | None] = ContextVar("thidua_recorded_at", default=None)


def now() -> datetime.datetime:
    """The aware moment to stamp: the one set by `recorded_at`, else the real current time."""
    return _AT.get() or timezone.now()


def today() -> datetime.date:
    """The local date (settings.TIME_ZONE, Asia/Ho_Chi_Minh) of `now()`."""
    return timezone.localdate(now())


@contextmanager
def recorded_at(at: datetime.datetime | datetime.date, *, hour: int = 9, minute: int = 0) -> Iterator[None]:
    """Record everything inside the block as happening at `at` (a date gets `hour:minute` local
    time). Nested blocks restore the outer moment on exit."""
    if isinstance(at, datetime.datetime):
        moment = at if timezone.is_aware(at) else timezone.make_aware(at)
    else:
        moment = timezone.make_aware(datetime.datetime.combine(at, datetime.time(hour, minute)))
    token = _AT.set(moment)
    try:
        yield
    finally:
        _AT.reset(token)
