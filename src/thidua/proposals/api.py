"""API of the proposal chain; thin, every write one service. Issued decisions are public."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from thidua.core.errors import InvalidInput, NotFound
from thidua.core.pagination import BoundedLimitOffsetPagination
from thidua.core.rules import allows
from thidua.core.schema import EmulationYearValue
from thidua.organisations.models import Person, Unit

from . import selectors, services
from .enums import DecisionState
from .models import AwardDecision, CouncilSession, DossierEntry

router = Router(tags=["Đề nghị khen thưởng"])

Id = Annotated[int, Field(ge=1, le=2_147_483_647)]
Short = Annotated[str, Field(max_length=300)]
Long = Annotated[str, Field(max_length=5000)]
PAGE = 200


class ProposalEntryOut(Schema):
    id: int
    subject: str
    person_id: int | None
    unit_id: int | None
    code: str
    verdict: str
    reasons: list[str]
    decision: str
    decision_reason: str
    recommended: bool | None


class ProposalEventOut(Schema):
    at: datetime.datetime
    from_state: str
    to_state: str
    actor: str
    reason: str


class ProposalDossierOut(Schema):
    id: int
    kind: str
    title: str
    year: int
    state: str
    sender: str
    authority: str
    submitted_on: datetime.date | None
    return_reason: str


class ProposalDossierDetailOut(ProposalDossierOut):
    entries: list[ProposalEntryOut]
    history: list[ProposalEventOut]


class ProposalDossierIn(Schema):
    sender_id: Id
    authority_id: Id
    cluster_id: Id | None = None
    year: EmulationYearValue
    title: Short


class ProposalEntryIn(Schema):
    person_id: Id | None = None
    unit_id: Id | None = None
    code: Annotated[str, Field(max_length=20)]
    note: Annotated[str, Field(max_length=1000)] = ""


class ProposalEntryDecisionIn(Schema):
    decision: Annotated[str, Field(max_length=10)]
    reason: Annotated[str, Field(max_length=2000)]


class ProposalReasonIn(Schema):
    reason: Annotated[str, Field(max_length=2000)]


class ProposalCouncilOut(Schema):
    id: int
    title: str
    authority: str
    year: int
    held_on: datetime.date
    state: str
    dossiers: list[int]
    vote_id: int | None
    minutes: str


class ProposalCredentialOut(Schema):
    member: str
    credential: str


class ProposalMinutesIn(Schema):
    minutes: Annotated[str, Field(max_length=20000)]


class ProposalDecisionIn(Schema):
    body_id: Id
    issuer: Annotated[str, Field(max_length=255)]
    year: EmulationYearValue
    subject_line: Short
    symbol: Annotated[str, Field(max_length=30)]
    dossier_ids: Annotated[list[Id], Field(max_length=200)]
    legal_grounds: Long = ""
    place: Annotated[str, Field(max_length=100)] = ""


class ProposalIssueIn(Schema):
    issued_on: datetime.date
    signer_name: Annotated[str, Field(max_length=200)]
    signer_title: Annotated[str, Field(max_length=200)]
    number: Annotated[int, Field(ge=1, le=999_999)] | None = None


class ProposalRevokeIn(Schema):
    reason: Annotated[str, Field(max_length=2000)]
    basis: Annotated[str, Field(max_length=255)]
    on: datetime.date | None = None


class PublicDecisionLineOut(Schema):
    position: int
    name: str
    unit: str
    code: str
    year: int


class PublicDecisionOut(Schema):
    id: int
    number: str
    issued_on: datetime.date | None
    issuer: str
    subject_line: str
    state: str
    entries: int


class PublicDecisionDetailOut(PublicDecisionOut):
    signer_name: str
    revoked_on: datetime.date | None
    lines: list[PublicDecisionLineOut]


def _entry_out(e: DossierEntry) -> dict[str, Any]:
    return {
        "id": e.pk,
        "subject": e.subject_name,
        "person_id": e.person_id,
        "unit_id": e.unit_id,
        "code": e.code,
        "verdict": e.verdict,
        "reasons": [str(r.get("detail", "")) for r in e.reasons],
        "decision": e.decision,
        "decision_reason": e.decision_reason,
        "recommended": e.recommended,
    }


def _dossier_out(d: Any, *, detail: bool = False) -> dict[str, Any]:
    out = {
        "id": d.pk,
        "kind": d.kind,
        "title": d.title,
        "year": d.year,
        "state": d.state,
        "sender": d.sender.name,
        "authority": d.authority.name,
        "submitted_on": d.submitted_on,
        "return_reason": d.return_reason,
    }
    if detail:
        out["entries"] = [_entry_out(e) for e in d.entries.select_related("person", "unit")]
        out["history"] = [
            {
                "at": e.at,
                "from_state": e.from_state,
                "to_state": e.to_state,
                "actor": e.actor_label,
                "reason": e.reason,
            }
            for e in selectors.history(d)
        ]
    return out


def _unit(pk: int | None, field: str) -> Unit:
    unit = Unit.objects.filter(pk=pk).first() if pk else None
    if unit is None:
        raise InvalidInput("Không tìm thấy đơn vị.", fields={field: "unknown"})
    return unit


def _dossier(request: HttpRequest, pk: int) -> Any:
    return services.get_dossier(actor=request.user, pk=pk)


@router.get("/proposals/dossiers", response=list[ProposalDossierOut], summary="Hồ sơ đề nghị bạn được xem")
def dossier_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_dossier_out(d) for d in selectors.dossiers_visible_to(request.user)[:PAGE]]


@router.post("/proposals/dossiers", response={201: ProposalDossierDetailOut}, summary="Lập hồ sơ đề nghị")
def dossier_create(request: HttpRequest, payload: ProposalDossierIn) -> tuple[int, dict[str, Any]]:
    cluster = None
    if payload.cluster_id:
        from thidua.clusters.models import Cluster

        cluster = Cluster.objects.filter(pk=payload.cluster_id).first()
        if cluster is None:
            raise InvalidInput("Không tìm thấy cụm, khối thi đua.", fields={"cluster_id": "unknown"})
    dossier = services.create_dossier(
        actor=request.user,
        sender=_unit(payload.sender_id, "sender_id"),
        authority=_unit(payload.authority_id, "authority_id"),
        cluster=cluster,
        year=payload.year,
        title=payload.title,
    )
    return 201, _dossier_out(dossier, detail=True)


@router.get("/proposals/dossiers/{pk}", response=ProposalDossierDetailOut, summary="Một hồ sơ đề nghị")
def dossier_detail(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return _dossier_out(_dossier(request, pk), detail=True)


@router.post(
    "/proposals/dossiers/{pk}/entries", response={201: ProposalEntryOut}, summary="Thêm đối tượng đề nghị"
)
def entry_add(request: HttpRequest, pk: Id, payload: ProposalEntryIn) -> tuple[int, dict[str, Any]]:
    dossier = _dossier(request, pk)
    subject: Person | Unit | None = None
    if payload.person_id:
        subject = Person.objects.filter(pk=payload.person_id).first()
    elif payload.unit_id:
        subject = Unit.objects.filter(pk=payload.unit_id).first()
    if subject is None:
        raise InvalidInput("Cần person_id hoặc unit_id có trong sổ.", fields={"person_id": "required"})
    entry = services.add_dossier_entry(
        actor=request.user, dossier=dossier, subject=subject, code=payload.code, note=payload.note
    )
    return 201, _entry_out(entry)


def _entry(request: HttpRequest, pk: int, entry_pk: int) -> DossierEntry:
    _dossier(request, pk)
    entry = (
        DossierEntry.objects.select_related("dossier", "person", "unit")
        .filter(pk=entry_pk, dossier_id=pk)
        .first()
    )
    if entry is None:
        raise NotFound("Không tìm thấy đối tượng trong hồ sơ.")
    return entry


@router.post(
    "/proposals/dossiers/{pk}/entries/{entry_pk}/remove", response={204: None}, summary="Bỏ đối tượng"
)
def entry_remove(request: HttpRequest, pk: Id, entry_pk: Id) -> tuple[int, None]:
    services.remove_dossier_entry(actor=request.user, entry=_entry(request, pk, entry_pk))
    return 204, None


@router.post(
    "/proposals/dossiers/{pk}/entries/{entry_pk}/decision",
    response=ProposalEntryOut,
    summary="Ghi quyết định có lý do cho đối tượng cần quyết định",
)
def entry_decide(
    request: HttpRequest, pk: Id, entry_pk: Id, payload: ProposalEntryDecisionIn
) -> dict[str, Any]:
    entry = services.record_entry_decision(
        actor=request.user,
        entry=_entry(request, pk, entry_pk),
        decision=payload.decision,
        reason=payload.reason,
    )
    return _entry_out(entry)


@router.post(
    "/proposals/dossiers/{pk}/submit", response=ProposalDossierDetailOut, summary="Gửi (hoặc gửi lại) hồ sơ"
)
def dossier_submit(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return _dossier_out(
        services.submit_dossier(actor=request.user, dossier=_dossier(request, pk)), detail=True
    )


@router.post(
    "/proposals/dossiers/{pk}/return", response=ProposalDossierDetailOut, summary="Trả lại hồ sơ kèm lý do"
)
def dossier_return(request: HttpRequest, pk: Id, payload: ProposalReasonIn) -> dict[str, Any]:
    dossier = services.return_dossier(
        actor=request.user, dossier=_dossier(request, pk), reason=payload.reason
    )
    return _dossier_out(dossier, detail=True)


def _council(request: HttpRequest, pk: int) -> CouncilSession:
    session = CouncilSession.objects.select_related("authority").filter(pk=pk).first()
    if session is None or not allows(request.user, "proposals.view_council", session):
        raise NotFound("Không tìm thấy phiên họp.")
    return session


def _council_out(s: CouncilSession) -> dict[str, Any]:
    return {
        "id": s.pk,
        "title": s.title,
        "authority": s.authority.name,
        "year": s.year,
        "held_on": s.held_on,
        "state": s.state,
        "dossiers": list(s.agenda.values_list("dossier_id", flat=True)),
        "vote_id": s.vote_id,
        "minutes": s.minutes,
    }


@router.get("/proposals/councils/{pk}", response=ProposalCouncilOut, summary="Một phiên họp Hội đồng")
def council_detail(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return _council_out(_council(request, pk))


@router.post(
    "/proposals/councils/{pk}/agenda",
    response=ProposalCouncilOut,
    summary="Đưa hồ sơ đã gửi vào chương trình",
)
def council_agenda(request: HttpRequest, pk: Id) -> dict[str, Any]:
    session = _council(request, pk)
    services.add_submitted_to_agenda(actor=request.user, session=session)
    return _council_out(session)


@router.post(
    "/proposals/councils/{pk}/vote/open",
    response=list[ProposalCredentialOut],
    summary="Mở biểu quyết bằng phiếu kín (mã chỉ trả về một lần)",
)
def council_vote_open(request: HttpRequest, pk: Id) -> list[dict[str, str]]:
    credentials = services.open_council_vote(actor=request.user, session=_council(request, pk))
    return [{"member": label, "credential": c} for label, c in credentials]


@router.post(
    "/proposals/councils/{pk}/vote/close", response=ProposalCouncilOut, summary="Kết thúc biểu quyết"
)
def council_vote_close(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return _council_out(services.close_council_vote(actor=request.user, session=_council(request, pk)))


@router.post(
    "/proposals/councils/{pk}/minutes", response=ProposalCouncilOut, summary="Ghi biên bản phiên họp"
)
def council_minutes(request: HttpRequest, pk: Id, payload: ProposalMinutesIn) -> dict[str, Any]:
    session = services.record_minutes(
        actor=request.user, session=_council(request, pk), minutes=payload.minutes
    )
    return _council_out(session)


def _decision_out(d: AwardDecision, *, lines: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": d.pk,
        "number": d.full_number,
        "issued_on": d.issued_on,
        "issuer": d.issuer,
        "subject_line": d.subject_line,
        "state": d.state,
        "entries": d.entries.count(),
    }
    if lines:
        out["signer_name"] = d.signer_name
        out["revoked_on"] = d.revoked_on
        out["lines"] = [
            {"position": e.position, "name": e.label, "unit": e.unit_label, "code": e.code, "year": e.year}
            for e in selectors.public_entries(d)
        ]
    return out


def _decision(request: HttpRequest, pk: int) -> AwardDecision:
    decision = AwardDecision.objects.select_related("body").filter(pk=pk).first()
    if decision is None or not allows(request.user, "proposals.view_decision", decision):
        raise NotFound("Không tìm thấy quyết định.")
    return decision


@router.get(
    "/decisions",
    response=list[PublicDecisionOut],
    auth=None,
    summary="Quyết định khen thưởng đã công bố (tìm không dấu)",
)
def published_list(
    request: HttpRequest, q: Annotated[str, Field(max_length=200)] = ""
) -> list[dict[str, Any]]:
    return [_decision_out(d) for d in selectors.published_decisions(q=q)[:PAGE]]


@router.get(
    "/decisions/{pk}", response=PublicDecisionDetailOut, auth=None, summary="Một quyết định và danh sách"
)
def published_detail(request: HttpRequest, pk: Id) -> dict[str, Any]:
    decision = _decision(request, pk)
    return _decision_out(decision, lines=True)


@router.post(
    "/proposals/decisions", response={201: PublicDecisionDetailOut}, summary="Dự thảo quyết định từ hồ sơ"
)
def decision_create(request: HttpRequest, payload: ProposalDecisionIn) -> tuple[int, dict[str, Any]]:
    dossiers = [services.get_dossier(actor=request.user, pk=pk) for pk in payload.dossier_ids]
    decision = services.prepare_decision(
        actor=request.user,
        body=_unit(payload.body_id, "body_id"),
        issuer=payload.issuer,
        year=payload.year,
        subject_line=payload.subject_line,
        symbol=payload.symbol,
        dossiers=dossiers,
        legal_grounds=payload.legal_grounds,
        place=payload.place,
    )
    return 201, _decision_out(decision, lines=True)


@router.post(
    "/proposals/decisions/{pk}/issue", response=PublicDecisionDetailOut, summary="Ban hành quyết định"
)
def decision_issue(request: HttpRequest, pk: Id, payload: ProposalIssueIn) -> dict[str, Any]:
    decision = services.issue_decision(
        actor=request.user,
        decision=_decision(request, pk),
        issued_on=payload.issued_on,
        signer_name=payload.signer_name,
        signer_title=payload.signer_title,
        number=payload.number,
    )
    return _decision_out(decision, lines=True)


@router.post(
    "/proposals/decisions/{pk}/revoke", response=PublicDecisionDetailOut, summary="Thu hồi quyết định"
)
def decision_revoke(request: HttpRequest, pk: Id, payload: ProposalRevokeIn) -> dict[str, Any]:
    decision = _decision(request, pk)
    if decision.state == DecisionState.DRAFT and not allows(
        request.user, "proposals.issue_decision", decision
    ):
        raise NotFound("Không tìm thấy quyết định.")
    decision = services.revoke_decision(
        actor=request.user, decision=decision, reason=payload.reason, basis=payload.basis, on=payload.on
    )
    return _decision_out(decision, lines=True)


class DecisionCertificateOut(Schema):
    """One printed entry of an issued decision and its certificate (code null: not printed yet)."""

    recipient: str
    award: str  # the legal name
    award_code: str
    year: int
    code: str | None  # as printed: "K7QM2X-9FHT3B-WZ4R8E"
    status: str  # "valid" | "revoked"
    content_hash: str | None
    revision: int | None
    verify_url: str | None
    file_url: str | None  # the PDF for the blank (signed-in officers who may read the registry)


@router.get(
    "/decisions/{pk}/certificates",
    response=list[DecisionCertificateOut],
    url_name="decision_certificates",
    summary="Bằng, giấy chứng nhận của một quyết định (cán bộ in bằng)",
)
@paginate(BoundedLimitOffsetPagination)
def decision_certificates(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    """Officers who print the decision's certificates (`certificates.issue_certificates`); to
    anyone else an issued decision exists (it is public) but this list is refused (403)."""
    from django.urls import reverse

    from thidua.certificates.selectors import certifiable_conferrals
    from thidua.certificates.services import conferred_name, verify_url
    from thidua.core.errors import Forbidden

    if not 1 <= pk <= 2_147_483_647:  # `Id` is not resolved through the pagination wrapper
        raise NotFound("Không tìm thấy quyết định.")
    decision = _decision(request, pk)
    registry = decision.registry
    if registry is None:
        raise NotFound("Quyết định chưa ban hành: chưa có bằng, giấy chứng nhận.")
    if not allows(request.user, "certificates.issue_certificates", registry):
        raise Forbidden("Chỉ cán bộ in bằng của quyết định này xem được danh sách bằng, giấy.")
    out = []
    for conferral in certifiable_conferrals(registry.pk).select_related("certificate"):
        record, certificate = conferral.record, getattr(conferral, "certificate", None)
        out.append(
            {
                "recipient": record.person.full_name if record.person else record.unit.name,  # type: ignore[union-attr]
                "award": conferred_name(conferral.code, registry.authority),
                "award_code": conferral.code,
                "year": record.year,
                "code": certificate.display_code if certificate else None,
                "status": "revoked" if conferral.revoked_on else "valid",
                "content_hash": certificate.content_hash if certificate else None,
                "revision": certificate.revision if certificate else None,
                "verify_url": verify_url(certificate.code) if certificate else None,
                "file_url": reverse("certificates:print_file", args=[certificate.display_code])
                if certificate and certificate.pdf
                else None,
            }
        )
    return out
