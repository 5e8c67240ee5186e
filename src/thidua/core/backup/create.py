"""`thidua backup --out FILE`: one archive of the database and the uploaded files, with its manifest.

The database is copied first, then the media folder: files are written before the rows that name
them, so every file the copy refers to already exists when the folder is read (a file deleted in
between is the only gap, and the restore's count check shows nothing about it — see
docs/operations.md). The archive is written beside FILE under a temporary name, readable by its
owner only, and renamed into place once complete.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils import timezone

import thidua
from thidua.core.audit_checkpoints import Checkpoint, sign
from thidua.core.backup.engines import Snapshot, engine_name, pg_snapshot, sqlite_snapshot
from thidua.core.backup.manifest import (
    DATABASE_DIR,
    MANIFEST_NAME,
    MEDIA_DIR,
    Manifest,
    Progress,
    key_fingerprints,
    megabytes,
)
from thidua.core.errors import Conflict, InvalidInput

STAGING_PREFIX = ".thidua-restore-"  # folders a restore stages in; never backed up
WORK_PREFIX = ".thidua-backup-"


@dataclass(frozen=True)
class BackupReport:
    path: Path
    manifest: Manifest
    size: int
    skipped: list[str]  # media entries that are not regular files (symlinks, sockets …)


class _HashingReader(io.RawIOBase):
    """Reads a file for tarfile while hashing what passes through."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self.digest = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        block = self._handle.read(size)
        self.digest.update(block)
        self.size += len(block)
        return block


def _media_files(root: Path, skipped: list[str]) -> Iterator[tuple[Path, str]]:
    if not root.is_dir():
        return
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith((STAGING_PREFIX, WORK_PREFIX)))
        for name in sorted(files):
            path = Path(directory) / name
            relative = path.relative_to(root).as_posix()
            if path.is_symlink() or not path.is_file():
                skipped.append(relative)
                continue
            yield path, relative


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
    info = tar.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o644
    with path.open("rb") as handle:
        reader = _HashingReader(handle)
        try:
            tar.addfile(info, reader)
        except OSError as exc:
            raise Conflict(
                f"Tệp {name} thay đổi trong khi sao lưu ({exc}); hãy chạy lại lệnh sao lưu."
            ) from None
    return {"sha256": reader.digest.hexdigest(), "size": reader.size}


def _audit_checkpoint(snapshot: Snapshot) -> dict[str, Any]:
    unsigned = Checkpoint(
        at=timezone.now().isoformat(timespec="seconds"),
        count=snapshot.audit_count,
        last_id=snapshot.audit_last_id,
        head=snapshot.audit_head,
    )
    signed = Checkpoint(**{**unsigned.__dict__, "signature": sign(unsigned)})
    data: dict[str, Any] = json.loads(signed.to_json())
    return data


def create_backup(
    *, out: Path, force: bool = False, write: Callable[[str], None] | None = None
) -> BackupReport:
    out = out.expanduser().absolute()
    if out.exists() and not force:
        raise Conflict(f"Tệp {out} đã có: thêm --force để ghi đè.")
    if out.exists() and not out.is_file():
        raise InvalidInput(f"{out} không phải một tệp thường.")
    if not out.parent.is_dir():
        raise InvalidInput(f"Thư mục {out.parent} không tồn tại.")
    progress = Progress(write)
    media_root = Path(settings.MEDIA_ROOT).absolute()
    if out.is_relative_to(media_root):
        raise InvalidInput(
            f"Không ghi tệp sao lưu vào thư mục tệp tải lên ({media_root}): hãy chọn nơi khác."
        )
    skipped: list[str] = []
    engine = engine_name()
    with tempfile.TemporaryDirectory(prefix=WORK_PREFIX, dir=out.parent) as work:
        database_name = DATABASE_DIR + ("thidua.sqlite3" if engine == "sqlite" else "thidua.pgdump")
        database_file = Path(work) / Path(database_name).name
        snapshot = (sqlite_snapshot if engine == "sqlite" else pg_snapshot)(
            target=database_file, progress=progress
        )
        partial = Path(work) / "archive.partial"
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        files: dict[str, dict[str, Any]] = {}
        with (
            os.fdopen(fd, "wb") as raw,
            tarfile.open(fileobj=raw, mode="w:gz", compresslevel=1, format=tarfile.PAX_FORMAT) as tar,
        ):
            # Level 1: uploads are mostly JPEG/PDF/WAV that do not shrink; speed matters more.
            progress.step(
                f"Đang ghi cơ sở dữ liệu vào tệp sao lưu ({megabytes(database_file.stat().st_size)})…"
            )
            files[database_name] = _add_file(tar, database_file, database_name)
            progress.step(f"Đang sao chép tệp tải lên từ {media_root}…")
            count = size = 0
            for path, relative in _media_files(media_root, skipped):
                entry = _add_file(tar, path, MEDIA_DIR + relative)
                files[MEDIA_DIR + relative] = entry
                count, size = count + 1, size + entry["size"]
                progress.tick(f"  tệp tải lên: {count} tệp, {megabytes(size)}")
            progress.step(f"  tệp tải lên: {count} tệp, {megabytes(size)}")
            manifest = Manifest(
                engine=engine,
                thidua_version=thidua.__version__,
                created_at=timezone.now().isoformat(timespec="seconds"),
                database_file=database_name,
                migrations=snapshot.migrations,
                tables=snapshot.tables,
                files=files,
                audit=_audit_checkpoint(snapshot),
                server_version=snapshot.server_version,
                dump_tool_version=snapshot.dump_tool_version,
                fingerprints=key_fingerprints(),
            )
            body = manifest.to_bytes()
            info = tarfile.TarInfo(MANIFEST_NAME)
            info.size, info.mode, info.mtime = len(body), 0o644, int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(body))
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        if out.exists() and not force:
            raise Conflict(f"Tệp {out} vừa được tạo trong khi sao lưu: thêm --force để ghi đè.")
        os.replace(partial, out)
    return BackupReport(path=out, manifest=manifest, size=out.stat().st_size, skipped=skipped)
