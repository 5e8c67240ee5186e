"""A unit's own year, from its review to its head's decision (issue 18, docs/unit-year.md).

The review itself (who the unit reviews, each one's eligibility with the reasons) is read from
`thidua.awards.review`; what the officer proposes is kept in the proposals app's own dossiers, so
there is no second list: the titles the unit confers (LĐTT, CSTĐCS, Giấy khen) in a unit dossier
addressed to the unit itself (its head decides), the higher forms in a unit dossier addressed to
the authority above it (the ministry of its emulation cluster that year, else its parent body).
The unit's council (Hội đồng Thi đua – Khen thưởng cấp cơ sở) is a council session of the unit —
a secret vote through the voting app, or its minutes only — and the head's decision is prepared
and issued by the decision services, which write the registry in one transaction.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from thidua.awards.eligibility.codes import HIGHER_REVIEW_TARGETS, UNIT_REVIEW_TARGETS, legal_name
from thidua.awards.eligibility.verdict import NOT_ELIGIBLE
from thidua.awards.unit_year import placements
from thidua.core.errors import Conflict, InvalidInput
from thidua.core.rules import require
from thidua.core.years import EMULATION_YEARS, check_year
from thidua.organisations.enums import UnitKind
from thidua.organisations.models import Unit
from thidua.proposals.unit_overview import recorded_decision

from ..enums import DossierKind, DossierState
from ..models import AwardDecision, CouncilSession, Dossier, DossierEntry
from .council import MemberSpec, add_to_agenda, create_council_session, record_conclusions
from .decisions import prepare_decision
from .dossiers import add_dossier_entry, create_dossier, remove_dossier_entry

OWN, HIGHER = "own", "higher"
MAX_MARKS = 1000  # one page of the review is 50 people × a few forms; a safety bound


def higher_authority(unit: Unit, year: int) -> Unit:
    """Where the unit's proposals for higher forms go for `year`: the authority of the emulation
    cluster it belongs to that year (a provincial department of natural resources → the Ministry),
    else its parent body, else the unit itself (a ministry decides its own higher forms)."""
    from thidua.clusters.models import ClusterMembership

    membership = (
        ClusterMembership.objects.filter(unit=unit, year=year)
        .select_related("authority")
        .order_by("id")
        .first()
    )
    if membership is not None:
        return membership.authority
    return unit.parent or unit


def unit_dossiers(unit: Unit, year: int) -> dict[str, Dossier | None]:
    """The unit's two dossiers of the year (the newest of each), one query."""
    found: dict[str, Dossier | None] = {OWN: None, HIGHER: None}
    rows = Dossier.objects.filter(kind=DossierKind.UNIT, sender=unit, year=year).select_related("authority")
    for dossier in rows.order_by("id"):
        found[OWN if dossier.authority_id == unit.pk else HIGHER] = dossier
    return found


def proposed_pairs(dossiers: Iterable[Dossier | None]) -> dict[tuple[int, str], DossierEntry]:
    """(person id, code) → its entry, over the given dossiers: one query."""
    ids = [d.pk for d in dossiers if d is not None]
    rows = DossierEntry.objects.filter(dossier_id__in=ids, person__isnull=False).select_related("dossier")
    return {(e.person_id, e.code): e for e in rows}  # type: ignore[misc]


def _dossier_for(
    *, actor: Any, unit: Unit, year: int, route: str, have: dict[str, Dossier | None]
) -> Dossier:
    dossier = have[route]
    if dossier is not None:
        return dossier
    if route == OWN:
        dossier = create_dossier(
            actor=actor,
            sender=unit,
            authority=unit,
            year=year,
            title=f"Đề nghị công nhận danh hiệu thi đua, khen thưởng năm {year} của {unit.name}",
        )
    else:
        authority = higher_authority(unit, year)
        dossier = create_dossier(
            actor=actor,
            sender=unit,
            authority=authority,
            year=year,
            title=f"Tờ trình đề nghị khen thưởng năm {year} của {unit.name}",
        )
    have[route] = dossier
    return dossier


@dataclass(frozen=True)
class MarkResult:
    added: int
    removed: int


def _route(code: str) -> str:
    if code in UNIT_REVIEW_TARGETS:
        return OWN
    if code in HIGHER_REVIEW_TARGETS:
        return HIGHER
    raise InvalidInput(
        f"«{legal_name(code)}» không có trong danh sách bình xét của đơn vị.", fields={"code": "invalid"}
    )


