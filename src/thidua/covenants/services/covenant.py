"""The covenant and its criteria table: drafted by the leader, frozen from the first signature."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from thidua.clusters.enums import YearState
from thidua.clusters.models import EmulationYear
from thidua.core.audit import record_audit, snapshot
from thidua.core.audited import delete_audited, save_audited
from thidua.core.errors import Conflict, InvalidInput, NotFound
from thidua.core.rules import require
from thidua.covenants.enums import Aggregation, CovenantStatus, LineKind, TieBreak
from thidua.covenants.models import Covenant, Criterion, CriterionGroup, ScoreLine
from thidua.covenants.presets import TEMPLATES
from thidua.covenants.selectors import covenant_snapshot

FROZEN_MESSAGE = (
    "Giao ước đã có đơn vị ký nên không sửa được nữa; hãy tạo phiên bản mới (mọi đơn vị sẽ ký lại)."
)
MAX_POINTS = Decimal("10000")


def parse_points(value: object, *, label: str = "Điểm tối đa", allow_zero: bool = False) -> Decimal:
    """A points value from a form, the API or Excel: a non-negative decimal with at most two places.
    Accepts the Vietnamese decimal comma ("2,5")."""
    if isinstance(value, bool) or value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInput(f"{label} không được để trống.", fields={"max_points": "required"})
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip().replace(",", ".") if isinstance(value, str) else str(value)
    try:
        points = Decimal(text)
    except (InvalidOperation, ValueError):
        raise InvalidInput(
            f"{label} «{value}» không phải là số.", fields={"max_points": "not_number"}
        ) from None
    if not points.is_finite():
        raise InvalidInput(f"{label} «{value}» không phải là số.", fields={"max_points": "not_number"})
    if points < 0:
        raise InvalidInput(f"{label} không được âm (đang là {value}).", fields={"max_points": "negative"})
    if points == 0 and not allow_zero:
        raise InvalidInput(f"{label} phải lớn hơn 0.", fields={"max_points": "zero"})
    if points > MAX_POINTS:
        raise InvalidInput(f"{label} quá lớn (tối đa {MAX_POINTS}).", fields={"max_points": "too_large"})
    if points != points.quantize(Decimal("0.01")):
        raise InvalidInput(
            f"{label} chỉ được có tối đa hai chữ số thập phân.", fields={"max_points": "precision"}
        )
    return points.quantize(Decimal("0.01"))


def _require_editable(covenant: Covenant) -> None:
    if covenant.is_frozen:
        raise Conflict(FROZEN_MESSAGE, code="frozen")


def _locked(covenant: Covenant) -> Covenant:
    """Lock the covenant row so an edit and a first signature cannot interleave."""
    locked = (
        Covenant.objects.select_for_update().select_related("emulation_year__cluster").get(pk=covenant.pk)
    )
    covenant.status, covenant.frozen_at = locked.status, locked.frozen_at
    return locked


def _require_planning(emulation_year: EmulationYear) -> None:
    if emulation_year.state != YearState.PLANNING:
        raise Conflict(
            "Năm thi đua không còn ở bước xây dựng giao ước; trưởng cụm cần mở lại năm thi đua trước.",
            fields={"state": emulation_year.state},
        )


def _check_settings(fields: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    if "theme" in fields:
        if not str(fields["theme"]).strip():
            raise InvalidInput("Chủ đề giao ước không được để trống.", fields={"theme": "required"})
        clean["theme"] = str(fields["theme"]).strip()
    if "commitments" in fields:
        clean["commitments"] = "\n".join(
            line.strip() for line in str(fields["commitments"]).splitlines() if line.strip()
        )
    for name, label in (
        ("total_points", "Tổng điểm"),
        ("bonus_cap", "Mức trần điểm thưởng"),
        ("penalty_cap", "Mức trần điểm trừ"),
    ):
        if name in fields:
            clean[name] = parse_points(fields[name], label=label, allow_zero=name != "total_points")
    if "aggregation" in fields:
        if fields["aggregation"] not in Aggregation.values:
            raise InvalidInput(
                "Cách tổng hợp điểm chấm chéo không hợp lệ.", fields={"aggregation": "invalid"}
            )
        clean["aggregation"] = fields["aggregation"]
    if "trim_count" in fields:
        try:
            trim = int(fields["trim_count"])
        except (TypeError, ValueError):
            raise InvalidInput(
                "Số điểm bỏ ở mỗi đầu phải là số nguyên.", fields={"trim_count": "invalid"}
            ) from None
        if not 0 <= trim <= 3:
            raise InvalidInput("Số điểm bỏ ở mỗi đầu phải từ 0 đến 3.", fields={"trim_count": "invalid"})
        clean["trim_count"] = trim
    if "self_score_counts" in fields:
        clean["self_score_counts"] = bool(fields["self_score_counts"])
    if "self_score_weight" in fields:
        weight = parse_points(fields["self_score_weight"], label="Trọng số điểm tự chấm", allow_zero=True)
        if weight > 1:
            raise InvalidInput(
                "Trọng số điểm tự chấm phải từ 0 đến 1.", fields={"self_score_weight": "invalid"}
            )
        clean["self_score_weight"] = weight
    if "normalise" in fields:
        clean["normalise"] = bool(fields["normalise"])
    if "tie_break" in fields:
        if fields["tie_break"] not in TieBreak.values:
            raise InvalidInput("Cách phân định khi bằng điểm không hợp lệ.", fields={"tie_break": "invalid"})
        clean["tie_break"] = fields["tie_break"]
    unknown = set(fields) - set(clean)
    if unknown:
        raise InvalidInput(f"Trường không hợp lệ: {', '.join(sorted(unknown))}.")
    if clean.get("self_score_counts") is False:
        clean["self_score_weight"] = Decimal(0)
    return clean


@transaction.atomic
def create_covenant(*, actor: Any, emulation_year: EmulationYear, theme: str, **settings: Any) -> Covenant:
    """An empty draft covenant for the year (use the `_from` variants to start from a table)."""
    require(actor, "covenants.lead_year", emulation_year)
    _require_planning(emulation_year)
    if Covenant.objects.filter(emulation_year=emulation_year).exists():
        raise Conflict(
            f"Năm {emulation_year.year} đã có giao ước; sửa bản nháp hoặc tạo phiên bản mới.",
            fields={"theme": "duplicate"},
        )
    clean = _check_settings({"theme": theme, **settings})
    covenant = Covenant.objects.create(emulation_year=emulation_year, version=1, **clean)
    record_audit(
        actor=actor, action="covenants.covenant.create", target=covenant, after=covenant_snapshot(covenant)
    )
    return covenant


def _copy_table(*, source: Covenant, target: Covenant) -> None:
    for group in source.groups.prefetch_related("criteria").order_by("order", "id"):
        copy = CriterionGroup.objects.create(
            covenant=target, order=group.order, name=group.name, max_points=group.max_points
        )
        Criterion.objects.bulk_create(
            Criterion(
                group=copy,
                order=c.order,
                name=c.name,
                max_points=c.max_points,
                guidance=c.guidance,
                evidence=c.evidence,
                legal_basis=c.legal_basis,
            )
            for c in group.criteria.order_by("order", "id")
        )
    ScoreLine.objects.bulk_create(
        ScoreLine(covenant=target, kind=line.kind, order=line.order, name=line.name, points=line.points)
        for line in source.lines.all()
    )


_SETTINGS = (
    "commitments",
    "total_points",
    "bonus_cap",
    "penalty_cap",
    "aggregation",
    "trim_count",
    "self_score_counts",
    "self_score_weight",
    "normalise",
    "tie_break",
)


@transaction.atomic
def create_covenant_from(
    *, actor: Any, emulation_year: EmulationYear, source: Covenant, theme: str = ""
) -> Covenant:
    """A draft that copies another year's covenant of the same cluster (table, rules, commitments)."""
    if source.emulation_year.cluster_id != emulation_year.cluster_id:
        raise InvalidInput("Chỉ sao chép được giao ước của cùng Cụm.", fields={"source": "other_cluster"})
    covenant = create_covenant(
        actor=actor,
        emulation_year=emulation_year,
        theme=theme or source.theme,
        **{name: getattr(source, name) for name in _SETTINGS},
    )
    _copy_table(source=source, target=covenant)
    record_audit(actor=actor, action="covenants.covenant.copy", target=covenant, after={"source": source.pk})
    return covenant


