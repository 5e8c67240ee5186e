"""Reads of plans, covenants, signatures and registrations."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from thidua.accounts.access import is_administrator, unit_filter
from thidua.accounts.enums import Role
from thidua.accounts.selectors import has_role_over
from thidua.awards.eligibility.codes import legal_name
from thidua.clusters.enums import YearState
from thidua.clusters.models import Cluster, ClusterLeadership, ClusterMembership, Conference, EmulationYear
from thidua.clusters.selectors import members_for
from thidua.core.audit import snapshot
from thidua.covenants.enums import CovenantStatus, LineKind, PlanStatus
from thidua.covenants.models import (
    Covenant,
    Criterion,
    CriterionGroup,
    Plan,
    PlanComment,
    PlanItem,
    Registration,
    RegistrationEntry,
    Signature,
)
from thidua.covenants.rules import UNIT_ROLES
from thidua.organisations.models import Position, Unit


def emulation_year_for(*, cluster: Cluster, year: int) -> EmulationYear | None:
    return (
        EmulationYear.objects.select_related("cluster__authority").filter(cluster=cluster, year=year).first()
    )


def emulation_years() -> QuerySet[EmulationYear]:
    return EmulationYear.objects.select_related("cluster__authority").order_by(
        "-year", "cluster__number", "id"
    )


def member_units(emulation_year: EmulationYear) -> list[Unit]:
    return list(members_for(cluster=emulation_year.cluster, year=emulation_year.year))


def units_user_acts_for(user: Any, emulation_year: EmulationYear) -> list[Unit]:
    """Member units of the year this user signs, comments and registers for."""
    return [unit for unit in member_units(emulation_year) if has_role_over(user, unit, *UNIT_ROLES)]


def plan_with_items(emulation_year: EmulationYear) -> Plan | None:
    return (
        Plan.objects.filter(emulation_year=emulation_year)
        .select_related("adopted_at")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=PlanItem.objects.select_related("responsible_unit").prefetch_related(
                    Prefetch("comments", queryset=PlanComment.objects.select_related("author", "unit"))
                ),
            )
        )
        .first()
    )


def covenant_snapshot(covenant: Covenant) -> dict[str, Any]:
    """The audit snapshot of a covenant (its signed file by name)."""
    names = [f.name for f in Covenant._meta.concrete_fields if f.name != "signed_pdf"]
    return {**snapshot(covenant, fields=names), "signed_pdf": covenant.signed_pdf.name or ""}


def current_covenant(emulation_year: EmulationYear) -> Covenant | None:
    """The newest version (draft, signing or in force)."""
    return (
        Covenant.objects.filter(emulation_year=emulation_year)
        .exclude(status=CovenantStatus.SUPERSEDED)
        .order_by("-version")
        .first()
    )


def covenant_table(covenant: Covenant) -> Covenant:
    """The covenant with its groups, criteria and lines loaded in two queries."""
    groups = list(
        CriterionGroup.objects.filter(covenant=covenant).prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("order", "id"))
        )
    )
    covenant.loaded_groups = groups  # type: ignore[attr-defined]
    lines = list(covenant.lines.all())
    covenant.bonus_lines = [line for line in lines if line.kind == LineKind.BONUS]  # type: ignore[attr-defined]
    covenant.penalty_lines = [line for line in lines if line.kind == LineKind.PENALTY]  # type: ignore[attr-defined]
    # One numbering for the page, the documents and Excel (see numbered_table).
    number = 0
    for index, group in enumerate(groups, start=1):
        group.number = roman(index)  # type: ignore[attr-defined]
        for criterion in group.criteria.all():
            number += 1
            criterion.number = str(number)  # type: ignore[attr-defined]
    for kind_lines in (covenant.bonus_lines, covenant.penalty_lines):  # type: ignore[attr-defined]
        for order, line in enumerate(kind_lines, start=1):
            line.number = str(order)
    return covenant


@dataclass(frozen=True)
class TotalsReport:
    total: Decimal
    groups_sum: Decimal
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def totals_report(covenant: Covenant) -> TotalsReport:
    """Do the group maxima add up to the total, and each group's criteria to the group's maximum?"""
    groups = list(CriterionGroup.objects.filter(covenant=covenant).prefetch_related("criteria"))
    return totals_of(
        total=covenant.total_points,
        groups=[(g.order, g.name, g.max_points, [c.max_points for c in g.criteria.all()]) for g in groups],
    )


def totals_of(*, total: Decimal, groups: list[tuple[int, str, Decimal, list[Decimal]]]) -> TotalsReport:
    problems: list[str] = []
    if not groups:
        problems.append("Bảng tiêu chí chưa có nhóm nào.")
    groups_sum = sum((max_points for _, _, max_points, _ in groups), Decimal(0))
    if groups and groups_sum != total:
        problems.append(
            f"Tổng điểm tối đa của các nhóm là {format_points(groups_sum)}, "
            f"khác tổng điểm giao ước {format_points(total)}."
        )
    for index, (_, name, max_points, criteria) in enumerate(groups, start=1):
        criteria_sum = sum(criteria, Decimal(0))
        if not criteria:
            problems.append(f"Nhóm {roman(index)} «{name}» chưa có tiêu chí nào.")
        elif criteria_sum != max_points:
            problems.append(
                f"Nhóm {roman(index)} «{name}»: các tiêu chí cộng lại {format_points(criteria_sum)} điểm, "
                f"khác điểm tối đa của nhóm {format_points(max_points)}."
            )
    return TotalsReport(total=total, groups_sum=groups_sum, problems=tuple(problems))


_ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(number: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while number >= value:
            out += letters
            number -= value
    return out


@dataclass(frozen=True)
class NumberedRow:
    """One line of the criteria table as every output numbers it: groups I, II, …; criteria
    1, 2, … running through the table; bonus and penalty sections after the groups with their
    own Roman numeral, their lines 1, 2, … within the section."""

    kind: str  # "group", "criterion", "total", "section", "line"
    number: str
    name: str
    points: str
    item: Any = None


def numbered_table(covenant: Covenant) -> list[NumberedRow]:
    """The rows of the page, the PDF/DOCX and the Excel export, numbered once (call
    `covenant_table` first)."""
    rows: list[NumberedRow] = []
    number = 0
    groups = covenant.loaded_groups  # type: ignore[attr-defined]
    for index, group in enumerate(groups, start=1):
        rows.append(NumberedRow("group", roman(index), group.name, format_points(group.max_points), group))
        for criterion in group.criteria.all():
            number += 1
            rows.append(
                NumberedRow(
                    "criterion", str(number), criterion.name, format_points(criterion.max_points), criterion
                )
            )
    rows.append(NumberedRow("total", "", "Cộng điểm tiêu chí", format_points(covenant.total_points)))
    section = len(groups)
    for label, lines, cap, sign in (
        ("Điểm thưởng", covenant.bonus_lines, covenant.bonus_cap, "+"),  # type: ignore[attr-defined]
        ("Điểm trừ", covenant.penalty_lines, covenant.penalty_cap, "−"),  # type: ignore[attr-defined]
    ):
        if not lines:
            continue
        section += 1
        cap_text = f" (tối đa {format_points(cap)} điểm)" if cap else ""
        rows.append(NumberedRow("section", roman(section), label + cap_text, ""))
        rows.extend(
            NumberedRow("line", str(order), line.name, sign + format_points(line.points), line)
            for order, line in enumerate(lines, start=1)
        )
    return rows


def format_points(value: Decimal) -> str:
    """Vietnamese number: "12,5", "100"."""
    return format(Decimal(value).normalize(), "f").replace(".", ",")


def signatures_of(covenant: Covenant) -> QuerySet[Signature]:
    return Signature.objects.filter(covenant=covenant).select_related("unit").order_by("unit__sort_key")


@dataclass(frozen=True)
class SigningProgress:
    signed: list[Signature]
    missing: list[Unit]

    @property
    def complete(self) -> bool:
        return bool(self.signed) and not self.missing

    @property
    def total(self) -> int:
        return len(self.signed) + len(self.missing)


def signing_progress(covenant: Covenant) -> SigningProgress:
    signed = list(signatures_of(covenant))
    signed_ids = {s.unit_id for s in signed}
    missing = [unit for unit in member_units(covenant.emulation_year) if unit.pk not in signed_ids]
    return SigningProgress(signed=signed, missing=missing)


def registrations_of(emulation_year: EmulationYear) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(emulation_year=emulation_year)
        .select_related("unit")
        .prefetch_related(
            Prefetch("entries", queryset=RegistrationEntry.objects.order_by("subject_kind", "order"))
        )
        .order_by("unit__sort_key")
    )


def registration_rows(emulation_year: EmulationYear) -> list[tuple[str, str, str, str, str]]:
    """Summary rows: unit, subject (collective or person), position, target code, target name."""
    from thidua.covenants.enums import SubjectKind

    rows = []
    for registration in registrations_of(emulation_year):
        for entry in registration.entries.all():
            label = legal_name(entry.target)
            if entry.subject_kind == SubjectKind.COLLECTIVE:
                rows.append((registration.unit.name, "Tập thể", "", entry.target, label))
            else:
                rows.append(
                    (registration.unit.name, entry.person_name, entry.person_position, entry.target, label)
                )
    return rows


def unregistered_units(emulation_year: EmulationYear) -> list[Unit]:
    """Member units of the year that have not registered yet, in Vietnamese order."""
    registered = set(
        Registration.objects.filter(emulation_year=emulation_year).values_list("unit_id", flat=True)
    )
    return [unit for unit in member_units(emulation_year) if unit.pk not in registered]


def staff_on(unit: Unit, on: datetime.date) -> list[Position]:
    """The unit's posts current on `on` (begun by then, not ended before), head first, then by name:
    the people a unit registers for the year (one query)."""
    return list(
        Position.objects.filter(unit=unit, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .select_related("person")
        .order_by("-is_head", "person__sort_key", "id")
    )


def registration_day(emulation_year: EmulationYear, today: datetime.date) -> datetime.date:
    """The day whose staff a registration lists: today, or the year's last day for a past year."""
    return min(today, datetime.date(emulation_year.year, 12, 31))


