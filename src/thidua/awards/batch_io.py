"""The batch run's reads and writes, set-wise (numpy): the registry into the engine's columns,
and the results back, one row per subject.

At national scale (2 million people, 20 million yearly records) a Python step per record is what
the batch run's profile showed: 73 µs per person to read, against 10 µs to evaluate. Here each
chunk of a table comes as integer columns (PostgreSQL: one bytea of 8-byte integers per column,
`string_agg(int8send(…))`, parsed with `numpy.frombuffer`; SQLite: the same SELECT's rows) and is
scattered into per-year columns with array indexing; the engine's `History` receives whole years
(`set_year`, `add_holds`, `add_initiative_counts`) and stays plain Python. The few entries and
initiatives with a `used_for` are read again by key and judged per target by the engine, as before.
Results go back as one row per person, a block at a time, with a binary COPY built as one array.

Both databases run the same SQL text (CASE and CAST only), so the verdicts cannot depend on the
database; `tests/awards/test_batch_agreement.py` compares them with the single evaluator.
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import psycopg
from django.db import connection, transaction

from thidua.awards.eligibility.batch import ColumnResult
from thidua.awards.eligibility.codes import DISCIPLINE_RANK, RATING_RANK, SCOPE_RANK
from thidua.awards.eligibility.columns import History, mask_to_flags
from thidua.awards.models import (
    OUTCOME_DIGITS,
    AwardForm,
    Conferral,
    EligibilityOutcome,
    EligibilityResult,
    EligibilityRun,
    Initiative,
    Title,
    YearRecord,
)

# A binary COPY stream (the writer's): an 11-byte signature, 4 bytes of flags and a 4-byte header
# extension length (0), then per row a 2-byte field count and per field a 4-byte length and the
# value (big endian), then a 2-byte -1. With fixed-width fields a row is a numpy record.
_SIGNATURE = b"PGCOPY\n\xff\r\n\x00"
_TRAILER = b"\xff\xff"

_ID_CHUNK = 1_000_000  # rows of a table read per query in a whole-registry read
_ID_LIST = 5_000  # people per query when only some are read (SQLite's bound on parameters)
_READERS = 2  # connections reading at once: the server's work is most of a read (a small server's cores)
# Packed integers keep the year above bit 32 and small fields below: a record's rating + 1 (3 bits),
# discipline + 1 (5), months (8) and absence days (16; a small integer field, at most 32,767), so
# the part below the year stays under 2**31 and PostgreSQL's integer arithmetic cannot overflow.
_YEAR = 1 << 32


def _case(column: str, ranks: Mapping[str, int]) -> str:
    # The codes are the catalogue's constants (letters and underscores), never user input.
    assert all(code.replace("_", "").isalnum() for code in ranks)
    whens = " ".join(f"WHEN '{code}' THEN {rank + 1}" for code, rank in ranks.items())
    return f"CASE {column} {whens} ELSE 0 END"  # rank + 1, 0 for none


def _fetch(expressions: Sequence[str], rest: str, params: Sequence[int]) -> list[np.ndarray]:
    """Integer columns of `SELECT expressions rest`. PostgreSQL aggregates each column into one
    bytea of 8-byte integers (`string_agg(int8send(…))`: one value per column instead of a
    Python object per row); SQLite returns rows. Every aggregate of the query reads the same rows
    in the same order, so the columns stay aligned."""
    if connection.vendor == "postgresql":
        columns = ", ".join(f"string_agg(int8send(CAST(({e}) AS bigint)), ''::bytea)" for e in expressions)
        connection.ensure_connection()
        # Django's cursors bind on the client, which has no binary results: a plain psycopg one.
        with psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(f"SELECT {columns} {rest}", params, binary=True)
            row = cursor.fetchone()
        assert row is not None  # an aggregate without GROUP BY gives one row
        return [
            np.frombuffer(value, dtype=">i8").astype(np.int64) if value else np.empty(0, np.int64)
            for value in row
        ]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(expressions)} {rest}", params)
        rows = np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, len(expressions))
    return [rows[:, k].copy() for k in range(len(expressions))]


@dataclass(frozen=True)
class _Table:
    """The integer columns to read from one table, and how each chunk is reduced on arrival."""

    expressions: tuple[str, ...]
    table: str
    alias: str
    where: str
    person: str  # the column naming the person, for a read of some people only
    join: str = ""
    each: Callable[[list[np.ndarray]], list[np.ndarray]] | None = None

    def queries(self, person_ids: Sequence[int] | None) -> list[tuple[str, list[int]]]:
        """(FROM … WHERE …, parameters) of each chunk: the whole table by ranges of its primary
        key (one scan in all), or the people of `person_ids` by lists."""
        rest = f"FROM {self.table} {self.alias}{self.join} WHERE {self.where}"
        if person_ids is not None:
            chunks = [list(person_ids[i : i + _ID_LIST]) for i in range(0, len(person_ids), _ID_LIST)]
            return [(f"{rest} AND {self.person} IN ({', '.join(['%s'] * len(c))})", c) for c in chunks]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MIN(id), MAX(id) FROM {self.table}")  # noqa: S608 (a model's table)
            low, high = cursor.fetchone()
        if low is None:
            return []
        where = f"{rest} AND {self.alias}.id BETWEEN %s AND %s"
        return [(where, [start, start + _ID_CHUNK - 1]) for start in range(low, high + 1, _ID_CHUNK)]

    def reduce(self, columns: list[np.ndarray]) -> list[np.ndarray]:
        return self.each(columns) if self.each is not None else columns


def _read(
    tables: Sequence[_Table], *, person_ids: Sequence[int] | None, snapshot: str | None
) -> list[list[np.ndarray]]:
    """Every table's columns, chunk by chunk: on this connection, or with a `snapshot` (exported
    by this transaction) on `_READERS` connections of their own that share it."""
    plans = [(t, t.queries(person_ids)) for t in tables]
    jobs = [_Job(t, rest, params) for t, queries in plans for rest, params in queries]
    fetched = _fetch_on_readers(jobs, snapshot) if snapshot is not None else [job.run() for job in jobs]
    columns, position = [], 0
    for t, queries in plans:
        parts = fetched[position : position + len(queries)]
        position += len(queries)
        if not parts:
            parts = [t.reduce([np.empty(0, np.int64) for _ in t.expressions])]
        columns.append([np.concatenate([part[k] for part in parts]) for k in range(len(parts[0]))])
    return columns


@dataclass(frozen=True)
class _Job:
    """One chunk's query, reduced as soon as it arrives (a large table is never held raw)."""

    table: _Table
    rest: str
    params: list[int]

    def run(self) -> list[np.ndarray]:
        return self.table.reduce(_fetch(self.table.expressions, self.rest, self.params))