@transaction.atomic
def create_covenant_from_template(
    *, actor: Any, emulation_year: EmulationYear, template: str, theme: str
) -> Covenant:
    if template not in TEMPLATES:
        raise InvalidInput(f"Không có mẫu giao ước «{template}».", fields={"template": "invalid"})
    preset = TEMPLATES[template]
    covenant = create_covenant(
        actor=actor,
        emulation_year=emulation_year,
        theme=theme,
        commitments="\n".join(preset.commitments),
        total_points=preset.total,
        bonus_cap=preset.bonus_cap,
        penalty_cap=preset.penalty_cap,
    )
    for g_order, (name, criteria) in enumerate(preset.groups, start=1):
        group = CriterionGroup.objects.create(
            covenant=covenant, order=g_order, name=name, max_points=sum((c[1] for c in criteria), Decimal(0))
        )
        for c_order, (c_name, points, guidance, evidence, legal_basis) in enumerate(criteria, start=1):
            Criterion.objects.create(
                group=group,
                order=c_order,
                name=c_name,
                max_points=points,
                guidance=guidance,
                evidence=evidence,
                legal_basis=legal_basis,
            )
    for kind, lines in ((LineKind.BONUS, preset.bonus), (LineKind.PENALTY, preset.penalty)):
        for order, (name, points) in enumerate(lines, start=1):
            ScoreLine.objects.create(covenant=covenant, kind=kind, order=order, name=name, points=points)
    record_audit(
        actor=actor, action="covenants.covenant.from_template", target=covenant, after={"template": template}
    )
    return covenant


