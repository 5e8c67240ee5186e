"""The rule language: rule sets are data built from these frozen nodes.

Both executions (`single.py` for one case with explanations, `batch.py` over columns of many
subjects) interpret exactly these nodes, so a rule is written once. A numeric threshold or an
offset may name a parameter instead of a literal (`Param`), which is how the ambiguous points of
the law stay configurable without code branches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final


@dataclass(frozen=True)
class Param:
    """A value read from the resolved parameters at evaluation time."""

    name: str


IntValue = int | Param


@dataclass(frozen=True)
class Ago:
    """Offset `-params[name] + plus` from the target year (a window end that is a parameter)."""

    name: str
    plus: int = 0


@dataclass(frozen=True)
class Since:
    """A window start read from an optional parameter: the last `params[name]` years up to the
    window end, or no start at all (every earlier year) when the parameter is None. For texts that
    name no period ("có sáng kiến ..." with no time limit)."""

    name: str


Offset = int | Ago | Since

# The first year an open window (`Since` with no value) reaches back to; far before any registry.
OPEN_START: Final = 1900


@dataclass(frozen=True)
class Window:
    """Achievement years `[target + start, target + end]`, both ends included."""

    start: Offset
    end: int | Ago = 0


@dataclass(frozen=True)
class RunWindow:
    """The run of years after a prior award (only inside `SincePrior`)."""


RUN: Final = RunWindow()
THIS_YEAR: Final = Window(0, 0)


@dataclass(frozen=True)
class StreakWindow:
    """The run of consecutive years ending in the target year in which any of `predicates` holds,
    and never fewer than `min_years` years ("liên tục từ 02 năm trở lên ... trong thời gian đó"):
    a longer run widens the window, a shorter one leaves the last `min_years` years."""

    predicates: tuple[YearPredicate, ...]
    min_years: int


YearWindow = Window | RunWindow
AnyWindow = YearWindow | StreakWindow


@dataclass(frozen=True)
class Citation:
    instrument: str
    article: str | None = None
    clause: str | None = None
    point: str | None = None
    verified: bool = True  # False where domain.md marks the text UNVERIFIED
    note: str = ""  # why this text is cited, when it is not the obvious one

    def __str__(self) -> str:
        parts = [self.instrument]
        if self.article:
            parts.append(f"Điều {self.article}")
        if self.clause:
            parts.append(f"khoản {self.clause}")
        if self.point:
            parts.append(f"điểm {self.point}")
        text = ", ".join(parts)
        remarks = [r for r in (self.note, "" if self.verified else "chưa xác minh") if r]
        return f"{text} ({'; '.join(remarks)})" if remarks else text


# --- year predicates: true or false for one subject in one achievement year ------------------
# A year without a record makes every predicate false (both evaluators rely on this).


@dataclass(frozen=True)
class RatingAtLeast:
    minimum: str


@dataclass(frozen=True)
class Holds:
    """A usable (not revoked, not consumed) title or award form in the year."""

    code: str


@dataclass(frozen=True)
class WorkedEnough:
    """Months worked plus statutory leave reach `min_months_worked`."""


@dataclass(frozen=True)
class AbsenceUnderLimit:
    """Absence days stay below `absence_limit_days` (always true when that parameter is None)."""


@dataclass(frozen=True)
class NoExcludingDiscipline:
    """No discipline at or above `discipline_exclusion_min_form`."""


YearPredicate = RatingAtLeast | Holds | WorkedEnough | AbsenceUnderLimit | NoExcludingDiscipline


# --- checks: one condition's test -------------------------------------------------------------


@dataclass(frozen=True)
class Every:
    """The predicate holds in every year of the window."""

    predicate: YearPredicate
    window: YearWindow = THIS_YEAR


@dataclass(frozen=True)
class AtLeast:
    """The predicate holds in at least `count` years of the window (not necessarily consecutive)."""

    predicate: YearPredicate
    count: IntValue
    window: YearWindow = THIS_YEAR


@dataclass(frozen=True)
class Initiatives:
    """At least `count` usable initiatives of scope >= `min_scope` dated within the window."""

    min_scope: str
    count: IntValue
    window: AnyWindow = THIS_YEAR


@dataclass(frozen=True)
class MemberShare:
    """`members.<field> / members.total` reaches `pct` (strictly above it if `strict`)."""

    field: str
    pct: IntValue
    strict: bool = False


@dataclass(frozen=True)
class MemberCount:
    """`members.<field>` is at least `minimum` and at most `maximum` (None: unbounded)."""

    field: str
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class ClusterLead:
    """Cluster rank within the number of flags the cluster may propose."""


@dataclass(frozen=True)
class CouncilVote:
    """In-favour votes reach `council_threshold_pct` of all council members."""


@dataclass(frozen=True)
class QuotaAvailable:
    """One more CSTDCS fits within `cstdcs_quota_pct_of_ldtt` of the unit's LDTT holders."""


# Steps that come after eligibility in the procedure (a ranking, a quota allocation, the council's
# secret ballot): while their result is missing the condition is pending, not unmet.
PROCEDURAL: Final = (ClusterLead, CouncilVote, QuotaAvailable)


def is_procedural(check: object) -> bool:
    return isinstance(check, PROCEDURAL)


@dataclass(frozen=True)
class AnyOf:
    options: tuple[Check, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True)
class ModeOf:
    """`any` or `all` of the options, chosen by a parameter whose value is "either" or "both"."""

    mode: Param
    options: tuple[Check, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True)
class When:
    """The check applies only when the boolean parameter is true (otherwise it is met)."""

    flag: Param
    check: Check


@dataclass(frozen=True)
class SincePrior:
    """A prior `anchor` title/award in an earlier year, then a run of at least `min_years` years.

    The run starts the year after the anchor's achievement year (or that same year, see the
    `prior_award_window_start` parameter) and ends in the target year. `parts` are conditions
    over that run (`window=RUN`); each is reported as its own condition. Among several anchors the
    latest one that satisfies everything wins, else the latest one with a long enough run, else
    the latest one.
    """

    anchor: str
    min_years: IntValue
    parts: tuple[Condition, ...]


Check = (
    Every
    | AtLeast
    | Initiatives
    | MemberShare
    | MemberCount
    | ClusterLead
    | CouncilVote
    | QuotaAvailable
    | AnyOf
    | ModeOf
    | When
    | SincePrior
)


@dataclass(frozen=True)
class Condition:
    id: str
    citation: Citation
    template: str  # Vietnamese requirement sentence; may use {window}, {year}
    check: Check


@dataclass(frozen=True)
class Rule:
    target: str
    subject_kind: str
    conditions: tuple[Condition, ...] = ()
    # Set when the criteria are not encoded here: the law delegates them to an agency, or the
    # text was not verified. Such a rule always answers `needs_rule`.
    missing: Citation | None = None
    missing_reason: str = ""


@dataclass(frozen=True)
class RuleSet:
    code: str
    title: str
    first_year: int | None  # achievement years covered when chosen by year (None: overlay)
    last_year: int | None
    rules: tuple[Rule, ...]
    parameter_defaults: dict[str, object] = field(default_factory=dict)
    overlay_for: tuple[str, ...] = ()  # non-empty for sector/agency overlays: the bases it extends

    @property
    def is_overlay(self) -> bool:
        return bool(self.overlay_for)

    def rule_for(self, *, target: str, subject_kind: str) -> Rule | None:
        for rule in self.rules:
            if rule.target == target and rule.subject_kind == subject_kind:
                return rule
        return None
