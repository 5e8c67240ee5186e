"""Self-assessment: draft, save (optimistic concurrency), evidence, submit, return with a reason."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from thidua.clusters.enums import YearState
from thidua.core import clock
from thidua.core.audit import record_audit, snapshot
from thidua.core.errors import Conflict, InvalidInput
from thidua.core.rules import require
from thidua.covenants.models import Criterion, ScoreLine
from thidua.scoring.enums import EvidenceKind, SheetStatus
from thidua.scoring.evidence import evidence_kind
from thidua.scoring.models import Evidence, SelfAssessment, SelfLine, SelfScore
from thidua.scoring.outcomes import mark_inputs_changed
from thidua.scoring.selectors import criteria_of

from .common import check_revision, criterion_label, read_points, read_text, require_state

ScoreEntry = tuple[Any, str]  # (score as typed, explanation)


def _locked_sheet(sheet: SelfAssessment) -> SelfAssessment:
    return (
        SelfAssessment.objects.select_for_update()
        .select_related("review__emulation_year__cluster__authority", "unit", "covenant")
        .get(pk=sheet.pk)
    )


def _sheet_snapshot(sheet: SelfAssessment) -> dict[str, Any]:
    data = snapshot(sheet)
    data["scores"] = {str(c): str(s) for c, s in sheet.scores.values_list("criterion_id", "score")}
    data["lines"] = {str(li): str(p) for li, p in sheet.lines.values_list("line_id", "points")}
    return data


@transaction.atomic
def save_self_assessment(
    *,
    actor: Any,
    sheet: SelfAssessment,
    revision: int,
    scores: Mapping[int, ScoreEntry],
    lines: Mapping[int, ScoreEntry] | None = None,
    summary: str | None = None,
) -> SelfAssessment:
    """Save a draft (partial is fine). `revision` is the one the form was opened at: a save from a
    stale second tab is refused with Conflict and nothing changes."""
    locked = _locked_sheet(sheet)
    require(actor, "scoring.act_for_unit", (locked.review, locked.unit))
    require_state(locked.review, YearState.SELF_ASSESSMENT, doing="lưu bảng tự chấm")
    if locked.status == SheetStatus.SUBMITTED:
        raise Conflict(
            "Bảng tự chấm đã nộp nên đã khóa; chỉ trưởng cụm có thể trả lại để sửa.",
            fields={"status": "locked"},
        )
    check_revision(locked.revision, revision, what="Bảng tự chấm")
    criteria = {c.pk: c for c in criteria_of(locked.covenant)}
    clean: dict[int, tuple[Any, str]] = {}
    for criterion_id, (value, explanation) in scores.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            raise InvalidInput(
                "Tiêu chí không thuộc giao ước của bảng chấm này.", fields={"criterion": "unknown"}
            )
        label = criterion_label(criterion)
        clean[criterion.pk] = (
            read_points(value, field=f"score_{criterion.pk}", maximum=criterion.max_points, label=label),
            read_text(explanation, field=f"explanation_{criterion.pk}", label=f"{label}: giải trình"),
        )
    clean_lines: dict[int, tuple[Any, str]] = {}
    if lines is not None:
        covenant_lines = {li.pk: li for li in ScoreLine.objects.filter(covenant=locked.covenant)}
        for line_id, (value, explanation) in lines.items():
            line = covenant_lines.get(int(line_id))
            if line is None:
                raise InvalidInput(
                    "Dòng điểm thưởng/điểm trừ không thuộc giao ước.", fields={"line": "unknown"}
                )
            label = f"«{line.name}»"
            clean_lines[line.pk] = (
                read_points(value, field=f"line_{line.pk}", maximum=line.points, label=label),
                read_text(explanation, field=f"line_explanation_{line.pk}", label=f"{label}: giải trình"),
            )
    before = _sheet_snapshot(locked)
    for criterion_id, (score, explanation) in clean.items():
        SelfScore.objects.update_or_create(
            sheet=locked, criterion_id=criterion_id, defaults={"score": score, "explanation": explanation}
        )
    for line_id, (points, explanation) in clean_lines.items():
        SelfLine.objects.update_or_create(
            sheet=locked, line_id=line_id, defaults={"points": points, "explanation": explanation}
        )
    if summary is not None:
        locked.summary = read_text(summary, field="summary", label="Báo cáo tóm tắt")
    locked.revision += 1
    locked.save(update_fields=["revision", "summary"])
    mark_inputs_changed(locked.review)
    record_audit(
        actor=actor, action="scoring.sheet.save", target=locked, before=before, after=_sheet_snapshot(locked)
    )
    sheet.revision, sheet.summary = locked.revision, locked.summary
    return locked


@transaction.atomic
def add_evidence(
    *,
    actor: Any,
    sheet: SelfAssessment,
    description: str,
    criterion: Criterion | None = None,
    line: ScoreLine | None = None,
    file_name: str = "",
    content: bytes | None = None,
    link: str = "",
) -> Evidence:
    """A file (checked by its content, size-limited) or a link, for one criterion or one line."""
    locked = _locked_sheet(sheet)
    require(actor, "scoring.act_for_unit", (locked.review, locked.unit))
    require_state(locked.review, YearState.SELF_ASSESSMENT, doing="thêm minh chứng")
    if locked.status == SheetStatus.SUBMITTED:
        raise Conflict("Bảng tự chấm đã nộp nên đã khóa.", fields={"status": "locked"})
    text = read_text(description, field="description", label="Mô tả minh chứng", required=True)[:500]
    if criterion is not None and criterion.group.covenant_id != locked.covenant_id:
        raise InvalidInput(
            "Tiêu chí không thuộc giao ước của bảng chấm này.", fields={"criterion": "unknown"}
        )
    if line is not None and line.covenant_id != locked.covenant_id:
        raise InvalidInput("Dòng điểm không thuộc giao ước của bảng chấm này.", fields={"line": "unknown"})
    if (content is None) == (not link.strip()):
        raise InvalidInput(
            "Cần đúng một trong hai: tệp minh chứng hoặc đường dẫn.", fields={"file": "one_of"}
        )
    evidence = Evidence(sheet=locked, criterion=criterion, line=line, description=text, added_at=clock.now())
    if content is not None:
        name = (file_name or "minh-chung").strip()[-200:]
        evidence.kind = evidence_kind(content, name=name)
        evidence.file_name, evidence.size = name, len(content)
        evidence.file.save(name, ContentFile(content), save=False)
    else:
        url = link.strip()
        if not url.startswith(("https://", "http://")) or len(url) > 500:
            raise InvalidInput(
                "Đường dẫn minh chứng phải bắt đầu bằng https:// hoặc http://.", fields={"link": "invalid"}
            )
        evidence.kind, evidence.link = EvidenceKind.LINK, url
    evidence.save()
    after = {
        **snapshot(evidence, fields=[f.name for f in Evidence._meta.concrete_fields if f.name != "file"])
    }
    after["file"] = evidence.file.name or ""
    record_audit(actor=actor, action="scoring.evidence.add", target=evidence, after=after)
    return evidence


@transaction.atomic
def submit_self_assessment(*, actor: Any, sheet: SelfAssessment, revision: int) -> SelfAssessment:
    locked = _locked_sheet(sheet)
    require(actor, "scoring.act_for_unit", (locked.review, locked.unit))
    require_state(locked.review, YearState.SELF_ASSESSMENT, doing="nộp bảng tự chấm")
    if locked.status == SheetStatus.SUBMITTED:
        raise Conflict("Bảng tự chấm đã được nộp.", fields={"status": "submitted"})
    check_revision(locked.revision, revision, what="Bảng tự chấm")
    scored = set(locked.scores.values_list("criterion_id", flat=True))
    missing = [c for c in criteria_of(locked.covenant) if c.pk not in scored]
    if missing:
        raise InvalidInput(
            f"Còn {len(missing)} tiêu chí chưa chấm, ví dụ {criterion_label(missing[0])}.",
            fields={"scores": "incomplete"},
        )
    before = snapshot(locked)
    moment = clock.now()
    locked.status, locked.submitted_at = SheetStatus.SUBMITTED, moment
    locked.is_late = timezone.localdate(moment) > locked.review.self_deadline
    locked.revision += 1
    locked.save(update_fields=["status", "submitted_at", "is_late", "revision"])
    mark_inputs_changed(locked.review)
    record_audit(
        actor=actor, action="scoring.sheet.submit", target=locked, before=before, after=snapshot(locked)
    )
    return locked


@transaction.atomic
def return_self_assessment(*, actor: Any, sheet: SelfAssessment, reason: str) -> SelfAssessment:
    """The leader sends a submitted sheet back; the reason is shown at the top of the unit's sheet."""
    locked = _locked_sheet(sheet)
    require(actor, "scoring.lead_review", locked.review)
    require_state(locked.review, YearState.SELF_ASSESSMENT, doing="trả lại bảng tự chấm")
    if locked.status != SheetStatus.SUBMITTED:
        raise Conflict("Chỉ trả lại được bảng tự chấm đã nộp.", fields={"status": "not_submitted"})
    text = read_text(reason, field="reason", label="Lý do trả lại", required=True)
    before = snapshot(locked)
    locked.status, locked.return_reason, locked.returned_at = SheetStatus.RETURNED, text, clock.now()
    locked.revision += 1
    locked.save(update_fields=["status", "return_reason", "returned_at", "revision"])
    mark_inputs_changed(locked.review)
    record_audit(
        actor=actor, action="scoring.sheet.return", target=locked, before=before, after=snapshot(locked)
    )
    return locked
