"""Background jobs with progress a page can poll.

Tasks are django-tasks tasks (database queue by default; `thidua db_worker` runs them). A task
that reports progress takes a `progress_id` keyword argument and calls `report_progress`;
`enqueue_job` creates the `JobProgress` row first, so even an immediately-run task finds it, and
the page at `/jobs/<id>/` shows it as a bar. With the database queue the task row is written in
the caller's transaction, so a job never runs against data that was rolled back.

Who sees a job (its label names its object): its owner, and those who may see the object it works
on (`subject`), by the visibility rule the object's app registers with `register_job_subject`. A
job with neither (started by the system) is shown to superusers only. Core knows no domain nouns:
the apps say what their objects are and who may see them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db import models

from thidua.core.models import JobProgress

_SUBJECT_RULES: dict[str, Callable[[Any, Any], bool]] = {}


def register_job_subject(model_label: str, may_see: Callable[[Any, Any], bool]) -> None:
    """`may_see(user, obj)`: may this user follow jobs working on `obj` (a `model_label` row)?"""
    _SUBJECT_RULES[model_label.lower()] = may_see


def job_visible_to(user: Any, job: JobProgress) -> bool:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    if user.is_superuser or (job.owner_id is not None and job.owner_id == user.pk):
        return True
    may_see = _SUBJECT_RULES.get(job.subject_type)
    if may_see is None or not job.subject_id:
        return False
    try:
        model = apps.get_model(job.subject_type)
    except (LookupError, ValueError):
        return False
    obj = model._default_manager.filter(pk=job.subject_id).first()
    return obj is not None and bool(may_see(user, obj))


def enqueue_job(
    task: Any, *args: Any, label: str, owner: Any = None, subject: models.Model | None = None, **kwargs: Any
) -> JobProgress:
    progress = JobProgress.objects.create(
        label=label,
        owner=owner if getattr(owner, "pk", None) else None,
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
    )
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
