"""Writes of movements, clusters, memberships, leaderships and conferences.

Each function checks the permission rule, validates, saves and audits inside one transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from thidua.clusters.enums import (
    YEAR_STATE_ORDER,
    ClusterKind,
    ConferenceKind,
    MeetingRole,
    OutcomeKind,
    YearState,
)
from thidua.clusters.models import (
    Cluster,
    ClusterLeadership,
    ClusterMembership,
    Conference,
    ConferenceAgendaItem,
    ConferenceAttendee,
    ConferenceOutcome,
    ConferencePhoto,
    EmulationYear,
    Movement,
    YearTransition,
)
from thidua.core import clock
from thidua.core.audit import record_audit, snapshot
from thidua.core.audited import create_audited, delete_audited, save_audited
from thidua.core.errors import Conflict, InvalidInput
from thidua.core.images import clean_image_bytes
from thidua.core.rules import require
from thidua.core.text import collation_key
from thidua.core.years import EMULATION_YEARS, check_year
from thidua.organisations.models import Person, Unit
from thidua.organisations.selectors import current_successors


def _check_year(year: int) -> None:
    check_year(year, years=EMULATION_YEARS)


@transaction.atomic
def create_movement(
    *,
    actor: Any,
    authority: Unit,
    name: str,
    theme: str = "",
    start: datetime.date,
    end: datetime.date | None = None,
    legal_basis: str = "",
) -> Movement:
    require(actor, "clusters.create_movement", authority)
    if not name.strip():
        raise InvalidInput("Tên phong trào không được để trống.", fields={"name": "required"})
    if end is not None and end < start:
        raise InvalidInput("Ngày kết thúc phải sau ngày bắt đầu.", fields={"end": "invalid"})
    return create_audited(
        Movement,
        actor=actor,
        action="clusters.movement.create",
        authority=authority,
        name=name.strip(),
        theme=theme.strip(),
        start=start,
        end=end,
        legal_basis=legal_basis,
    )


@transaction.atomic
def create_cluster(
    *,
    actor: Any,
    authority: Unit,
    number: int,
    name: str,
    kind: str = ClusterKind.CLUSTER,
    description: str = "",
) -> Cluster:
    require(actor, "clusters.manage_cluster", authority)
    if kind not in ClusterKind.values:
        raise InvalidInput(f"Loại «{kind}» không hợp lệ.", fields={"kind": "invalid"})
    if number < 1:
        raise InvalidInput("Số hiệu cụm phải là số nguyên dương.", fields={"number": "invalid"})
    if not name.strip():
        raise InvalidInput("Tên cụm không được để trống.", fields={"name": "required"})
    if Cluster.objects.filter(authority=authority, kind=kind, number=number).exists():
        raise Conflict(
            f"{authority} đã có {ClusterKind(kind).label.lower()} số {number}.",
            fields={"number": "duplicate"},
        )
    try:
        with transaction.atomic():
            cluster = create_audited(
                Cluster,
                actor=actor,
                action="clusters.cluster.create",
                authority=authority,
                kind=kind,
                number=number,
                name=name.strip(),
                description=description.strip(),
                sort_key=collation_key(name),
            )
    except IntegrityError:
        # Two officers creating the same cluster at once: the constraint decides.
        raise Conflict(
            f"{authority} đã có {ClusterKind(kind).label.lower()} số {number}.",
            fields={"number": "duplicate"},
        ) from None
    return cluster


MembershipListener = Callable[[Cluster, int], None]
# Apps whose stored results depend on who the members of a year are (the scoring app's stored
# ranking) register here; each is called inside the change's transaction with (cluster, year).
_MEMBERSHIP_LISTENERS: list[MembershipListener] = []


def register_membership_listener(listener: MembershipListener) -> None:
    if listener not in _MEMBERSHIP_LISTENERS:
        _MEMBERSHIP_LISTENERS.append(listener)


def _members_changed(cluster: Cluster, year: int) -> None:
    for listener in _MEMBERSHIP_LISTENERS:
        listener(cluster, year)


def _membership_conflict(cluster: Cluster, unit: Unit, year: int) -> Conflict | None:
    clash = (
        ClusterMembership.objects.filter(authority=cluster.authority, unit=unit, year=year)
        .select_related("cluster")
        .first()
    )
    if clash is None:
        return None
    if clash.cluster_id == cluster.pk:
        return Conflict(f"«{unit}» đã là thành viên của {cluster} năm {year}.", fields={"unit": "duplicate"})
    return Conflict(
        f"«{unit}» đã thuộc {clash.cluster} của cùng cơ quan trong năm {year}; "
        "một đơn vị chỉ thuộc một cụm, khối của một cơ quan mỗi năm.",
        fields={"unit": "other_cluster"},
    )


@transaction.atomic
def add_member(*, actor: Any, cluster: Cluster, unit: Unit, year: int) -> ClusterMembership:
    require(actor, "clusters.manage_cluster", cluster)
    _check_year(year)
    if not unit.is_active_in_year(year):
        raise InvalidInput(f"«{unit}» không hoạt động trong năm {year}.", fields={"unit": "inactive"})
    conflict = _membership_conflict(cluster, unit, year)
    if conflict is not None:
        raise conflict
    try:
        with transaction.atomic():
            membership = create_audited(
                ClusterMembership,
                actor=actor,
                action="clusters.membership.add",
                cluster=cluster,
                authority=cluster.authority,
                unit=unit,
                year=year,
            )
    except IntegrityError:
        # Two officers adding the same unit at once: the constraint decides, the message explains.
        raise _membership_conflict(cluster, unit, year) or Conflict("Thành viên này vừa được thêm.") from None
    _members_changed(cluster, year)
    return membership


@transaction.atomic
def remove_member(*, actor: Any, cluster: Cluster, unit: Unit, year: int) -> None:
    require(actor, "clusters.manage_cluster", cluster)
    membership = ClusterMembership.objects.filter(cluster=cluster, unit=unit, year=year).first()
    if membership is None:
        raise InvalidInput(f"«{unit}» không phải thành viên của {cluster} năm {year}.")
    if ClusterLeadership.objects.filter(cluster=cluster, year=year, leader=unit).exists() or (
        ClusterLeadership.objects.filter(cluster=cluster, year=year, deputy=unit).exists()
    ):
        raise Conflict(f"«{unit}» đang là trưởng hoặc phó trưởng cụm năm {year}; hãy đổi trưởng cụm trước.")
    delete_audited(membership, actor=actor, action="clusters.membership.remove", target=cluster)
    _members_changed(cluster, year)


@dataclass
class CarryOverReport:
    added: list[Unit] = field(default_factory=list)
    replaced: list[tuple[Unit, list[Unit]]] = field(default_factory=list)
    skipped: list[tuple[Unit, str]] = field(default_factory=list)


@transaction.atomic
def carry_over_members(*, actor: Any, cluster: Cluster, from_year: int, to_year: int) -> CarryOverReport:
    """Copy last year's members into a new year; a member that merged away is replaced by its
    successor (a split by all its successors), so after a reorganisation the cluster stays whole."""
    require(actor, "clusters.manage_cluster", cluster)
    _check_year(to_year)
    if to_year <= from_year:
        raise InvalidInput("Năm mới phải sau năm được sao chép.", fields={"to_year": "invalid"})
    report = CarryOverReport()
    first_day = datetime.date(to_year, 1, 1)
    seen: set[int] = set()
    members = Unit.objects.filter(cluster_memberships__cluster=cluster, cluster_memberships__year=from_year)
    for unit in members.order_by("sort_key"):
        stand_ins = current_successors(unit, on=first_day)
        if not stand_ins:
            report.skipped.append((unit, "không còn hoạt động và không có đơn vị kế thừa"))
            continue
        if stand_ins != [unit]:
            report.replaced.append((unit, stand_ins))
        for candidate in stand_ins:
            if candidate.pk in seen:
                continue
            seen.add(candidate.pk)
            conflict = _membership_conflict(cluster, candidate, to_year)
            if conflict is not None:
                report.skipped.append((candidate, conflict.message))
                continue
            ClusterMembership.objects.create(
                cluster=cluster, authority=cluster.authority, unit=candidate, year=to_year
            )
            report.added.append(candidate)
    record_audit(
        actor=actor,
        action="clusters.membership.carry_over",
        target=cluster,
        after={"from_year": from_year, "to_year": to_year, "added": [u.pk for u in report.added]},
    )
    if report.added:
        _members_changed(cluster, to_year)
    return report


@transaction.atomic
def set_leadership(
    *, actor: Any, cluster: Cluster, year: int, leader: Unit, deputy: Unit | None, decided_by: str = ""
) -> ClusterLeadership:
    require(actor, "clusters.manage_cluster", cluster)
    _check_year(year)
    member_ids = set(
        ClusterMembership.objects.filter(cluster=cluster, year=year).values_list("unit_id", flat=True)
    )
    if leader.pk not in member_ids:
        raise InvalidInput(
            f"Trưởng cụm «{leader}» phải là thành viên của cụm năm {year}.", fields={"leader": "not_member"}
        )
    if deputy is not None and deputy.pk not in member_ids:
        raise InvalidInput(
            f"Phó trưởng cụm «{deputy}» phải là thành viên của cụm năm {year}.",
            fields={"deputy": "not_member"},
        )
    if deputy is not None and deputy.pk == leader.pk:
        raise InvalidInput(
            "Trưởng cụm và phó trưởng cụm phải là hai đơn vị khác nhau.", fields={"deputy": "same"}
        )
    existing = ClusterLeadership.objects.select_for_update().filter(cluster=cluster, year=year).first()
    before = snapshot(existing) if existing else None
    leadership, _ = ClusterLeadership.objects.update_or_create(
        cluster=cluster,
        year=year,
        defaults={"leader": leader, "deputy": deputy, "decided_by": decided_by.strip()},
    )
    record_audit(
        actor=actor,
        action="clusters.leadership.set",
        target=leadership,
        before=before,
        after=snapshot(leadership),
    )
    return leadership


@dataclass(frozen=True)
class AttendeeInput:
    name: str
    position: str = ""
    organisation: str = ""
    unit: Unit | None = None
    person: Person | None = None
    is_guest: bool = False
    role: str = ""  # MeetingRole: "chair", "secretary" or "" (an attendee)


@transaction.atomic
def create_conference(
    *,
    actor: Any,
    cluster: Cluster,
    year: int,
    kind: str,
    title: str,
    date: datetime.date,
    place: str,
    host: Unit | None = None,
    summary: str = "",
    attendees: Sequence[AttendeeInput] = (),
    starts_at: datetime.time | None = None,
    ends_at: datetime.time | None = None,
) -> Conference:
    require(actor, "clusters.lead_year", (cluster, year))
    _check_year(year)
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        raise InvalidInput("Giờ kết thúc hội nghị phải sau giờ bắt đầu.", fields={"ends_at": "before_start"})
    for role_name, wanted in (("chair", MeetingRole.CHAIR), ("secretary", MeetingRole.SECRETARY)):
        if sum(1 for a in attendees if a.role == wanted) > 1:
            raise InvalidInput(
                f"Hội nghị chỉ có một {wanted.label.lower()}.", fields={f"attendees.{role_name}": "duplicate"}
            )
    if any(a.role not in MeetingRole.values for a in attendees):
        raise InvalidInput("Vai trò đại biểu không hợp lệ.", fields={"attendees.role": "invalid"})
    if kind not in ConferenceKind.values:
        raise InvalidInput(f"Loại hội nghị «{kind}» không hợp lệ.", fields={"kind": "invalid"})
    if not title.strip() or not place.strip():
        raise InvalidInput(
            "Cần ghi tên và địa điểm hội nghị.", fields={"title": "required", "place": "required"}
        )
    if date.year not in (year, year + 1):
        # A year-end review of year Y is often held in January of Y+1; anything else is a typo.
        raise InvalidInput(
            f"Ngày hội nghị {date:%d/%m/%Y} không thuộc năm thi đua {year}.", fields={"date": "invalid"}
        )
    conference = Conference.objects.create(
        cluster=cluster,
        year=year,
        kind=kind,
        title=title.strip(),
        date=date,
        place=place.strip(),
        host=host,
        summary=summary.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
    )
    for order, attendee in enumerate(attendees, start=1):
        if not attendee.name.strip():
            raise InvalidInput(
                f"Đại biểu thứ {order} chưa có họ tên.", fields={f"attendees[{order - 1}].name": "required"}
            )
        ConferenceAttendee.objects.create(
            conference=conference,
            person=attendee.person,
            name=attendee.name.strip(),
            position=attendee.position.strip(),
            organisation=attendee.organisation.strip(),
            unit=attendee.unit,
            is_guest=attendee.is_guest,
            order=order,
            role=attendee.role,
        )
    record_audit(
        actor=actor, action="clusters.conference.create", target=conference, after=snapshot(conference)
    )
    return conference


# --- Emulation years: one service per transition, reopening by an explicit act (issue 3) ----------

YearPrecondition = Callable[[EmulationYear], "str | None"]
# Other apps register what must hold before a year may enter a state (e.g. covenants: "every member
# has signed" before `covenant_signed`). A precondition returns None when met, else the reason.
_YEAR_PRECONDITIONS: dict[str, list[YearPrecondition]] = {}


def register_year_precondition(state: str, check: YearPrecondition) -> None:
    checks = _YEAR_PRECONDITIONS.setdefault(state, [])
    if check not in checks:
        checks.append(check)


@transaction.atomic
def open_emulation_year(*, actor: Any, cluster: Cluster, year: int) -> EmulationYear:
    """The year's record, created in `planning` the first time the leader works on it."""
    require(actor, "clusters.lead_year", (cluster, year))
    _check_year(year)
    if not ClusterMembership.objects.filter(cluster=cluster, year=year).exists():
        raise InvalidInput(f"{cluster} chưa có thành viên năm {year}.", fields={"year": "no_members"})
    existing = EmulationYear.objects.filter(cluster=cluster, year=year).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            emulation_year = create_audited(
                EmulationYear,
                actor=actor,
                action="clusters.year.open",
                cluster=cluster,
                year=year,
                state=YearState.PLANNING,
            )
    except IntegrityError:
        # Opened by another request meanwhile: opening is idempotent, so answer with that year.
        return EmulationYear.objects.get(cluster=cluster, year=year)
    return emulation_year


