"""Writes of the voting app: set up, open, cast, close, paper counts, runoff.

Secrecy (docs/voting.md, threat model): `cast_ballot` marks the voter as having taken part and
inserts a ballot in one transaction, but nothing it stores, logs or audits joins the two: the
ballot has a random id and receipt, no timestamp and no credential; the audit entry names the voter
and says only that they took part. `close_session` rewrites the session's ballots in receipt order
so the physical order of the table no longer follows the order of casting.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.core.audit import record_audit, snapshot
from thidua.core.errors import Conflict, InvalidInput, NotFound
from thidua.core.rules import require
from thidua.organisations.models import Person, Unit

from .enums import BallotSource, Disclosure, Participation, SessionKind, SessionState, ThresholdBase
from .models import Ballot, Candidate, PaperCount, Voter, VotingSession
from .tally import TallyInputError, parse_share

# No 0/O, 1/I/L: codes are read aloud and typed on phones.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
MAX_VOTERS = 2000
MAX_CANDIDATES = 200


def _code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def new_credential() -> str:
    """12 random characters (about 59 bits), grouped for reading: "ABCD-EFGH-JKMN"."""
    raw = _code(12)
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def new_receipt() -> str:
    raw = _code(10)
    return f"{raw[:5]}-{raw[5:]}"


def normalise_code(value: str) -> str:
    return "".join(ch for ch in value.upper() if ch.isalnum())


def credential_hash(*, session_id: int, credential: str) -> str:
    """What is stored of a credential. High-entropy random codes need no slow hash; the session id
    keeps one session's hashes useless in another."""
    return hashlib.sha256(f"{session_id}:{normalise_code(credential)}".encode()).hexdigest()


# --- defaults per kind of session -----------------------------------------------------------------


@dataclass(frozen=True)
class SessionRules:
    quorum_share: str
    threshold_share: str
    threshold_base: str
    threshold_strict: bool


def default_rules(*, kind: str, year: int) -> SessionRules:
    """The rule set's defaults: a council needs at least 90% of all members (Decree 91/2017 Art. 45
    cl. 8; the `council_threshold_pct` parameter of the rule set in force); a cluster's selection
    more than 50% of all members (common practice, domain.md §3). Both need two thirds present."""
    if kind == SessionKind.COUNCIL_REVIEW:
        from thidua.awards.eligibility.parameters import PARAMETERS
        from thidua.awards.selectors import overrides_for

        pct = overrides_for(year=year, requested=None).get(
            "council_threshold_pct", PARAMETERS["council_threshold_pct"].default
        )
        return SessionRules("2/3", str(pct), ThresholdBase.ALL, False)
    return SessionRules("2/3", "50", ThresholdBase.ALL, True)


# --- setting up -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateSpec:
    label: str
    unit: Unit | None = None
    person: Person | None = None
    note: str = ""


@dataclass(frozen=True)
class VoterSpec:
    label: str
    user: Any = None
    unit: Unit | None = None


def _check_share(value: str, *, field: str) -> str:
    try:
        parse_share(value, field=field)
    except TallyInputError as exc:
        raise InvalidInput(str(exc), fields={field: exc.detail}) from None
    return value.strip()


def _new_short_code() -> str:
    for _ in range(20):
        code = _code(6)
        if not VotingSession.objects.filter(short_code=code).exists():
            return code
    raise Conflict("Không tạo được mã phiên, xin thử lại.")  # pragma: no cover - 31^6 codes