# --- visibility by user: the rules of covenants.rules as filters, for lists ----------------------


def viewable_years(user: Any) -> QuerySet[EmulationYear]:
    """Years whose drafts the user may see (`covenants.view_year`): the authority's officers and
    council, the leader's officers that year, the member units' officers that year. A few indexed
    conditions (path prefixes, two EXISTS on (cluster, year)), not a loop over years."""
    years = EmulationYear.objects.all()
    if is_administrator(user):
        return years
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return years.none()
    authority = unit_filter(
        user, Role.MINISTRY_OFFICER, Role.COUNCIL_MEMBER, path_field="cluster__authority__path"
    )
    leader = unit_filter(user, Role.CLUSTER_LEADER_OFFICER, path_field="leader__path")
    member = unit_filter(user, *UNIT_ROLES, path_field="unit__path")
    leads = ClusterLeadership.objects.filter(leader, cluster_id=OuterRef("cluster_id"), year=OuterRef("year"))
    takes_part = ClusterMembership.objects.filter(
        member, cluster_id=OuterRef("cluster_id"), year=OuterRef("year")
    )
    return years.filter(Q(authority) | Exists(leads) | Exists(takes_part))


def visible_plans(user: Any) -> QuerySet[Plan]:
    """Plans the user may read (`covenants.view_plan`): every adopted plan, drafts of viewable years."""
    return Plan.objects.filter(Q(status=PlanStatus.ADOPTED) | Q(emulation_year__in=viewable_years(user)))


