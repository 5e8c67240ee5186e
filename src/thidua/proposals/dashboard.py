"""The work the proposal chain waits on (thidua.core.dashboard): incoming dossiers for the
authority's officers, returned dossiers for their senders, council sessions to attend, issued
decisions whose certificates are not printed yet (the link into /chung-nhan/); a unit's own year
(its review, its head's draft decision, the units' overview)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.urls import reverse

from thidua.accounts.access import unit_filter
from thidua.accounts.enums import Role
from thidua.core import clock
from thidua.core.dashboard import DashboardInput, Task

from . import selectors
from .enums import CouncilState, DecisionState, DossierState
from .models import AwardDecision, Dossier

LIMIT = 10


def proposal_tasks(data: DashboardInput) -> Iterable[Task]:
    user = data.user
    incoming = list(selectors.incoming_dossiers(user).order_by("submitted_on", "id")[:LIMIT])
    if incoming:
        yield Task(
            title=f"{len(incoming)} hồ sơ đề nghị khen thưởng gửi đến chờ xử lý",
            url=reverse("proposals:dossier_list"),
            context="Hồ sơ đề nghị khen thưởng",
            detail="; ".join(f"{d.sender.name} ({d.submitted_on:%d/%m/%Y})" for d in incoming),
        )
    senders = unit_filter(user, *selectors.SENDER_ROLES, path_field="sender__path")
    returned = Dossier.objects.filter(state=DossierState.RETURNED).select_related("sender")
    if senders is not None:
        returned = returned.filter(senders)
    for dossier in returned.order_by("id")[:LIMIT]:
        yield Task(
            title=f"Hồ sơ bị trả lại, cần bổ sung và gửi lại: {dossier.title}",
            url=reverse("proposals:dossier", kwargs={"pk": dossier.pk}),
            context=dossier.sender.name,
            detail=dossier.return_reason,
        )
    for session in selectors.sessions_to_attend(user)[:LIMIT]:
        what = "biểu quyết" if session.state == CouncilState.VOTING else "dự họp"
        yield Task(
            title=f"Phiên họp Hội đồng cần {what}: {session.title}",
            url=reverse("proposals:council", kwargs={"pk": session.pk}),
            context=session.authority.name,
            deadline=session.held_on,
        )
    yield from unprinted_decisions(user)


def unprinted_decisions(user: object) -> Iterable[Task]:
    """Issued decisions of the bodies the user issues for with a printed entry still without its
    certificate: one query (an EXISTS on the registry's conferrals)."""
    from django.db.models import Exists, OuterRef, Q

    from thidua.accounts.access import has_any_role, is_administrator
    from thidua.awards.eligibility.codes import CERTIFICATE_BLANKS
    from thidua.awards.models import Conferral

    from .rules import ISSUER_ROLES

    if not (is_administrator(user) or has_any_role(user, *ISSUER_ROLES)):  # no query: cached roles
        return
    bodies = unit_filter(user, *ISSUER_ROLES, path_field="body__path")
    waiting = Conferral.objects.filter(
        Q(title__code__in=CERTIFICATE_BLANKS) | Q(award_form__code__in=CERTIFICATE_BLANKS),
        decision_id=OuterRef("registry_id"),
        revoked_on__isnull=True,
        certificate__isnull=True,
    )
    rows = AwardDecision.objects.filter(Exists(waiting), state=DecisionState.ISSUED).select_related("body")
    if bodies is not None:
        rows = rows.filter(bodies)
    for decision in rows.order_by("-issued_on", "-id")[:LIMIT]:
        yield Task(
            title=f"Quyết định số {decision.full_number} đã ban hành, chưa in đủ bằng, giấy chứng nhận",
            url=reverse("certificates:decision", kwargs={"pk": decision.registry_id}),
            context=decision.body.name,
        )


def review_year(today: datetime.date) -> int:
    """The achievement year units are reviewing: the year ending, until the first quarter is over."""
    return today.year - 1 if today.month <= 3 else today.year


def review_season(today: datetime.date) -> int | None:
    """The year under review while reviews are due (1 November to 31 March: units review the
    year as it ends and decide before the first quarter is out), else None. Outside the season
    the review is no task: an April dashboard asking for the year's awards would be noise; the
    way in stays on the dossier list (`/khen-thuong/ho-so/`)."""
    return review_year(today) if today.month >= 11 or today.month <= 3 else None


def unit_year_tasks(data: DashboardInput) -> Iterable[Task]:
    """A unit's own year (issue 18): in the review season its open review and, for every officer
    of a reviewing unit (or of a ministry), the way in to every year's reviews; all year round
    its head's draft decision to sign. Three queries whatever the number of units."""
    from django.db.models import F

    from thidua.core.rules import allows
    from thidua.organisations.models import Unit

    from .enums import DossierKind
    from .unit_overview import REVIEWING_KINDS

    year = review_season(clock.today())
    reviewing = Unit.objects.filter(pk__in=data.unit_ids, kind__in=REVIEWING_KINDS).order_by("sort_key", "id")
    mine = [] if year is None else list(reviewing[:LIMIT])
    units = [] if year is None else [u for u in mine if u.is_active_in_year(year)]
    own = {}
    if year is not None and units:
        rows = Dossier.objects.filter(
            kind=DossierKind.UNIT, year=year, sender__in=units, authority_id=F("sender_id")
        ).order_by("id")
        own = {d.sender_id: d for d in rows}
    for unit in units:
        if not allows(
            data.user, "proposals.prepare_dossier", {"sender": unit, "cluster": None, "year": year}
        ):
            continue
        dossier = own.get(unit.pk)
        if dossier is None or dossier.state != DossierState.DECIDED:
            step = (
                "đề nghị danh hiệu cho người của đơn vị"
                if dossier is None
                else dossier.get_state_display().lower()
            )
            yield Task(
                title=f"Bình xét thi đua, khen thưởng năm {year}: {step}",
                url=reverse("proposals:unit_review", kwargs={"code": unit.code, "year": year}),
                context=unit.name,
            )
    signers = data.roles & {Role.UNIT_HEAD, Role.MINISTRY_OFFICER}  # who may issue (rules.ISSUER_ROLES)
    drafts = AwardDecision.objects.filter(body_id__in=data.unit_ids, state=DecisionState.DRAFT)
    for decision in drafts.select_related("body").order_by("id")[:LIMIT] if signers else ():
        if allows(data.user, "proposals.issue_decision", decision):
            yield Task(
                title=f"Ký ban hành quyết định: {decision.subject_line}",
                url=reverse("proposals:decision", kwargs={"pk": decision.pk}),
                context=decision.body.name,
            )
    if year is not None and (mine or Role.MINISTRY_OFFICER in data.roles):
        # in season, the way in to every year's review and decision, and to the units' overview
        yield Task(
            title="Bình xét thi đua, khen thưởng của đơn vị: đề nghị, Hội đồng, quyết định",
            url=reverse("proposals:unit_overview_latest"),
            context="Bình xét của đơn vị",
        )
