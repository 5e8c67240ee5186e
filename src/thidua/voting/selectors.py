"""Reads of the voting app: results through the one tally engine, the bulletin board, turnout.

`selection_candidates` is the seam with the scoring app's ranking: the cluster's members in the
order of the year's final ranking (registered by scoring with `clusters.selectors`), or in their
Vietnamese order before the ranking is final.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db.models import Count, Q, QuerySet

from thidua.accounts.enums import Role
from thidua.accounts.selectors import has_role_over, is_administrator

from .enums import Participation, SessionState
from .models import Ballot, Candidate, VotingSession
from .tally import Ballot as EngineBallot
from .tally import Counts, TallyInput, TallyResult, Threshold, parse_share, percent_text, tally


def tally_input_for(session: VotingSession, *, ballots: list[Ballot] | None = None) -> TallyInput:
    if ballots is not None:
        rows = [(b.choices, b.invalid) for b in ballots]
    else:
        rows = list(Ballot.objects.filter(session=session).values_list("choices", "invalid"))
    counts = session.voters.aggregate(
        electorate=Count("id"), took_part=Count("id", filter=~Q(participation=Participation.NOT_YET))
    )
    present = session.present if session.present is not None else counts["took_part"]
    return TallyInput(
        electorate=counts["electorate"],
        present=present,
        seats=session.seats,
        candidates=tuple(session.candidates.order_by("position").values_list("key", flat=True)),
        ballots=tuple(EngineBallot(choices=tuple(c), invalid=inv) for c, inv in rows),
        quorum=Threshold(
            share=parse_share(session.quorum_share, field="quorum_share"), strict=session.quorum_strict
        ),
        threshold=Threshold(
            share=parse_share(session.threshold_share, field="threshold_share"),
            base=session.threshold_base,  # type: ignore[arg-type]
            strict=session.threshold_strict,
        ),
    )


def paper_counts(session: VotingSession) -> Counts | None:
    if not session.paper_ballots:
        return None
    votes: dict[str | int, int] = {
        pc.candidate.key: pc.votes for pc in session.paper_counts.select_related("candidate")
    }
    valid = session.paper_ballots - session.paper_invalid
    return Counts(votes=votes, valid=valid, invalid=session.paper_invalid, blank=session.paper_blank)


def session_result(session: VotingSession, *, ballots: list[Ballot] | None = None) -> TallyResult:
    """Electronic ballots plus the committee's paper count, through the same engine as the CLI."""
    return tally(tally_input_for(session, ballots=ballots), extra=paper_counts(session))


def electronic_result(session: VotingSession) -> TallyResult:
    """The electronic ballots alone (for the reconciliation in the minutes)."""
    return tally(tally_input_for(session))


@dataclass(frozen=True)
class Turnout:
    electorate: int
    took_part: int
    electronic: int
    written: int
    paper: int


def turnout(session: VotingSession) -> Turnout:
    """Who has voted, counted: safe to show live (it says nothing about what was voted)."""
    c = session.voters.aggregate(
        electorate=Count("id"),
        electronic=Count("id", filter=Q(participation=Participation.ELECTRONIC)),
        written=Count("id", filter=Q(participation=Participation.WRITTEN)),
        paper=Count("id", filter=Q(participation=Participation.PAPER)),
    )
    return Turnout(
        electorate=c["electorate"],
        took_part=c["electronic"] + c["written"] + c["paper"],
        electronic=c["electronic"],
        written=c["written"],
        paper=c["paper"],
    )


def bulletin_board(session: VotingSession) -> list[Ballot]:
    """Every ballot of a closed session in receipt order (random, not the order of casting)."""
    if session.state != SessionState.CLOSED:
        return []
    return list(Ballot.objects.filter(session=session).order_by("receipt"))


@dataclass(frozen=True)
class ResultLine:
    candidate: Candidate
    votes: int | None  # None when the disclosure setting keeps counts back
    share: Fraction | None
    passed: bool | None  # None under "order only"
    elected: bool
    runoff: bool
    rank: int

    @property
    def share_text(self) -> str:
        return percent_text(self.share) if self.share is not None else "—"


