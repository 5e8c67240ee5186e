"""Taking and loading a consistent copy of the database, per engine.

SQLite: the online backup API copies the live database in one step (readers and, in WAL mode,
writers carry on); the counts, migrations and audit head are then read from that copy.
PostgreSQL: a REPEATABLE READ transaction exports its snapshot, pg_dump dumps exactly that snapshot
(`--snapshot`), and the counts and audit head are read in the same transaction, so the manifest
describes the dump to the row. Loading is all-or-nothing on both: the SQLite backup API replaces
the database in one step; pg_restore's SQL runs through `psql --single-transaction`.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection

from thidua.core.backup.manifest import EXCLUDED_TABLE_DATA, Progress
from thidua.core.errors import Conflict

AUDIT_TABLE = "core_auditentry"


@dataclass
class Snapshot:
    """What the manifest says about the database copy."""

    file: Path
    migrations: list[str]
    tables: dict[str, int]
    audit_count: int
    audit_last_id: int
    audit_head: str
    server_version: str = ""
    dump_tool_version: str = ""


def engine_name() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _describe(cursor: Any, tables: list[str], quote: Callable[[str], str]) -> dict[str, Any]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - names come from the catalogue
        counts[table] = int(cursor.fetchone()[0])
    migrations: list[str] = []
    if "django_migrations" in counts:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
    audit = {"count": 0, "last_id": 0, "head": "0" * 64}
    if counts.get(AUDIT_TABLE):
        cursor.execute(f"SELECT id, hash FROM {AUDIT_TABLE} ORDER BY id DESC LIMIT 1")  # noqa: S608
        last_id, head = cursor.fetchone()
        audit = {"count": counts[AUDIT_TABLE], "last_id": int(last_id), "head": str(head)}
    for table in EXCLUDED_TABLE_DATA:
        if table in counts:
            counts[table] = 0
    return {"tables": counts, "migrations": migrations, "audit": audit}


def _quote_sqlite(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return [str(row[0]) for row in rows]


# SQLite ---------------------------------------------------------------------------------------


def sqlite_snapshot(*, target: Path, progress: Progress) -> Snapshot:
    connection.ensure_connection()
    source = connection.connection
    copy = sqlite3.connect(target)
    try:
        progress.step("Đang sao chép cơ sở dữ liệu SQLite (API sao lưu trực tuyến)…")
        # One step: the copy is one consistent read of the live database; WAL lets writers carry on.
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        copy.execute("PRAGMA secure_delete=ON")  # removed rows are overwritten, not just unlinked
        tables = _sqlite_tables(copy)
        for table in EXCLUDED_TABLE_DATA:
            if table in tables:
                copy.execute(f"DELETE FROM {_quote_sqlite(table)}")  # noqa: S608
        copy.commit()
        described = _describe(copy.cursor(), tables, _quote_sqlite)
        version = str(copy.execute("SELECT sqlite_version()").fetchone()[0])
    finally:
        copy.close()
    return Snapshot(
        file=target,
        migrations=described["migrations"],
        tables=described["tables"],
        audit_count=described["audit"]["count"],
        audit_last_id=described["audit"]["last_id"],
        audit_head=described["audit"]["head"],
        server_version=f"SQLite {version}",
    )


def sqlite_load(*, source: Path) -> None:
    """Replace the current database with the copy, in one step."""
    connection.close()
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise Conflict("Không thể khôi phục SQLite bên trong một giao dịch đang mở.")
    copy = sqlite3.connect(source)
    try:
        copy.backup(connection.connection)
    finally:
        copy.close()
    connection.close()


# PostgreSQL -----------------------------------------------------------------------------------


def _pg_settings() -> dict[str, Any]:
    return dict(connection.settings_dict)


def pg_environment() -> dict[str, str]:
    """libpq's variables for pg_dump, pg_restore and psql; the password never goes on a command line."""
    conf = _pg_settings()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    mapping = {
        "NAME": "PGDATABASE",
        "USER": "PGUSER",
        "PASSWORD": "PGPASSWORD",
        "HOST": "PGHOST",
        "PORT": "PGPORT",
    }
    for key, variable in mapping.items():
        if conf.get(key):
            env[variable] = str(conf[key])
    options = conf.get("OPTIONS") or {}
    for option, variable in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("service", "PGSERVICE"),
    ):
        if options.get(option):
            env[variable] = str(options[option])
    return env


def _pg_connect() -> Any:
    import psycopg

    conf = _pg_settings()
    params: dict[str, Any] = {"dbname": conf["NAME"]}
    for key, param in (("USER", "user"), ("PASSWORD", "password"), ("HOST", "host"), ("PORT", "port")):
        if conf.get(key):
            params[param] = conf[key]
    for option in ("sslmode", "sslrootcert"):
        if (conf.get("OPTIONS") or {}).get(option):
            params[option] = conf["OPTIONS"][option]
    return psycopg.connect(**params)


def tool_version(program: str) -> tuple[str, int]:
    """(full version, major) of a PostgreSQL client program; Conflict if it is missing."""
    path = shutil.which(program)
    if path is None:
        raise Conflict(f"Không tìm thấy chương trình {program}: hãy cài gói Debian postgresql-client.")
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=False).stdout  # noqa: S603
    match = re.search(r"(\d+)(?:\.(\d+))?", output)
    if not match:
        raise Conflict(f"Không đọc được phiên bản của {program}: {output.strip()!r}.")
    return match.group(0), int(match.group(1))


