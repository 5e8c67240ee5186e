"""Background jobs of core."""

from __future__ import annotations

from django_tasks import task


@task()
def worker_probe() -> str:
    """Queued by `thidua check` to see whether a worker takes jobs; does nothing else."""
    return "ok"