@transaction.atomic
def mark_proposals(
    *,
    actor: Any,
    unit: Unit,
    year: int,
    proposed: Iterable[tuple[int, str]],
    shown: Iterable[tuple[int, str]],
) -> MarkResult:
    """Record who the officer proposes, from the review: of the (person id, code) pairs `shown` on
    the page, those in `proposed` are added to the unit's dossier of that route, the others taken
    off. A person is proposed only by the unit the placement rule names for the year; a proposal
    the engine answers `not_eligible` is refused with its reasons; on any refusal nothing changes."""
    require(actor, "proposals.prepare_dossier", {"sender": unit, "cluster": None, "year": year})
    check_year(year, years=EMULATION_YEARS)
    proposed_set, shown_set = set(proposed), set(shown) | set(proposed)
    if len(shown_set) > MAX_MARKS:
        raise InvalidInput(f"Mỗi lần lưu tối đa {MAX_MARKS} đề nghị.", fields={"proposed": "too_many"})
    routes = {code: _route(code) for _, code in shown_set}
    people = {
        p.person.pk: p for p in placements(unit, year, person_ids=sorted({pid for pid, _ in shown_set}))
    }
    for pid, _ in sorted(proposed_set):
        placement = people.get(pid)
        if placement is None:
            raise InvalidInput(
                "Có người không công tác tại đơn vị trong năm.", fields={"proposed": "outside"}
            )
        if not placement.placed_here:
            raise InvalidInput(
                f"{placement.person.full_name} do {placement.placed_unit_name} bình xét năm {year} "
                "(đơn vị công tác cuối năm): đơn vị không đề nghị được.",
                fields={"proposed": "placed_elsewhere"},
            )
    have = unit_dossiers(unit, year)
    if have[OWN] is None and any(routes[code] == OWN for _, code in proposed_set):
        recorded = recorded_decision(unit, year)
        if recorded is not None:
            raise Conflict(
                f"Năm {year} đã có Quyết định số {recorded.number} ngày {recorded.date:%d/%m/%Y}, ghi trong "
                "sổ khen thưởng: các danh hiệu do Thủ trưởng đơn vị quyết định không bình xét lại.",
                fields={"proposed": "decided"},
            )
    existing = proposed_pairs(have.values())
    added = removed = 0
    refused = []
    for pid, code in sorted(shown_set):
        entry = existing.get((pid, code))
        if (pid, code) in proposed_set and entry is None:
            dossier = _dossier_for(actor=actor, unit=unit, year=year, route=routes[code], have=have)
            entry = add_dossier_entry(actor=actor, dossier=dossier, subject=people[pid].person, code=code)
            added += 1
            if entry.verdict == NOT_ELIGIBLE:
                details = "; ".join(str(r["detail"]) for r in entry.reasons) or "không rõ lý do"
                refused.append(
                    f"{people[pid].person.full_name} – {legal_name(code)}: chưa đủ điều kiện ({details})."
                )
        elif (pid, code) not in proposed_set and entry is not None:
            remove_dossier_entry(actor=actor, entry=entry)
            removed += 1
    if refused:
        raise InvalidInput("Chưa lưu được đề nghị: " + " ".join(refused), fields={"proposed": "not_eligible"})
    return MarkResult(added, removed)


@transaction.atomic
def hold_unit_council(
    *,
    actor: Any,
    dossier: Dossier,
    held_on: datetime.date,
    chair: str,
    secretary: str,
    members: Sequence[str],
    minutes: str = "",
    vote: bool = False,
    place: str = "",
) -> CouncilSession:
    """The unit's council on its head's dossier (submitted): a council session of the unit with the
    dossier on its agenda; with `vote` the session waits for its secret ballot (opened from the
    council page, the voting app), otherwise the council's conclusions are recorded from its minutes
    and every entry is recommended."""
    dossier = Dossier.objects.select_related("sender").get(pk=dossier.pk)  # its state now
    if dossier.kind != DossierKind.UNIT or dossier.authority_id != dossier.sender_id:
        raise InvalidInput(
            "Hội đồng cấp cơ sở xét hồ sơ trình Thủ trưởng đơn vị.", fields={"dossier": "kind"}
        )
    if dossier.state != DossierState.SUBMITTED:
        raise Conflict(
            f"Hồ sơ đang ở bước «{DossierState(dossier.state).label}»: cần gửi Thủ trưởng trước khi họp Hội đồng.",
            fields={"state": "not_submitted"},
        )
    unit = dossier.sender
    session = create_council_session(
        actor=actor,
        authority=unit,
        year=dossier.year,
        title=f"Phiên họp Hội đồng Thi đua – Khen thưởng {unit.name} xét khen thưởng năm {dossier.year}",
        held_on=held_on,
        chair=chair,
        secretary=secretary,
        members=[MemberSpec(label=m) for m in members if m.strip()],
        place=place,
    )
    add_to_agenda(actor=actor, session=session, dossier=dossier)
    if not vote:
        session = record_conclusions(actor=actor, session=session, minutes=minutes)
    return session