@transaction.atomic
def update_covenant(*, actor: Any, covenant: Covenant, **fields: Any) -> Covenant:
    require(actor, "covenants.lead_year", covenant.emulation_year)
    locked = _locked(covenant)
    _require_editable(locked)
    clean = _check_settings(fields)
    before = covenant_snapshot(locked)
    for name, value in clean.items():
        setattr(locked, name, value)
    locked.save(update_fields=list(clean))
    record_audit(
        actor=actor,
        action="covenants.covenant.update",
        target=locked,
        before=before,
        after=covenant_snapshot(locked),
    )
    return locked


@transaction.atomic
def new_covenant_version(*, actor: Any, covenant: Covenant) -> Covenant:
    """A frozen covenant must change: copy it into a new draft version; the old one is superseded
    and every member signs the new one again."""
    emulation_year = covenant.emulation_year
    require(actor, "covenants.lead_year", emulation_year)
    locked = _locked(covenant)
    _require_planning(emulation_year)
    if locked.status == CovenantStatus.SUPERSEDED:
        raise Conflict("Phiên bản này đã được thay thế.", code="superseded")
    if not locked.is_frozen:
        raise Conflict("Bản nháp chưa có ai ký, cứ sửa trực tiếp; không cần phiên bản mới.")
    before = covenant_snapshot(locked)
    locked.status = CovenantStatus.SUPERSEDED
    locked.save(update_fields=["status"])
    new = Covenant.objects.create(
        emulation_year=emulation_year,
        version=locked.version + 1,
        theme=locked.theme,
        previous=locked,
        **{name: getattr(locked, name) for name in _SETTINGS},
    )
    _copy_table(source=locked, target=new)
    record_audit(
        actor=actor,
        action="covenants.covenant.supersede",
        target=locked,
        before=before,
        after=covenant_snapshot(locked),
    )
    record_audit(
        actor=actor, action="covenants.covenant.new_version", target=new, after=covenant_snapshot(new)
    )
    covenant.status = CovenantStatus.SUPERSEDED
    return new


# --- the criteria table ---------------------------------------------------------------------------


def renumber_rows(rows: list[Any]) -> None:
    """Orders 1..n in the given order, saving only the rows whose order changed."""
    for order, row in enumerate(rows, start=1):
        if row.order != order:
            row.order = order
            row.save(update_fields=["order"])


