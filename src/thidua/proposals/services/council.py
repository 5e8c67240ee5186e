"""Council sessions: the agenda of dossiers, a secret vote per entry through the voting app with the
council's rule (the rule set's threshold, 90% of all members by default), minutes, and the
recommendation per entry that the decision takes up."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max

from thidua.awards.eligibility.codes import legal_name
from thidua.core import clock
from thidua.core.audit import record_audit, snapshot
from thidua.core.audited import create_audited, save_audited
from thidua.core.errors import Conflict, InvalidInput
from thidua.core.rules import require
from thidua.core.years import EMULATION_YEARS, check_year
from thidua.organisations.models import Unit
from thidua.voting import services as voting
from thidua.voting.enums import SessionKind
from thidua.voting.selectors import council_recommendation

from ..enums import CouncilState, DossierState, EntryDecision
from ..models import AgendaItem, CouncilMember, CouncilSession, Dossier, DossierEntry
from .common import log_event, text

MAX_MEMBERS = 100


@dataclass(frozen=True)
class MemberSpec:
    label: str
    user: Any = None


@transaction.atomic
def create_council_session(
    *,
    actor: Any,
    authority: Unit,
    year: int,
    title: str,
    held_on: datetime.date,
    chair: str,
    secretary: str,
    members: Sequence[MemberSpec],
    place: str = "",
) -> CouncilSession:
    """A council meeting of `authority` reviewing the dossiers of achievement year `year`."""
    require(actor, "proposals.manage_council", authority)
    check_year(year, years=EMULATION_YEARS)
    if not members or len(members) > MAX_MEMBERS:
        raise InvalidInput(
            f"Hội đồng phải có từ 1 đến {MAX_MEMBERS} thành viên.", fields={"members": "invalid"}
        )
    labels = [text(m.label, field="members", label="tên thành viên", maximum=300) for m in members]
    session = create_audited(
        CouncilSession,
        actor=actor,
        action="proposals.council.create",
        authority=authority,
        year=year,
        title=text(title, field="title", label="tên phiên họp", maximum=300),
        held_on=held_on,
        place=text(place, field="place", label="địa điểm", maximum=255, required=False),
        chair=text(chair, field="chair", label="chủ trì phiên họp", maximum=200),
        secretary=text(secretary, field="secretary", label="thư ký phiên họp", maximum=200),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    CouncilMember.objects.bulk_create(
        CouncilMember(session=session, label=label, user=m.user, position=i)
        for i, (label, m) in enumerate(zip(labels, members, strict=True), start=1)
    )
    return session


def _locked(session: CouncilSession, *, state: str | None = None) -> CouncilSession:
    locked = CouncilSession.objects.select_for_update().select_related("authority").get(pk=session.pk)
    if state is not None and locked.state != state:
        raise Conflict(
            f"Phiên họp đang ở bước «{CouncilState(locked.state).label}».", fields={"state": "wrong_state"}
        )
    return locked


@transaction.atomic
def add_to_agenda(*, actor: Any, session: CouncilSession, dossier: Dossier) -> AgendaItem:
    """Put a submitted dossier addressed to the council's authority on the agenda."""
    session = _locked(session, state=CouncilState.PREPARING)
    require(actor, "proposals.manage_council", session)
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if dossier.authority_id != session.authority_id or dossier.year != session.year:
        raise InvalidInput(
            "Hồ sơ không gửi cơ quan này hoặc không thuộc năm phiên họp xét.", fields={"dossier": "other"}
        )
    if dossier.state != DossierState.SUBMITTED:
        raise Conflict(
            f"Chỉ đưa vào chương trình hồ sơ đã gửi (hồ sơ đang «{DossierState(dossier.state).label}»).",
            fields={"dossier": "not_submitted"},
        )
    position = (session.agenda.aggregate(m=Max("position"))["m"] or 0) + 1
    item = create_audited(
        AgendaItem,
        actor=actor,
        action="proposals.agenda.add",
        session=session,
        dossier=dossier,
        position=position,
    )
    dossier.state = DossierState.IN_REVIEW
    dossier.save(update_fields=["state"])
    log_event(
        dossier=dossier, from_state=DossierState.SUBMITTED, to_state=DossierState.IN_REVIEW, actor=actor
    )
    return item


