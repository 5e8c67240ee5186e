"""Pages of the proposal chain: dossiers, council sessions, decisions, and the public register of
issued decisions. Thin: every write is one URL and one service (`page_action`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from thidua.core.errors import InvalidInput, NotFound
from thidua.core.pages import cleaned, named, page_action, refuse
from thidua.core.rules import allows
from thidua.organisations.models import Person, Unit

from . import selectors, services
from .enums import DecisionState
from .forms import (
    AttachmentForm,
    CouncilForm,
    DecisionForm,
    DossierForm,
    EntryDecisionForm,
    EntryForm,
    IssueForm,
    MinutesForm,
    ReasonForm,
    RevokeForm,
    SearchForm,
    SelectionEntriesForm,
)
from .models import AwardDecision, CouncilSession, DossierAttachment, DossierEntry

PAGE_SIZE = 50


def _unit(pk: int | None, *, field: str) -> Unit:
    unit = Unit.objects.filter(pk=pk).first() if pk else None
    if unit is None:
        raise InvalidInput("Không tìm thấy đơn vị đã chọn.", fields={field: "unknown"})
    return unit


def home(request: HttpRequest) -> HttpResponse:
    """`/khen-thuong/`: the officer's dossiers, or, for anyone else, the public register."""
    if allows(request.user, "proposals.use_proposals"):
        return redirect("proposals:dossier_list")
    return redirect("proposals:published_list")


# --- dossiers ---------------------------------------------------------------------------------


def _dossier_form(request: HttpRequest, data: Any = None) -> DossierForm:
    senders = list(selectors.sender_units(request.user))
    clusters = list(selectors.leadable_clusters(request.user))
    authorities = selectors.authority_units(request.user, senders=senders, clusters=clusters)
    return DossierForm(data, senders=senders, clusters=clusters, authorities=authorities)


@login_required
@named("proposals:dossier_list")
def dossier_list(request: HttpRequest) -> HttpResponse:
    dossiers = list(selectors.dossiers_visible_to(request.user)[:PAGE_SIZE])
    incoming = list(selectors.incoming_dossiers(request.user)[:PAGE_SIZE])
    form = _dossier_form(request)
    return render(
        request,
        "proposals/dossier_list.html",
        {
            "dossiers": dossiers,
            "incoming": incoming,
            "form": form,
            "may_create": bool(form.fields["origin"].choices),  # type: ignore[attr-defined]
        },
    )


@page_action(dossier_list)
def dossier_create(request: HttpRequest) -> HttpResponse:
    from thidua.clusters.models import Cluster
    from thidua.clusters.selectors import leadership_for

    data = cleaned(_dossier_form(request, request.POST))
    kind, _, pk = data["origin"].partition(":")
    authority = _unit(data["authority"], field="authority")
    cluster = None
    if kind == "cluster":
        cluster = Cluster.objects.select_related("authority").get(pk=int(pk))
        leadership = leadership_for(cluster=cluster, year=data["year"])
        if leadership is None:
            raise InvalidInput(
                f"{cluster.name} chưa có trưởng cụm năm {data['year']}: chưa lập được hồ sơ của cụm.",
                fields={"origin": "no_leader"},
            )
        sender = leadership.leader
    else:
        sender = _unit(int(pk), field="origin")
    dossier = services.create_dossier(
        actor=request.user,
        sender=sender,
        authority=authority,
        cluster=cluster,
        year=data["year"],
        title=data["title"],
    )
    return redirect("proposals:dossier", pk=dossier.pk)


