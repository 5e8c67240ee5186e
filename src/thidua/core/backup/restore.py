"""`thidua restore FILE`: check the archive whole, then put back the database and the uploaded files.

Order: read the manifest (its digest, format, engine, schema, key fingerprints) → refuse a target
that holds data unless told → extract every file into a staging folder beside the media folder,
checking each one's SHA-256 and size against the manifest and that none is missing or extra →
only then load the database (one step on SQLite, one transaction on PostgreSQL) and move the files
in. Any refusal before the load leaves the database and the media folder exactly as they were.
Afterwards the audit trail is verified against the checkpoint in the manifest and the row counts
are compared with the manifest's.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from thidua.core.audit import ZERO_HASH, ChainReport, verify_audit_chain
from thidua.core.audit_checkpoints import (
    checkpoint_path,
    checkpoint_problem,
    parse_checkpoint,
    read_checkpoints,
)
from thidua.core.backup.create import STAGING_PREFIX, WORK_PREFIX
from thidua.core.backup.engines import engine_name, live_tables, pg_load, sqlite_load, tool_version
from thidua.core.backup.manifest import (
    DATABASE_DIR,
    MANIFEST_NAME,
    MEDIA_DIR,
    MIGRATE_TABLES,
    Manifest,
    Progress,
    key_fingerprints,
    megabytes,
    parse_manifest,
)
from thidua.core.errors import Conflict, InvalidInput

ENGINE_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
NOTHING_RESTORED = "không có gì được khôi phục"
_READ_ERRORS = (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile, OSError)


@dataclass(frozen=True)
class TargetState:
    tables_with_rows: dict[str, int]
    audit_entries: int
    users: int
    audit_head_set: bool
    media_files: int
    has_tables: bool

    @property
    def empty(self) -> bool:
        return not (self.audit_entries or self.users or self.audit_head_set or self.media_files)

    def describe(self) -> str:
        media_root = Path(settings.MEDIA_ROOT)
        parts = []
        if self.audit_entries or self.users or self.audit_head_set:
            largest = sorted(self.tables_with_rows.items(), key=lambda item: (-item[1], item[0]))[:6]
            total = sum(self.tables_with_rows.values())
            parts.append(
                f"cơ sở dữ liệu đích đã có dữ liệu: {self.users} tài khoản, {self.audit_entries} bản ghi nhật ký, "
                f"tổng {total} dòng trong {len(self.tables_with_rows)} bảng (nhiều nhất: "
                + ", ".join(f"{table} {rows}" for table, rows in largest)
                + ")"
            )
        if self.media_files:
            parts.append(f"thư mục tệp tải lên {media_root} có {self.media_files} tệp")
        return "; ".join(parts)


@dataclass
class RestoreReport:
    manifest: Manifest
    counts: dict[str, int]
    audit: ChainReport
    media_files: int
    moved_aside: Path | None = None
    pending_migrations: list[str] = field(default_factory=list)
    later_checkpoints: str = ""  # why the local checkpoint file no longer matches, if it does not

    @property
    def count_differences(self) -> dict[str, tuple[int, int | None]]:
        return {
            table: (rows, self.counts.get(table))
            for table, rows in self.manifest.tables.items()
            if self.counts.get(table) != rows
        }

    @property
    def ok(self) -> bool:
        return self.audit.ok and not self.count_differences


def _damaged(archive: Path, exc: BaseException) -> InvalidInput:
    return InvalidInput(
        f"Tệp sao lưu {archive} bị hỏng hoặc không đọc được: không giải nén được tệp tar.gz "
        f"(chi tiết kỹ thuật: {type(exc).__name__}); {NOTHING_RESTORED}."
    )


def _check_name(member: tarfile.TarInfo) -> None:
    path = PurePosixPath(member.name)
    if (
        not member.isreg()
        or path.is_absolute()
        or ".." in path.parts
        or "\\" in member.name
        or not (member.name == MANIFEST_NAME or member.name.startswith((DATABASE_DIR, MEDIA_DIR)))
    ):
        raise InvalidInput(f"Tệp sao lưu chứa mục không hợp lệ «{member.name}»; {NOTHING_RESTORED}.")


def read_archive(archive: Path) -> tuple[Manifest, dict[str, int]]:
    """The manifest and the archive's members (name → size), after a full read of the archive."""
    if not archive.is_file():
        raise InvalidInput(f"Không tìm thấy tệp sao lưu {archive}.")
    members: dict[str, int] = {}
    raw_manifest = None
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for member in tar:
                _check_name(member)
                if member.name in members:
                    raise InvalidInput(
                        f"Tệp sao lưu có hai mục cùng tên «{member.name}»; {NOTHING_RESTORED}."
                    )
                members[member.name] = member.size
                if member.name == MANIFEST_NAME:
                    handle = tar.extractfile(member)
                    raw_manifest = handle.read() if handle is not None else b""
            # Read on to the end of the compressed stream: its CRC covers every byte, padding included.
            assert tar.fileobj is not None
            while tar.fileobj.read(1 << 20):
                pass
    except InvalidInput:
        raise
    except _READ_ERRORS as exc:
        raise _damaged(archive, exc) from None
    if raw_manifest is None:
        raise InvalidInput(f"Tệp sao lưu không có bản kê (manifest.json); {NOTHING_RESTORED}.")
    manifest = parse_manifest(raw_manifest)
    del members[MANIFEST_NAME]
    missing = sorted(set(manifest.files) - set(members))
    if missing:
        shown = ", ".join(missing[:5]) + (f" và {len(missing) - 5} tệp khác" if len(missing) > 5 else "")
        raise InvalidInput(
            f"Tệp sao lưu thiếu {len(missing)} tệp có trong bản kê: {shown}; {NOTHING_RESTORED}."
        )
    extra = sorted(set(members) - set(manifest.files))
    if extra:
        raise InvalidInput(
            f"Tệp sao lưu có tệp không ghi trong bản kê: {', '.join(extra[:5])}; {NOTHING_RESTORED}."
        )
    return manifest, members


