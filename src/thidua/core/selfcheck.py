"""`thidua check`: is this installation fit to go live? One line per concern: OK, warning or error.

Settings that are unsafe for production are errors when debug is off and warnings in development
(so the demo lists what production would need). Then the database (reachable, migrated, pg_dump
able to back it up), media writable, a worker that takes jobs, document fonts, espeak-ng, disk
space, the audit trail, and Django's own deployment checks (`check --deploy`).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from thidua.core.errors import DomainError

OK, WARNING, ERROR = "ok", "warning", "error"
LABELS = {OK: "ĐẠT", WARNING: "CẢNH BÁO", ERROR: "LỖI"}
DEV_SECRET_KEY = "insecure-development-key-never-used-in-production"  # noqa: S105 - the settings' dev default
DEV_AUDIT_PREFIX = "development-audit-key:"
WORKER_RECENT = timedelta(minutes=15)
CHECKPOINT_RECENT = timedelta(days=2)
DISK_ERROR_BYTES, DISK_WARNING_BYTES = 1_000_000_000, 5_000_000_000
# Django deployment checks our own lines already say in Vietnamese.
COVERED_DJANGO_CHECKS = {
    "security.W004",  # HSTS
    "security.W008",  # SSL redirect
    "security.W009",  # secret key strength
    "security.W012",  # session cookie secure
    "security.W016",  # CSRF cookie secure
    "security.W018",  # DEBUG
    "security.W020",  # ALLOWED_HOSTS
}


@dataclass(frozen=True)
class Line:
    level: str
    topic: str
    message: str

    def render(self) -> str:
        return f"[{LABELS[self.level]}] {self.topic}: {self.message}"


def _production_level() -> str:
    """How bad an unsafe production setting is here: an error in production, a warning in development."""
    return WARNING if settings.DEBUG else ERROR


def _strong(key: str) -> bool:
    return len(key) >= 50 and len(set(key)) >= 5 and not key.startswith("django-insecure")


def settings_lines() -> Iterator[Line]:
    bad = _production_level()
    yield (
        Line(WARNING, "Chế độ", "THIDUA_DEBUG đang bật (chế độ phát triển): tắt khi chạy thật.")
        if settings.DEBUG
        else Line(OK, "Chế độ", "chế độ vận hành (THIDUA_DEBUG tắt).")
    )
    hosts = list(settings.ALLOWED_HOSTS)
    if "*" in hosts:
        yield Line(
            bad, "Tên máy chủ", "THIDUA_ALLOWED_HOSTS chứa «*»: nhận mọi tên máy chủ; hãy ghi đúng tên miền."
        )
    elif not hosts or set(hosts) <= {"127.0.0.1", "localhost", "::1"}:
        yield Line(
            bad, "Tên máy chủ", "THIDUA_ALLOWED_HOSTS chỉ có máy cục bộ; hãy ghi tên miền của hệ thống."
        )
    else:
        yield Line(OK, "Tên máy chủ", ", ".join(hosts))
    if settings.SECRET_KEY == DEV_SECRET_KEY:
        yield Line(bad, "Khóa bí mật", "đang dùng khóa phát triển mặc định; đặt THIDUA_SECRET_KEY_FILE.")
    elif not _strong(settings.SECRET_KEY):
        yield Line(bad, "Khóa bí mật", "THIDUA_SECRET_KEY yếu: cần ít nhất 50 ký tự ngẫu nhiên.")
    else:
        yield Line(OK, "Khóa bí mật", "đủ dài và ngẫu nhiên.")
    cookies = (
        settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE and settings.SESSION_COOKIE_HTTPONLY
    )
    yield (
        Line(OK, "Cookie", "chỉ gửi qua HTTPS, cookie phiên không đọc được từ JavaScript.")
        if cookies
        else Line(bad, "Cookie", "cookie phiên và CSRF chưa đặt Secure (chỉ gửi qua HTTPS).")
    )
    https = settings.SECURE_SSL_REDIRECT and settings.SECURE_HSTS_SECONDS > 0
    if not https:
        yield Line(
            bad,
            "HTTPS",
            "chưa chuyển HTTP sang HTTPS hoặc chưa bật HSTS (THIDUA_SSL_REDIRECT, THIDUA_HSTS_SECONDS).",
        )
    elif not settings.SITE_URL.startswith("https://"):
        yield Line(WARNING, "HTTPS", f"THIDUA_SITE_URL ({settings.SITE_URL}) không bắt đầu bằng https://.")
    else:
        yield Line(OK, "HTTPS", f"chuyển sang HTTPS, HSTS {settings.SECURE_HSTS_SECONDS} giây.")
    if settings.PERSONAL_ID_PEPPER == settings.SECRET_KEY:
        yield Line(bad, "Khóa số định danh", "THIDUA_PERSONAL_ID_PEPPER chưa đặt (đang dùng khóa bí mật).")
    else:
        yield Line(OK, "Khóa số định danh", "THIDUA_PERSONAL_ID_PEPPER đã đặt, riêng với khóa bí mật.")
    if settings.AUDIT_KEY.startswith(DEV_AUDIT_PREFIX):
        yield Line(bad, "Khóa nhật ký", "THIDUA_AUDIT_KEY chưa đặt (đang dùng khóa suy ra từ khóa bí mật).")
    elif settings.AUDIT_KEY in (settings.SECRET_KEY, settings.PERSONAL_ID_PEPPER):
        yield Line(bad, "Khóa nhật ký", "THIDUA_AUDIT_KEY phải khác khóa bí mật và khóa số định danh.")
    else:
        yield Line(OK, "Khóa nhật ký", "THIDUA_AUDIT_KEY đã đặt.")


def checkpoint_line() -> Line:
    from thidua.core.audit_checkpoints import checkpoint_path, read_checkpoints

    path = checkpoint_path()
    if path is None:
        return Line(
            WARNING, "Điểm mốc nhật ký", "THIDUA_AUDIT_CHECKPOINT_FILE trống: hãy in và cất điểm mốc định kỳ."
        )
    if not path.exists():
        where = path.parent if path.parent.exists() else None
        if where is None or not _writable(where):
            return Line(ERROR, "Điểm mốc nhật ký", f"không ghi được vào thư mục {path.parent}.")
        return Line(
            WARNING,
            "Điểm mốc nhật ký",
            f"chưa có điểm mốc nào trong {path}; hãy hẹn giờ «thidua audit checkpoint».",
        )
    try:
        stored = read_checkpoints(path)
    except DomainError as exc:
        return Line(ERROR, "Điểm mốc nhật ký", exc.message)
    if not stored:
        return Line(WARNING, "Điểm mốc nhật ký", f"tệp {path} chưa có điểm mốc nào.")
    newest = max(stored, key=lambda c: c.at)
    try:
        age = timezone.now() - datetime.fromisoformat(newest.at)
    except ValueError:
        return Line(ERROR, "Điểm mốc nhật ký", f"điểm mốc mới nhất trong {path} có thời điểm sai.")
    if age > CHECKPOINT_RECENT:
        return Line(
            WARNING,
            "Điểm mốc nhật ký",
            f"điểm mốc mới nhất từ {newest.when}: quá 2 ngày, bộ hẹn giờ có chạy không?",
        )
    return Line(OK, "Điểm mốc nhật ký", f"{len(stored)} điểm mốc, mới nhất {newest.when} ({path}).")


def _writable(directory: Path) -> bool:
    try:
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".thidua-check-"):
            return True
    except OSError:
        return False


def pending_migrations() -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def ping_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def database_lines() -> Iterator[Line]:
    try:
        ping_database()
    except DatabaseError as exc:
        yield Line(ERROR, "Cơ sở dữ liệu", f"không kết nối được: {exc}".strip())
        return
    yield Line(
        OK, "Cơ sở dữ liệu", f"kết nối được ({connection.vendor}, {connection.settings_dict['NAME']})."
    )
    pending = pending_migrations()
    yield (
        Line(
            ERROR,
            "Lược đồ",
            f"còn {len(pending)} migration chưa chạy ({', '.join(pending[:3])}…): chạy «thidua migrate».",
        )
        if pending
        else Line(OK, "Lược đồ", "mọi migration đã chạy.")
    )
    if connection.vendor == "postgresql":
        yield pg_dump_line()


def pg_dump_line() -> Line:
    from thidua.core.backup.engines import pg_server_version, tool_version

    try:
        dump_version, dump_major = tool_version("pg_dump")
    except DomainError as exc:
        return Line(ERROR, "pg_dump", exc.message)
    server_version, server_major = pg_server_version()
    if dump_major < server_major:
        return Line(
            ERROR,
            "pg_dump",
            f"pg_dump {dump_version} cũ hơn máy chủ {server_version}: «thidua backup» sẽ thất bại; "
            f"cài postgresql-client-{server_major}.",
        )
    return Line(OK, "pg_dump", f"pg_dump {dump_version} sao lưu được máy chủ PostgreSQL {server_version}.")


def media_line() -> Line:
    root = Path(settings.MEDIA_ROOT)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return Line(ERROR, "Tệp tải lên", f"không tạo được thư mục {root}: {exc.strerror}.")
    if not _writable(root):
        return Line(ERROR, "Tệp tải lên", f"không ghi được vào {root}.")
    return Line(OK, "Tệp tải lên", f"ghi được vào {root}.")


def worker_line(*, wait_seconds: float) -> Line:
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db"):
        return Line(
            _production_level(),
            "Tác vụ nền",
            "THIDUA_TASKS_BACKEND=immediate: tác vụ chạy ngay trong tiến trình web, không cần worker.",
        )
    from django_tasks_db.models import DBTaskResult

    latest = (
        DBTaskResult.objects.exclude(started_at=None)
        .order_by("-started_at")
        .values_list("started_at", flat=True)
    )
    last = latest.first()
    if last is not None and timezone.now() - last <= WORKER_RECENT:
        return Line(OK, "Tác vụ nền", f"worker đã nhận tác vụ lúc {timezone.localtime(last):%d/%m/%Y %H:%M}.")
    from thidua.core.tasks import worker_probe

    probe = worker_probe.enqueue()
    deadline = time.monotonic() + wait_seconds
    while True:
        started = DBTaskResult.objects.filter(pk=probe.id).exclude(started_at=None).exists()
        if started or time.monotonic() >= deadline:
            break
        time.sleep(0.2)
    if started:
        return Line(OK, "Tác vụ nền", "worker vừa nhận tác vụ thử.")
    waiting = DBTaskResult.objects.filter(started_at=None).exclude(pk=probe.id)
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    queue = (
        f"; {waiting.count()} tác vụ đang chờ, cũ nhất từ {timezone.localtime(oldest):%d/%m/%Y %H:%M}"
        if oldest
        else ""
    )
    return Line(
        _production_level(),
        "Tác vụ nền",
        f"không worker nào nhận tác vụ thử trong {wait_seconds:g} giây{queue}: chạy «thidua db_worker».",
    )


#: lines contributed by the apps that own what they check (documents: its fonts), registered in
#: their AppConfig.ready(): core imports no domain app (.importlinter)
_APP_LINES: dict[str, Callable[[], Line]] = {}


def register_selfcheck_line(name: str, line: Callable[[], Line]) -> None:
    _APP_LINES[name] = line


def espeak_line() -> Line:
    if shutil.which("espeak-ng") is None:
        return Line(
            WARNING,
            "Đọc bài thành tiếng",
            "không có espeak-ng: bài viết sẽ không có bản đọc; cài gói espeak-ng.",
        )
    return Line(OK, "Đọc bài thành tiếng", "có espeak-ng.")


def disk_lines() -> Iterator[Line]:
    seen = set()
    for label, path in (("dữ liệu", Path(settings.DATA_DIR)), ("tệp tải lên", Path(settings.MEDIA_ROOT))):
        existing = path
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        usage = shutil.disk_usage(existing)
        key = (usage.total, usage.free)
        if key in seen:
            continue
        seen.add(key)
        free_gb = f"{usage.free / 1e9:.1f}".replace(".", ",")
        share = usage.free / usage.total if usage.total else 0
        text = f"{label} ({existing}): còn {free_gb} GB ({share:.0%})"
        if usage.free < DISK_ERROR_BYTES or share < 0.05:
            yield Line(ERROR, "Dung lượng đĩa", text + " — sắp hết chỗ.")
        elif usage.free < DISK_WARNING_BYTES or share < 0.10:
            yield Line(WARNING, "Dung lượng đĩa", text + " — nên giải phóng chỗ.")
        else:
            yield Line(OK, "Dung lượng đĩa", text + ".")


def audit_line() -> Line:
    from thidua.core.audit_checkpoints import verify_with_checkpoints

    try:
        report, _ = verify_with_checkpoints()
    except DomainError as exc:
        return Line(ERROR, "Nhật ký thao tác", exc.message)
    if not report.ok:
        return Line(ERROR, "Nhật ký thao tác", f"chuỗi bị phá vỡ: {report.reason}.")
    return Line(
        OK, "Nhật ký thao tác", f"nguyên vẹn ({report.checked} bản ghi, khớp {report.checkpoints} điểm mốc)."
    )


def django_lines() -> Iterator[Line]:
    messages = checks.run_checks(include_deployment_checks=True)
    shown = 0
    for message in messages:
        if message.id in COVERED_DJANGO_CHECKS or message.is_silenced():
            continue
        if message.id == "security.W021":
            continue  # HSTS preload is a decision of the domain's owner, not a fault
        level = ERROR if message.level >= checks.ERROR else WARNING
        shown += 1
        yield Line(
            level, "Django", f"{message.id}: {message.msg}" + (f" ({message.hint})" if message.hint else "")
        )
    if not shown:
        yield Line(OK, "Django", "check --deploy không thấy vấn đề nào khác.")


def run_selfcheck(*, wait_seconds: float = 10.0, write: Callable[[Line], None] | None = None) -> list[Line]:
    lines: list[Line] = []

    def add(line: Line) -> None:
        lines.append(line)
        if write is not None:
            write(line)

    for line in settings_lines():
        add(line)
    database = list(database_lines())
    for line in database:
        add(line)
    reachable = database[0].level == OK
    add(media_line())
    if reachable:
        add(worker_line(wait_seconds=wait_seconds))
        add(audit_line())
    add(checkpoint_line())
    for app_line in _APP_LINES.values():
        add(app_line())
    add(espeak_line())
    for line in disk_lines():
        add(line)
    for line in django_lines():
        add(line)
    return lines