def _actor_label(actor: Any) -> str:
    return actor.get_username() if getattr(actor, "pk", None) else "Hệ thống"


@transaction.atomic
def advance_year(*, actor: Any, emulation_year: EmulationYear, to_state: str) -> EmulationYear:
    """Move a year one step forward, after checking the registered preconditions of the new state."""
    require(actor, "clusters.lead_year", emulation_year.cluster_year)
    locked = EmulationYear.objects.select_for_update().select_related("cluster").get(pk=emulation_year.pk)
    if to_state not in YEAR_STATE_ORDER:
        raise InvalidInput(f"Trạng thái «{to_state}» không hợp lệ.", fields={"to_state": "invalid"})
    current = YEAR_STATE_ORDER.index(locked.state)
    if YEAR_STATE_ORDER.index(to_state) != current + 1:
        raise Conflict(
            f"Năm thi đua đang ở bước «{YearState(locked.state).label}», không thể chuyển sang "
            f"«{YearState(to_state).label}».",
            fields={"to_state": "not_next"},
        )
    reasons = [reason for check in _YEAR_PRECONDITIONS.get(to_state, []) if (reason := check(locked))]
    if reasons:
        raise Conflict(
            "Chưa đủ điều kiện chuyển bước: " + " ".join(reasons), fields={"to_state": "precondition"}
        )
    before = snapshot(locked)
    now = clock.now()
    YearTransition.objects.create(
        emulation_year=locked,
        from_state=locked.state,
        to_state=to_state,
        at=now,
        actor_label=_actor_label(actor),
    )
    locked.state, locked.state_changed_at = to_state, now
    locked.save(update_fields=["state", "state_changed_at"])
    record_audit(
        actor=actor, action="clusters.year.advance", target=locked, before=before, after=snapshot(locked)
    )
    emulation_year.state, emulation_year.state_changed_at = locked.state, locked.state_changed_at
    return locked


