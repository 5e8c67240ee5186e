"""Input of one evaluation: a subject's registry history and the target it is assessed for.

Plain frozen dataclasses, so the Django layer can build them from rows and tests can build them
by hand or through `parse_case`. Python attribute names are snake_case; the JSON keys of the case
file (see `docs/eligibility.md`) keep the glossary's spelling (`at_least_HTNV`, `unit_LDTT_holders`).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Subject:
    kind: str  # "person" | "collective"
    name: str


@dataclass(frozen=True)
class Target:
    code: str
    year: int  # achievement year assessed

    @property
    def key(self) -> str:
        """The "CODE:YEAR" form used in `used_for` references."""
        return f"{self.code}:{self.year}"


@dataclass(frozen=True)
class Entry:
    """One title or award form held in an achievement year."""

    code: str
    revoked: bool = False
    used_for: str | None = None  # "CODE:YEAR" of the award this achievement already earned


@dataclass(frozen=True)
class YearRecord:
    year: int
    rating: str | None = None
    titles: tuple[Entry, ...] = ()
    awards: tuple[Entry, ...] = ()
    discipline: str | None = None
    months_worked: int = 12
    statutory_leave_months: int = 0
    absence_days: int = 0


@dataclass(frozen=True)
class Initiative:
    id: str
    year: int
    scope: str  # CO_SO | BO_TINH | TOAN_QUOC
    used_for: str | None = None


@dataclass(frozen=True)
class Members:
    """Member counts of a collective in the target year."""

    total: int
    at_least_htnv: int
    ldtt: int
    cstdcs: int
    disciplined_canh_cao_or_above: int


@dataclass(frozen=True)
class Council:
    members: int  # all members of the council, present or not
    in_favour: int


@dataclass(frozen=True)
class Context:
    cluster_rank: int | None = None
    flags_per_cluster: int | None = None
    unit_ldtt_holders: int | None = None
    unit_cstdcs_approved: int | None = None
    council: Council | None = None
    inherited_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class Case:
    subject: Subject
    target: Target
    records: tuple[YearRecord, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    members: Members | None = None
    context: Context = field(default_factory=Context)
    rule_set: str | None = None

    def record_for(self, year: int) -> YearRecord | None:
        for record in self.records:
            if record.year == year:
                return record
        return None