@transaction.atomic
def add_submitted_to_agenda(*, actor: Any, session: CouncilSession) -> list[AgendaItem]:
    """Every submitted dossier of the session's year addressed to its authority, oldest first."""
    require(actor, "proposals.manage_council", session)
    waiting = Dossier.objects.filter(
        authority_id=session.authority_id, year=session.year, state=DossierState.SUBMITTED
    ).order_by("submitted_on", "id")
    return [add_to_agenda(actor=actor, session=session, dossier=d) for d in waiting]


@transaction.atomic
def remove_from_agenda(*, actor: Any, item: AgendaItem) -> None:
    session = _locked(item.session, state=CouncilState.PREPARING)
    require(actor, "proposals.manage_council", session)
    dossier = Dossier.objects.select_for_update().get(pk=item.dossier_id)
    record_audit(actor=actor, action="proposals.agenda.remove", target=session, before=snapshot(item))
    item.delete()
    dossier.state = DossierState.SUBMITTED
    dossier.save(update_fields=["state"])
    log_event(
        dossier=dossier, from_state=DossierState.IN_REVIEW, to_state=DossierState.SUBMITTED, actor=actor
    )


def agenda_entries(session: CouncilSession) -> list[DossierEntry]:
    """The entries put to the vote: every entry of the agenda's dossiers not rejected by a decision."""
    positions = dict(session.agenda.values_list("dossier_id", "position"))
    rows = (
        DossierEntry.objects.filter(dossier_id__in=positions)
        .exclude(decision=EntryDecision.REJECT)
        .select_related("person", "unit", "dossier")
    )
    return sorted(rows, key=lambda e: (positions[e.dossier_id], e.position, e.pk))


@transaction.atomic
def open_council_vote(
    *, actor: Any, session: CouncilSession, threshold_share: str | None = None
) -> list[tuple[str, str]]:
    """Open one secret ballot over every entry on the agenda (each needs the council's threshold of
    all members; the rule set's default when `threshold_share` is None). Returns the members' one-time
    credentials as (label, credential), shown once."""
    session = _locked(session, state=CouncilState.PREPARING)
    require(actor, "proposals.manage_council", session)
    entries = agenda_entries(session)
    if not entries:
        raise InvalidInput("Chương trình họp chưa có hồ sơ nào để biểu quyết.", fields={"agenda": "empty"})
    members = list(session.members.all())
    # the council's own permission was checked above; the vote is run on its behalf (system)
    vote = voting.create_session(
        actor=None,
        kind=SessionKind.COUNCIL_REVIEW,
        title=f"Biểu quyết: {session.title}"[:300],
        year=session.year,
        authority=session.authority,
        seats=len(entries),
        candidates=[
            voting.CandidateSpec(
                label=f"{e.subject_name} – {legal_name(e.code)}"[:300],
                unit=e.unit,
                person=e.person,
                note=e.dossier.title[:500],
            )
            for e in entries
        ],
        voters=[voting.VoterSpec(label=m.label, user=m.user) for m in members],
        threshold_share=threshold_share,
        held_on=session.held_on,
        place=session.place,
    )
    for i, entry in enumerate(entries, start=1):
        entry.candidate_key = f"c{i}"
        entry.save(update_fields=["candidate_key"])
    credentials = [(v.label, c) for v, c in voting.issue_credentials(actor=None, session=vote)]
    voting.open_session(actor=None, session=vote)
    before = snapshot(session)
    session.vote, session.state = vote, CouncilState.VOTING
    session.save(update_fields=["vote", "state"])
    record_audit(
        actor=actor,
        action="proposals.council.open_vote",
        target=session,
        before=before,
        after=snapshot(session),
    )
    return credentials


