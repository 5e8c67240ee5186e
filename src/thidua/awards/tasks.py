"""Background jobs of the registry: the yearly batch evaluation, with progress."""

from __future__ import annotations

from django_tasks import task

from thidua.accounts.models import User
from thidua.awards.services import run_batch


@task()
def run_batch_task(*, year: int, actor_id: int | None = None, progress_id: int | None = None) -> int:
    actor = User.objects.get(pk=actor_id) if actor_id is not None else None
    run = run_batch(actor=actor, year=year, progress_id=progress_id)
    return run.pk
