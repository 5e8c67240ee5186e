"""Background jobs with progress a page can poll.

Tasks are django-tasks tasks (database queue by default; `thidua db_worker` runs them). A task
that reports progress takes a `progress_id` keyword argument and calls `report_progress`;
`enqueue_job` creates the `JobProgress` row first, so even an immediately-run task finds it, and
the page at `/jobs/<id>/` shows it as a bar. With the database queue the task row is written in
the caller's transaction, so a job never runs against data that was rolled back.
"""

from __future__ import annotations

from typing import Any

from thidua.core.models import JobProgress


def enqueue_job(task: Any, *args: Any, label: str, owner: Any = None, **kwargs: Any) -> JobProgress:
    progress = JobProgress.objects.create(label=label, owner=owner if getattr(owner, "pk", None) else None)
    result = task.enqueue(*args, progress_id=progress.pk, **kwargs)
    JobProgress.objects.filter(pk=progress.pk).update(task_id=str(result.id))
    progress.refresh_from_db()
    return progress


def report_progress(*, progress_id: int | None, done: int, total: int, message: str = "") -> None:
    if progress_id is None:
        return
    JobProgress.objects.filter(pk=progress_id).update(
        state=JobProgress.State.RUNNING, done=done, total=total, message=message[:300]
    )


def finish_progress(
    *, progress_id: int | None, message: str = "", result_url: str = "", failed: bool = False
) -> None:
    if progress_id is None:
        return
    JobProgress.objects.filter(pk=progress_id).update(
        state=JobProgress.State.FAILED if failed else JobProgress.State.DONE,
        message=message[:300],
        result_url=result_url,
    )