@transaction.atomic
def close_council_vote(*, actor: Any, session: CouncilSession, present: int | None = None) -> CouncilSession:
    """Close the ballot box and record the council's recommendation on every entry."""
    session = _locked(session, state=CouncilState.VOTING)
    require(actor, "proposals.manage_council", session)
    assert session.vote is not None
    vote = voting.close_session(actor=None, session=session.vote, present=present)
    recommended = council_recommendation(session=vote)
    dossier_ids = list(session.agenda.values_list("dossier_id", flat=True))
    for entry in DossierEntry.objects.filter(dossier_id__in=dossier_ids).exclude(candidate_key=""):
        entry.recommended = recommended.get(entry.candidate_key, False)
        entry.save(update_fields=["recommended"])
    for dossier in Dossier.objects.filter(pk__in=dossier_ids).select_for_update():
        dossier.state = DossierState.REVIEWED
        dossier.save(update_fields=["state"])
        log_event(
            dossier=dossier, from_state=DossierState.IN_REVIEW, to_state=DossierState.REVIEWED, actor=actor
        )
    before = snapshot(session)
    session.state = CouncilState.VOTED
    session.save(update_fields=["state"])
    record_audit(
        actor=actor,
        action="proposals.council.close_vote",
        target=session,
        before=before,
        after={**snapshot(session), "recommended": sorted(k for k, v in recommended.items() if v)},
    )
    return session


@transaction.atomic
def record_minutes(*, actor: Any, session: CouncilSession, minutes: str) -> CouncilSession:
    """The conclusions of the meeting for its minutes (biên bản), once the vote is closed."""
    session = _locked(session, state=CouncilState.VOTED)
    require(actor, "proposals.manage_council", session)
    return save_audited(
        session,
        actor=actor,
        action="proposals.council.minutes",
        changes={
            "minutes": text(minutes, field="minutes", label="kết luận của phiên họp", maximum=20000),
            "minuted_at": clock.now(),
            "state": CouncilState.MINUTED,
        },
    )


@transaction.atomic
def record_conclusions(
    *,
    actor: Any,
    session: CouncilSession,
    minutes: str,
    not_recommended: Sequence[DossierEntry] = (),
) -> CouncilSession:
    """A council that does not vote in thidua (a unit's own council, which may agree by a show of
    hands or vote on paper): its minutes are recorded on a session still `preparing`, every agenda
    entry is recommended except `not_recommended`, and its dossiers are then reviewed — the same
    state a closed vote leaves, so the decision takes the same entries either way."""
    session = _locked(session, state=CouncilState.PREPARING)
    require(actor, "proposals.manage_council", session)
    entries = agenda_entries(session)
    if not entries:
        raise InvalidInput("Chương trình họp chưa có hồ sơ nào.", fields={"agenda": "empty"})
    minutes = text(minutes, field="minutes", label="kết luận của phiên họp", maximum=20000)
    left_out = {e.pk for e in not_recommended}
    if left_out - {e.pk for e in entries}:
        raise InvalidInput("Có đối tượng không thuộc chương trình họp.", fields={"entries": "unknown"})
    for entry in entries:
        entry.recommended = entry.pk not in left_out
        entry.save(update_fields=["recommended"])
    dossier_ids = list(session.agenda.values_list("dossier_id", flat=True))
    for dossier in Dossier.objects.filter(pk__in=dossier_ids).select_for_update():
        dossier.state = DossierState.REVIEWED
        dossier.save(update_fields=["state"])
        log_event(
            dossier=dossier,
            from_state=DossierState.IN_REVIEW,
            to_state=DossierState.REVIEWED,
            actor=actor,
            reason="Theo biên bản họp Hội đồng",
        )
    return save_audited(
        session,
        actor=actor,
        action="proposals.council.conclusions",
        changes={"minutes": minutes, "minuted_at": clock.now(), "state": CouncilState.MINUTED},
    )