@transaction.atomic
def reopen_year(*, actor: Any, emulation_year: EmulationYear, to_state: str, reason: str) -> EmulationYear:
    """Take a year back to an earlier state: only the leader, only with a written reason."""
    require(actor, "clusters.lead_year", emulation_year.cluster_year)
    locked = EmulationYear.objects.select_for_update().get(pk=emulation_year.pk)
    if not reason.strip():
        raise InvalidInput("Cần ghi lý do mở lại năm thi đua.", fields={"reason": "required"})
    if to_state not in YEAR_STATE_ORDER:
        raise InvalidInput(f"Trạng thái «{to_state}» không hợp lệ.", fields={"to_state": "invalid"})
    if YEAR_STATE_ORDER.index(to_state) >= YEAR_STATE_ORDER.index(locked.state):
        raise Conflict(
            "Chỉ có thể mở lại về một bước trước bước hiện tại.", fields={"to_state": "not_earlier"}
        )
    before = snapshot(locked)
    now = clock.now()
    YearTransition.objects.create(
        emulation_year=locked,
        from_state=locked.state,
        to_state=to_state,
        is_reopening=True,
        reason=reason.strip(),
        at=now,
        actor_label=_actor_label(actor),
    )
    locked.state, locked.state_changed_at = to_state, now
    locked.save(update_fields=["state", "state_changed_at"])
    record_audit(
        actor=actor,
        action="clusters.year.reopen",
        target=locked,
        before=before,
        after={**snapshot(locked), "reason": reason.strip()},
    )
    emulation_year.state, emulation_year.state_changed_at = locked.state, locked.state_changed_at
    return locked


