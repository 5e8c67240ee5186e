"""Columnar input of the batch evaluator: per achievement year, one array or bitset per fact.

Subject i is bit i of every bitset (Python ints are arbitrary-size bitsets) and index i of every
array. Bitsets are built in linear time: flags are collected in a `bytearray` (one byte per
subject) and turned into an int once (`flags_to_mask`), never with `mask |= 1 << i` in a loop,
which copies the growing int at every step and is quadratic in the block size.

`History` holds the target-independent part of many subjects' registries and is filled straight
from rows (the Django layer feeds it `values_list` rows of one query per table over the whole year
window); `History.columns(target=…, params=…)` then applies the usability rules of `facts` for one
target. `build_columns` fills the same `History` from `Case` objects (tests, small batches), so the
database path and the case path share every step after the rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import add

from .case import Case, Context, Entry, Members, Target
from .case import Initiative as CaseInitiative
from .codes import DISCIPLINE_RANK, RATING_RANK
from .facts import is_entry_usable, is_initiative_usable

MEMBER_FIELDS = ("total", "at_least_htnv", "ldtt", "cstdcs", "disciplined_canh_cao_or_above")

# bytes 0/1 -> ASCII "0"/"1", so that int(…, 2) reads a whole flag array in one linear step.
_TO_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
# Empty string is how the registry stores "no rating" / "no discipline".
_RATING: dict[str | None, int] = {None: -1, "": -1}
_RATING.update(RATING_RANK)
_DISCIPLINE: dict[str | None, int] = {None: -1, "": -1}
_DISCIPLINE.update(DISCIPLINE_RANK)

# (subject index, year, rating, discipline, months worked, statutory leave months, absence days)
RecordRow = tuple[int, int, str | None, str | None, int, int, int]
# (subject index, achievement year, title or award code, revoked, used_for "CODE:YEAR" or None)
EntryRow = tuple[int, int, str, bool, str | None]
# (subject index, year, scope, used_for "CODE:YEAR" or None)
InitiativeRow = tuple[int, int, str, str | None]


def flags_to_mask(flags: bytes | bytearray) -> int:
    """Bitset from one byte per subject (0 or 1; byte i is subject i), in linear time."""
    if not flags:
        return 0
    return int(flags.translate(_TO_DIGITS)[::-1], 2)


def mask_to_flags(mask: int, size: int) -> str:
    """The inverse, as a string of "0"/"1" (character i is subject i), in linear time."""
    if size == 0:
        return ""
    return format(mask, f"0{size}b")[::-1]


_FROM_DIGITS = bytes.maketrans(b"01", b"\x00\x01")


def mask_to_bytes(mask: int, size: int) -> bytes:
    """The inverse of `flags_to_mask`: one 0/1 byte per subject, in linear time."""
    return mask_to_flags(mask, size).encode("ascii").translate(_FROM_DIGITS)


@dataclass(frozen=True)
class YearColumn:
    present: int  # bitset: subjects with a record in this year
    rating: Sequence[int]  # rating rank, -1 without a rating
    months: Sequence[int]  # months worked plus statutory leave
    absence: Sequence[int]
    discipline: Sequence[int]  # discipline rank, -1 without discipline
    holds: Mapping[str, int]  # code -> bitset of subjects holding a usable title/award
    initiatives: Mapping[str, Sequence[int]]  # scope -> usable initiatives dated this year


@dataclass(frozen=True)
class Columns:
    size: int
    target: Target
    years: Mapping[int, YearColumn]
    members_present: int  # bitset
    members: Mapping[str, Sequence[int]]  # MEMBER_FIELDS -> counts (0 where absent)
    cluster_rank: Sequence[int | None]
    flags_per_cluster: Sequence[int | None]
    unit_ldtt_holders: Sequence[int | None]
    unit_cstdcs_approved: Sequence[int | None]
    council_members: Sequence[int | None]
    council_in_favour: Sequence[int | None]
    inherited: int  # bitset: collectives formed from predecessors

    @property
    def everyone(self) -> int:
        return (1 << self.size) - 1


class _Year:
    """Mutable per-year arrays while a `History` is being filled."""

    __slots__ = ("absence", "discipline", "months", "present", "rating")

    def __init__(self, size: int) -> None:
        self.present = bytearray(size)
        self.rating = [-1] * size
        self.months = [0] * size
        self.absence = [0] * size
        self.discipline = [-1] * size


class History:
    """Target-independent columns of `size` subjects' registries, filled from plain rows.

    Entries and initiatives that count for every target (not revoked, no `used_for`) go straight
    into shared bitsets/counts; the few with a `used_for` are kept aside and judged per target with
    `facts.is_entry_usable` / `facts.is_initiative_usable`, the functions the single evaluator uses.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._years: dict[int, _Year] = {}
        self._holds: dict[tuple[int, str], bytearray] = {}
        self._holds_masks: dict[tuple[int, str], int] = {}
        self._conditional: list[tuple[int, int, Entry]] = []
        self._initiatives: dict[tuple[int, str], list[int]] = {}
        self._conditional_initiatives: list[tuple[int, CaseInitiative]] = []
        self._members: dict[int, Members] = {}
        self._contexts: dict[int, Context] = {}
        self._frozen: dict[
            int, tuple[int, tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[int, ...]]
        ] = {}

    def _year(self, year: int) -> _Year:
        column = self._years.get(year)
        if column is None:
            column = self._years[year] = _Year(self.size)
        return column

    def add_records(self, rows: Iterable[RecordRow]) -> None:
        """One row per subject and achievement year (a second row for the same year replaces it)."""
        years = self._years
        rating_rank, discipline_rank = _RATING, _DISCIPLINE
        for index, year, rating, discipline, months_worked, leave, absence in rows:
            column = years.get(year)
            if column is None:
                column = self._year(year)
            column.present[index] = 1
            column.rating[index] = rating_rank[rating]
            column.discipline[index] = discipline_rank[discipline]
            column.months[index] = months_worked + leave
            column.absence[index] = absence
        self._frozen.clear()

    def set_year(
        self,
        year: int,
        *,
        present: bytes,
        rating: list[int],
        months: list[int],
        absence: list[int],
        discipline: list[int],
    ) -> None:
        """A whole achievement year at once, as `add_records` would leave it (the registry's
        set-wise reader builds these arrays without a Python step per record). `present` has one
        0/1 byte per subject; `months` is months worked plus statutory leave, already clamped."""
        size = self.size
        if not len(present) == len(rating) == len(months) == len(absence) == len(discipline) == size:
            raise ValueError("every array of a year has one value per subject")
        column = _Year(0)
        column.present = bytearray(present)
        column.rating, column.months, column.absence, column.discipline = rating, months, absence, discipline
        self._years[year] = column
        self._frozen.clear()

    def add_holds(self, year: int, code: str, flags: bytes) -> None:
        """Usable (not revoked, no `used_for`) titles/awards of one code in one year, one 0/1 byte
        per subject: what `add_entries` collects row by row."""
        if len(flags) != self.size:
            raise ValueError("one flag per subject")
        existing = self._holds.get((year, code))
        if existing is None:
            self._holds[(year, code)] = bytearray(flags)
        else:  # bytes are 0/1, so an OR of the little-endian ints is a byte-wise OR
            both = int.from_bytes(existing, "little") | int.from_bytes(flags, "little")
            existing[:] = both.to_bytes(self.size, "little")
        self._holds_masks.clear()

    def add_initiative_counts(self, year: int, scope: str, counts: list[int]) -> None:
        """Initiatives without `used_for` of one year and scope, a count per subject."""
        if len(counts) != self.size:
            raise ValueError("one count per subject")
        existing = self._initiatives.get((year, scope))
        self._initiatives[(year, scope)] = counts if existing is None else list(map(add, existing, counts))

    def add_entries(self, rows: Iterable[EntryRow]) -> None:
        """Titles and award forms; an entry only counts in a year that has a record."""
        holds, conditional, size = self._holds, self._conditional, self.size
        for index, year, code, revoked, used_for in rows:
            if revoked:
                continue  # a revoked entry never counts (facts.is_entry_usable)
            if used_for:
                conditional.append((index, year, Entry(code, False, used_for)))
                continue
            flags = holds.get((year, code))
            if flags is None:
                flags = holds[(year, code)] = bytearray(size)
            flags[index] = 1
        self._holds_masks.clear()

    def add_initiatives(self, rows: Iterable[InitiativeRow]) -> None:
        counts, conditional, size = self._initiatives, self._conditional_initiatives, self.size
        for index, year, scope, used_for in rows:
            if used_for:
                conditional.append((index, CaseInitiative("", year, scope, used_for)))
                continue
            values = counts.get((year, scope))
            if values is None:
                values = counts[(year, scope)] = [0] * size
            values[index] += 1

    def set_members(self, index: int, members: Members) -> None:
        self._members[index] = members

    def set_context(self, index: int, context: Context) -> None:
        self._contexts[index] = context

    def _year_arrays(
        self, year: int
    ) -> tuple[int, tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
        frozen = self._frozen.get(year)
        if frozen is None:
            column = self._years[year]
            frozen = self._frozen[year] = (
                flags_to_mask(column.present),
                tuple(column.rating),
                tuple(column.months),
                tuple(column.absence),
                tuple(column.discipline),
            )
        return frozen

    def _base_holds(self) -> dict[tuple[int, str], int]:
        if not self._holds_masks and self._holds:
            self._holds_masks.update({key: flags_to_mask(flags) for key, flags in self._holds.items()})
        return self._holds_masks

    def columns(self, *, target: Target, params: Mapping[str, object]) -> Columns:
        """The columns one target reads: titles/awards/initiatives filtered for that target."""
        size = self.size
        holds_by_year: dict[int, dict[str, int]] = {year: {} for year in self._years}
        for (year, code), mask in self._base_holds().items():
            if year in holds_by_year:
                holds_by_year[year][code] = mask
        extra: dict[tuple[int, str], bytearray] = {}
        for index, year, entry in self._conditional:
            if year in holds_by_year and is_entry_usable(entry=entry, target=target, params=params):
                flags = extra.get((year, entry.code))
                if flags is None:
                    flags = extra[(year, entry.code)] = bytearray(size)
                flags[index] = 1
        for (year, code), flags in extra.items():
            holds = holds_by_year[year]
            holds[code] = holds.get(code, 0) | flags_to_mask(flags)
        initiatives: dict[int, dict[str, Sequence[int]]] = {}
        for (year, scope), values in self._initiatives.items():
            initiatives.setdefault(year, {})[scope] = values
        usable: dict[tuple[int, str], list[int]] = {}
        for index, initiative in self._conditional_initiatives:
            if is_initiative_usable(initiative=initiative, target=target):
                usable.setdefault((initiative.year, initiative.scope), []).append(index)
        for (year, scope), indexes in usable.items():
            by_scope = initiatives.setdefault(year, {})
            values = list(by_scope.get(scope, (0,) * size))  # one copy per year and scope
            for index in indexes:
                values[index] += 1
            by_scope[scope] = values
        years: dict[int, YearColumn] = {}
        no_record = None
        for year in sorted({*self._years, *initiatives}):
            counts = {scope: tuple(values) for scope, values in initiatives.get(year, {}).items()}
            if year in self._years:
                present, rating, months, absence, discipline = self._year_arrays(year)
                years[year] = YearColumn(
                    present, rating, months, absence, discipline, holds_by_year[year], counts
                )
            else:
                if no_record is None:
                    no_record = ((-1,) * size, (0,) * size)
                minus, zeros = no_record
                years[year] = YearColumn(0, minus, zeros, zeros, minus, {}, counts)
        return self._with_context(target=target, years=years)

    def _with_context(self, *, target: Target, years: dict[int, YearColumn]) -> Columns:
        size = self.size
        present = bytearray(size)
        member_values: dict[str, list[int]] = {name: [0] * size for name in MEMBER_FIELDS}
        for index, members in self._members.items():
            present[index] = 1
            for name in MEMBER_FIELDS:
                member_values[name][index] = int(getattr(members, name))
        contexts = [self._contexts.get(index) for index in range(size)] if self._contexts else []
        nothing: tuple[None, ...] = (None,) * size

        def context_values(name: str) -> Sequence[int | None]:
            if not contexts:
                return nothing
            return tuple(getattr(c, name) if c is not None else None for c in contexts)

        councils = [c.council if c is not None else None for c in contexts]
        inherited = bytearray(size)
        for index, context in self._contexts.items():
            if context.inherited_from:
                inherited[index] = 1
        return Columns(
            size=size,
            target=target,
            years=years,
            members_present=flags_to_mask(present),
            members={name: tuple(values) for name, values in member_values.items()},
            cluster_rank=context_values("cluster_rank"),
            flags_per_cluster=context_values("flags_per_cluster"),
            unit_ldtt_holders=context_values("unit_ldtt_holders"),
            unit_cstdcs_approved=context_values("unit_cstdcs_approved"),
            council_members=tuple(c.members if c else None for c in councils) if contexts else nothing,
            council_in_favour=tuple(c.in_favour if c else None for c in councils) if contexts else nothing,
            inherited=flags_to_mask(inherited),
        )


def history_from_cases(cases: Sequence[Case]) -> History:
    """The same `History` the Django layer fills from rows, here from `Case` objects."""
    history = History(len(cases))
    history.add_records(
        (
            index,
            r.year,
            r.rating,
            r.discipline,
            r.months_worked,
            r.statutory_leave_months,
            r.absence_days,
        )
        for index, case in enumerate(cases)
        for r in case.records
    )
    history.add_entries(
        (index, r.year, e.code, e.revoked, e.used_for)
        for index, case in enumerate(cases)
        for r in case.records
        for e in (*r.titles, *r.awards)
    )
    history.add_initiatives(
        (index, i.year, i.scope, i.used_for) for index, case in enumerate(cases) for i in case.initiatives
    )
    for index, case in enumerate(cases):
        if case.members is not None:
            history.set_members(index, case.members)
        history.set_context(index, case.context)
    return history


def build_columns(*, cases: Sequence[Case], target: Target, params: Mapping[str, object]) -> Columns:
    """Columns for cases that share one target; titles/awards/initiatives are filtered for it."""
    return history_from_cases(cases).columns(target=target, params=params)