@transaction.atomic
def create_session(
    *,
    actor: Any,
    kind: str,
    title: str,
    year: int,
    authority: Unit,
    cluster: Any = None,
    seats: int = 1,
    candidates: Sequence[CandidateSpec],
    voters: Sequence[VoterSpec],
    disclosure: str = Disclosure.FULL,
    quorum_share: str | None = None,
    threshold_share: str | None = None,
    threshold_base: str | None = None,
    threshold_strict: bool | None = None,
    allow_blank: bool = True,
    held_on: Any = None,
    place: str = "",
) -> VotingSession:
    if kind not in SessionKind.values:
        raise InvalidInput("Loại phiên bỏ phiếu không hợp lệ.", fields={"kind": "invalid"})
    require(
        actor,
        "voting.manage_session",
        {"kind": kind, "cluster": cluster, "authority": authority, "year": year},
    )
    title = (title or "").strip()
    if not title or len(title) > 300:
        raise InvalidInput("Tên phiên bỏ phiếu phải có từ 1 đến 300 ký tự.", fields={"title": "invalid"})
    if not 1900 <= year <= 2100:
        raise InvalidInput("Năm phải nằm trong khoảng 1900–2100.", fields={"year": "invalid"})
    if kind == SessionKind.CLUSTER_SELECTION and cluster is None:
        raise InvalidInput(
            "Phiên bình xét của cụm phải gắn với một cụm thi đua.", fields={"cluster": "required"}
        )
    if not candidates or len(candidates) > MAX_CANDIDATES:
        raise InvalidInput(
            f"Phiên bỏ phiếu phải có từ 1 đến {MAX_CANDIDATES} ứng cử viên.", fields={"candidates": "invalid"}
        )
    if not voters or len(voters) > MAX_VOTERS:
        raise InvalidInput(
            f"Phiên bỏ phiếu phải có từ 1 đến {MAX_VOTERS} cử tri.", fields={"voters": "invalid"}
        )
    if not 1 <= seats <= len(candidates):
        raise InvalidInput(
            f"Số người (đơn vị) được chọn phải từ 1 đến {len(candidates)}.", fields={"seats": "invalid"}
        )
    if disclosure not in Disclosure.values:
        raise InvalidInput("Mức công bố kết quả không hợp lệ.", fields={"disclosure": "invalid"})
    defaults = default_rules(kind=kind, year=year)
    base = threshold_base or defaults.threshold_base
    if base not in ThresholdBase.values:
        raise InvalidInput("Cơ sở tính tỉ lệ không hợp lệ.", fields={"threshold_base": "invalid"})
    for spec in candidates:
        if not spec.label.strip() or len(spec.label) > 300 or len(spec.note) > 500:
            raise InvalidInput(
                "Tên ứng cử viên phải có từ 1 đến 300 ký tự.", fields={"candidates": "invalid"}
            )
    for voter in voters:
        if not voter.label.strip() or len(voter.label) > 300:
            raise InvalidInput("Tên cử tri phải có từ 1 đến 300 ký tự.", fields={"voters": "invalid"})
    session = VotingSession.objects.create(
        kind=kind,
        title=title,
        year=year,
        authority=authority,
        cluster=cluster,
        seats=seats,
        quorum_share=_check_share(quorum_share or defaults.quorum_share, field="quorum_share"),
        threshold_share=_check_share(threshold_share or defaults.threshold_share, field="threshold_share"),
        threshold_base=base,
        threshold_strict=defaults.threshold_strict if threshold_strict is None else threshold_strict,
        allow_blank=allow_blank,
        disclosure=disclosure,
        short_code=_new_short_code(),
        held_on=held_on,
        place=place[:255],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    Candidate.objects.bulk_create(
        Candidate(
            session=session,
            key=f"c{i}",
            label=s.label.strip(),
            unit=s.unit,
            person=s.person,
            note=s.note,
            position=i,
        )
        for i, s in enumerate(candidates, start=1)
    )
    Voter.objects.bulk_create(
        Voter(session=session, label=v.label.strip(), user=v.user, unit=v.unit, position=i)
        for i, v in enumerate(voters, start=1)
    )
    record_audit(actor=actor, action="voting.session.create", target=session, after=snapshot(session))
    return session


def _locked(session: VotingSession) -> VotingSession:
    return VotingSession.objects.select_for_update().get(pk=session.pk)


@transaction.atomic
def issue_credentials(
    *, actor: Any, session: VotingSession, voters: Iterable[Voter] | None = None
) -> list[tuple[Voter, str]]:
    """New one-time credentials for voters who have not voted (all of them, or `voters`).

    The plain credentials are returned once, to be printed on slips or handed over; only their hashes
    are stored. Issuing again replaces a voter's earlier, unused credential.
    """
    require(actor, "voting.manage_session", session)
    session = _locked(session)
    if session.state == SessionState.CLOSED:
        raise Conflict("Phiên bỏ phiếu đã kết thúc.")
    rows = session.voters.filter(participation=Participation.NOT_YET)
    if voters is not None:
        rows = rows.filter(pk__in=[v.pk for v in voters])
    issued: list[tuple[Voter, str]] = []
    for voter in rows.order_by("position", "id"):
        credential = new_credential()
        voter.credential_hash = credential_hash(session_id=session.pk, credential=credential)
        voter.save(update_fields=["credential_hash"])
        issued.append((voter, credential))
    record_audit(
        actor=actor,
        action="voting.credentials.issue",
        target=session,
        after={"voters": [v.pk for v, _ in issued]},
    )
    return issued


@transaction.atomic
def open_session(*, actor: Any, session: VotingSession) -> VotingSession:
    require(actor, "voting.manage_session", session)
    session = _locked(session)
    if session.state != SessionState.DRAFT:
        raise Conflict("Chỉ mở được phiên đang chuẩn bị.")
    before = snapshot(session)
    session.state = SessionState.OPEN
    session.opened_at = timezone.now()
    session.save(update_fields=["state", "opened_at"])
    record_audit(
        actor=actor, action="voting.session.open", target=session, before=before, after=snapshot(session)
    )
    return session


# --- casting --------------------------------------------------------------------------------------


def session_by_code(short_code: str) -> VotingSession:
    session = VotingSession.objects.filter(short_code=normalise_code(short_code)[:8]).first()
    if session is None:
        raise NotFound("Không có phiên bỏ phiếu với mã này.")
    return session


def check_choices(session: VotingSession, choices: Sequence[object]) -> list[str]:
    """The ballot's candidate keys, refused in Vietnamese when unknown, repeated or too many."""
    keys = set(session.candidates.values_list("key", flat=True))
    if len(choices) > session.seats:
        raise InvalidInput(
            f"Phiếu chọn {len(choices)} ứng cử viên, nhiều hơn số được chọn ({session.seats}).",
            fields={"choices": "too_many"},
        )
    seen: list[str] = []
    for value in choices:
        if not isinstance(value, str) or value not in keys:
            raise InvalidInput("Phiếu có ứng cử viên không thuộc danh sách.", fields={"choices": "unknown"})
        if value in seen:
            raise InvalidInput("Phiếu chọn một ứng cử viên hai lần.", fields={"choices": "repeated"})
        seen.append(value)
    if not seen and not session.allow_blank:
        raise InvalidInput("Phiên này không nhận phiếu trắng.", fields={"choices": "blank"})
    return sorted(seen, key=lambda k: int(k[1:]))  # the ballot keeps no trace of the order of ticking


def cast_ballot(*, session: VotingSession, credential: str, choices: Sequence[object]) -> str:
    """Cast one ballot with a one-time credential; return its receipt code.

    No actor: the credential is the right to vote. A forged, reused or foreign credential, a session
    that is not open, unknown or too many choices are refused and nothing is stored. Fifty requests
    with the same credential at once store one ballot: the conditional UPDATE below lets exactly one
    transaction flip the voter from "not yet" to "voted" (PostgreSQL row lock; SQLite write lock).
    """
    clean = check_choices(session, choices)
    digest = credential_hash(session_id=session.pk, credential=credential or "")
    with transaction.atomic():
        # the lock orders casts after (or before) a close, so no ballot lands in a closed box
        state = (
            VotingSession.objects.select_for_update()
            .filter(pk=session.pk)
            .values_list("state", flat=True)
            .first()
        )
        if state != SessionState.OPEN:
            raise Conflict("Phiên bỏ phiếu không mở: không nhận phiếu.")
        claimed = Voter.objects.filter(
            session_id=session.pk, credential_hash=digest, participation=Participation.NOT_YET
        ).update(participation=Participation.ELECTRONIC)
        if claimed != 1:
            if Voter.objects.filter(session_id=session.pk, credential_hash=digest).exists():
                raise Conflict("Mã bỏ phiếu này đã được dùng: mỗi cử tri chỉ bỏ phiếu một lần.")
            raise InvalidInput("Mã bỏ phiếu không đúng.", fields={"credential": "invalid"})
        receipt = _insert_ballot(session_id=session.pk, choices=clean, source=BallotSource.ELECTRONIC)
    return receipt


def _insert_ballot(*, session_id: int, choices: list[str], invalid: bool = False, source: str) -> str:
    for _ in range(5):
        receipt = new_receipt()
        try:
            with transaction.atomic():
                Ballot.objects.create(
                    session_id=session_id, receipt=receipt, choices=choices, invalid=invalid, source=source
                )
            return receipt
        except IntegrityError:  # pragma: no cover - a receipt clash among 31^10
            continue
    raise Conflict("Không tạo được mã biên nhận, xin thử lại.")  # pragma: no cover


@transaction.atomic
def record_written_votes(
    *, actor: Any, session: VotingSession, voters: Sequence[Voter], ballots: Sequence[Mapping[str, Any]]
) -> list[str]:
    """Absentee written votes (phiếu gửi bằng văn bản), entered by the tally committee as one batch.

    The voters are marked as having voted in writing and the ballots are stored in a shuffled order,
    so the system never pairs a written ballot with its writer (with a batch of one, the committee who
    opened the envelope knows anyway: docs/voting.md). Returns the receipts, in receipt order.
    """
    require(actor, "voting.manage_session", session)
    session = _locked(session)
    if session.state != SessionState.OPEN:
        raise Conflict("Phiên bỏ phiếu không mở: không nhận phiếu.")
    if len(voters) != len(ballots) or not voters:
        raise InvalidInput(
            "Số phiếu gửi bằng văn bản phải bằng số cử tri gửi phiếu.", fields={"ballots": "count"}
        )
    clean = [
        ([], True) if b.get("invalid") else (check_choices(session, list(b.get("choices", []))), False)
        for b in ballots
    ]
    ids = [v.pk for v in voters]
    marked = Voter.objects.filter(session=session, pk__in=ids, participation=Participation.NOT_YET).update(
        participation=Participation.WRITTEN
    )
    if marked != len(set(ids)) or len(set(ids)) != len(ids):
        raise Conflict("Có cử tri đã bỏ phiếu hoặc không thuộc phiên này.")
    secrets.SystemRandom().shuffle(clean)
    receipts = sorted(
        _insert_ballot(session_id=session.pk, choices=c, invalid=inv, source=BallotSource.WRITTEN)
        for c, inv in clean
    )
    record_audit(
        actor=actor,
        action="voting.written_votes.record",
        target=session,
        after={"voters": sorted(ids), "count": len(ids)},
    )
    return receipts


@transaction.atomic
def record_paper_ballots(
    *,
    actor: Any,
    session: VotingSession,
    voters: Sequence[Voter],
    ballots: int,
    invalid: int,
    blank: int,
    votes: Mapping[str, int],
) -> VotingSession:
    """The paper-ballot fallback: who voted on paper, and the committee's count of the paper box.

    Replaces an earlier entry; the minutes show the paper count beside the electronic one.
    """
    require(actor, "voting.manage_session", session)
    session = _locked(session)
    if session.state != SessionState.OPEN:
        raise Conflict("Chỉ nhập phiếu giấy khi phiên đang mở (trước khi kết thúc).")
    for name, value in (("ballots", ballots), ("invalid", invalid), ("blank", blank), *votes.items()):
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_VOTERS:
            raise InvalidInput(
                f"Số phiếu «{name}» phải là số nguyên từ 0 đến {MAX_VOTERS}.", fields={name: "invalid"}
            )
    if invalid + blank > ballots:
        raise InvalidInput(
            "Số phiếu không hợp lệ và phiếu trắng vượt quá số phiếu giấy.", fields={"invalid": "too_many"}
        )
    candidates = {c.key: c for c in session.candidates.all()}
    unknown = set(votes) - set(candidates)
    if unknown:
        raise InvalidInput("Có ứng cử viên không thuộc danh sách.", fields={"votes": "unknown"})
    valid = ballots - invalid
    if any(v > valid for v in votes.values()) or sum(votes.values()) > (valid - blank) * session.seats:
        raise InvalidInput(
            "Số phiếu bầu cho ứng cử viên vượt quá số phiếu giấy hợp lệ.", fields={"votes": "too_many"}
        )
    if any(v > 0 for v in votes.values()) and valid - blank == 0:
        raise InvalidInput("Không có phiếu giấy hợp lệ nào để bầu.", fields={"votes": "too_many"})
    # who voted on paper: previous paper voters go back to "not yet", then the given ones are marked
    session.voters.filter(participation=Participation.PAPER).update(participation=Participation.NOT_YET)
    ids = {v.pk for v in voters}
    marked = Voter.objects.filter(session=session, pk__in=ids, participation=Participation.NOT_YET).update(
        participation=Participation.PAPER
    )
    if marked != len(ids):
        raise Conflict("Có cử tri đã bỏ phiếu điện tử hoặc không thuộc phiên này.")
    if len(ids) != ballots:
        raise InvalidInput(
            f"Số phiếu giấy ({ballots}) phải bằng số cử tri bỏ phiếu giấy ({len(ids)}).",
            fields={"ballots": "count"},
        )
    before = snapshot(session, fields=["paper_ballots", "paper_invalid", "paper_blank"])
    session.paper_ballots, session.paper_invalid, session.paper_blank = ballots, invalid, blank
    session.save(update_fields=["paper_ballots", "paper_invalid", "paper_blank"])
    PaperCount.objects.filter(session=session).delete()
    PaperCount.objects.bulk_create(
        PaperCount(session=session, candidate=c, votes=votes.get(key, 0)) for key, c in candidates.items()
    )
    record_audit(
        actor=actor,
        action="voting.paper.record",
        target=session,
        before=before,
        after={
            "paper_ballots": ballots,
            "paper_invalid": invalid,
            "paper_blank": blank,
            "votes": dict(votes),
            "voters": sorted(ids),
        },
    )
    return session


# --- closing and rounds ---------------------------------------------------------------------------


@transaction.atomic
def close_session(*, actor: Any, session: VotingSession, present: int | None = None) -> VotingSession:
    """Close the ballot box. `present` (the roll call) defaults to the number who took part.

    The session's ballots are then rewritten in receipt order (random), so SQLite's rowid and
    PostgreSQL's physical row order no longer follow the order in which they were cast.
    """
    require(actor, "voting.manage_session", session)
    session = _locked(session)
    if session.state != SessionState.OPEN:
        raise Conflict("Chỉ kết thúc được phiên đang mở.")
    electorate = session.voters.count()
    took_part = session.voters.exclude(participation=Participation.NOT_YET).count()
    if present is None:
        present = took_part
    if not isinstance(present, int) or isinstance(present, bool) or not took_part <= present <= electorate:
        raise InvalidInput(
            f"Số người có mặt phải từ {took_part} (số đã bỏ phiếu) đến {electorate} (số cử tri).",
            fields={"present": "invalid"},
        )
    before = snapshot(session)
    ballots = list(Ballot.objects.filter(session=session).order_by("receipt"))
    Ballot.objects.filter(session=session).delete()
    Ballot.objects.bulk_create(
        Ballot(session=session, receipt=b.receipt, choices=b.choices, invalid=b.invalid, source=b.source)
        for b in ballots
    )  # new random ids too: the old ones were handed out in casting order
    session.state = SessionState.CLOSED
    session.closed_at = timezone.now()
    session.present = present
    session.save(update_fields=["state", "closed_at", "present"])
    from .selectors import session_result

    result = session_result(session)
    record_audit(
        actor=actor,
        action="voting.session.close",
        target=session,
        before=before,
        after={**snapshot(session), "elected": list(result.elected), "runoff": list(result.runoff)},
    )
    return session


@transaction.atomic
def start_runoff(*, actor: Any, session: VotingSession) -> VotingSession:
    """A re-vote among those tied at the last seat, for the seats left: a new round, same electorate."""
    require(actor, "voting.manage_session", session)
    if session.state != SessionState.CLOSED:
        raise Conflict("Chỉ bỏ phiếu lại sau khi phiên đã kết thúc.")
    if session.rounds.exists():
        raise Conflict("Phiên này đã có vòng bỏ phiếu lại.")
    from .selectors import session_result

    result = session_result(session)
    if not result.runoff:
        raise Conflict("Không có ứng cử viên nào bằng phiếu ở vị trí cuối: không cần bỏ phiếu lại.")
    tied = set(result.runoff)
    child = VotingSession.objects.create(
        kind=session.kind,
        title=session.title,
        year=session.year,
        authority=session.authority,
        cluster=session.cluster,
        seats=session.seats - len(result.elected),
        quorum_share=session.quorum_share,
        quorum_strict=session.quorum_strict,
        threshold_share=session.threshold_share,
        threshold_base=session.threshold_base,
        threshold_strict=session.threshold_strict,
        allow_blank=session.allow_blank,
        disclosure=session.disclosure,
        short_code=_new_short_code(),
        held_on=session.held_on,
        place=session.place,
        parent=session,
        round_number=session.round_number + 1,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    Candidate.objects.bulk_create(
        Candidate(
            session=child,
            key=c.key,
            label=c.label,
            unit=c.unit,
            person=c.person,
            note=c.note,
            position=c.position,
        )
        for c in session.candidates.all()
        if c.key in tied
    )
    Voter.objects.bulk_create(
        Voter(session=child, label=v.label, user=v.user, unit=v.unit, position=v.position)
        for v in session.voters.all()
    )
    record_audit(actor=actor, action="voting.session.runoff", target=child, after=snapshot(child))
    return child
