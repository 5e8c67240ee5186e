"""Background jobs of the documents app."""

from __future__ import annotations

from django.urls import reverse
from django_tasks import task

from thidua.core.jobs import finish_progress
from thidua.documents import services


@task()
def render_document_task(kind: str, object_id: int, fmt: str, *, progress_id: int | None = None) -> str:
    """Lay a long document out and store it; the job page then links to the download."""
    try:
        row = services.render_and_store(kind=kind, object_id=object_id, fmt=fmt, progress_id=progress_id)
    except Exception:
        finish_progress(progress_id=progress_id, message="Không dựng được văn bản.", failed=True)
        raise
    url = reverse("documents:download", kwargs={"kind": kind, "pk": object_id, "fmt": fmt})
    finish_progress(progress_id=progress_id, message="Văn bản đã sẵn sàng để tải về.", result_url=url)
    return row.file.name
