"""Reads of the proposals app: lists filtered in the database to what the user may see, the public
register of issued decisions (searchable without diacritics), the dossier's status history."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from thidua.accounts.access import is_administrator, unit_filter
from thidua.accounts.enums import Role
from thidua.core import clock
from thidua.core.text import fold

from .enums import DecisionState, DossierState
from .models import AwardDecision, CouncilSession, DecisionEntry, Dossier, DossierEvent

SENDER_ROLES = (Role.MEMBER_OFFICER, Role.UNIT_HEAD, Role.CLUSTER_LEADER_OFFICER, Role.MINISTRY_OFFICER)
AUTHORITY_ROLES = (Role.MINISTRY_OFFICER, Role.UNIT_HEAD, Role.MEMBER_OFFICER)
SENT_STATES = (DossierState.SUBMITTED, DossierState.IN_REVIEW, DossierState.REVIEWED, DossierState.DECIDED)


def _or(*conditions: Q | None) -> Q | None:
    """None (no restriction) if any is None, else their union."""
    out = Q(pk__in=[])
    for condition in conditions:
        if condition is None:
            return None
        out |= condition
    return out


def dossiers_visible_to(user: Any) -> QuerySet[Dossier]:
    """Dossiers the user sends (its units' and the clusters it leads), receives (as the authority's
    officer) or reviews as a council member once sent; newest year first, with entry counts."""
    rows = Dossier.objects.select_related("sender", "authority", "cluster").annotate(
        entry_count=Count("entries")
    )
    if is_administrator(user):
        return rows
    if not getattr(user, "is_authenticated", False):
        return rows.none()
    condition = _or(
        unit_filter(user, *SENDER_ROLES, path_field="sender__path"),
        unit_filter(user, *AUTHORITY_ROLES, path_field="authority__path"),
    )
    council = unit_filter(user, Role.COUNCIL_MEMBER, path_field="authority__path")
    if council is not None and condition is not None:
        condition |= council & Q(state__in=SENT_STATES)
    if condition is not None:
        condition |= _member_of_cluster(user)
    return rows if condition is None else rows.filter(condition)


def _member_of_cluster(user: Any) -> Q:
    """Cluster dossiers of the years a unit the user is an officer or head of (or a unit above
    it) was a member of the cluster: one indexed subquery (rules.is_cluster_member_of, per row)."""
    from django.db.models import Exists, OuterRef

    from thidua.clusters.models import ClusterMembership

    units = unit_filter(user, Role.MEMBER_OFFICER, Role.UNIT_HEAD, path_field="unit__path")
    if units is None:
        return Q(cluster__isnull=False)
    memberships = ClusterMembership.objects.filter(
        units, cluster_id=OuterRef("cluster_id"), year=OuterRef("year")
    )
    return Q(Exists(memberships))


def incoming_dossiers(user: Any) -> QuerySet[Dossier]:
    """Sent dossiers waiting at an authority the user works for (the officer's in-tray)."""
    condition = unit_filter(user, *AUTHORITY_ROLES, path_field="authority__path")
    rows = Dossier.objects.filter(state=DossierState.SUBMITTED).select_related("sender", "authority")
    return rows if condition is None else rows.filter(condition)


def history(dossier: Dossier) -> list[DossierEvent]:
    return list(DossierEvent.objects.filter(dossier=dossier).order_by("at", "id"))


# People and collectives a decision names, each once (one person can receive a title and an award).
SUBJECT_COUNT = Count("entries__person", distinct=True) + Count("entries__unit", distinct=True)


def councils_visible_to(user: Any) -> QuerySet[CouncilSession]:
    rows = CouncilSession.objects.select_related("authority").annotate(
        dossier_count=Count("agenda", distinct=True)
    )
    if is_administrator(user):
        return rows
    if not getattr(user, "is_authenticated", False):
        return rows.none()
    condition = _or(
        unit_filter(user, *AUTHORITY_ROLES, Role.COUNCIL_MEMBER, path_field="authority__path"),
    )
    member = Q(members__user=user)
    return rows.filter(member if condition is None else condition | member).distinct()


def sessions_to_attend(user: Any) -> QuerySet[CouncilSession]:
    """Council sessions not yet minuted where the user sits (by name on the list, or as a council member
    of the authority)."""
    from .enums import CouncilState

    return councils_visible_to(user).exclude(state=CouncilState.MINUTED).order_by("held_on", "id")


def decisions_visible_to(user: Any) -> QuerySet[AwardDecision]:
    """Issued and revoked decisions (public), plus the drafts of bodies the user prepares for."""
    rows = AwardDecision.objects.select_related("body").annotate(
        entry_count=Count("entries"), subject_count=SUBJECT_COUNT
    )
    if is_administrator(user):
        return rows
    public = ~Q(state=DecisionState.DRAFT)
    if not getattr(user, "is_authenticated", False):
        return rows.filter(public)
    drafts = unit_filter(user, *AUTHORITY_ROLES, path_field="body__path")
    return rows if drafts is None else rows.filter(public | drafts)


def published_decisions(*, q: str = "", year: int | None = None) -> QuerySet[AwardDecision]:
    """The public register: issued (and revoked, marked so) decisions, newest first, matched without
    diacritics on number, subject line, issuer and recipients' names."""
    rows = (
        AwardDecision.objects.exclude(state=DecisionState.DRAFT)
        .select_related("body")
        .annotate(entry_count=Count("entries"), subject_count=SUBJECT_COUNT)
        .order_by("-issued_on", "-number", "-id")
    )
    if year is not None:
        rows = rows.filter(year=year)
    for word in fold(q).split()[:8]:
        rows = rows.filter(search_text__contains=word)
    return rows


def public_entries(decision: AwardDecision, *, q: str = "") -> QuerySet[DecisionEntry]:
    """A published decision's list: names, units and forms only — never citizen IDs or birth dates."""
    rows = DecisionEntry.objects.filter(decision=decision).only(
        "id",
        "decision_id",
        "position",
        "label",
        "unit_label",
        "code",
        "year",
        "person_id",
        "unit_id",
        "conferral_id",
    )
    for word in fold(q).split()[:8]:
        rows = rows.filter(search_text__contains=word)
    return rows.order_by("position", "id")


# --- what the pages' pickers offer (by name; a post is still checked by the service's rule) -------

#: a picker lists at most this many people or units; a search narrows it
PICKER_LIMIT = 300


def _role_unit_ids(user: Any, *roles: str) -> list[int]:
    from thidua.accounts.access import current_assignments

    return sorted({unit_id for role, unit_id, _ in current_assignments(user) if role in roles and unit_id})


def sender_units(user: Any) -> QuerySet[Any]:
    """Units the user sends a unit's dossier for: those it holds an officer's or head's role on."""
    from thidua.organisations.models import Unit

    return Unit.objects.filter(pk__in=_role_unit_ids(user, *SENDER_ROLES)).order_by("sort_key", "code")


def leadable_clusters(user: Any) -> QuerySet[Any]:
    """Clusters whose dossier the user may prepare in some year: led by a unit it is the leader's
    officer of, or under the ministry it is an officer of."""
    from thidua.clusters.models import Cluster, ClusterLeadership

    leading = ClusterLeadership.objects.filter(
        leader_id__in=_role_unit_ids(user, Role.CLUSTER_LEADER_OFFICER)
    ).values("cluster_id")
    condition = Q(pk__in=leading)
    managed = unit_filter(user, Role.MINISTRY_OFFICER, path_field="authority__path")
    rows = Cluster.objects.select_related("authority")
    if is_administrator(user) or managed is None:
        return rows.order_by("name")
    return rows.filter(condition | managed).order_by("name")


def with_successors(units: list[Any]) -> list[Any]:
    """Units to choose among, a closed unit's successors of today added (a merged ministry's
    officers now act for the ministry that took it over): the open units first, the closed ones
    after them for the years they still answer for (a 2018 decision of the former ministry)."""
    from thidua.organisations.selectors import current_successors_map

    today = clock.today()
    seen = {u.pk for u in units}
    chosen = list(units)
    for successors in current_successors_map(units, on=today).values():
        for unit in successors:
            if unit.pk not in seen:
                seen.add(unit.pk)
                chosen.append(unit)
    return sorted(chosen, key=lambda u: (u.active_to is not None and u.active_to < today, u.sort_key, u.code))


def authority_units(user: Any, *, senders: list[Any], clusters: list[Any]) -> list[Any]:
    """Where a dossier may go: each sender itself (its head decides), the units above it, and the
    authorities of the clusters, with the successors of those closed; without repeats."""
    from thidua.organisations.models import Unit

    ids: set[int] = set()
    for unit in senders:
        ids |= {int(part) for part in unit.path.strip("/").split("/") if part}
    ids |= {cluster.authority_id for cluster in clusters}
    return with_successors(list(Unit.objects.filter(pk__in=ids).order_by("path")))


def body_units(user: Any) -> list[Any]:
    """Bodies the user drafts decisions or council sessions for (its officer's or head's units,
    and the successors of those closed)."""
    from thidua.organisations.models import Unit

    if is_administrator(user):
        rows = Unit.objects.filter(parent__isnull=True)
    else:
        rows = Unit.objects.filter(pk__in=_role_unit_ids(user, *AUTHORITY_ROLES))
    return with_successors(list(rows.order_by("sort_key", "code")))


def decidable_dossiers(user: Any) -> QuerySet[Dossier]:
    """Dossiers a decision may be drafted from: reviewed by the council, or submitted to a unit's
    own head, addressed to a body the user prepares decisions for."""
    condition = unit_filter(user, *AUTHORITY_ROLES, path_field="authority__path")
    rows = (
        Dossier.objects.filter(state__in=[DossierState.REVIEWED, DossierState.SUBMITTED])
        .select_related("sender", "authority")
        .annotate(entry_count=Count("entries"))
        .order_by("-year", "authority__sort_key", "sender__sort_key", "id")
    )
    return rows if condition is None else rows.filter(condition)


def candidate_units(dossier: Dossier, *, query: str = "") -> QuerySet[Any]:
    """Collectives a dossier may propose: a cluster's member units of its year; for a unit's
    dossier, the unit and the units below it."""
    from thidua.clusters.models import ClusterMembership
    from thidua.organisations.models import Unit
    from thidua.organisations.selectors import search_units

    if dossier.cluster_id:
        members = ClusterMembership.objects.filter(cluster_id=dossier.cluster_id, year=dossier.year)
        units = Unit.objects.filter(pk__in=members.values("unit_id"))
    else:
        units = Unit.objects.filter(path__startswith=dossier.sender.path)
    units = units.order_by("sort_key", "code")
    return search_units(units, query) if query.strip() else units


def candidate_people(user: Any, dossier: Dossier, *, query: str = "") -> list[Any]:
    """People a unit's dossier may propose: those working in the unit or below it at the end of
    the dossier's year whom the user reaches, each with that year's rating from the registry (so
    the officer sees at a glance who is likely eligible; the engine decides when it is added)."""
    import datetime

    from django.db.models import OuterRef, Subquery

    from thidua.accounts.access import people_reached
    from thidua.awards.models import YearRecord
    from thidua.core.text import search_words
    from thidua.organisations.models import Person, Position

    if dossier.cluster_id:
        return []
    end = datetime.date(dossier.year, 12, 31)
    posts = Position.objects.filter(unit__path__startswith=dossier.sender.path, start__lte=end).filter(
        Q(end__isnull=True) | Q(end__gte=datetime.date(dossier.year, 1, 1))
    )
    rating = YearRecord.objects.filter(person_id=OuterRef("pk"), year=dossier.year).values("rating")[:1]
    unit_name = posts.filter(person_id=OuterRef("pk")).order_by("-start", "-id").values("unit__name")[:1]
    rows = (
        Person.objects.filter(pk__in=posts.values("person_id"))
        .filter(pk__in=people_reached(user, *SENDER_ROLES).values("pk"))
        .annotate(year_rating=Subquery(rating), unit_name=Subquery(unit_name))
        .order_by("sort_key", "id")
    )
    for word in search_words(query)[:8]:
        rows = rows.filter(search_text__contains=word)
    return list(rows[:PICKER_LIMIT])


def issuing_body(registry_decision: Any) -> Any:
    """The body whose decision wrote this registry decision (certificates asks who prints it)."""
    found = AwardDecision.objects.filter(registry=registry_decision).select_related("body").first()
    return found.body if found is not None else None
