"""Benchmark: 1,000 voters casting at once against gunicorn (2 workers), and the tally of 1,000 ballots.

    THIDUA_DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_voting_bench .venv/bin/python benchmarks/voting_bench.py
    .venv/bin/python benchmarks/voting_bench.py            # the development set-up: SQLite file in var/

It (re)creates the database (PostgreSQL: drops and creates the named one; SQLite: a fresh file
`var/voting_bench.sqlite3`), builds one session of `--voters` voters, starts gunicorn on 127.0.0.1
with two workers, and has `--concurrency` client threads cast every credential once through the API
(`POST /api/v1/voting/ballots`) and then replay `--replays` used credentials. It prints throughput,
median and p95 latency, the ratio of the cast's p95 to a trivial page (`GET /bo-phieu/phieu/`)
measured the same way in the same run, and checks that no ballot was lost or duplicated. Then it
closes the session and times the tally (database read + engine) against a bare count of the same
ballots. Loopback only, bounded loops.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
os.environ.setdefault("THIDUA_DEBUG", "1")
os.environ.setdefault("THIDUA_TASKS_BACKEND", "immediate")
if not os.environ.get("THIDUA_DATABASE_URL"):
    os.environ["THIDUA_DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'voting_bench.sqlite3'}"
sys.path.insert(0, str(ROOT / "src"))


def reset_database() -> None:
    url = os.environ["THIDUA_DATABASE_URL"]
    if url.startswith("sqlite"):
        path = Path(url.split("sqlite:///", 1)[1])
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    if not name.startswith("thidua_") or "bench" not in name:
        raise SystemExit("refusing to drop a database whose name does not contain thidua_…bench")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def request(
    port: int, method: str, path: str, body: dict[str, object] | None = None
) -> tuple[int, float, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.perf_counter()
    payload = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"} if body is not None else {}
    conn.request(method, path, body=payload, headers=headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, (time.perf_counter() - started) * 1000, data


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--voters", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--replays", type=int, default=200)
    parser.add_argument("--baseline", type=int, default=300)
    args = parser.parse_args()
    if not 1 <= args.voters <= 2000 or not 1 <= args.concurrency <= 200:
        raise SystemExit("--voters 1..2000, --concurrency 1..200")

    reset_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from thidua.clusters import services as cluster_services
    from thidua.organisations import services as org_services
    from thidua.organisations.enums import UnitKind
    from thidua.voting import selectors, services
    from thidua.voting.enums import SessionKind
    from thidua.voting.models import Ballot, Voter
    from thidua.voting.tally import Ballot as EngineBallot
    from thidua.voting.tally import count_ballots

    ministry = org_services.create_unit(
        actor=None, code="BENCH", name="Bộ Thử nghiệm", kind=UnitKind.MINISTRY
    )
    units = [
        org_services.create_unit(
            actor=None, code=f"SO-{i}", name=f"Sở thử nghiệm {i}", kind=UnitKind.PROVINCIAL_DEPARTMENT
        )
        for i in range(10)
    ]
    cluster = cluster_services.create_cluster(actor=None, authority=ministry, number=1, name="Cụm thử nghiệm")
    session = services.create_session(
        actor=None,
        kind=SessionKind.CLUSTER_SELECTION,
        title="Bỏ phiếu đo hiệu năng",
        year=2018,
        authority=ministry,
        cluster=cluster,
        seats=3,
        candidates=[services.CandidateSpec(label=u.name, unit=u) for u in units],
        voters=[services.VoterSpec(label=f"Cử tri {i}") for i in range(args.voters)],
    )
    credentials = [c for _, c in services.issue_credentials(actor=None, session=session)]
    services.open_session(actor=None, session=session)

    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "thidua.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        for _ in range(100):  # bounded wait for the server
            try:
                if request(port, "GET", "/bo-phieu/phieu/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start")
        with ThreadPoolExecutor(args.concurrency) as pool:
            base = list(pool.map(lambda _: request(port, "GET", "/bo-phieu/phieu/"), range(args.baseline)))
            started = time.perf_counter()
            casts = list(
                pool.map(
                    lambda i: request(
                        port,
                        "POST",
                        "/api/v1/voting/ballots",
                        {
                            "code": session.short_code,
                            "credential": credentials[i],
                            "choices": [f"c{1 + i % 10}", f"c{1 + (i % 10 + 1 + (i // 10) % 9) % 10}"]
                            if i % 7
                            else [],
                        },
                    ),
                    range(args.voters),
                )
            )
            wall = time.perf_counter() - started
            replays = list(
                pool.map(
                    lambda i: request(
                        port,
                        "POST",
                        "/api/v1/voting/ballots",
                        {
                            "code": session.short_code,
                            "credential": credentials[i % args.voters],
                            "choices": ["c1"],
                        },
                    ),
                    range(args.replays),
                )
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    ok = [c for c in casts if c[0] == 201]
    refused = [c for c in casts if c[0] != 201]
    base_ms = [b[1] for b in base if b[0] == 200]
    cast_ms = [c[1] for c in ok]
    receipts = {json.loads(c[2])["receipt"] for c in ok}
    stored = Ballot.objects.filter(session=session).count()
    voted = Voter.objects.filter(session=session).exclude(participation="not_yet").count()
    print(
        f"database: {os.environ['THIDUA_DATABASE_URL'].split('@')[-1]}  gunicorn 2 workers, {args.concurrency} client threads"
    )
    print(
        f"casts: {len(ok)} accepted, {len(refused)} refused ({sorted({c[0] for c in refused})}) in {wall:.2f} s "
        f"= {len(casts) / wall:.0f} requests/s"
    )
    print(
        f"cast latency: median {statistics.median(cast_ms):.1f} ms, p95 {p95(cast_ms):.1f} ms; trivial page "
        f"median {statistics.median(base_ms):.1f} ms, p95 {p95(base_ms):.1f} ms; ratio p95 {p95(cast_ms) / p95(base_ms):.1f}x"
    )
    print(f"replayed credentials: {sum(1 for r in replays if r[0] == 409)}/{len(replays)} refused with 409")
    print(
        f"ballots stored {stored}, receipts returned {len(receipts)}, voters marked {voted}, accepted {len(ok)}"
    )
    lost_or_duplicated = not (stored == len(receipts) == voted == len(ok))
    print("lost or duplicated ballots: " + ("YES" if lost_or_duplicated else "none"))

    services.close_session(actor=None, session=session)
    timings, bare = [], []
    for _ in range(20):
        t0 = time.perf_counter()
        result = selectors.session_result(session)
        timings.append((time.perf_counter() - t0) * 1000)
        rows = list(Ballot.objects.filter(session=session).values_list("choices", "invalid"))
        t1 = time.perf_counter()
        count_ballots(
            [f"c{i}" for i in range(1, 11)], [EngineBallot(choices=tuple(c), invalid=inv) for c, inv in rows]
        )
        bare.append((time.perf_counter() - t1) * 1000)
    print(
        f"tally of {stored} ballots (read + engine): median {statistics.median(timings):.1f} ms; "
        f"bare count in memory {statistics.median(bare):.2f} ms; elected {list(result.elected)}"
    )
    sys.exit(1 if lost_or_duplicated or refused else 0)


if __name__ == "__main__":
    main()