# --- Conference agenda, outcomes and photos --------------------------------------------------------


@transaction.atomic
def add_agenda_item(
    *, actor: Any, conference: Conference, title: str, presenter: str = ""
) -> ConferenceAgendaItem:
    require(actor, "clusters.lead_year", (conference.cluster, conference.year))
    if not title.strip():
        raise InvalidInput("Nội dung chương trình không được để trống.", fields={"title": "required"})
    order = conference.agenda_items.count() + 1
    return create_audited(
        ConferenceAgendaItem,
        actor=actor,
        action="clusters.conference.agenda_add",
        target=conference,
        conference=conference,
        order=order,
        title=title.strip(),
        presenter=presenter.strip(),
    )


@transaction.atomic
def record_outcome(
    *, actor: Any, conference: Conference, kind: str, description: str = ""
) -> ConferenceOutcome:
    require(actor, "clusters.lead_year", (conference.cluster, conference.year))
    if kind not in OutcomeKind.values:
        raise InvalidInput(f"Loại kết quả «{kind}» không hợp lệ.", fields={"kind": "invalid"})
    if kind != OutcomeKind.OTHER and conference.outcomes.filter(kind=kind).exists():
        raise Conflict(f"Hội nghị đã ghi kết quả «{OutcomeKind(kind).label}».", fields={"kind": "duplicate"})
    return create_audited(
        ConferenceOutcome,
        actor=actor,
        action="clusters.conference.outcome_add",
        target=conference,
        conference=conference,
        kind=kind,
        description=description.strip(),
        order=conference.outcomes.count() + 1,
    )


@transaction.atomic
def add_conference_photo(
    *, actor: Any, conference: Conference, content: bytes, caption: str
) -> ConferencePhoto:
    """Store a photo with its caption: only a re-encoded copy of the image, without its metadata."""
    require(actor, "clusters.lead_year", (conference.cluster, conference.year))
    if not caption.strip():
        raise InvalidInput("Ảnh cần có chú thích.", fields={"caption": "required"})
    content, content_type, width, height = clean_image_bytes(content)
    extension = "png" if content_type == "image/png" else "jpg"
    photo = ConferencePhoto(
        conference=conference,
        caption=caption.strip()[:300],
        width=width,
        height=height,
        order=conference.photos.count() + 1,
    )
    photo.image.save(f"hoi-nghi-{conference.pk}-{photo.order}.{extension}", ContentFile(content), save=False)
    return save_audited(
        photo,
        actor=actor,
        action="clusters.conference.photo_add",
        target=conference,
        audit_fields=["id", "conference", "caption", "width", "height", "order"],
        extra={"image": photo.image.name},
    )
