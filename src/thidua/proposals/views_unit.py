"""Pages of a unit's own year on the proposal side (issue 18): the working review — the awards
app's review list with the proposals ticked on it, the unit's two dossiers, the quota, the unit's
council and the head's decision — and a ministry's overview of all its units' reviews.
Thin: every write is one URL and one service (`page_action`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from thidua.awards.eligibility.codes import HIGHER_REVIEW_TARGETS, NAME_VI, UNIT_REVIEW_TARGETS
from thidua.awards.review import cstdcs_quota
from thidua.awards.views_unit import review_context, unit_for_year
from thidua.core import clock
from thidua.core.errors import InvalidInput
from thidua.core.pages import cleaned, named, page_action
from thidua.core.rules import allows
from thidua.core.years import EMULATION_YEARS, check_year

from . import services, unit_overview
from .enums import DecisionState, DossierState
from .forms import UnitCouncilForm, UnitDecisionForm
from .models import AwardDecision, DossierEntry
from .services import unit_review

BLOCKING = ("not_eligible", "no_data")


@dataclass(frozen=True)
class Mark:
    value: str  # "person id:code", what the form posts
    label: str
    checked: bool
    disabled: bool
    entry: DossierEntry | None


def _marks(row: Any, proposed: dict[tuple[int, str], DossierEntry], editable: dict[str, bool]) -> list[Mark]:
    # the higher forms the review shows (met or nearly), a Bằng khen of the ministry whenever it is
    # not ruled out (its rule is often the ministry's own, not loaded: needs_rule, decided by a
    # person), and whatever is already proposed
    higher = {o.code for o in row.higher_outcomes} | {
        code for (pid, code) in proposed if pid == row.person.pk and code in HIGHER_REVIEW_TARGETS
    }
    if row.outcome("BK_BO").verdict not in BLOCKING:
        higher.add("BK_BO")
    shown = list(row.unit_outcomes) + [row.outcome(c) for c in HIGHER_REVIEW_TARGETS if c in higher]
    out = []
    for o in shown:
        entry = proposed.get((row.person.pk, o.code))
        route = unit_review.OWN if o.code in UNIT_REVIEW_TARGETS else unit_review.HIGHER
        out.append(
            Mark(
                value=f"{row.person.pk}:{o.code}",
                label=NAME_VI[o.code],
                checked=entry is not None,
                disabled=not editable[route] or (entry is None and o.verdict in BLOCKING),
                entry=entry,
            )
        )
    return out


def _counts(proposed: dict[tuple[int, str], DossierEntry]) -> dict[str, int]:
    counts = dict.fromkeys(UNIT_REVIEW_TARGETS + HIGHER_REVIEW_TARGETS, 0)
    for (_, code), entry in proposed.items():
        if entry.decision != "reject":
            counts[code] = counts.get(code, 0) + 1
    return counts


@login_required
@named("proposals:unit_review")
def unit_review_page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    unit = unit_for_year(request, code, year)
    context = review_context(request, unit, year)
    dossiers = unit_review.unit_dossiers(unit, year)
    own, higher = dossiers[unit_review.OWN], dossiers[unit_review.HIGHER]
    proposed = unit_review.proposed_pairs(dossiers.values())
    may_prepare = allows(
        request.user, "proposals.prepare_dossier", {"sender": unit, "cluster": None, "year": year}
    )
    # a year decided before thidua (its decision only in the registry) is not reviewed again here
    recorded = unit_overview.recorded_decision(unit, year) if own is None else None
    editable = {
        unit_review.OWN: may_prepare and recorded is None and (own is None or own.is_editable),
        unit_review.HIGHER: may_prepare and (higher is None or higher.is_editable),
    }
    for row in context["page"]:
        row.marks = _marks(row, proposed, editable)
    counts = _counts({k: v for k, v in proposed.items() if v.dossier_id == getattr(own, "pk", None)})
    decisions = list(AwardDecision.objects.filter(dossiers=own).order_by("id")) if own else []
    decisions = [d for d in decisions if allows(request.user, "proposals.view_decision", d)]
    limit = cstdcs_quota(ldtt=counts["LDTT"], year=year)
    context.update(
        {
            "own": own,
            "recorded": recorded,
            "higher": higher,
            "own_open": own is not None and allows(request.user, "proposals.view_dossier", own),
            "higher_open": higher is not None and allows(request.user, "proposals.view_dossier", higher),
            "higher_authority": higher.authority if higher else unit_review.higher_authority(unit, year),
            "counts": counts,
            "higher_count": sum(1 for e in proposed.values() if higher and e.dossier_id == higher.pk),
            "quota_limit": limit,
            "quota_over": limit is not None and counts["CSTDCS"] > limit,
            "may_prepare": may_prepare,
            "editable": editable[unit_review.OWN] or editable[unit_review.HIGHER],
            "needs_decision": sum(
                1
                for e in proposed.values()
                if e.verdict not in ("eligible", "not_eligible") and not e.decision
            ),
            "may_council": own is not None
            and own.state == DossierState.SUBMITTED
            and allows(request.user, "proposals.manage_council", unit),
            "decisions": decisions,
            "may_decide": own is not None
            and own.state in (DossierState.SUBMITTED, DossierState.REVIEWED)
            and not any(d.state != DecisionState.REVOKED for d in decisions)
            and allows(request.user, "proposals.prepare_decision", unit),
            "council_form": UnitCouncilForm(
                prefix="council",
                initial={
                    "minutes": f"Hội đồng Thi đua – Khen thưởng thống nhất đề nghị Thủ trưởng {unit.name} "
                    f"quyết định khen thưởng năm {year} theo danh sách kèm theo."
                },
            ),
            "decision_form": UnitDecisionForm(
                prefix="decision",
                initial={"issuer": unit_review.issuer_of(unit), "symbol": unit_review.symbol_of(unit)},
            ),
        }
    )
    return render(request, "proposals/unit_review.html", context)


def _pairs(values: list[str]) -> list[tuple[int, str]]:
    out = []
    for value in values:
        person, _, code = value.partition(":")
        if not person.isdigit() or not code:
            raise InvalidInput("Dữ liệu đề nghị không hợp lệ.", fields={"proposed": "invalid"})
        out.append((int(person), code))
    return out


@page_action(unit_review_page)
def review_mark(request: HttpRequest, code: str, year: int) -> HttpResponse:
    unit = unit_for_year(request, code, year)
    result = unit_review.mark_proposals(
        actor=request.user,
        unit=unit,
        year=year,
        proposed=_pairs(request.POST.getlist("proposed")),
        shown=_pairs(request.POST.getlist("shown")),
    )
    messages.success(request, f"Đã lưu đề nghị: thêm {result.added}, bỏ {result.removed}.")
    # back to the same filtered page of the list
    back = QueryDict(request.POST.get("back", ""))
    keep = urlencode({k: back[k][:100] for k in ("q", "target", "verdict", "page") if back.get(k)})
    url = reverse("proposals:unit_review", kwargs={"code": unit.code, "year": year})
    return redirect(f"{url}?{keep}" if keep else url)


@page_action(unit_review_page)
def review_submit(request: HttpRequest, code: str, year: int) -> None:
    unit = unit_for_year(request, code, year)
    route = request.POST.get("route", "")
    if route not in (unit_review.OWN, unit_review.HIGHER):
        raise InvalidInput("Chọn hồ sơ cần gửi.", fields={"route": "invalid"})
    dossier = unit_review.unit_dossiers(unit, year)[route]
    if dossier is None:
        raise InvalidInput("Chưa có ai được đề nghị trong hồ sơ này.", fields={"route": "empty"})
    services.submit_dossier(actor=request.user, dossier=dossier)
    messages.success(request, f"Đã gửi hồ sơ «{dossier.title}» đến {dossier.authority.name}.")


@page_action(unit_review_page)
def review_council(request: HttpRequest, code: str, year: int) -> HttpResponse | None:
    unit = unit_for_year(request, code, year)
    data = cleaned(UnitCouncilForm(request.POST, prefix="council"))
    own = unit_review.unit_dossiers(unit, year)[unit_review.OWN]
    if own is None:
        raise InvalidInput("Đơn vị chưa có hồ sơ trình Thủ trưởng.", fields={"dossier": "missing"})
    session = unit_review.hold_unit_council(
        actor=request.user,
        dossier=own,
        held_on=data["held_on"],
        chair=data["chair"],
        secretary=data["secretary"],
        members=data["members"].splitlines(),
        minutes=data["minutes"],
        vote=data["vote"],
        place=data["place"],
    )
    if data["vote"]:
        messages.success(request, "Đã lập phiên họp; mở biểu quyết kín tại trang phiên họp.")
        return redirect("proposals:council", pk=session.pk)
    messages.success(request, "Đã ghi biên bản họp Hội đồng; hồ sơ chờ Thủ trưởng quyết định.")
    return None


@page_action(unit_review_page)
def review_decision(request: HttpRequest, code: str, year: int) -> HttpResponse:
    unit = unit_for_year(request, code, year)
    data = cleaned(UnitDecisionForm(request.POST, prefix="decision"))
    own = unit_review.unit_dossiers(unit, year)[unit_review.OWN]
    if own is None:
        raise InvalidInput("Đơn vị chưa có hồ sơ trình Thủ trưởng.", fields={"dossier": "missing"})
    decision = unit_review.prepare_unit_decision(
        actor=request.user,
        dossier=own,
        issuer=data["issuer"],
        symbol=data["symbol"],
        signer_name=data["signer_name"],
        signer_title=data["signer_title"],
        place=data["place"],
    )
    messages.success(request, "Đã lập dự thảo quyết định; Thủ trưởng ban hành tại trang quyết định.")
    return redirect("proposals:decision", pk=decision.pk)


@login_required
def reviews_latest(request: HttpRequest) -> HttpResponse:
    """The overview of the latest year the user's units reviewed (a unit dossier), else the year
    under review now: the main menu's link."""
    from .dashboard import review_year
    from .selectors import dossiers_visible_to

    latest = (
        dossiers_visible_to(request.user).filter(kind="unit").order_by("-year").values_list("year", flat=True)
    )
    year = latest.first() or review_year(clock.today())
    return redirect("proposals:unit_overview", year=year)


@login_required
def reviews_overview(request: HttpRequest, year: int) -> HttpResponse:
    """Every unit the officer reaches, with the state of its review for the year: one page."""
    try:
        check_year(year, years=EMULATION_YEARS)
    except InvalidInput:
        raise Http404 from None
    if not unit_overview.reviewable(year):
        raise Http404
    rows = unit_overview.overview(request.user, year)
    context = {
        "year": year,
        "rows": rows,
        "previous": year - 1 if unit_overview.reviewable(year - 1) else None,
        "next": year + 1 if year + 1 in EMULATION_YEARS else None,
    }
    return render(request, "proposals/unit_overview.html", context)
