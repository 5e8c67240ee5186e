"""Jobs on the database queue (django_tasks_db), run by the worker in this process."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from tests.factories import make_user
from thidua.core.jobs import enqueue_job, finish_progress, report_progress
from thidua.core.models import JobProgress


@task()
def count_to(n: int, *, progress_id: int | None = None) -> int:
    for i in range(1, n + 1):
        report_progress(progress_id=progress_id, done=i, total=n, message=f"Đã đếm {i}/{n}")
    finish_progress(progress_id=progress_id, message="Đã đếm xong.", result_url="/units/")
    return n


@pytest.fixture
def database_queue(settings: object) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_queue")
def test_enqueue_job_queues_a_row_that_the_worker_runs_to_the_end() -> None:
    owner = make_user("nguoi.chay")
    progress = enqueue_job(count_to, 4, label="Đếm đến bốn", owner=owner)
    assert (progress.state, progress.percent, progress.owner_id) == ("queued", 0, owner.pk)
    row = DBTaskResult.objects.get(id=progress.task_id)
    assert (row.status, row.args_kwargs) == ("READY", {"args": [4], "kwargs": {"progress_id": progress.pk}})

    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    row.refresh_from_db()
    assert (row.status, row.return_value) == ("SUCCESSFUL", 4)
    progress.refresh_from_db()
    assert (progress.state, progress.done, progress.total, progress.percent) == ("done", 4, 4, 100)
    assert (progress.message, progress.result_url) == ("Đã đếm xong.", "/units/")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_queue")
def test_job_progress_page_polls_while_queued_and_shows_the_result_when_done() -> None:
    owner = make_user("nguoi.chay")
    progress = enqueue_job(count_to, 2, label="Đếm đến hai", owner=owner)
    client = Client()
    client.force_login(owner)
    page = client.get(f"/jobs/{progress.pk}/").content.decode()
    assert "<h1>Đếm đến hai</h1>" in page
    assert "Đang chờ" in page
    assert f'hx-get="/jobs/{progress.pk}/"' in page
    assert 'hx-trigger="every 1s"' in page

    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    partial = client.get(f"/jobs/{progress.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial
    assert "Hoàn thành: Đã đếm xong." in partial
    assert 'value="100"' in partial
    assert "100% (2/2)" in partial
    assert 'href="/units/"' in partial
    assert "Mở kết quả" in partial
    assert "hx-trigger" not in partial  # finished: the page stops polling


@pytest.mark.django_db
def test_job_progress_page_of_someone_else_is_not_found() -> None:
    owner, other = make_user("chu.viec"), make_user("nguoi.khac")
    job = JobProgress.objects.create(label="Việc riêng", owner=owner)
    client = Client()
    client.force_login(other)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    anonymous = Client().get(f"/jobs/{job.pk}/")
    assert (anonymous.status_code, anonymous["Location"]) == (302, f"/accounts/login/?next=/jobs/{job.pk}/")


@pytest.mark.django_db
def test_enqueue_job_with_the_immediate_backend_runs_at_once() -> None:
    progress = enqueue_job(count_to, 3, label="Đếm ngay")
    progress.refresh_from_db()
    assert (progress.state, progress.done, progress.total, progress.owner_id) == ("done", 3, 3, None)


def test_progress_helpers_ignore_a_missing_progress_id() -> None:
    report_progress(progress_id=None, done=1, total=2)
    finish_progress(progress_id=None)


@pytest.mark.django_db
def test_a_job_without_owner_is_not_shown_to_any_logged_in_user() -> None:
    """The leak of issue 14: a system job (no owner) was visible to every account."""
    job = JobProgress.objects.create(label="Tạo âm thanh đọc bài «Tin hẹn giờ chưa đăng»")
    client = Client()
    client.force_login(make_user("khong.vai.tro"))
    response = client.get(f"/jobs/{job.pk}/")
    assert response.status_code == 404
    assert "Tin hẹn giờ" not in response.content.decode()


@pytest.mark.django_db
def test_a_job_is_shown_to_whoever_may_see_its_subject() -> None:
    """An app registers who may see its objects; core only records the reference."""
    from thidua.accounts.models import User
    from thidua.core import jobs

    watched, stranger = make_user("duoc.xem"), make_user("nguoi.la")
    jobs.register_job_subject("accounts.user", lambda user, obj: user.pk == obj.pk)
    try:
        progress = enqueue_job(count_to, 1, label="Việc về một tài khoản", subject=watched)
        assert (progress.owner_id, progress.subject_type, progress.subject_id) == (
            None,
            "accounts.user",
            str(watched.pk),
        )
        client = Client()
        client.force_login(watched)
        assert client.get(f"/jobs/{progress.pk}/").status_code == 200
        client.force_login(stranger)
        assert client.get(f"/jobs/{progress.pk}/").status_code == 404
        User.objects.filter(pk=watched.pk).update(is_active=False)
        assert not jobs.job_visible_to(User.objects.get(pk=watched.pk), progress)
        User.objects.filter(pk=watched.pk).update(is_active=True)
    finally:
        jobs._SUBJECT_RULES.pop("accounts.user", None)
    client.force_login(watched)  # no rule registered for the subject: only owner and superusers
    assert client.get(f"/jobs/{progress.pk}/").status_code == 404
