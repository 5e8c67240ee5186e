"""Background jobs of the certificates app: a decision's certificates, with progress."""

from __future__ import annotations

from django.urls import reverse
from django_tasks import task

from thidua.accounts.models import User
from thidua.awards.models import Decision
from thidua.certificates import services
from thidua.core.jobs import finish_progress


@task()
def generate_certificates_task(
    *, decision_id: int, actor_id: int | None = None, progress_id: int | None = None
) -> int:
    actor = User.objects.get(pk=actor_id) if actor_id is not None else None
    decision = Decision.objects.get(pk=decision_id)
    try:
        report = services.generate_certificates(actor=actor, decision=decision, progress_id=progress_id)
    except Exception:
        finish_progress(progress_id=progress_id, message="Không in được bằng, giấy chứng nhận.", failed=True)
        raise
    finish_progress(
        progress_id=progress_id,
        message=f"Đã in {report.total} bằng, giấy chứng nhận ({report.created} mới, {report.reissued} in lại).",
        result_url=reverse("certificates:decision_zip", kwargs={"pk": decision_id}),
    )
    return report.total