def _fetch_on_readers(jobs: Sequence[_Job], snapshot: str) -> list[list[np.ndarray]]:
    """The jobs spread over `_READERS` threads, each on its own connection in the
    given snapshot, so the server reads on every core; results in the order of `jobs`."""
    results: list[list[np.ndarray] | None] = [None] * len(jobs)
    pending: queue.SimpleQueue[int] = queue.SimpleQueue()
    for index in range(len(jobs)):
        pending.put(index)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SET TRANSACTION SNAPSHOT %s", [snapshot])
                while not errors:
                    try:
                        index = pending.get_nowait()
                    except queue.Empty:
                        return
                    results[index] = jobs[index].run()
        except BaseException as error:  # re-raised by the caller
            errors.append(error)
        finally:
            connection.close()  # this thread's own connection

    readers = [threading.Thread(target=work, name=f"batch-reader-{n}") for n in range(_READERS)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    if errors:
        raise errors[0]
    done = [r for r in results if r is not None]
    assert len(done) == len(jobs)
    return done


class RegistryArrays:
    """Every person's registry up to a year as integer columns sorted by person, read in one
    consistent pass for a batch run (PostgreSQL: one REPEATABLE READ transaction)."""

    def __init__(self, *, year: int, person_ids: Iterable[int] | None = None) -> None:
        records, conferrals, initiatives = (
            YearRecord._meta.db_table,
            Conferral._meta.db_table,
            Initiative._meta.db_table,
        )
        ids = sorted(set(person_ids)) if person_ids is not None else None
        leave = "CASE WHEN r.statutory_leave_months > 12 THEN 12 ELSE r.statutory_leave_months END"
        worked = f"CASE WHEN r.months_worked > 12 - {leave} THEN 12 - {leave} ELSE r.months_worked END"
        code = "CASE WHEN c.title_id IS NOT NULL THEN 2 * c.title_id ELSE 2 * c.award_form_id + 1 END"
        tables = (
            _Table(
                (
                    "r.id",
                    "r.person_id",
                    f"{_case('r.rating', RATING_RANK)} + 8 * {_case('r.discipline', DISCIPLINE_RANK)}"
                    f" + 256 * ({worked} + {leave}) + 65536 * r.absence_days + {_YEAR} * r.year",
                ),
                table=records,
                alias="r",
                where=f"r.person_id IS NOT NULL AND r.year <= {int(year)}",
                person="r.person_id",
            ),
            # Conferrals are matched to the records by record id here, with no join in the
            # database (which at national scale hashes the whole conferral table per block of
            # people). The low bit marks the few that name the award they were used for: those
            # are read again by record with their `used_for`, and judged per target by the engine.
            _Table(
                ("c.record_id", f"2 * ({code}) + CASE WHEN c.used_for = '' THEN 0 ELSE 1 END"),
                table=conferrals,
                alias="c",
                join=f" JOIN {records} r ON r.id = c.record_id" if ids is not None else "",
                where="c.revoked_on IS NULL",
                person="r.person_id",
                each=lambda columns: [columns[0], columns[1].astype(np.int32)],
            ),
            _Table(
                (
                    "i.id",
                    "i.person_id",
                    f"{_case('i.scope', SCOPE_RANK)} + 8 * CASE WHEN i.used_for = '' THEN 0 ELSE 1 END"
                    f" + {_YEAR} * i.year",
                ),
                table=initiatives,
                alias="i",
                where=f"i.person_id IS NOT NULL AND i.year <= {int(year)}",
                person="i.person_id",
            ),
        )
        outermost = connection.vendor == "postgresql" and not connection.in_atomic_block
        with transaction.atomic():
            token = None
            # One snapshot for every query. Inside a caller's transaction its isolation level
            # applies (READ COMMITTED by default: each chunk sees the data as of its own query).
            if outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                    if ids is None:  # the whole registry: read on several connections
                        cursor.execute("SELECT pg_export_snapshot()")
                        (token,) = cursor.fetchone()
            (
                (record_id, person, packed),
                (of_record, coded),
                (initiative_id, initiative_person, initiative_packed),
            ) = _read(tables, person_ids=ids, snapshot=token)
            if len(record_id) and not (record_id[1:] > record_id[:-1]).all():
                order = np.argsort(record_id, kind="stable")
                record_id, person, packed = record_id[order], person[order], packed[order]
                del order
            # An entry of a record outside the window (a later year, a collective) matches none.
            at = np.minimum(np.searchsorted(record_id, of_record), max(len(record_id) - 1, 0))
            matched = record_id[at] == of_record if len(record_id) else np.zeros(len(at), bool)
            record_at, coded = at[matched].astype(np.int32), coded[matched]
            named = (coded & 1) == 1
            position = dict(zip(record_id[record_at[named]].tolist(), record_at[named].tolist(), strict=True))
            del record_id, of_record, at, matched
            self.codes = {2 * pk: c for pk, c in Title.objects.values_list("pk", "code")}
            self.codes.update({2 * pk + 1: c for pk, c in AwardForm.objects.values_list("pk", "code")})
            self.conditional_entries = [
                (
                    int(person[position[rid]]),
                    int(packed[position[rid]] // _YEAR),
                    title or award or "",
                    used_for,
                )
                for rid, title, award, used_for in _named_conferrals(list(position))
            ]
            named_initiative = (initiative_packed >> 3) & 1 == 1
            used_for = _initiative_used_for(initiative_id[named_initiative])
            scopes = {rank + 1: scope for scope, rank in SCOPE_RANK.items()}
            self.conditional_initiatives = [
                (int(p), int(packed_value // _YEAR), scopes.get(int(packed_value & 7), ""), used_for[int(pk)])
                for pk, p, packed_value in zip(
                    initiative_id[named_initiative],
                    initiative_person[named_initiative],
                    initiative_packed[named_initiative],
                    strict=True,
                )
            ]
        usable = record_at[~named]
        entries = (coded[~named] >> 1) + _YEAR * (packed[usable] // _YEAR)
        self.entries = self._sorted(person[usable], entries)
        del usable, entries, record_at, coded
        self.records = self._sorted(person, packed)
        plain = ~named_initiative
        persons = self.records[0]
        self.people = persons[np.r_[True, persons[1:] != persons[:-1]]] if len(persons) else persons
        # Only the people with a record in the window are evaluated: an initiative of someone
        # without one (entered before their first year record) must not land on a neighbour's index.
        plain &= np.isin(initiative_person, self.people)
        self.initiatives = self._sorted(initiative_person[plain], initiative_packed[plain] & ~8)

    @staticmethod
    def _sorted(person: np.ndarray, packed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if not len(person) or (person[1:] >= person[:-1]).all():  # often so: rows are added by person
            return person, packed
        order = np.argsort(person, kind="stable")
        return person[order], packed[order]

    @staticmethod
    def _slice(columns: tuple[np.ndarray, np.ndarray], low: int, high: int) -> tuple[np.ndarray, np.ndarray]:
        person, packed = columns
        start, end = np.searchsorted(person, [low, high + 1])
        return person[start:end], packed[start:end]

    def history(self, ids: np.ndarray) -> History:
        """The engine's `History` of the people `ids` (a sorted run of `self.people`)."""
        size = len(ids)
        history = History(size)
        low, high = int(ids[0]), int(ids[-1])
        person, packed = self._slice(self.records, low, high)
        if len(person):
            at, first, span = _grid(ids, person, packed)
            present = np.zeros((span, size), np.uint8)
            present[at] = 1
            fields = {
                "rating": (packed & 7) - 1,
                "discipline": ((packed >> 3) & 31) - 1,
                "months": (packed >> 8) & 255,
                "absence": (packed >> 16) & 65535,
            }
            grids = {}
            for name, values in fields.items():
                grid = np.full((span, size), -1 if name in ("rating", "discipline") else 0, np.int64)
                grid[at] = values
                grids[name] = grid
            for row in np.flatnonzero(present.any(axis=1)):
                history.set_year(
                    first + int(row),
                    present=present[row].tobytes(),
                    **{name: grid[row].tolist() for name, grid in grids.items()},
                )
        person, packed = self._slice(self.entries, low, high)
        if len(person):
            at, first, span = _grid(ids, person, packed)
            codes = packed % _YEAR
            for code in np.unique(codes):
                chosen = codes == code
                flags = np.zeros((span, size), np.uint8)
                flags[at[0][chosen], at[1][chosen]] = 1
                for row in np.flatnonzero(flags.any(axis=1)):
                    history.add_holds(first + int(row), self.codes[int(code)], flags[row].tobytes())
        person, packed = self._slice(self.initiatives, low, high)
        if len(person):
            at, first, span = _grid(ids, person, packed)
            ranks = packed % _YEAR
            for scope, rank in SCOPE_RANK.items():
                chosen = ranks == rank + 1
                if not chosen.any():
                    continue
                counts = np.zeros((span, size), np.int64)
                np.add.at(counts, (at[0][chosen], at[1][chosen]), 1)
                for row in np.flatnonzero(counts.any(axis=1)):
                    history.add_initiative_counts(first + int(row), scope, counts[row].tolist())
        index = {pid: i for i, pid in enumerate(ids.tolist())}
        history.add_entries(
            (index[pid], y, code, False, used_for)
            for pid, y, code, used_for in self.conditional_entries
            if pid in index
        )
        history.add_initiatives(
            (index[pid], y, scope, used_for)
            for pid, y, scope, used_for in self.conditional_initiatives
            if pid in index
        )
        return history


def _named_conferrals(record_ids: list[int]) -> list[tuple[int, str | None, str | None, str]]:
    """(record, title code, award code, used_for) of the conferrals that name the award they were
    used for, on those records (a few: read by record, not with the whole table)."""
    found: list[tuple[int, str | None, str | None, str]] = []
    for start in range(0, len(record_ids), _ID_LIST):
        found.extend(
            Conferral.objects.filter(
                record_id__in=record_ids[start : start + _ID_LIST], revoked_on__isnull=True
            )
            .exclude(used_for="")
            .values_list("record_id", "title__code", "award_form__code", "used_for")
        )
    return found


def _initiative_used_for(ids: np.ndarray) -> dict[int, str]:
    """`used_for` of the few initiatives (by primary key) that name the award they were used for."""
    found: dict[int, str] = {}
    chosen = ids.tolist()
    for start in range(0, len(chosen), _ID_LIST):
        found.update(
            Initiative.objects.filter(pk__in=chosen[start : start + _ID_LIST]).values_list("pk", "used_for")
        )
    return found


def _grid(
    ids: np.ndarray, person: np.ndarray, packed: np.ndarray
) -> tuple[tuple[np.ndarray, np.ndarray], int, int]:
    """(year row, person position) of each row in a grid of years × `ids`, the first year and the
    number of years."""
    years = packed // _YEAR
    first = int(years.min())
    return (years - first, np.searchsorted(ids, person)), first, int(years.max()) - first + 1


def iter_person_histories(
    *, year: int, block_size: int = 50_000, person_ids: Iterable[int] | None = None
) -> Iterator[tuple[list[int], History]]:
    """Blocks of (person ids, the engine's `History` of those people) for every person with a
    record <= year (or those of `person_ids`); index i of the history is ids[i]. The whole year
    window is read (every year up to `year`: a prior award may anchor a run many years back)."""
    registry = RegistryArrays(year=year, person_ids=person_ids)
    for start in range(0, len(registry.people), block_size):
        ids = registry.people[start : start + block_size]
        yield ids.tolist(), registry.history(ids)


# --- writing a run's results ---------------------------------------------------------------------

_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
_SHIFTS = np.arange(4 * (OUTCOME_DIGITS - 1), -1, -4, dtype=np.uint32)


class OutcomeBook:
    """The run's distinct outcomes, numbered as they are first met (`EligibilityOutcome` rows)."""

    def __init__(self) -> None:
        self.numbers: dict[tuple[str, str, str, str], int] = {}
        self.rows: list[tuple[int, str, str, str, dict[str, bool | None]]] = []

    def number(self, *, target: str, verdict: str, rule_set: str, met: Mapping[str, bool | None]) -> int:
        key = (target, verdict, rule_set, json.dumps(met, sort_keys=True))
        found = self.numbers.get(key)
        if found is None:
            found = self.numbers[key] = len(self.rows)
            if found >= 16**OUTCOME_DIGITS:
                raise RuntimeError("more distinct outcomes than a result row can number")
            self.rows.append((found, target, verdict, rule_set, dict(met)))
        return found

    def save(self, *, run: EligibilityRun) -> None:
        EligibilityOutcome.objects.bulk_create(
            [
                EligibilityOutcome(run=run, number=n, target=t, verdict=v, rule_set=r, met=m)
                for n, t, v, r, m in self.rows
            ],
            batch_size=2000,
        )


def _target_numbers(*, book: OutcomeBook, target: str, result: ColumnResult) -> np.ndarray:
    """Each subject's outcome number for one target. Subjects with the same verdict and the same
    met / not met / not yet known flags share an outcome: they are grouped with `numpy.unique` over
    one byte per verdict and flag, and the book is asked once per group, not once per subject."""
    size = len(result.verdicts)
    verdicts = {name: i for i, name in enumerate(sorted(set(result.verdicts)))}
    layers = [np.fromiter(map(verdicts.__getitem__, result.verdicts), dtype=np.uint8, count=size)]
    flags = result.flags or {cid: mask_to_flags(result.met[cid], size) for cid in result.condition_ids}
    unknown = result.unknown_flags or {cid: mask_to_flags(m, size) for cid, m in result.unknown.items()}
    for text in (*flags.values(), *unknown.values()):
        layers.append(np.frombuffer(text.encode("ascii"), dtype=np.uint8))
    matrix = np.ascontiguousarray(np.stack(layers, axis=1))
    keys = matrix.view(np.dtype((np.void, matrix.shape[1]))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    local = np.array(
        [
            book.number(target=target, verdict=o.verdict, rule_set=o.rule_set, met=o.met)
            for o in (result[int(i)] for i in first)
        ],
        dtype=np.uint32,
    )
    return local[inverse.ravel()]


def write_person_results(
    *,
    run: EligibilityRun,
    book: OutcomeBook,
    ids: Sequence[int],
    targets: Sequence[str],
    per_target: Sequence[ColumnResult],
) -> None:
    """One block's result rows, one per person (PostgreSQL: a binary COPY built as one array)."""
    size, width = len(ids), OUTCOME_DIGITS * len(targets)
    if not size:
        return
    numbers = np.stack(
        [
            _target_numbers(book=book, target=code, result=result)
            for code, result in zip(targets, per_target, strict=True)
        ],
        axis=1,
    )
    # `models.encode_outcomes` for a whole block at once: size × targets × digits
    digits = _HEX[(numbers[:, :, None] >> _SHIFTS) & 15]
    text = np.ascontiguousarray(digits.reshape(size, width)).view(f"S{width}").ravel()
    if connection.vendor != "postgresql":
        EligibilityResult.objects.bulk_create(
            [
                EligibilityResult(run=run, person_id=pid, outcomes=outcomes.decode("ascii"))
                for pid, outcomes in zip(ids, text.tolist(), strict=True)
            ],
            batch_size=5000,
        )
        return
    wire = np.dtype(
        [("count", ">i2"), ("run_length", ">i4"), ("run", ">i8"), ("person_length", ">i4"),
         ("person", ">i8"), ("outcomes_length", ">i4"), ("outcomes", f"S{width}")]
    )  # fmt: skip
    rows = np.empty(size, dtype=wire)
    rows["count"], rows["run_length"], rows["person_length"] = 3, 8, 8
    rows["run"], rows["person"] = run.pk, np.asarray(ids, dtype=np.int64)
    rows["outcomes_length"], rows["outcomes"] = width, text
    table = EligibilityResult._meta.db_table
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} (run_id, person_id, outcomes) FROM STDIN (FORMAT BINARY)") as copy,
    ):
        copy.write(_SIGNATURE + bytes(8) + rows.tobytes() + _TRAILER)
