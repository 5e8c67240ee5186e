"""`thidua backup` and `thidua restore`: a round trip that loses nothing, and damaged archives refused.

The round trip loads the demo, adds uploads, backs up in this process, restores with the real
command in a subprocess into a new empty database and media folder, and compares every row of
every table and the checksum of every media file. Runs on SQLite and on PostgreSQL (a second
database is created and dropped here).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.factories import build_world, make_unit
from thidua.core.backup.manifest import MANIFEST_NAME, Manifest, parse_manifest
from thidua.core.models import AuditEntry
from thidua.organisations.models import Unit

pytestmark = pytest.mark.django_db(transaction=True)
ON_POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def media(tmp_path: Path, settings: Any) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "checkpoints.jsonl")
    return root


def _photo() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(out, format="PNG")
    return out.getvalue()


def _media_checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _plain(value: Any) -> Any:
    # Two connections may name UTC with different tzinfo objects; the instant is what must match.
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).isoformat()
    return value


def _rows(cursor: Any, tables: list[str], quote: Any) -> dict[str, list[str]]:
    dumped = {}
    for table in tables:
        cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608
        dumped[table] = sorted(repr(tuple(_plain(value) for value in row)) for row in cursor.fetchall())
    return dumped


def _pg_params() -> dict[str, Any]:
    conf = connection.settings_dict
    params = {"host": conf["HOST"] or "127.0.0.1", "port": conf["PORT"] or 5432, "user": conf["USER"]}
    if conf["PASSWORD"]:
        params["password"] = conf["PASSWORD"]
    return params


def _source_rows() -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        if not ON_POSTGRES:
            return _rows(cursor, tables, connection.ops.quote_name)
    import psycopg

    # A plain psycopg connection, like the one reading the restored side (Django's own decodes JSON later).
    with psycopg.connect(dbname=connection.settings_dict["NAME"], **_pg_params()) as source:
        return _rows(source.cursor(), tables, connection.ops.quote_name)


def _backup(path: Path) -> str:
    out = io.StringIO()
    call_command("backup", out=str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _restore_in_subprocess(
    archive: Path, *, database_url: str, data_dir: Path
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("THIDUA_", "DJANGO_"))}
    env.update(
        THIDUA_DEBUG="1",
        THIDUA_DATABASE_URL=database_url,
        THIDUA_DATA_DIR=str(data_dir),
        THIDUA_MEDIA_ROOT=str(data_dir / "media"),
        THIDUA_AUDIT_CHECKPOINT_FILE="",
    )
    return subprocess.run(
        [sys.executable, "-m", "thidua", "restore", str(archive)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture
def second_database() -> Iterator[tuple[str, Any]]:
    """A URL for an empty database of the same engine, and a DB-API connection factory for it."""
    if not ON_POSTGRES:
        yield "", None  # SQLite: the test makes a new file
        return
    import psycopg

    conf = connection.settings_dict
    name = "thidua_admin_restore_test"
    params = _pg_params()
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = conf["USER"] + (f":{conf['PASSWORD']}" if conf["PASSWORD"] else "")
    url = f"postgres://{auth}@{params['host']}:{params['port']}/{name}"
    try:
        yield url, lambda: psycopg.connect(dbname=name, **params)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_round_trip_of_the_demo_with_uploads_is_identical(
    media: Path, tmp_path: Path, second_database: tuple[str, Any]
) -> None:
    from thidua.accounts.models import User
    from thidua.clusters import services as cluster_services
    from thidua.clusters.models import Conference

    call_command("demo", stdout=io.StringIO())
    conference = Conference.objects.order_by("id").first()
    cluster_services.add_conference_photo(
        actor=User.objects.get(username="truongcum.hanoi"),
        conference=conference,
        content=_photo(),
        caption="Lễ ký kết giao ước thi đua",
    )
    (media / "tài liệu").mkdir()
    (media / "tài liệu" / "Quyết định số 12.pdf").write_bytes(b"%PDF-1.4 " + os.urandom(5000))
    before_rows = _source_rows()
    before_media = _media_checksums(media)
    assert len(before_media) >= 2

    archive = tmp_path / "thidua.tar.gz"
    output = _backup(archive)
    assert "Đang sao chép tệp tải lên" in output
    assert f"{len(before_media)} tệp tải lên" in output
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    target = tmp_path / "restored"
    url, connect = second_database
    if not ON_POSTGRES:
        url = f"sqlite:///{target / 'thidua.sqlite3'}"
    result = _restore_in_subprocess(archive, database_url=url, data_dir=target)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "số dòng mọi bảng khớp bản kê" in result.stdout
    assert (
        f"nhật ký nguyên vẹn ({AuditEntry.objects.count()} bản ghi, khớp điểm mốc lúc sao lưu)"
        in result.stdout
    )

    if ON_POSTGRES:
        with connect() as restored, restored.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            tables = sorted(row[0] for row in cursor.fetchall())
            after_rows = _rows(cursor, tables, connection.ops.quote_name)
    else:
        # Django's own type conversion (registered globally), so both sides read alike.
        restored = sqlite3.connect(
            target / "thidua.sqlite3", detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
        )
        tables = sorted(
            row[0]
            for row in restored.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        )
        after_rows = _rows(restored.cursor(), tables, connection.ops.quote_name)
        restored.close()
    assert sorted(after_rows) == sorted(before_rows)
    assert after_rows.pop("django_session") == []  # sessions are credentials: never in a backup
    before_rows.pop("django_session")
    for table, rows in before_rows.items():
        assert after_rows[table] == rows, table
    assert _media_checksums(target / "media") == before_media


def test_the_archive_holds_no_secret_and_the_manifest_describes_it(media: Path, tmp_path: Path) -> None:
    build_world()
    (media / "a.txt").write_bytes(b"abc")
    archive = tmp_path / "b.tar.gz"
    _backup(archive)
    raw = gzip.decompress(archive.read_bytes())
    for secret in (
        django_settings.SECRET_KEY,
        django_settings.AUDIT_KEY,
        django_settings.PERSONAL_ID_PEPPER,
    ):
        assert secret.encode() not in raw
    manifest = _read_manifest(archive)
    assert manifest.engine == connection.vendor.replace("postgresql", "postgresql")
    assert manifest.files["media/a.txt"] == {"sha256": hashlib.sha256(b"abc").hexdigest(), "size": 3}
    assert manifest.tables["organisations_unit"] == Unit.objects.count()
    assert manifest.audit["count"] == AuditEntry.objects.count()
    assert manifest.audit["head"] == AuditEntry.objects.order_by("id").last().hash
    assert "core.0002_audit_chain_keyed" in manifest.migrations


def test_backup_refuses_to_overwrite_without_force(media: Path, tmp_path: Path) -> None:
    archive = tmp_path / "b.tar.gz"
    archive.write_bytes(b"an earlier backup")
    with pytest.raises(CommandError, match=f"Tệp {archive} đã có: thêm --force để ghi đè."):
        _backup(archive)
    assert archive.read_bytes() == b"an earlier backup"
    call_command("backup", out=str(archive), force=True, stdout=io.StringIO())
    assert tarfile.is_tarfile(archive)


def test_backup_refuses_to_write_into_the_media_folder(media: Path) -> None:
    with pytest.raises(CommandError, match="Không ghi tệp sao lưu vào thư mục tệp tải lên"):
        _backup(media / "b.tar.gz")


# Damaged archives -------------------------------------------------------------------------------


def _read_manifest(archive: Path) -> Manifest:
    with tarfile.open(archive) as tar:
        handle = tar.extractfile(MANIFEST_NAME)
        assert handle is not None
        return parse_manifest(handle.read())


def _repack(archive: Path, target: Path, change: Any) -> None:
    """Rewrite the archive's members through `change(name, data) -> data | None` (None drops it)."""
    with tarfile.open(archive) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]  # type: ignore[union-attr]
    with tarfile.open(target, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for member, data in members:
            changed = change(member.name, data)
            if changed is None:
                continue
            member.size = len(changed)
            tar.addfile(member, io.BytesIO(changed))


def _rewrite_manifest(archive: Path, target: Path, edit: Any) -> None:
    def change(name: str, data: bytes) -> bytes:
        if name != MANIFEST_NAME:
            return data
        manifest = parse_manifest(data)
        edit(manifest)
        return manifest.to_bytes()

    _repack(archive, target, change)


def _flip_byte(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def _a_byte_that_matters(raw: bytes) -> int:
    """The first byte from the middle whose flip changes what the archive holds.

    A flipped bit in a deflate back-reference inside a run of identical bytes (tar's zero padding)
    can decode to the very same content, and such an archive is not damaged: the test must not
    depend on where the middle byte happens to fall."""
    original = gzip.decompress(raw)
    for at in range(len(raw) // 2, len(raw)):
        try:
            if gzip.decompress(_flip_byte(raw, at)) != original:
                return at
        except (OSError, EOFError, zlib.error):
            return at
    raise AssertionError("no byte of the archive changes its content")


@pytest.fixture
def archive(media: Path, tmp_path: Path) -> Path:
    build_world()
    (media / "news").mkdir()
    (media / "news" / "ảnh hội nghị.jpg").write_bytes(_photo())
    path = tmp_path / "good.tar.gz"
    _backup(path)
    # What is there to be kept intact: one more unit and one more file than in the archive.
    make_unit(name="Vụ Mới Sau Sao Lưu")
    (media / "news" / "sau sao lưu.txt").write_bytes(b"new")
    return path


def _state(media: Path) -> tuple[dict[str, int], dict[str, str]]:
    from thidua.core.backup.engines import live_tables

    return live_tables(), _media_checksums(media)


def _refused(archive: Path, media: Path, message: str) -> None:
    before = _state(media)
    with pytest.raises(CommandError) as caught:
        call_command("restore", str(archive), replace=True, stdout=io.StringIO(), stderr=io.StringIO())
    assert message in str(caught.value)
    assert _state(media) == before
    assert Unit.objects.filter(name="Vụ Mới Sau Sao Lưu").exists()
    assert not [p for p in media.parent.iterdir() if p.name.startswith(".thidua-restore-")]


def test_a_changed_byte_in_an_uploaded_file_is_refused(archive: Path, media: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.tar.gz"
    _repack(
        archive,
        damaged,
        lambda name, data: _flip_byte(data, len(data) // 2) if name.endswith(".jpg") else data,
    )
    _refused(
        damaged,
        media,
        "Tệp media/news/ảnh hội nghị.jpg trong bản sao lưu đã bị thay đổi hoặc hỏng (mã SHA-256 không khớp bản kê); "
        "không có gì được khôi phục.",
    )


def test_a_changed_byte_in_the_database_copy_is_refused(archive: Path, media: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.tar.gz"
    _repack(
        archive, damaged, lambda name, data: _flip_byte(data, 2000) if name.startswith("database/") else data
    )
    _refused(damaged, media, "trong bản sao lưu đã bị thay đổi hoặc hỏng (mã SHA-256 không khớp bản kê)")


def test_a_changed_byte_in_the_compressed_file_is_refused(archive: Path, media: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.tar.gz"
    raw = archive.read_bytes()
    damaged.write_bytes(_flip_byte(raw, _a_byte_that_matters(raw)))
    before = _state(media)
    with pytest.raises(CommandError) as caught:
        call_command("restore", str(damaged), replace=True, stdout=io.StringIO(), stderr=io.StringIO())
    assert str(caught.value).endswith("không có gì được khôi phục.")
    assert _state(media) == before


def test_a_changed_byte_in_the_manifest_is_refused(archive: Path, media: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.tar.gz"

    def change(name: str, data: bytes) -> bytes:
        if name != MANIFEST_NAME:
            return data
        text = json.loads(data)
        text["tables"]["organisations_unit"] += 1
        return json.dumps(text).encode()

    _repack(archive, damaged, change)
    _refused(
        damaged,
        media,
        "Bản kê (manifest.json) của tệp sao lưu đã bị thay đổi hoặc hỏng (mã kiểm tra không khớp).",
    )


def test_a_missing_file_is_refused(archive: Path, media: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.tar.gz"
    _repack(archive, damaged, lambda name, data: None if name.endswith(".jpg") else data)
    _refused(
        damaged,
        media,
        "Tệp sao lưu thiếu 1 tệp có trong bản kê: media/news/ảnh hội nghị.jpg; không có gì được khôi phục.",
    )


def test_a_manifest_from_a_newer_schema_is_refused(archive: Path, media: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "newer.tar.gz"
    _rewrite_manifest(archive, damaged, lambda m: m.migrations.append("core.0999_from_the_future"))
    _refused(
        damaged,
        media,
        "Bản sao lưu có lược đồ mới hơn bản thidua này (1 migration chưa biết: core.0999_from_the_future)",
    )


def test_a_newer_archive_format_is_refused(archive: Path, media: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "newer.tar.gz"
    _rewrite_manifest(archive, damaged, lambda m: setattr(m, "format_version", 2))
    _refused(damaged, media, "Bản sao lưu dùng định dạng phiên bản 2, mới hơn phiên bản 1")


def test_a_backup_of_the_other_engine_is_refused_clearly(archive: Path, media: Path, tmp_path: Path) -> None:
    other = "sqlite" if ON_POSTGRES else "postgresql"
    damaged = tmp_path / "other.tar.gz"
    _rewrite_manifest(archive, damaged, lambda m: setattr(m, "engine", other))
    _refused(
        damaged,
        media,
        "thidua chưa hỗ trợ khôi phục sang hệ quản trị cơ sở dữ liệu khác (SQLite ↔ PostgreSQL)",
    )


def test_a_backup_taken_with_another_audit_key_is_refused(
    archive: Path, media: Path, tmp_path: Path, settings: Any
) -> None:
    settings.AUDIT_KEY = "not the key the backup was taken with, long enough"
    _refused(archive, media, "Khóa nhật ký (THIDUA_AUDIT_KEY) của máy này khác khóa lúc sao lưu")


def test_a_file_that_is_not_a_backup_is_refused(media: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"this is not an archive at all")
    with pytest.raises(CommandError, match=r"bị hỏng hoặc không đọc được: .*không có gì được khôi phục"):
        call_command("restore", str(bogus), stdout=io.StringIO())


# Into a database that holds data ----------------------------------------------------------------


def test_restore_into_a_database_with_data_is_refused_saying_what_it_would_replace(
    archive: Path, media: Path
) -> None:
    before = _state(media)
    with pytest.raises(CommandError) as caught:
        call_command("restore", str(archive), stdout=io.StringIO(), stderr=io.StringIO())
    message = str(caught.value)
    assert message.startswith("Không khôi phục: cơ sở dữ liệu đích đã có dữ liệu: 6 tài khoản, ")
    assert f"{AuditEntry.objects.count()} bản ghi nhật ký" in message
    assert f"thư mục tệp tải lên {media} có 2 tệp" in message
    assert "thêm --replace nếu đúng là bạn muốn vậy" in message
    assert _state(media) == before


def test_restore_with_replace_puts_back_the_backed_up_state(archive: Path, media: Path) -> None:
    out = io.StringIO()
    call_command("restore", str(archive), replace=True, stdout=out, stderr=io.StringIO())
    assert not Unit.objects.filter(name="Vụ Mới Sau Sao Lưu").exists()
    assert sorted(_media_checksums(media)) == ["news/ảnh hội nghị.jpg"]
    aside = [p for p in media.parent.iterdir() if p.name.startswith("media.before-restore-")]
    assert len(aside) == 1
    assert (aside[0] / "news" / "sau sao lưu.txt").read_bytes() == b"new"
    assert "số dòng mọi bảng khớp bản kê" in out.getvalue()
    manifest = _read_manifest(archive)
    assert Unit.objects.count() == manifest.tables["organisations_unit"]
