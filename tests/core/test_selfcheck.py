"""`thidua check`: the production warnings in development, a clean pass in a production-like
configuration, and one test per error line."""

from __future__ import annotations

import io
import secrets
from collections import namedtuple
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError
from django.utils import timezone

from tests.factories import World
from thidua.core import selfcheck
from thidua.core.audit_checkpoints import append_checkpoint, take_checkpoint
from thidua.core.models import AuditEntry

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _run(**options: Any) -> tuple[str, int]:
    out = io.StringIO()
    try:
        call_command("check", worker_wait=0.2, stdout=out, stderr=io.StringIO(), **options)
    except CommandError as exc:
        return out.getvalue() + str(exc), 1
    return out.getvalue(), 0


@pytest.fixture
def development(settings: Any, tmp_path: Path, monkeypatch: Any) -> Any:
    """The demo's configuration: debug on, the development keys, no worker running."""
    # Set by tests/conftest.py for Playwright; Django's deploy check rightly calls it an error.
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    settings.DEBUG = True
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.DATA_DIR = tmp_path
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "checkpoints.jsonl")
    settings.TASKS = DB_TASKS
    return settings


@pytest.fixture
def production(development: Any, tmp_path: Path) -> Any:
    """Debug off, keys set, HTTPS on, a worker that took a job a minute ago, a fresh checkpoint."""
    from django_tasks_db.models import DBTaskResult

    from thidua.core.tasks import worker_probe

    s = development
    s.DEBUG = False
    s.ALLOWED_HOSTS = ["thidua.example.gov.vn"]
    s.SECRET_KEY = secrets.token_urlsafe(50)
    s.PERSONAL_ID_PEPPER = secrets.token_urlsafe(40)
    s.AUDIT_KEY = secrets.token_urlsafe(40)
    s.SESSION_COOKIE_SECURE = s.CSRF_COOKIE_SECURE = True
    s.SECURE_SSL_REDIRECT = True
    s.SECURE_HSTS_SECONDS = 31536000
    s.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    s.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    s.SITE_URL = "https://thidua.example.gov.vn"
    s.STORAGES = {**s.STORAGES}
    result = worker_probe.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        status="SUCCESSFUL", started_at=timezone.now(), finished_at=timezone.now()
    )
    return s


def test_check_in_development_mode_lists_the_production_warnings(db: None, development: Any) -> None:
    output, code = _run()
    assert code == 0, output
    for line in (
        "[CẢNH BÁO] Chế độ: THIDUA_DEBUG đang bật (chế độ phát triển): tắt khi chạy thật.",
        "[CẢNH BÁO] Tên máy chủ: THIDUA_ALLOWED_HOSTS chỉ có máy cục bộ",
        "[CẢNH BÁO] Khóa bí mật: đang dùng khóa phát triển mặc định",
        "[CẢNH BÁO] Cookie: cookie phiên và CSRF chưa đặt Secure",
        "[CẢNH BÁO] HTTPS: chưa chuyển HTTP sang HTTPS hoặc chưa bật HSTS",
        "[CẢNH BÁO] Khóa số định danh: THIDUA_PERSONAL_ID_PEPPER chưa đặt",
        "[CẢNH BÁO] Khóa nhật ký: THIDUA_AUDIT_KEY chưa đặt",
        "[CẢNH BÁO] Tác vụ nền: không worker nào nhận tác vụ thử trong 0.2 giây",
        "[CẢNH BÁO] Điểm mốc nhật ký: chưa có điểm mốc nào",
        "[ĐẠT] Cơ sở dữ liệu: kết nối được",
        "[ĐẠT] Lược đồ: mọi migration đã chạy.",
        "[ĐẠT] Phông chữ văn bản",
    ):
        assert line in output, line
    assert "[LỖI]" not in output
    assert output.rstrip().endswith("cảnh báo, 0 lỗi.")


def test_check_on_a_production_like_configuration_passes(db: None, production: Any, world: World) -> None:
    append_checkpoint(take_checkpoint(), path=Path(production.AUDIT_CHECKPOINT_FILE))
    output, code = _run()
    assert code == 0, output
    assert "[LỖI]" not in output
    assert "[CẢNH BÁO]" not in output, output
    assert (
        f"[ĐẠT] Nhật ký thao tác: nguyên vẹn ({AuditEntry.objects.count()} bản ghi, khớp 1 điểm mốc)."
        in output
    )
    assert "[ĐẠT] Tác vụ nền: worker đã nhận tác vụ lúc" in output
    assert "[ĐẠT] Django: check --deploy không thấy vấn đề nào khác." in output
    assert output.rstrip().endswith(", 0 cảnh báo, 0 lỗi.")