@login_required
@named("proposals:dossier")
def dossier_page(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = services.get_dossier(actor=request.user, pk=pk)
    entries = list(dossier.entries.select_related("person", "unit", "decided_by").order_by("position", "id"))
    may_prepare = allows(request.user, "proposals.prepare_dossier", dossier)
    sessions: list[Any] = []
    if may_prepare and dossier.cluster_id and dossier.is_editable:
        from thidua.voting.models import VotingSession

        sessions = list(
            VotingSession.objects.filter(cluster_id=dossier.cluster_id, year=dossier.year, state="closed")
        )
    context = {
        "dossier": dossier,
        "entries": entries,
        "blocked": {b.entry.pk: b.message for b in services.blocked_entries(dossier)},
        "history": selectors.history(dossier),
        "attachments": list(dossier.attachments.all()),
        "may_prepare": may_prepare and dossier.is_editable,
        "may_review": allows(request.user, "proposals.review_dossier", dossier),
        "may_decide": allows(request.user, "proposals.decide_entry", dossier),
        "entry_form": _entry_form(request, dossier) if may_prepare and dossier.is_editable else None,
        "q": request.GET.get("q", "")[:100],
        "selection_form": SelectionEntriesForm(),
        "sessions": sessions,
        "decisions": list(dossier.decisions.all()),
    }
    return render(request, "proposals/dossier.html", context)


def _entry_form(request: HttpRequest, dossier: Any, data: Any = None) -> EntryForm:
    """People and units to pick from, by name (a search narrows a long list); on a post, the
    picked one is looked up again whatever the list showed."""
    query = request.GET.get("q", "")[:100] if data is None else ""
    if data is not None:
        people = Person.objects.filter(pk=data.get("person") or 0) if data.get("person", "").isdigit() else []
        units = Unit.objects.filter(pk=data.get("unit") or 0) if data.get("unit", "").isdigit() else []
        return EntryForm(data, people=list(people), units=list(units))
    people = selectors.candidate_people(request.user, dossier, query=query)
    units = list(selectors.candidate_units(dossier, query=query)[: selectors.PICKER_LIMIT])
    return EntryForm(people=people, units=units)


def _entry(dossier_pk: int, entry_pk: int) -> DossierEntry:
    return get_object_or_404(
        DossierEntry.objects.select_related("dossier"), pk=entry_pk, dossier_id=dossier_pk
    )


@page_action(dossier_page)
def entry_add(request: HttpRequest, pk: int) -> None:
    dossier = services.get_dossier(actor=request.user, pk=pk)
    data = cleaned(_entry_form(request, dossier, request.POST))
    subject: Person | Unit | None = None
    if data.get("person"):
        subject = Person.objects.filter(pk=data["person"]).first()
    elif data["unit"]:
        subject = Unit.objects.filter(pk=data["unit"]).first()
    if subject is None:
        raise InvalidInput(
            "Chọn một cá nhân hoặc một tập thể trong danh sách.", fields={"person": "required"}
        )
    services.add_dossier_entry(
        actor=request.user, dossier=dossier, subject=subject, code=data["code"], note=data["note"]
    )


@page_action(dossier_page)
def selection_add(request: HttpRequest, pk: int) -> None:
    from thidua.voting.models import VotingSession

    dossier = services.get_dossier(actor=request.user, pk=pk)
    data = cleaned(SelectionEntriesForm(request.POST))
    session = VotingSession.objects.filter(pk=data["session"]).first()
    if session is None:
        raise NotFound("Không tìm thấy phiên bình xét.")
    services.add_selection_entries(actor=request.user, dossier=dossier, session=session, code=data["code"])


@page_action(dossier_page)
def entry_remove(request: HttpRequest, pk: int, entry_pk: int) -> None:
    services.get_dossier(actor=request.user, pk=pk)
    services.remove_dossier_entry(actor=request.user, entry=_entry(pk, entry_pk))


@page_action(dossier_page)
def entry_decide(request: HttpRequest, pk: int, entry_pk: int) -> None:
    services.get_dossier(actor=request.user, pk=pk)
    data = cleaned(EntryDecisionForm(request.POST))
    services.record_entry_decision(
        actor=request.user, entry=_entry(pk, entry_pk), decision=data["decision"], reason=data["reason"]
    )


@page_action(dossier_page)
def dossier_submit(request: HttpRequest, pk: int) -> None:
    dossier = services.get_dossier(actor=request.user, pk=pk)
    services.submit_dossier(actor=request.user, dossier=dossier)
    messages.success(request, "Đã gửi hồ sơ.")


@page_action(dossier_page)
def dossier_return(request: HttpRequest, pk: int) -> None:
    dossier = services.get_dossier(actor=request.user, pk=pk)
    data = cleaned(ReasonForm(request.POST))
    services.return_dossier(actor=request.user, dossier=dossier, reason=data["reason"])
    messages.success(request, "Đã trả lại hồ sơ kèm lý do.")


@page_action(dossier_page)
def attachment_add(request: HttpRequest, pk: int) -> None:
    dossier = services.get_dossier(actor=request.user, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    data = cleaned(form)
    upload = data["file"]
    if upload.size > services.dossiers.MAX_ATTACHMENT_BYTES:
        raise InvalidInput("Tệp kèm theo không được quá 10 MB.", fields={"file": "too_large"})
    services.add_attachment(actor=request.user, dossier=dossier, name=upload.name, content=upload.read())


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    services.get_dossier(actor=request.user, pk=pk)
    attachment = get_object_or_404(DossierAttachment, pk=attachment_pk, dossier_id=pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )


# --- council sessions -------------------------------------------------------------------------


@login_required
@named("proposals:council_list")
def council_list(request: HttpRequest) -> HttpResponse:
    sessions = list(selectors.councils_visible_to(request.user).order_by("-held_on", "-id")[:PAGE_SIZE])
    form = CouncilForm(bodies=selectors.body_units(request.user))
    return render(
        request,
        "proposals/council_list.html",
        {"sessions": sessions, "form": form, "may_create": bool(form.fields["authority"].choices)},  # type: ignore[attr-defined]
    )


@page_action(council_list)
def council_create(request: HttpRequest) -> HttpResponse:
    data = cleaned(CouncilForm(request.POST, bodies=selectors.body_units(request.user)))
    members = [line.strip() for line in data["members"].splitlines() if line.strip()]
    session = services.create_council_session(
        actor=request.user,
        authority=_unit(data["authority"], field="authority"),
        year=data["year"],
        title=data["title"],
        held_on=data["held_on"],
        place=data["place"],
        chair=data["chair"],
        secretary=data["secretary"],
        members=[services.MemberSpec(label=m) for m in members],
    )
    return redirect("proposals:council", pk=session.pk)


def _council(request: HttpRequest, pk: int) -> CouncilSession:
    session = CouncilSession.objects.select_related("authority", "vote").filter(pk=pk).first()
    if session is None or not allows(request.user, "proposals.view_council", session):
        raise Http404
    return session


@login_required
@named("proposals:council")
def council_page(request: HttpRequest, pk: int) -> HttpResponse:
    session = _council(request, pk)
    context = {
        "session": session,
        "agenda": list(session.agenda.select_related("dossier__sender").order_by("position")),
        "entries": services.agenda_entries(session),
        "members": list(session.members.all()),
        "manage": allows(request.user, "proposals.manage_council", session),
        "minutes_form": MinutesForm(),
    }
    return render(request, "proposals/council.html", context)


@page_action(council_page)
def council_agenda_add(request: HttpRequest, pk: int) -> None:
    added = services.add_submitted_to_agenda(actor=request.user, session=_council(request, pk))
    messages.success(request, f"Đã đưa {len(added)} hồ sơ vào chương trình họp.")


@never_cache
@page_action(council_page)
def council_vote_open(request: HttpRequest, pk: int) -> HttpResponse:
    session = _council(request, pk)
    credentials = services.open_council_vote(actor=request.user, session=session)
    session.refresh_from_db()
    response = render(
        request, "proposals/council_credentials.html", {"session": session, "credentials": credentials}
    )
    response["Cache-Control"] = "no-store"
    return response


@page_action(council_page)
def council_vote_close(request: HttpRequest, pk: int) -> None:
    services.close_council_vote(actor=request.user, session=_council(request, pk))
    messages.success(request, "Đã kết thúc biểu quyết; kết quả đã ghi vào từng hồ sơ.")


@page_action(council_page)
def council_minutes(request: HttpRequest, pk: int) -> None:
    data = cleaned(MinutesForm(request.POST))
    services.record_minutes(actor=request.user, session=_council(request, pk), minutes=data["minutes"])


# --- decisions --------------------------------------------------------------------------------


@login_required
@named("proposals:decision_list")
def decision_list(request: HttpRequest) -> HttpResponse:
    decisions = list(selectors.decisions_visible_to(request.user).order_by("-id")[:PAGE_SIZE])
    form = _decision_form(request)
    return render(
        request,
        "proposals/decision_list.html",
        {"decisions": decisions, "form": form, "may_create": bool(form.fields["body"].choices)},  # type: ignore[attr-defined]
    )


def _decision_form(request: HttpRequest, data: Any = None) -> DecisionForm:
    dossiers = selectors.decidable_dossiers(request.user)
    if data is not None:  # what was posted, wherever it stood in the list
        dossiers = dossiers.filter(
            pk__in=[v for v in data.getlist("dossiers") if v.isdigit() and len(v) < 10]
        )
    return DecisionForm(data, bodies=selectors.body_units(request.user), dossiers=dossiers[:PAGE_SIZE])


@page_action(decision_list)
def decision_create(request: HttpRequest) -> HttpResponse:
    data = cleaned(_decision_form(request, request.POST))
    dossiers = [services.get_dossier(actor=request.user, pk=pk) for pk in data["dossiers"]]
    decision = services.prepare_decision(
        actor=request.user,
        body=_unit(data["body"], field="body"),
        issuer=data["issuer"],
        year=data["year"],
        subject_line=data["subject_line"],
        symbol=data["symbol"],
        dossiers=dossiers,
        legal_grounds=data["legal_grounds"],
        place=data["place"],
    )
    return redirect("proposals:decision", pk=decision.pk)


def _decision(request: HttpRequest, pk: int) -> AwardDecision:
    decision = AwardDecision.objects.select_related("body", "registry").filter(pk=pk).first()
    if decision is None or not allows(request.user, "proposals.view_decision", decision):
        raise Http404
    return decision


@named("proposals:decision")
def decision_page(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    if decision.state != DecisionState.DRAFT and not allows(
        request.user, "proposals.prepare_decision", decision
    ):
        return redirect("proposals:published", pk=pk)
    context = {
        "decision": decision,
        "entries": list(decision.entries.order_by("position", "id")[:500]),
        "may_issue": allows(request.user, "proposals.issue_decision", decision),
        "issue_form": IssueForm(
            initial={"signer_name": decision.signer_name, "signer_title": decision.signer_title}
        ),
        "revoke_form": RevokeForm(),
    }
    return render(request, "proposals/decision.html", context)


@page_action(decision_page)
def decision_issue(request: HttpRequest, pk: int) -> None:
    data = cleaned(IssueForm(request.POST))
    services.issue_decision(
        actor=request.user,
        decision=_decision(request, pk),
        issued_on=data["issued_on"],
        number=data["number"],
        signer_name=data["signer_name"],
        signer_title=data["signer_title"],
    )
    messages.success(request, "Đã ban hành quyết định; sổ khen thưởng đã được ghi.")


@page_action(decision_page)
def decision_revoke(request: HttpRequest, pk: int) -> None:
    data = cleaned(RevokeForm(request.POST))
    services.revoke_decision(
        actor=request.user,
        decision=_decision(request, pk),
        reason=data["reason"],
        basis=data["basis"],
        on=data["on"],
    )
    messages.success(request, "Đã thu hồi quyết định và các mục khen thưởng của nó.")


# --- the public register ----------------------------------------------------------------------


def published_list(request: HttpRequest) -> HttpResponse:
    """Issued decisions, searchable without diacritics; open to everyone (no personal data)."""
    form = SearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    decisions = list(selectors.published_decisions(q=q)[:PAGE_SIZE])
    return render(request, "proposals/published_list.html", {"form": form, "decisions": decisions, "q": q})


def published_page(request: HttpRequest, pk: int) -> HttpResponse:
    decision = (
        AwardDecision.objects.select_related("body").exclude(state=DecisionState.DRAFT).filter(pk=pk).first()
    )
    if decision is None:
        if AwardDecision.objects.filter(pk=pk).exists() and request.user.is_authenticated:
            return refuse(request, "Quyết định chưa ban hành.")
        raise Http404
    form = SearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    entries = list(selectors.public_entries(decision, q=q)[:1000])
    return render(
        request,
        "proposals/published.html",
        {"decision": decision, "entries": entries, "form": form, "q": q, "total": decision.entries.count()},
    )