def pg_server_version() -> tuple[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        number = int(cursor.fetchone()[0])
    return f"{number // 10000}.{number % 10000}", number // 10000


def _pg_tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return [str(row[0]) for row in cursor.fetchall()]


def _quote_pg(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _run_with_progress(
    command: list[str], *, env: dict[str, str], total: int, progress: Progress, what: str
) -> None:
    """Run a PostgreSQL tool, counting its --verbose lines about tables as progress."""
    done = 0
    tail: list[str] = []
    with subprocess.Popen(  # noqa: S603 - fixed program, arguments built here
        command, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    ) as process:
        assert process.stderr is not None
        for line in process.stderr:
            if "contents of table" in line or "processing data for table" in line:
                done += 1
                progress.tick(f"  {what}: {done}/{total} bảng")
            else:
                tail = [*tail[-15:], line.rstrip()]
        process.wait()
    if process.returncode != 0:
        details = "\n".join(
            line for line in tail if "error" in line.lower() or "lỗi" in line.lower()
        ) or "\n".join(tail[-5:])
        raise Conflict(f"{command[0]} thất bại (mã {process.returncode}):\n{details}")


def pg_snapshot(*, target: Path, progress: Progress) -> Snapshot:
    import psycopg

    dump_version, dump_major = tool_version("pg_dump")
    server_version, server_major = pg_server_version()
    if dump_major < server_major:
        raise Conflict(
            f"pg_dump {dump_version} cũ hơn máy chủ PostgreSQL {server_version}: pg_dump không sao lưu được "
            f"máy chủ mới hơn nó; hãy cài gói postgresql-client-{server_major}."
        )
    snap = _pg_connect()
    try:
        snap.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with snap.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = str(cursor.fetchone()[0])
            tables = _pg_tables(cursor)
            described = _describe(cursor, tables, _quote_pg)
        progress.step(f"Đang xuất cơ sở dữ liệu PostgreSQL ({len(tables)} bảng) bằng pg_dump {dump_version}…")
        command = [
            str(shutil.which("pg_dump")),
            "--format=custom",
            f"--snapshot={snapshot_id}",
            "--verbose",
            f"--file={target}",
            *[f"--exclude-table-data={table}" for table in EXCLUDED_TABLE_DATA],
        ]
        _run_with_progress(
            command, env=pg_environment(), total=len(tables), progress=progress, what="đã xuất"
        )
    finally:
        snap.rollback()
        snap.close()
    return Snapshot(
        file=target,
        migrations=described["migrations"],
        tables=described["tables"],
        audit_count=described["audit"]["count"],
        audit_last_id=described["audit"]["last_id"],
        audit_head=described["audit"]["head"],
        server_version=f"PostgreSQL {server_version}",
        dump_tool_version=dump_version,
    )


def pg_load(*, source: Path, drop_existing: bool, tables: int, progress: Progress) -> None:
    """pg_restore's SQL piped into one psql transaction: on any error nothing is changed."""
    _, restore_major = tool_version("pg_restore")
    psql = shutil.which("psql")
    if psql is None:
        raise Conflict("Không tìm thấy chương trình psql: hãy cài gói Debian postgresql-client.")
    connection.close()
    env = pg_environment()
    restore = [
        str(shutil.which("pg_restore")),
        "--no-owner",
        "--no-privileges",
        "--verbose",
        "--file=-",
        str(source),
    ]
    load = [psql, "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction"]
    if drop_existing:
        load += [
            "--command=DROP SCHEMA public CASCADE; CREATE SCHEMA public; GRANT USAGE ON SCHEMA public TO PUBLIC;"
        ]
    load += ["--file=-"]
    with _pipeline(restore, load, env=env) as (producer, consumer):
        done = 0
        tail: list[str] = []
        assert producer.stderr is not None
        for line in producer.stderr:
            if "processing data for table" in line:
                done += 1
                progress.tick(f"  đã nạp: {done}/{tables} bảng")
            else:
                tail = [*tail[-5:], line.rstrip()]
        producer.wait()
        errors = consumer.communicate()[1]
    if producer.returncode != 0 or consumer.returncode != 0:
        details = (errors or "").strip() or "\n".join(tail)
        raise Conflict(
            "Khôi phục PostgreSQL thất bại, cơ sở dữ liệu giữ nguyên như trước "
            f"(pg_restore {restore_major}, mã {producer.returncode}/{consumer.returncode}):\n{details[-2000:]}"
        )


@contextmanager
def _pipeline(first: list[str], second: list[str], *, env: dict[str, str]) -> Iterator[tuple[Any, Any]]:
    producer = subprocess.Popen(first, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # noqa: S603
    consumer = subprocess.Popen(  # noqa: S603
        second, env=env, stdin=producer.stdout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert producer.stdout is not None
    producer.stdout.close()  # the consumer owns the pipe now; the producer sees SIGPIPE if it dies
    try:
        yield producer, consumer
    finally:
        for process in (producer, consumer):
            if process.poll() is None:
                process.kill()
                process.wait()


# Both -----------------------------------------------------------------------------------------


def live_tables() -> dict[str, int]:
    """Row counts of every table of the current database."""
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        quote = connection.ops.quote_name
        counts = {}
        for table in sorted(names):
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608
            counts[table] = int(cursor.fetchone()[0])
    return counts