def renumber_covenant(covenant: Covenant) -> None:
    """Orders 1..n for groups, for criteria inside each group, and for each kind of line."""
    renumber_rows(list(CriterionGroup.objects.filter(covenant=covenant).order_by("order", "id")))
    for group in CriterionGroup.objects.filter(covenant=covenant):
        renumber_rows(list(Criterion.objects.filter(group=group).order_by("order", "id")))
    for kind in LineKind.values:
        renumber_rows(list(ScoreLine.objects.filter(covenant=covenant, kind=kind).order_by("order", "id")))


def _table_audit(actor: Any, covenant: Covenant, action: str, detail: dict[str, Any]) -> None:
    record_audit(actor=actor, action=f"covenants.criteria.{action}", target=covenant, after=detail)


def _editable(actor: Any, covenant: Covenant) -> Covenant:
    require(actor, "covenants.lead_year", covenant.emulation_year)
    locked = _locked(covenant)
    _require_editable(locked)
    return locked


def _text(value: str, label: str, field: str) -> str:
    if not value.strip():
        raise InvalidInput(f"{label} không được để trống.", fields={field: "required"})
    return value.strip()


@transaction.atomic
def add_group(*, actor: Any, covenant: Covenant, name: str, max_points: object) -> CriterionGroup:
    _editable(actor, covenant)
    points = parse_points(max_points, label="Điểm tối đa của nhóm")
    order = CriterionGroup.objects.filter(covenant=covenant).count() + 1
    group = CriterionGroup.objects.create(
        covenant=covenant, order=order, name=_text(name, "Tên nhóm", "name"), max_points=points
    )
    _table_audit(actor, covenant, "group_add", snapshot(group))
    return group


@transaction.atomic
def update_group(*, actor: Any, group: CriterionGroup, name: str, max_points: object) -> CriterionGroup:
    _editable(actor, group.covenant)
    points = parse_points(max_points, label="Điểm tối đa của nhóm")
    return save_audited(
        group,
        actor=actor,
        action="covenants.criteria.group_update",
        target=group.covenant,
        changes={"name": _text(name, "Tên nhóm", "name"), "max_points": points},
    )


@transaction.atomic
def remove_group(*, actor: Any, group: CriterionGroup) -> None:
    covenant = group.covenant
    _editable(actor, covenant)
    delete_audited(group, actor=actor, action="covenants.criteria.group_remove", target=covenant)
    renumber_rows(list(CriterionGroup.objects.filter(covenant=covenant).order_by("order", "id")))


def _move(rows: list[Any], row_id: int, direction: str) -> bool:
    if direction not in ("up", "down"):
        raise InvalidInput("Hướng di chuyển phải là «up» hoặc «down».", fields={"direction": "invalid"})
    index = next(i for i, row in enumerate(rows) if row.pk == row_id)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(rows):
        return False
    rows[index], rows[other] = rows[other], rows[index]
    renumber_rows(rows)
    return True


@transaction.atomic
def move_group(*, actor: Any, group: CriterionGroup, direction: str) -> bool:
    """Swap a group with its neighbour; False when it is already first (up) or last (down)."""
    covenant = group.covenant
    _editable(actor, covenant)
    rows = list(CriterionGroup.objects.filter(covenant=covenant).order_by("order", "id"))
    moved = _move(rows, group.pk, direction)
    if moved:
        _table_audit(actor, covenant, "group_move", {"group": group.pk, "direction": direction})
    return moved


@transaction.atomic
def add_criterion(
    *,
    actor: Any,
    group: CriterionGroup,
    name: str,
    max_points: object,
    guidance: str = "",
    evidence: str = "",
    legal_basis: str = "",
) -> Criterion:
    _editable(actor, group.covenant)
    points = parse_points(max_points)
    order = Criterion.objects.filter(group=group).count() + 1
    criterion = Criterion.objects.create(
        group=group,
        order=order,
        name=_text(name, "Nội dung tiêu chí", "name"),
        max_points=points,
        guidance=guidance.strip(),
        evidence=evidence.strip(),
        legal_basis=legal_basis.strip()[:300],
    )
    _table_audit(actor, group.covenant, "criterion_add", snapshot(criterion))
    return criterion