def visible_covenants(user: Any) -> QuerySet[Covenant]:
    """Covenants the user may read (`covenants.view_covenant`): in force, or of a viewable year."""
    return Covenant.objects.filter(
        Q(status=CovenantStatus.IN_FORCE) | Q(emulation_year__in=viewable_years(user))
    )


def visible_conferences(user: Any) -> QuerySet[Conference]:
    """Conferences whose minutes and photos the user may see (`covenants.view_conference`): every
    one once its year is past planning; before that those of the years the user may view; and for a
    year not opened yet, those the user leads (`clusters.lead_year`: the authority's ministry
    officers, the leader's officers that year)."""
    if is_administrator(user):
        return Conference.objects.all()
    same_year = {"cluster_id": OuterRef("cluster_id"), "year": OuterRef("year")}
    opened = EmulationYear.objects.filter(**same_year)
    past_planning = opened.exclude(state=YearState.PLANNING)
    viewable = viewable_years(user).filter(**same_year)
    authority = unit_filter(user, Role.MINISTRY_OFFICER, path_field="cluster__authority__path")
    leader = unit_filter(user, Role.CLUSTER_LEADER_OFFICER, path_field="leader__path")
    leads = ClusterLeadership.objects.filter(leader, **same_year)
    not_opened_but_led = ~Exists(opened) & (Q(authority) | Exists(leads))
    return Conference.objects.filter(Exists(past_planning) | Exists(viewable) | not_opened_but_led)