def check_compatible(manifest: Manifest) -> None:
    """Refuse what this installation cannot restore: another engine, a newer schema, other keys."""
    here = engine_name()
    if manifest.engine != here:
        raise InvalidInput(
            f"Bản sao lưu này của {ENGINE_LABELS.get(manifest.engine, manifest.engine)}, còn cơ sở dữ liệu "
            f"đích là {ENGINE_LABELS[here]}: thidua chưa hỗ trợ khôi phục sang hệ quản trị cơ sở dữ liệu khác "
            "(SQLite ↔ PostgreSQL). Hãy khôi phục vào cùng loại cơ sở dữ liệu (THIDUA_DATABASE_URL)."
        )
    known = {
        f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    }
    unknown = [name for name in manifest.migrations if name not in known]
    if unknown:
        raise InvalidInput(
            f"Bản sao lưu có lược đồ mới hơn bản thidua này ({len(unknown)} migration chưa biết: "
            f"{', '.join(unknown[:3])}); bản sao lưu tạo bởi thidua {manifest.thidua_version}. "
            f"Hãy nâng cấp thidua rồi khôi phục; {NOTHING_RESTORED}."
        )
    mine = key_fingerprints()
    if manifest.fingerprints.get("audit_key") != mine["audit_key"]:
        raise InvalidInput(
            "Khóa nhật ký (THIDUA_AUDIT_KEY) của máy này khác khóa lúc sao lưu: sau khi khôi phục, nhật ký sẽ "
            f"không kiểm tra được. Hãy đặt đúng khóa cũ rồi chạy lại; {NOTHING_RESTORED}."
        )
    if manifest.fingerprints.get("personal_id_pepper") != mine["personal_id_pepper"]:
        raise InvalidInput(
            "Khóa băm số định danh (THIDUA_PERSONAL_ID_PEPPER) của máy này khác khóa lúc sao lưu: việc phát "
            f"hiện trùng người sẽ sai. Hãy đặt đúng khóa cũ rồi chạy lại; {NOTHING_RESTORED}."
        )
    problem = checkpoint_problem(parse_checkpoint(manifest.audit))
    if problem:
        raise InvalidInput(f"Điểm mốc nhật ký trong bản sao lưu không hợp lệ: {problem}; {NOTHING_RESTORED}.")
    if manifest.engine == "postgresql":
        version, major = tool_version("pg_restore")
        dumped = int((manifest.dump_tool_version or "0").split(".")[0])
        if major < dumped:
            raise InvalidInput(
                f"pg_restore {version} cũ hơn pg_dump {manifest.dump_tool_version} đã tạo bản sao lưu: hãy cài "
                f"gói postgresql-client-{dumped}; {NOTHING_RESTORED}."
            )