def _fails_with(expected: str) -> str:
    output, code = _run()
    assert code == 1
    assert expected in output, output
    assert "Kiểm tra thấy lỗi:" in output
    return output


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"ALLOWED_HOSTS": ["*"]}, "[LỖI] Tên máy chủ: THIDUA_ALLOWED_HOSTS chứa «*»"),
        ({"SECRET_KEY": "k" * 50}, "[LỖI] Khóa bí mật: THIDUA_SECRET_KEY yếu"),
        ({"SESSION_COOKIE_SECURE": False}, "[LỖI] Cookie: cookie phiên và CSRF chưa đặt Secure"),
        ({"SECURE_HSTS_SECONDS": 0}, "[LỖI] HTTPS: chưa chuyển HTTP sang HTTPS hoặc chưa bật HSTS"),
        ({"PERSONAL_ID_PEPPER": None}, "[LỖI] Khóa số định danh: THIDUA_PERSONAL_ID_PEPPER chưa đặt"),
        ({"AUDIT_KEY": "development-audit-key:x"}, "[LỖI] Khóa nhật ký: THIDUA_AUDIT_KEY chưa đặt"),
        ({"AUDIT_KEY": None}, "[LỖI] Khóa nhật ký: THIDUA_AUDIT_KEY phải khác khóa bí mật"),
        (
            {"TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}},
            "[LỖI] Tác vụ nền: THIDUA_TASKS_BACKEND=immediate",
        ),
    ],
    ids=[
        "hosts-star",
        "weak-key",
        "cookies",
        "https",
        "pepper",
        "audit-key-dev",
        "audit-key-reused",
        "immediate",
    ],
)
def test_each_unsafe_production_setting_is_an_error(
    db: None, production: Any, change: dict[str, Any], expected: str
) -> None:
    for name, value in change.items():
        # None: the same value as the secret key (what the settings fall back to in development)
        setattr(production, name, production.SECRET_KEY if value is None else value)
    _fails_with(expected)


def test_an_unreachable_database_is_an_error(db: None, development: Any, monkeypatch: Any) -> None:
    def refuse() -> None:
        raise DatabaseError("connection refused")

    monkeypatch.setattr(selfcheck, "ping_database", refuse)
    _fails_with("[LỖI] Cơ sở dữ liệu: không kết nối được: connection refused")


def test_unapplied_migrations_are_an_error(db: None, development: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(selfcheck, "pending_migrations", lambda: ["core.0003_next"])
    _fails_with("[LỖI] Lược đồ: còn 1 migration chưa chạy (core.0003_next…): chạy «thidua migrate».")


def test_a_media_folder_that_cannot_be_written_is_an_error(
    db: None, development: Any, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    development.MEDIA_ROOT = str(blocker / "media")
    _fails_with(f"[LỖI] Tệp tải lên: không tạo được thư mục {blocker / 'media'}")


def test_no_worker_taking_jobs_is_an_error_in_production(db: None, production: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.update(started_at=timezone.now() - timezone.timedelta(hours=2))
    output = _fails_with("[LỖI] Tác vụ nền: không worker nào nhận tác vụ thử trong 0.2 giây")
    assert "chạy «thidua db_worker»" in output


def test_missing_fonts_are_an_error(db: None, development: Any, monkeypatch: Any, tmp_path: Path) -> None:
    from thidua.documents.rendering import layout

    monkeypatch.setattr(layout, "SERIF_FONT_DIR", tmp_path / "no-fonts")
    _fails_with("cài gói Debian fonts-liberation2.")


def test_a_missing_espeak_is_a_warning(db: None, development: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(selfcheck.shutil, "which", lambda name: None)
    output, _ = _run()
    assert "[CẢNH BÁO] Đọc bài thành tiếng: không có espeak-ng" in output


def test_a_nearly_full_disk_is_an_error(db: None, development: Any, monkeypatch: Any) -> None:
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(
        selfcheck.shutil, "disk_usage", lambda path: usage(100_000_000_000, 99_500_000_000, 500_000_000)
    )
    _fails_with("còn 0,5 GB (0%) — sắp hết chỗ.")


def test_a_broken_audit_trail_is_an_error(world: World, development: Any) -> None:
    AuditEntry.objects.filter(pk=AuditEntry.objects.order_by("id").first().pk).update(action="sửa")
    _fails_with("[LỖI] Nhật ký thao tác: chuỗi bị phá vỡ: bản ghi số")


def test_a_damaged_checkpoint_file_is_an_error(world: World, development: Any) -> None:
    Path(development.AUDIT_CHECKPOINT_FILE).write_text("{broken\n", encoding="utf-8")
    _fails_with("[LỖI] Điểm mốc nhật ký: Tệp điểm mốc")


@pytest.mark.skipif("not __import__('django.db').db.connection.vendor == 'postgresql'")
def test_a_pg_dump_older_than_the_server_is_an_error(db: None, development: Any, monkeypatch: Any) -> None:
    from thidua.core.backup import engines

    monkeypatch.setattr(engines, "tool_version", lambda program: ("9.6", 9))
    _fails_with("[LỖI] pg_dump: pg_dump 9.6 cũ hơn máy chủ")


def test_a_django_deployment_error_is_an_error_line(db: None, development: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    _fails_with("[LỖI] Django: async.E001")


def test_django_check_with_an_app_label_still_behaves_as_django(db: None) -> None:
    out = io.StringIO()
    call_command("check", "core", stdout=out, stderr=io.StringIO())
    assert "System check identified no issues" in out.getvalue()
