"""Dossiers: created by a cluster or a unit, filled from a selection or from the registry, checked by
the eligibility engine, submitted to the authority, returned with a reason and resubmitted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.db.models import Count, Max

from thidua.awards.eligibility import codes as catalogue
from thidua.awards.eligibility.parameters import PARAMETERS
from thidua.awards.eligibility.verdict import NEEDS_DATA, NEEDS_DECISION, NEEDS_RULE, NOT_ELIGIBLE
from thidua.awards.selectors import overrides_for, subject_kind
from thidua.awards.services import evaluate_subject
from thidua.core import clock
from thidua.core.audit import record_audit, snapshot
from thidua.core.audited import create_audited, delete_audited, save_audited
from thidua.core.errors import Conflict, InvalidInput, NotFound
from thidua.core.rules import require
from thidua.core.years import EMULATION_YEARS, check_year
from thidua.documents.services import next_document_number
from thidua.organisations.models import Person, Unit
from thidua.scoring.explain import vi_points
from thidua.voting.enums import SessionState

from ..enums import DossierKind, DossierState, EntryDecision, EntrySource
from ..models import Dossier, DossierEntry
from .common import Subject, log_event, subject_fields, subject_name, text

# a dossier's list: a national decision's is a few hundred lines, but a unit of 2,000 people proposes
# each for LĐTT and some for CSTĐCS to its head in one dossier (the decision's own bound is 5,000)
MAX_ENTRIES = 5000
# Verdicts that may go forward only with a person's recorded, reasoned decision (needs_data too:
# an officer vouches for what the registry does not hold).
NEEDS_PERSON = frozenset({NEEDS_DECISION, NEEDS_RULE, NEEDS_DATA})


@transaction.atomic
def create_dossier(
    *,
    actor: Any,
    sender: Unit,
    authority: Unit,
    year: int,
    title: str,
    cluster: Any = None,
    summary: str = "",
) -> Dossier:
    """A new dossier in `draft`: a cluster's (with `cluster`; sender is the leading unit) or a unit's
    for its own people (authority a higher body, or the unit itself for its head's decision)."""
    require(actor, "proposals.prepare_dossier", {"sender": sender, "cluster": cluster, "year": year})
    check_year(year, years=EMULATION_YEARS)
    if cluster is not None and cluster.authority_id != authority.pk:
        raise InvalidInput(
            f"Hồ sơ của {cluster} phải gửi {cluster.authority.name}.", fields={"authority": "cluster"}
        )
    return create_audited(
        Dossier,
        actor=actor,
        action="proposals.dossier.create",
        kind=DossierKind.CLUSTER if cluster is not None else DossierKind.UNIT,
        sender=sender,
        authority=authority,
        cluster=cluster,
        year=year,
        title=text(title, field="title", label="tên hồ sơ", maximum=300),
        summary=text(summary, field="summary", label="nội dung tờ trình", maximum=20000, required=False),
        created_by=actor if getattr(actor, "pk", None) else None,
        created_at=clock.now(),
    )


def _editable(dossier: Dossier) -> Dossier:
    locked = (
        Dossier.objects.select_for_update(of=("self",))  # PostgreSQL: not the outer-joined cluster
        .select_related("sender", "authority", "cluster")
        .get(pk=dossier.pk)
    )
    if not locked.is_editable:
        raise Conflict(
            f"Hồ sơ đang ở bước «{DossierState(locked.state).label}»: không sửa được.",
            fields={"state": "not_editable"},
        )
    return locked


def check_code(*, subject: Subject, code: str) -> str:
    """A catalogue code that applies to this kind of subject (armed-forces titles excluded)."""
    code = (code or "").strip()
    kind = subject_kind(subject)
    if code not in catalogue.codes_for_kind(kind) or code in catalogue.ARMED_FORCES_TITLES:
        who = "cá nhân" if kind == catalogue.PERSON else "tập thể"
        raise InvalidInput(
            f"«{catalogue.legal_name(code)}» không phải danh hiệu, hình thức khen thưởng dùng cho {who}.",
            fields={"code": "invalid"},
        )
    return code


def _reasons(verdict: Any) -> list[dict[str, object]]:
    """What the sender must see: the conditions not met and those not known for want of data."""
    return [
        {"id": c.id, "met": c.met, "detail": c.detail, "citation": c.citation}
        for c in verdict.conditions
        if c.met is False or (c.met is None and not c.pending)
    ]


def check_entry(entry: DossierEntry, *, year: int) -> DossierEntry:
    """Ask the eligibility engine (with the administrators' parameters) and keep its answer."""
    verdict = evaluate_subject(actor=None, subject=entry.subject, target_code=entry.code, year=year)
    entry.verdict, entry.rule_set = verdict.verdict, verdict.rule_set
    entry.reasons = _reasons(verdict)
    entry.checked_at = clock.now()
    return entry


@transaction.atomic
def add_dossier_entry(
    *,
    actor: Any,
    dossier: Dossier,
    subject: Subject,
    code: str,
    note: str = "",
    source: str = EntrySource.REGISTRY,
    selection_session: Any = None,
) -> DossierEntry:
    """Propose one person or unit for one title or award form; its eligibility is checked at once."""
    dossier = _editable(dossier)
    require(actor, "proposals.prepare_dossier", dossier)
    code = check_code(subject=subject, code=code)
    if (
        dossier.kind == DossierKind.UNIT
        and isinstance(subject, Unit)
        and not subject.path.startswith(dossier.sender.path)
    ):
        raise InvalidInput(
            f"{subject.name} không thuộc {dossier.sender.name}.", fields={"subject": "outside"}
        )
    if isinstance(subject, Person) and not require_person_reached(actor, subject):
        raise NotFound("Không tìm thấy cá nhân.")
    if dossier.entries.filter(code=code, **{k: v for k, v in subject_fields(subject).items() if v}).exists():
        raise Conflict(
            f"{subject_name(subject)} đã có trong hồ sơ với {catalogue.legal_name(code)}.",
            fields={"subject": "duplicate"},
        )
    if dossier.entries.count() >= MAX_ENTRIES:
        raise InvalidInput(f"Một hồ sơ có tối đa {MAX_ENTRIES} đối tượng.", fields={"entries": "too_many"})
    position = (dossier.entries.aggregate(m=Max("position"))["m"] or 0) + 1
    entry = DossierEntry(
        dossier=dossier,
        position=position,
        code=code,
        source=source,
        selection_session=selection_session,
        note=text(note, field="note", label="thành tích tóm tắt", maximum=1000, required=False),
        **subject_fields(subject),
    )
    check_entry(entry, year=dossier.year)
    entry.save()
    record_audit(actor=actor, action="proposals.entry.add", target=entry, after=snapshot(entry))
    return entry


def require_person_reached(actor: Any, person: Person) -> bool:
    """The sender proposes only people it reaches (their registry is private)."""
    from thidua.core.rules import allows

    return allows(actor, "awards.view_registry", person)


@transaction.atomic
def add_selection_entries(*, actor: Any, dossier: Dossier, session: Any, code: str) -> list[DossierEntry]:
    """Add the units a cluster's closed selection vote elected, proposed for `code`, each with its
    place in the final ranking (scoring) when there is one."""
    from thidua.clusters.models import EmulationYear
    from thidua.scoring.selectors import final_ranking
    from thidua.voting.enums import SessionKind
    from thidua.voting.selectors import elected_units

    dossier = _editable(dossier)
    require(actor, "proposals.prepare_dossier", dossier)
    if (
        dossier.kind != DossierKind.CLUSTER
        or session.cluster_id != dossier.cluster_id
        or session.year != dossier.year
    ):
        raise InvalidInput(
            "Chỉ thêm được kết quả bình xét của chính cụm này trong năm của hồ sơ.",
            fields={"session": "other_cluster"},
        )
    if session.kind != SessionKind.CLUSTER_SELECTION or session.state != SessionState.CLOSED:
        raise Conflict("Phiên bình xét, suy tôn chưa kết thúc.", fields={"session": "not_closed"})
    emulation_year = EmulationYear.objects.filter(cluster=dossier.cluster, year=dossier.year).first()
    ranks = {r.unit_id: r for r in final_ranking(emulation_year)} if emulation_year else {}
    added = []
    for unit in elected_units(session=session):
        rank = ranks.get(unit.pk)
        note = f"Xếp thứ {rank.rank} của cụm, {vi_points(Fraction(rank.total))} điểm" if rank else ""
        if dossier.entries.filter(unit=unit, code=code).exists():
            continue
        added.append(
            add_dossier_entry(
                actor=actor,
                dossier=dossier,
                subject=unit,
                code=code,
                note=note,
                source=EntrySource.SELECTION,
                selection_session=session,
            )
        )
    if not added:
        raise Conflict("Phiên bình xét không có đơn vị nào mới để đề nghị.", fields={"session": "empty"})
    return added


@transaction.atomic
def remove_dossier_entry(*, actor: Any, entry: DossierEntry, reason: str = "") -> None:
    """Take an entry off a draft; with a `reason` (an elected unit the registry does not support)
    the removal is written in the dossier's history, where the authority reads it."""
    dossier = _editable(entry.dossier)
    require(actor, "proposals.prepare_dossier", dossier)
    reason = text(reason, field="reason", label="lý do", maximum=2000, required=False)
    name = f"{entry.subject_name} – {catalogue.legal_name(entry.code)}"
    delete_audited(entry, actor=actor, action="proposals.entry.remove", target=dossier)
    if reason:
        log_event(
            dossier=dossier,
            from_state=dossier.state,
            to_state=dossier.state,
            actor=actor,
            reason=f"Bỏ khỏi hồ sơ {name}: {reason}",
        )


@transaction.atomic
def record_entry_decision(*, actor: Any, entry: DossierEntry, decision: str, reason: str) -> DossierEntry:
    """A person's reasoned decision on an entry the engine cannot settle (needs_decision, needs_rule,
    needs_data): admit it to go forward, or reject it. `not_eligible` is never overridden."""
    entry = (
        DossierEntry.objects.select_for_update()
        .select_related("dossier__authority", "dossier__sender")
        .get(pk=entry.pk)
    )
    require(actor, "proposals.decide_entry", entry.dossier)
    if entry.dossier.state in (DossierState.REVIEWED, DossierState.DECIDED):
        raise Conflict(
            "Hồ sơ đã được Hội đồng xét: không ghi quyết định được nữa.", fields={"state": "closed"}
        )
    if decision not in (EntryDecision.ADMIT, EntryDecision.REJECT):
        raise InvalidInput("Chọn chấp nhận hoặc không đề nghị.", fields={"decision": "invalid"})
    if entry.verdict not in NEEDS_PERSON:
        raise Conflict(
            "Chỉ ghi quyết định cho đối tượng cần người có thẩm quyền quyết định, cần nạp quy định "
            "hoặc chưa đủ dữ liệu; đối tượng chưa đủ điều kiện phải bỏ khỏi hồ sơ.",
            fields={"decision": "not_needed"},
        )
    reason = text(reason, field="reason", label="lý do quyết định", maximum=2000)
    return save_audited(
        entry,
        actor=actor,
        action="proposals.entry.decide",
        changes={
            "decision": decision,
            "decision_reason": reason,
            "decided_by": actor if getattr(actor, "pk", None) else None,
            "decided_at": clock.now(),
        },
    )


@dataclass(frozen=True)
class Blocked:
    entry: DossierEntry
    message: str


def blocked_entries(dossier: Dossier) -> list[Blocked]:
    """Entries that stop a submission, each with its reason in Vietnamese (no re-check here)."""
    out = []
    for entry in dossier.entries.select_related("person", "unit"):
        name = f"{entry.subject_name} – {catalogue.legal_name(entry.code)}"
        details = "; ".join(str(r["detail"]) for r in entry.reasons) or "không rõ lý do"
        if entry.decision == EntryDecision.REJECT:
            out.append(Blocked(entry, f"{name}: đã quyết định không đề nghị, cần bỏ khỏi hồ sơ."))
        elif entry.verdict == NOT_ELIGIBLE:
            out.append(Blocked(entry, f"{name}: chưa đủ điều kiện ({details})."))
        elif entry.verdict in NEEDS_PERSON and entry.decision != EntryDecision.ADMIT:
            out.append(
                Blocked(entry, f"{name}: cần quyết định có lý do của người có thẩm quyền ({details}).")
            )
    return out


def quota_problems(dossier: Dossier) -> list[str]:
    """Quotas a rule set states for the authority: the emulation flags a cluster may propose; for a
    unit's dossier to its own head, CSTĐCS against the LĐTT proposed with it (unit_quota_problems)."""
    if dossier.kind != DossierKind.CLUSTER:
        return unit_quota_problems(dossier)
    limit = overrides_for(year=dossier.year, requested=None).get(
        "flags_per_cluster", PARAMETERS["flags_per_cluster"].default
    )
    flags = dossier.entries.filter(code="CO_BO").count()
    if isinstance(limit, int) and flags > limit:
        return [f"Cụm chỉ được đề nghị {limit} Cờ thi đua, hồ sơ có {flags}."]
    return []


def unit_quota_problems(dossier: Dossier) -> list[str]:
    """Decree 91/2017 Art. 9 cl. 3 (the rule set's `cstdcs_quota_pct_of_ldtt`): a unit names as
    CSTĐCS at most that share of the people it names LĐTT for the year — counted on the dossier to
    the unit's head, which carries the unit's LĐTT list (entries a decision rejected not counted)."""
    from thidua.awards.review import cstdcs_quota, cstdcs_quota_pct

    if dossier.kind != DossierKind.UNIT or dossier.authority_id != dossier.sender_id:
        return []
    counts = dict(
        dossier.entries.exclude(decision=EntryDecision.REJECT)
        .filter(code__in=("LDTT", "CSTDCS"))
        .values_list("code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    ldtt, cstdcs = counts.get("LDTT", 0), counts.get("CSTDCS", 0)
    limit = cstdcs_quota(ldtt=ldtt, year=dossier.year)
    if limit is None or cstdcs <= limit:
        return []
    pct = cstdcs_quota_pct(dossier.year)
    return [f"Đề nghị {cstdcs} CSTĐCS, tối đa {limit} ({pct}% của {ldtt} LĐTT)."]


@transaction.atomic
def submit_dossier(*, actor: Any, dossier: Dossier) -> Dossier:
    """Send a draft (or returned) dossier to its authority after checking every entry again:
    `not_eligible` entries block it with their reasons, entries the engine cannot settle need a
    recorded decision, quotas hold. On any refusal nothing changes."""
    dossier = _editable(dossier)
    require(actor, "proposals.prepare_dossier", dossier)
    entries = list(dossier.entries.select_related("person", "unit"))
    if not entries:
        raise InvalidInput("Hồ sơ chưa có đối tượng nào được đề nghị.", fields={"entries": "empty"})
    for entry in entries:
        check_entry(entry, year=dossier.year)
        entry.save(update_fields=["verdict", "rule_set", "reasons", "checked_at"])
    problems = [b.message for b in blocked_entries(dossier)] + quota_problems(dossier)
    if problems:
        raise InvalidInput("Chưa gửi được hồ sơ: " + " ".join(problems), fields={"entries": "blocked"})
    before = snapshot(dossier)
    previous = dossier.state
    if dossier.submission_number is None:
        dossier.submission_number = next_document_number(
            issuer=f"unit:{dossier.sender_id}", year=clock.today().year
        )
    dossier.state = DossierState.SUBMITTED
    dossier.submitted_on = clock.today()
    dossier.submissions += 1
    dossier.save(update_fields=["state", "submitted_on", "submissions", "submission_number"])
    log_event(
        dossier=dossier,
        from_state=previous,
        to_state=DossierState.SUBMITTED,
        actor=actor,
        reason="Gửi lại sau khi bổ sung" if previous == DossierState.RETURNED else "",
    )
    record_audit(
        actor=actor, action="proposals.dossier.submit", target=dossier, before=before, after=snapshot(dossier)
    )
    return dossier


@transaction.atomic
def resubmit_dossier(*, actor: Any, dossier: Dossier) -> Dossier:
    """Send a returned dossier again (the same checks as the first submission)."""
    if Dossier.objects.filter(pk=dossier.pk).values_list("state", flat=True).first() != DossierState.RETURNED:
        raise Conflict("Chỉ gửi lại được hồ sơ đã bị trả lại.", fields={"state": "not_returned"})
    return submit_dossier(actor=actor, dossier=dossier)


@transaction.atomic
def return_dossier(*, actor: Any, dossier: Dossier, reason: str) -> Dossier:
    """The authority sends a submitted dossier back with its reason (taken off a council agenda
    that has not voted yet); the sender sees the reason in the history and may resubmit."""
    from ..enums import CouncilState
    from ..models import AgendaItem

    dossier = Dossier.objects.select_for_update().select_related("authority", "sender").get(pk=dossier.pk)
    require(actor, "proposals.review_dossier", dossier)
    reason = text(reason, field="reason", label="lý do trả lại", maximum=2000)
    if dossier.state not in (DossierState.SUBMITTED, DossierState.IN_REVIEW):
        raise Conflict(
            f"Hồ sơ đang ở bước «{DossierState(dossier.state).label}»: không trả lại được.",
            fields={"state": "not_submitted"},
        )
    items = AgendaItem.objects.filter(dossier=dossier).select_related("session")
    if any(item.session.state != CouncilState.PREPARING for item in items):
        raise Conflict("Hội đồng đã biểu quyết hồ sơ này: không trả lại được.", fields={"state": "voted"})
    items.delete()
    before = snapshot(dossier)
    previous = dossier.state
    dossier.state, dossier.return_reason = DossierState.RETURNED, reason
    dossier.save(update_fields=["state", "return_reason"])
    log_event(
        dossier=dossier, from_state=previous, to_state=DossierState.RETURNED, actor=actor, reason=reason
    )
    record_audit(
        actor=actor, action="proposals.dossier.return", target=dossier, before=before, after=snapshot(dossier)
    )
    return dossier


def get_dossier(*, actor: Any, pk: int) -> Dossier:
    """A dossier the actor may see, else 404 (its existence is not revealed)."""
    from thidua.core.rules import allows

    dossier = Dossier.objects.select_related("sender", "authority", "cluster").filter(pk=pk).first()
    if dossier is None or not allows(actor, "proposals.view_dossier", dossier):
        raise NotFound("Không tìm thấy hồ sơ.")
    return dossier


def entries_for_list(dossier: Dossier) -> Sequence[DossierEntry]:
    return list(dossier.entries.select_related("person", "unit", "decided_by"))


MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 30
# What a dossier carries (achievement reports, minutes, scans): checked by content, not by name.
ATTACHMENT_SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"PK\x03\x04": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}


@transaction.atomic
def add_attachment(*, actor: Any, dossier: Dossier, name: str, content: bytes) -> Any:
    """A document attached to the dossier (PDF, DOCX, JPEG or PNG by content, at most 10 MB)."""
    from django.core.files.base import ContentFile

    from ..models import DossierAttachment

    dossier = _editable(dossier)
    require(actor, "proposals.prepare_dossier", dossier)
    name = text(name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1], field="file", label="tên tệp", maximum=200)
    if not content:
        raise InvalidInput("Tệp rỗng.", fields={"file": "empty"})
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise InvalidInput("Tệp kèm theo không được quá 10 MB.", fields={"file": "too_large"})
    kind = next((t for magic, t in ATTACHMENT_SIGNATURES.items() if content.startswith(magic)), None)
    if kind is None:
        raise InvalidInput("Chỉ nhận tệp PDF, DOCX, JPEG hoặc PNG.", fields={"file": "type"})
    if dossier.attachments.count() >= MAX_ATTACHMENTS:
        raise InvalidInput(
            f"Một hồ sơ có tối đa {MAX_ATTACHMENTS} tệp kèm theo.", fields={"file": "too_many"}
        )
    attachment = DossierAttachment(
        dossier=dossier,
        name=name,
        size=len(content),
        content_type=kind,
        uploaded_at=clock.now(),
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    attachment.file.save(f"{dossier.pk}-{name}", ContentFile(content), save=False)
    attachment.save()
    record_audit(actor=actor, action="proposals.attachment.add", target=dossier, after=snapshot(attachment))
    return attachment