def _media_entries(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return [child for child in root.iterdir() if not child.name.startswith((STAGING_PREFIX, WORK_PREFIX))]


def _count_files(root: Path) -> int:
    total = 0
    for entry in _media_entries(root):
        if entry.is_dir():
            total += sum(len(files) for _, _, files in os.walk(entry))
        else:
            total += 1
    return total


def target_state() -> TargetState:
    try:
        counts = live_tables()
    except DatabaseError as exc:
        raise Conflict(f"Không kết nối được cơ sở dữ liệu đích: {exc}") from None
    users_table = get_user_model()._meta.db_table
    head_set = False
    if "core_auditchainhead" in counts:
        with connection.cursor() as cursor:
            cursor.execute("SELECT last_hash FROM core_auditchainhead")
            head_set = any(row[0] != ZERO_HASH for row in cursor.fetchall())
    return TargetState(
        tables_with_rows={t: n for t, n in counts.items() if n and t not in MIGRATE_TABLES},
        audit_entries=counts.get("core_auditentry", 0),
        users=counts.get(users_table, 0),
        audit_head_set=head_set,
        media_files=_count_files(Path(settings.MEDIA_ROOT)),
        has_tables=bool(counts),
    )


def _stage(archive: Path, manifest: Manifest, staging: Path, progress: Progress) -> None:
    """Extract every file into `staging`, each checked against the manifest as it is written."""
    done = written = 0
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for member in tar:
                _check_name(member)
                if member.name == MANIFEST_NAME:
                    continue
                expected = manifest.files[member.name]
                target = staging / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                size = 0
                source = tar.extractfile(member)
                assert source is not None
                with target.open("wb") as out:
                    while block := source.read(1 << 20):
                        digest.update(block)
                        size += len(block)
                        out.write(block)
                if size != expected["size"] or digest.hexdigest() != expected["sha256"]:
                    raise InvalidInput(
                        f"Tệp {member.name} trong bản sao lưu đã bị thay đổi hoặc hỏng (mã SHA-256 không khớp "
                        f"bản kê); {NOTHING_RESTORED}."
                    )
                os.utime(target, (member.mtime, member.mtime))
                done, written = done + 1, written + size
                progress.tick(f"  đã kiểm tra: {done}/{len(manifest.files)} tệp, {megabytes(written)}")
    except InvalidInput:
        raise
    except _READ_ERRORS as exc:
        raise _damaged(archive, exc) from None
    progress.step(
        f"  đã kiểm tra: {done}/{len(manifest.files)} tệp, {megabytes(written)} — mọi mã kiểm tra khớp."
    )


def _put_media(staged: Path, media_root: Path) -> tuple[int, Path | None]:
    aside = None
    old = _media_entries(media_root)
    if old:
        stamp = timezone.localtime().strftime("%Y%m%dT%H%M%S")
        aside = media_root.parent / f"{media_root.name}.before-restore-{stamp}"
        aside.mkdir()
        for entry in old:
            shutil.move(str(entry), aside / entry.name)
    media_root.mkdir(parents=True, exist_ok=True)
    if staged.is_dir():
        for entry in staged.iterdir():
            shutil.move(str(entry), media_root / entry.name)
    return _count_files(media_root), aside


def _pending_migrations() -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def restore_backup(
    *, archive: Path, replace: bool = False, write: Callable[[str], None] | None = None
) -> RestoreReport:
    progress = Progress(write)
    archive = archive.expanduser().absolute()
    progress.step(f"Đang đọc bản kê của {archive}…")
    manifest, members = read_archive(archive)
    check_compatible(manifest)
    state = target_state()
    if not state.empty and not replace:
        raise Conflict(
            f"Không khôi phục: {state.describe()}. Khôi phục sẽ thay thế toàn bộ những dữ liệu này; "
            "thêm --replace nếu đúng là bạn muốn vậy (nên sao lưu trước)."
        )
    media_root = Path(settings.MEDIA_ROOT).absolute()
    media_root.parent.mkdir(parents=True, exist_ok=True)
    needed = sum(members.values())
    free = shutil.disk_usage(media_root.parent).free
    if needed > free:
        raise Conflict(
            f"Không đủ chỗ trống để khôi phục: cần {megabytes(needed)}, còn {megabytes(free)} ở {media_root.parent}."
        )
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=media_root.parent))
    try:
        progress.step(f"Đang giải nén và kiểm tra {len(manifest.files)} tệp ({megabytes(needed)})…")
        _stage(archive, manifest, staging, progress)
        database_file = staging / manifest.database_file
        progress.step(f"Đang nạp cơ sở dữ liệu {ENGINE_LABELS[manifest.engine]}…")
        if manifest.engine == "sqlite":
            sqlite_load(source=database_file)
        else:
            pg_load(
                source=database_file,
                drop_existing=state.has_tables,
                tables=len(manifest.tables),
                progress=progress,
            )
        progress.step(f"Đang đưa {manifest.media_files} tệp tải lên vào {media_root}…")
        media_files, aside = _put_media(staging / MEDIA_DIR, media_root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    progress.step("Đang kiểm tra nhật ký thao tác…")
    audit = verify_audit_chain(checkpoints=[parse_checkpoint(manifest.audit)])
    report = RestoreReport(
        manifest=manifest,
        counts=live_tables(),
        audit=audit,
        media_files=media_files,
        moved_aside=aside,
        pending_migrations=_pending_migrations(),
    )
    report.later_checkpoints = _local_checkpoints_problem()
    return report


def _local_checkpoints_problem() -> str:
    path = checkpoint_path()
    if path is None or not path.exists():
        return ""
    try:
        checkpoints = read_checkpoints(path)
    except InvalidInput as exc:
        return exc.message
    report = verify_audit_chain(checkpoints=checkpoints)
    return "" if report.ok else f"{report.reason} (tệp {path})"
