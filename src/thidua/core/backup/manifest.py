"""The backup archive's manifest: what it holds, checked before anything is restored.

An archive is a tar file (gzip) with `database/…` (the SQLite copy or the pg_dump file), `media/…`
(every uploaded file) and `manifest.json` last. The manifest names the thidua version, the engine,
every applied migration, the row count of every table, the SHA-256 and size of every file, and a
signed checkpoint of the audit trail; it carries its own digest so a changed byte anywhere in it is
caught. It never holds a setting: no secret key, pepper, audit key or database password — only
keyed fingerprints that tell whether the restoring machine uses the same pepper and audit key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from thidua.core.errors import InvalidInput

FORMAT = "thidua-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATABASE_DIR = "database/"
MEDIA_DIR = "media/"
# Login sessions are bearer credentials and expire anyway: their rows never leave the server.
EXCLUDED_TABLE_DATA = ("django_session",)
# Rows that `migrate` writes into a new database; they do not make it "non-empty".
MIGRATE_TABLES = ("django_migrations", "django_content_type", "auth_permission")


def fingerprint(secret: str, purpose: str) -> str:
    """A keyed hash of a constant: equal on two machines exactly when they share the secret, and
    useless for recovering it."""
    return hmac.new(
        secret.encode(), f"thidua-backup-fingerprint:{purpose}".encode(), hashlib.sha256
    ).hexdigest()[:24]


def key_fingerprints() -> dict[str, str]:
    return {
        "audit_key": fingerprint(settings.AUDIT_KEY, "audit_key"),
        "personal_id_pepper": fingerprint(settings.PERSONAL_ID_PEPPER, "personal_id_pepper"),
    }


def canonical(data: dict[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass
class Manifest:
    engine: str  # "sqlite" | "postgresql"
    thidua_version: str
    created_at: str
    database_file: str  # name inside the archive
    migrations: list[str]  # "app.name", in the order applied
    tables: dict[str, int]  # table → rows in the snapshot
    files: dict[str, dict[str, Any]]  # archive name → {"sha256", "size"}
    audit: dict[str, Any]  # a signed checkpoint (thidua.core.audit_checkpoints)
    server_version: str = ""
    dump_tool_version: str = ""
    fingerprints: dict[str, str] = field(default_factory=dict)
    excluded_table_data: list[str] = field(default_factory=lambda: list(EXCLUDED_TABLE_DATA))
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def body(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def to_bytes(self) -> bytes:
        body = self.body()
        digest = hashlib.sha256(canonical(body)).hexdigest()
        return json.dumps({**body, "digest": digest}, ensure_ascii=False, indent=1, sort_keys=True).encode()

    @property
    def media_files(self) -> int:
        return sum(1 for name in self.files if name.startswith(MEDIA_DIR))


def parse_manifest(raw: bytes) -> Manifest:
    """The manifest from its bytes; InvalidInput in Vietnamese for anything damaged or foreign."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise InvalidInput("Bản kê (manifest.json) của tệp sao lưu bị hỏng: không đọc được JSON.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InvalidInput("Tệp này không phải bản sao lưu của thidua (bản kê không đúng định dạng).")
    version = data.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise InvalidInput(
            f"Bản sao lưu dùng định dạng phiên bản {version}, mới hơn phiên bản {FORMAT_VERSION} mà bản "
            "thidua này đọc được: hãy nâng cấp thidua trước khi khôi phục."
        )
    digest = data.pop("digest", None)
    if not isinstance(digest, str) or not hmac.compare_digest(
        digest, hashlib.sha256(canonical(data)).hexdigest()
    ):
        raise InvalidInput(
            "Bản kê (manifest.json) của tệp sao lưu đã bị thay đổi hoặc hỏng (mã kiểm tra không khớp)."
        )
    try:
        manifest = Manifest(**data)
    except TypeError:
        raise InvalidInput("Bản kê của tệp sao lưu thiếu trường hoặc có trường lạ.") from None
    return manifest


def sha256_file(path: Any, *, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


class Progress:
    """Prints steps always and running counts at most every `every` seconds (long runs stay readable)."""

    def __init__(self, write: Callable[[str], None] | None, *, every: float = 2.0) -> None:
        self._write = write
        self._every = every
        self._last = 0.0

    def step(self, message: str) -> None:
        if self._write is not None:
            self._write(message)
        self._last = time.monotonic()

    def tick(self, message: str) -> None:
        if self._write is None:
            return
        now = time.monotonic()
        if now - self._last >= self._every:
            self._write(message)
            self._last = now


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB".replace(",", " ").replace(".", ",")