def issuer_of(unit: Unit) -> str:
    """Who signs the unit's decisions: "Giám đốc Sở …" for a provincial department, else the head."""
    if unit.kind == UnitKind.PROVINCIAL_DEPARTMENT and unit.name.startswith("Sở "):
        return f"Giám đốc {unit.name}"
    if unit.kind == UnitKind.MINISTRY:
        return f"Bộ trưởng {unit.name}"
    return f"Thủ trưởng {unit.name}"


def symbol_of(unit: Unit) -> str:
    """The decision's symbol by the usual abbreviation of the body (Decree 30, Appendix III):
    "Sở Tài nguyên và Môi trường tỉnh Hải Dương" → "QĐ-STNMT" (the place is left out)."""
    words = unit.name.split()
    for cut in ("tỉnh", "thành"):
        if cut in words:
            words = words[: words.index(cut)]
    letters = "".join(w[0] for w in words if w not in ("và", "–", "-")).upper()
    # first letters without their tone marks (Đ is a letter of its own and stays)
    plain = "".join(c for c in unicodedata.normalize("NFD", letters) if not unicodedata.combining(c))
    return "QĐ-" + plain[:26]


def default_grounds(unit: Unit, year: int) -> str:
    law = (
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
        if year >= 2023
        else "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số "
        "điều của Luật Thi đua, Khen thưởng ngày 16 tháng 11 năm 2013;"
    )
    decree = (
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi "
        "hành một số điều của Luật Thi đua, khen thưởng;"
        if year >= 2023
        else "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết "
        "thi hành một số điều của Luật Thi đua, Khen thưởng;"
    )
    return "\n".join(
        [
            law,
            decree,
            f"Xét đề nghị của Hội đồng Thi đua – Khen thưởng {unit.name}.",
        ]
    )


def subject_line_for(codes: Iterable[str], year: int) -> str:
    chosen = set(codes)
    titles = [legal_name(c) for c in UNIT_REVIEW_TARGETS if c in chosen and c != "GIAY_KHEN"]
    parts = []
    if titles:
        parts.append(f"công nhận danh hiệu {', '.join(titles)}")
    if "GIAY_KHEN" in chosen:
        parts.append("tặng Giấy khen")
    return f"Về việc {' và '.join(parts) or 'khen thưởng'} năm {year}"


@transaction.atomic
def prepare_unit_decision(
    *,
    actor: Any,
    dossier: Dossier,
    issuer: str = "",
    symbol: str = "",
    signer_name: str = "",
    signer_title: str = "",
    legal_grounds: str = "",
    place: str = "",
) -> AwardDecision:
    """The head's decision for the titles the unit confers, drafted from its reviewed (or submitted,
    when no council was recorded) dossier: `prepare_decision`, with the unit's wording as defaults.
    It is then issued (number, date, signer) by `issue_decision`, which writes the registry."""
    unit = dossier.sender
    if dossier.kind != DossierKind.UNIT or dossier.authority_id != unit.pk:
        raise InvalidInput(
            "Chỉ lập quyết định của đơn vị từ hồ sơ trình Thủ trưởng.", fields={"dossier": "kind"}
        )
    entries = list(DossierEntry.objects.filter(dossier=dossier).select_related("person", "unit"))
    # the decision's list follows the dossier's order: by title (LĐTT, CSTĐCS, Giấy khen), each in
    # Vietnamese name order, whatever the order the officer ticked them in over the review's pages
    rank = {code: i for i, code in enumerate(UNIT_REVIEW_TARGETS)}
    entries.sort(key=lambda e: (rank.get(e.code, 99), e.subject.sort_key, e.pk))
    for position, entry in enumerate(entries, start=1):
        entry.position = position
    DossierEntry.objects.bulk_update(entries, ["position"])
    codes = {e.code for e in entries}
    return prepare_decision(
        actor=actor,
        body=unit,
        issuer=issuer or issuer_of(unit),
        year=dossier.year,
        subject_line=subject_line_for(codes, dossier.year),
        symbol=symbol or symbol_of(unit),
        dossiers=[dossier],
        signer_name=signer_name,
        signer_title=signer_title or " ".join((issuer or issuer_of(unit)).split()[:2]).upper(),
        legal_grounds=legal_grounds or default_grounds(unit, dossier.year),
        place=place,
    )
