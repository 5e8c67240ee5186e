"""No double vote under concurrency; nothing stored, audited or logged links a ballot to a voter."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection, connections

from tests.factories import World, build_world
from tests.voting.conftest import make_selection
from thidua.core.errors import DomainError
from thidua.core.models import AuditEntry
from thidua.voting import selectors, services
from thidua.voting.models import Ballot, Voter


@pytest.fixture
def real_database(transactional_db: None, tmp_path: Path) -> Iterator[None]:
    """On SQLite, run the threads against a file database, as in production.

    The test database is an in-memory, shared-cache one, where a writer meets "table is locked" at
    once instead of waiting out the busy timeout; a file copy behaves like the deployed set-up (WAL,
    IMMEDIATE transactions, 20 s timeout). PostgreSQL needs nothing.
    """
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    memory = connection.connection
    path = tmp_path / "voting.sqlite3"
    target = sqlite3.connect(path)
    memory.backup(target)
    target.close()
    name = connection.settings_dict["NAME"]
    connection.connection = None  # detach: closing the last handle would drop the in-memory database
    connection.settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = memory


def test_fifty_concurrent_requests_with_one_credential_store_one_ballot(real_database: None) -> None:
    world = build_world()
    sel = make_selection(world)
    credential = sel.credentials[0]
    barrier = threading.Barrier(50)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt() -> None:
        try:
            barrier.wait(timeout=30)
            try:
                services.cast_ballot(session=sel.session, credential=credential, choices=["c1"])
                outcome = "ok"
            except DomainError as exc:
                outcome = exc.message
            with lock:
                outcomes.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    counts = Counter(outcomes)
    assert counts["ok"] == 1, counts
    assert counts["Mã bỏ phiếu này đã được dùng: mỗi cử tri chỉ bỏ phiếu một lần."] == 49, counts
    assert Ballot.objects.filter(session=sel.session).count() == 1
    assert Voter.objects.filter(session=sel.session).exclude(participation="not_yet").count() == 1


def test_concurrent_voters_each_counted_once(real_database: None) -> None:
    world = build_world()
    sel = make_selection(world, voters=30)
    barrier = threading.Barrier(30)
    errors: list[str] = []

    def vote(credential: str) -> None:
        try:
            barrier.wait(timeout=30)
            services.cast_ballot(session=sel.session, credential=credential, choices=["c2"])
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote, args=(c,)) for c in sel.credentials]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert Ballot.objects.filter(session=sel.session).count() == 30
    assert selectors.turnout(sel.session).took_part == 30


def _columns(model: type) -> set[str]:
    return {f.column for f in model._meta.concrete_fields}


def test_schema_has_no_link_between_ballots_and_voters(world: World) -> None:
    ballot_columns = _columns(Ballot)
    assert ballot_columns == {"id", "session_id", "receipt", "choices", "invalid", "source"}
    # the only shared column is the session; nothing on the ballot refers to a voter, user or time
    assert ballot_columns & _columns(Voter) == {"id", "session_id"}
    for field in Ballot._meta.get_fields():
        related = getattr(field, "related_model", None)
        assert related is None or related._meta.model_name == "votingsession", field
    assert not any(
        f.get_internal_type() in {"DateTimeField", "DateField"} for f in Ballot._meta.concrete_fields
    )
    assert Ballot._meta.pk.get_internal_type() == "UUIDField"
    # and the database agrees with the models (no column added by hand or by a later migration)
    with connection.cursor() as cursor:
        described = {
            c.name for c in connection.introspection.get_table_description(cursor, Ballot._meta.db_table)
        }
        relations = connection.introspection.get_relations(cursor, Ballot._meta.db_table)
    assert described == ballot_columns
    assert {target for _col, (_tcol, target) in relations.items()} == {"voting_votingsession"}


def test_every_row_audit_and_log_after_a_session_cannot_link(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sel = make_selection(world)
    s = sel.session
    voters = list(s.voters.order_by("position"))
    receipts: dict[str, str] = {}
    for i, credential in enumerate(sel.credentials[:8]):
        receipts[credential] = services.cast_ballot(
            session=s, credential=credential, choices=[["c1"], ["c2"], ["c3", "c1"], []][i % 4]
        )
    cast_order = list(receipts.values())
    services.record_written_votes(
        actor=world.cluster_leader,
        session=s,
        voters=voters[8:10],
        ballots=[{"choices": ["c2"]}, {"choices": []}],
    )
    services.close_session(actor=world.cluster_leader, session=s)
    ballots = list(Ballot.objects.filter(session=s))
    voter_rows = list(Voter.objects.filter(session=s))
    secrets_of_voters = {str(v.pk) for v in voter_rows} | {v.credential_hash or "" for v in voter_rows}
    secrets_of_voters |= {v.label for v in voter_rows} | set(receipts)
    # 1. no ballot value equals anything identifying a voter (id, credential hash, label, credential)
    for b in ballots:
        values = {str(b.pk), b.receipt, str(b.choices), b.source}
        assert not values & secrets_of_voters
    # 2. no voter row holds a receipt, ballot id or time
    ballot_values = {str(b.pk) for b in ballots} | {b.receipt for b in ballots}
    for v in voter_rows:
        assert not {str(getattr(v, f.attname)) for f in Voter._meta.concrete_fields} & ballot_values
    # 3. the stored order is the receipt order (random), not the casting order
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT receipt FROM voting_ballot WHERE session_id = %s ORDER BY rowid", [s.pk])
        else:
            cursor.execute("SELECT receipt FROM voting_ballot WHERE session_id = %s ORDER BY ctid", [s.pk])
        physical = [row[0] for row in cursor.fetchall()]
    assert physical == sorted(physical)
    assert sorted(physical) == sorted(b.receipt for b in ballots)
    # 4. the audit trail: participation and administration only, never a receipt, choice or ballot id
    entries = list(AuditEntry.objects.all())
    text = " ".join(
        f"{e.action} {e.object_type} {e.object_id} {e.before} {e.after} {e.object_repr}" for e in entries
    )
    for value in ballot_values | set(receipts):
        assert value not in text
    assert not [e for e in entries if e.object_type.endswith("ballot")]
    # 5. logs: no receipt, credential or ballot id in any record
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for value in ballot_values | set(receipts) | set(sel.credentials):
        assert value not in logged
    # 6. credentials are stored only as hashes
    stored = {v.credential_hash for v in voter_rows}
    assert not stored & set(sel.credentials)
    assert all(h is None or len(h) == 64 for h in stored)
    assert cast_order  # (the casting order existed, and is not what the table shows unless by chance)