@transaction.atomic
def update_criterion(
    *,
    actor: Any,
    criterion: Criterion,
    name: str,
    max_points: object,
    guidance: str = "",
    evidence: str = "",
    legal_basis: str = "",
) -> Criterion:
    covenant = criterion.group.covenant
    _editable(actor, covenant)
    points = parse_points(max_points)
    return save_audited(
        criterion,
        actor=actor,
        action="covenants.criteria.criterion_update",
        target=covenant,
        changes={
            "name": _text(name, "Nội dung tiêu chí", "name"),
            "max_points": points,
            "guidance": guidance.strip(),
            "evidence": evidence.strip(),
            "legal_basis": legal_basis.strip()[:300],
        },
    )


@transaction.atomic
def remove_criterion(*, actor: Any, criterion: Criterion) -> None:
    group = criterion.group
    _editable(actor, group.covenant)
    delete_audited(
        criterion, actor=actor, action="covenants.criteria.criterion_remove", target=group.covenant
    )
    renumber_rows(list(Criterion.objects.filter(group=group).order_by("order", "id")))


@transaction.atomic
def move_criterion(*, actor: Any, criterion: Criterion, direction: str) -> bool:
    """Move a criterion within its group; at the group's edge it moves into the neighbouring group
    (last place of the group above, first place of the group below)."""
    group = criterion.group
    covenant = group.covenant
    _editable(actor, covenant)
    rows = list(Criterion.objects.filter(group=group).order_by("order", "id"))
    if _move(rows, criterion.pk, direction):
        _table_audit(actor, covenant, "criterion_move", {"criterion": criterion.pk, "direction": direction})
        return True
    groups = list(CriterionGroup.objects.filter(covenant=covenant).order_by("order", "id"))
    index = next(i for i, g in enumerate(groups) if g.pk == group.pk)
    neighbour_index = index - 1 if direction == "up" else index + 1
    if not 0 <= neighbour_index < len(groups):
        return False
    neighbour = groups[neighbour_index]
    siblings = list(Criterion.objects.filter(group=neighbour).order_by("order", "id"))
    criterion.group = neighbour
    if direction == "up":
        siblings.append(criterion)
    else:
        siblings.insert(0, criterion)
    for order, row in enumerate(siblings, start=1):
        row.order = order
        row.save(update_fields=["order", "group"] if row.pk == criterion.pk else ["order"])
    renumber_rows([r for r in rows if r.pk != criterion.pk])
    _table_audit(
        actor,
        covenant,
        "criterion_move",
        {"criterion": criterion.pk, "direction": direction, "group": neighbour.pk},
    )
    return True


@transaction.atomic
def add_score_line(*, actor: Any, covenant: Covenant, kind: str, name: str, points: object) -> ScoreLine:
    _editable(actor, covenant)
    if kind not in LineKind.values:
        raise InvalidInput(f"Loại dòng «{kind}» không hợp lệ.", fields={"kind": "invalid"})
    value = parse_points(points, label="Số điểm")
    cap = covenant.bonus_cap if kind == LineKind.BONUS else covenant.penalty_cap
    if cap and value > cap:
        raise InvalidInput(
            f"Số điểm của dòng ({value}) vượt mức trần {LineKind(kind).label.lower()} ({cap}).",
            fields={"points": "over_cap"},
        )
    order = ScoreLine.objects.filter(covenant=covenant, kind=kind).count() + 1
    line = ScoreLine.objects.create(
        covenant=covenant, kind=kind, order=order, name=_text(name, "Nội dung", "name"), points=value
    )
    _table_audit(actor, covenant, "line_add", snapshot(line))
    return line


@transaction.atomic
def remove_score_line(*, actor: Any, line: ScoreLine) -> None:
    covenant = line.covenant
    _editable(actor, covenant)
    kind = line.kind
    delete_audited(line, actor=actor, action="covenants.criteria.line_remove", target=covenant)
    renumber_rows(list(ScoreLine.objects.filter(covenant=covenant, kind=kind).order_by("order", "id")))


def get_group(covenant: Covenant, group_id: int) -> CriterionGroup:
    group = CriterionGroup.objects.filter(covenant=covenant, pk=group_id).first()
    if group is None:
        raise NotFound("Không tìm thấy nhóm tiêu chí.")
    return group