def result_lines(session: VotingSession, result: TallyResult, *, full: bool = False) -> list[ResultLine]:
    """The result as the disclosure setting allows it to be shown (`full` for the tally committee)."""
    from .enums import Disclosure

    candidates = {c.key: c for c in session.candidates.all()}
    lines = []
    ranking = result.ranking()
    rank = 0
    previous: int | None = None
    for i, r in enumerate(ranking, start=1):
        if r.votes != previous:
            rank, previous = i, r.votes
        show_counts = full or session.disclosure == Disclosure.FULL
        show_pass = show_counts or session.disclosure == Disclosure.PASS_FAIL
        lines.append(
            ResultLine(
                candidate=candidates[str(r.candidate)],
                votes=r.votes if show_counts else None,
                share=r.share if show_counts else None,
                passed=r.passed if show_pass else None,
                elected=r.candidate in result.elected,
                runoff=r.candidate in result.runoff,
                rank=rank,
            )
        )
    if session.disclosure == Disclosure.PASS_FAIL and not full:
        lines.sort(key=lambda line: line.candidate.position)  # no order either: it would hint at counts
    return lines


def sessions_visible_to(user: Any) -> QuerySet[VotingSession]:
    """Sessions the user may see, newest first.

    The `voting.view_session` rule is asked once per (kind, cluster, authority, year) — sessions of the
    same cluster and year share the answer — plus one query for the sessions where the user is a voter,
    so the query count does not grow with the number of sessions (the access rework owns scopes).
    """
    from thidua.core.rules import allows

    rows = VotingSession.objects.select_related("cluster", "authority").order_by(
        "-year", "title", "round_number"
    )
    if is_administrator(user):
        return rows
    as_voter = (
        set(VotingSession.objects.filter(voters__user=user).values_list("pk", flat=True))
        if getattr(user, "pk", None)
        else set()
    )
    verdicts: dict[tuple[str, int | None, int, int], bool] = {}
    ids = []
    for session in rows:
        key = (session.kind, session.cluster_id, session.authority_id, session.year)
        if key not in verdicts:
            verdicts[key] = allows(user, "voting.view_group", session)
        if verdicts[key] or session.pk in as_voter:
            ids.append(session.pk)
    return rows.filter(pk__in=ids)


def council_recommendation(*, session: VotingSession) -> dict[str, bool]:
    """The outcome of a council's vote, flowing on to the proposal: per entry (candidate key), whether
    the council recommends it (elected, across re-votes). Empty until the session is closed."""
    if session.state != SessionState.CLOSED:
        return {}
    elected = {c.key for c in elected_candidates(session=session)}
    return {c.key: c.key in elected for c in session.candidates.all()}


def is_council_member(user: Any, session: VotingSession) -> bool:
    return has_role_over(user, session.authority, Role.COUNCIL_MEMBER)


def selection_candidates(*, cluster: Any, year: int) -> list[Any]:
    """Units to put to the cluster's selection vote, best first: the scoring app's final ranking
    (one query); before it is final, the cluster's members that year in Vietnamese order."""
    from thidua.clusters.selectors import ranked_members

    return ranked_members(cluster=cluster, year=year)


def elected_candidates(*, session: VotingSession) -> list[Candidate]:
    """The outcome flowing on: those elected by a closed session and its re-votes, in order of election."""
    out: list[Candidate] = []
    current: VotingSession | None = session
    while current is not None and current.state == SessionState.CLOSED:
        result = session_result(current)
        by_key = {c.key: c for c in current.candidates.select_related("unit", "person")}
        out += [by_key[str(k)] for k in result.elected]
        current = current.rounds.order_by("id").first() if result.runoff else None
    return out


def elected_units(*, session: VotingSession) -> list[Any]:
    """The cluster's selected units (for the proposal dossier)."""
    return [c.unit for c in elected_candidates(session=session) if c.unit is not None]
