"""Pages of the voting app: thin, every write through a service.

The voting page and its receipt never pass through a redirect, a message or the session: the receipt
is rendered in the very response to the POST (with `Cache-Control: no-store`), so no URL, access log
line or session row carries it next to who was logged in.
"""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from thidua.core.errors import DomainError, InvalidInput
from thidua.core.rules import allows, require

from . import selectors, services
from .enums import SessionState
from .forms import SelectionForm
from .models import VotingSession
from .rules import board_is_public


def _session(pk: int) -> VotingSession:
    return get_object_or_404(VotingSession.objects.select_related("cluster", "authority", "parent"), pk=pk)


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "voting/session_list.html", {"sessions": selectors.sessions_visible_to(request.user)}
    )


@login_required
def session_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "voting.create_session")
    form = SelectionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        units = selectors.selection_candidates(cluster=data["cluster"], year=data["year"])
        try:
            session = services.create_session(
                actor=request.user,
                kind="cluster_selection",
                title=data["title"],
                year=data["year"],
                authority=data["cluster"].authority,
                cluster=data["cluster"],
                seats=data["seats"],
                candidates=[services.CandidateSpec(label=u.name, unit=u) for u in units],
                voters=[services.VoterSpec(label=line) for line in data["voters"]],
                disclosure=data["disclosure"],
                threshold_share=data["threshold_share"] or None,
                threshold_base=data["threshold_base"],
                threshold_strict=data["threshold_strict"],
                held_on=data["held_on"],
                place=data["place"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã tạo phiên bỏ phiếu.")
            return redirect("voting:session_detail", session.pk)
    return render(request, "voting/session_create.html", {"form": form})


def _result_context(request: HttpRequest, session: VotingSession) -> dict[str, Any]:
    if session.state != SessionState.CLOSED:
        return {}
    result = selectors.session_result(session)
    full = allows(request.user, "voting.manage_session", session)
    return {
        "result": result,
        "lines": selectors.result_lines(session, result, full=full),
        "electronic": selectors.electronic_result(session) if session.paper_ballots else None,
        "full": full,
    }


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    require(request.user, "voting.view_session", session)
    manage = allows(request.user, "voting.manage_session", session)
    context = {
        "session": session,
        "manage": manage,
        "turnout": selectors.turnout(session),
        "candidates": list(session.candidates.all()),
        "voters": list(session.voters.all()) if manage else [],
        "rounds": list(session.rounds.all()),
        **_result_context(request, session),
    }
    return render(request, "voting/session_detail.html", context)


def _act(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    session = _session(pk)
    try:
        outcome = action(session)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
        if isinstance(outcome, VotingSession) and outcome.pk != session.pk:
            return redirect("voting:session_detail", outcome.pk)
    return redirect("voting:session_detail", session.pk)


@login_required
@require_POST
def session_open(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, lambda s: services.open_session(actor=request.user, session=s), "Đã mở phiên bỏ phiếu."
    )


@login_required
@require_POST
def session_close(request: HttpRequest, pk: int) -> HttpResponse:
    raw = request.POST.get("present", "").strip()
    present = int(raw) if raw.isdigit() and len(raw) < 7 else None
    if raw and present is None:
        messages.error(request, "Số người có mặt phải là số nguyên.")
        return redirect("voting:session_detail", pk)
    return _act(
        request,
        pk,
        lambda s: services.close_session(actor=request.user, session=s, present=present),
        "Đã kết thúc phiên bỏ phiếu.",
    )


@login_required
@require_POST
def session_runoff(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda s: services.start_runoff(actor=request.user, session=s),
        "Đã tạo vòng bỏ phiếu lại.",
    )


@login_required
@require_POST
@never_cache
def issue_credentials(request: HttpRequest, pk: int) -> HttpResponse:
    """The slips to print and hand out, shown once (only hashes are stored)."""
    session = _session(pk)
    try:
        issued = services.issue_credentials(actor=request.user, session=session)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("voting:session_detail", pk)
    vote_url = _vote_url(request, session)
    return render(
        request, "voting/credentials.html", {"session": session, "issued": issued, "vote_url": vote_url}
    )


@login_required
@require_POST
def paper_ballots(request: HttpRequest, pk: int) -> HttpResponse:
    def number(name: str) -> int:
        raw = request.POST.get(name, "0").strip() or "0"
        if not raw.isdigit() or len(raw) > 6:
            raise InvalidInput(f"Số phiếu «{name}» phải là số nguyên không âm.", fields={name: "invalid"})
        return int(raw)

    def act(s: VotingSession) -> VotingSession:
        voters = list(s.voters.filter(pk__in=[v for v in request.POST.getlist("voters") if v.isdigit()]))
        votes = {c.key: number(f"votes_{c.key}") for c in s.candidates.all()}
        return services.record_paper_ballots(
            actor=request.user,
            session=s,
            voters=voters,
            ballots=number("ballots"),
            invalid=number("invalid"),
            blank=number("blank"),
            votes=votes,
        )

    return _act(request, pk, act, "Đã ghi số phiếu giấy do Ban kiểm phiếu đếm.")


def _vote_url(request: HttpRequest, session: VotingSession) -> str:
    base = getattr(settings, "SITE_URL", "") or request.build_absolute_uri("/")
    return base.rstrip("/") + reverse("voting:vote", args=[session.short_code])


@login_required
def projector(request: HttpRequest, pk: int) -> HttpResponse:
    """In-room mode: QR code and short code on the screen, live turnout (never live results)."""
    session = _session(pk)
    require(request.user, "voting.manage_session", session)
    url = _vote_url(request, session)
    qr = segno.make(url, error="m").svg_inline(scale=8, title=f"Mã QR của phiên {session.short_code}")
    return render(
        request,
        "voting/projector.html",
        {"session": session, "qr": qr, "vote_url": url, "turnout": selectors.turnout(session)},
    )


@login_required
def turnout(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    require(request.user, "voting.view_session", session)
    return render(
        request, "voting/_turnout.html", {"session": session, "turnout": selectors.turnout(session)}
    )


def vote_entry(request: HttpRequest) -> HttpResponse:
    code = services.normalise_code(request.GET.get("ma", ""))[:8]
    if code:
        return redirect("voting:vote", code)
    return render(request, "voting/vote_entry.html")


@never_cache
def vote(request: HttpRequest, code: str) -> HttpResponse:
    """The voter's phone: credential and choices; the receipt comes back in this response only."""
    try:
        session = services.session_by_code(code)
    except DomainError as exc:
        return render(request, "voting/vote_entry.html", {"error": exc.message}, status=404)
    context: dict[str, Any] = {"session": session, "candidates": list(session.candidates.all())}
    if request.method == "POST":
        try:
            receipt = services.cast_ballot(
                session=session,
                credential=request.POST.get("credential", "")[:40],
                choices=request.POST.getlist("choices")[:500],
            )
        except DomainError as exc:
            context["error"] = exc.message
            return render(request, "voting/vote.html", context, status=exc.http_status)
        response = render(request, "voting/receipt.html", {"session": session, "receipt": receipt})
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "voting/vote.html", context)


def board(request: HttpRequest, pk: int) -> HttpResponse:
    """The bulletin board: every receipt; with its ballot when the disclosure setting allows."""
    session = _session(pk)
    if session.state != SessionState.CLOSED:
        return render(request, "voting/board.html", {"session": session, "closed": False}, status=200)
    show = board_is_public(session) or (
        request.user.is_authenticated and allows(request.user, "voting.view_ballots", session)
    )
    ballots = selectors.bulletin_board(session)
    labels = {c.key: c.label for c in session.candidates.all()}
    rows = [(b.receipt, b.invalid, [labels.get(k, k) for k in b.choices]) for b in ballots]
    context: dict[str, Any] = {"session": session, "closed": True, "rows": rows, "show": show}
    if show:
        context["recount"] = selectors.result_lines(
            session, selectors.session_result(session, ballots=ballots), full=True
        )
        context["paper"] = session.paper_ballots
    return render(request, "voting/board.html", context)
