"""Reads of the certificates app: the public lookup, officers' lists filtered to what they may see,
and the statistics of conferred titles and awards."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from thidua.accounts.access import (
    AUTHORITY_ROLES,
    REGISTRY_ROLES,
    has_any_role,
    is_administrator,
    memberships_reached,
    people_reached,
    unit_filter,
)
from thidua.awards.eligibility.codes import CERTIFICATE_BLANKS
from thidua.awards.models import Conferral
from thidua.certificates import verification
from thidua.certificates.models import Certificate
from thidua.organisations.models import Position


def certificate_by_code(text: str) -> Certificate | None:
    """The certificate a typed or scanned code names, or None (unknown, malformed or altered: the
    check symbols are tested first, so an altered code never reaches the database). One indexed
    query on the unique code, with everything the verification page shows joined in."""
    code = verification.normalise(text)
    if code is None:
        return None
    return (
        Certificate.objects.select_related("conferral")
        .only(
            "code",
            "content",
            "content_hash",
            "blank_kind",
            "revision",
            "issued_at",
            "conferral__revoked_on",
            "conferral__revocation_basis",
        )
        .filter(code=code)
        .first()
    )


def reached_q(user: Any, *, prefix: str, roles: tuple[str, ...] = REGISTRY_ROLES) -> Q | None:
    """Conferrals (at `prefix`, e.g. "conferral__") whose subject the user may see in the
    registry: people they reach (history included), units in their tree and lineage, and the member
    units of clusters they oversee as an authority. None: everything (administrator)."""
    if is_administrator(user):
        return None
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    condition = Q(**{f"{prefix}record__person__in": people_reached(user, *roles).values("pk")})
    units = unit_filter(user, *roles, path_field=f"{prefix}record__unit__path")
    if units is not None:
        condition |= units
    if set(roles) & set(AUTHORITY_ROLES):
        members = memberships_reached(user, *AUTHORITY_ROLES).values("unit_id")
        condition |= Q(**{f"{prefix}record__unit_id__in": members})
    return condition


def may_see_certificates(user: Any) -> bool:
    return has_any_role(user, *REGISTRY_ROLES)


def visible_certificates(
    user: Any, *, year: int | None = None, decision_number: str = ""
) -> QuerySet[Certificate]:
    rows = Certificate.objects.select_related(
        "conferral__decision", "conferral__record__person", "conferral__record__unit"
    ).order_by("conferral__record__year", "id")
    condition = reached_q(user, prefix="conferral__")
    if condition is not None:
        rows = rows.filter(condition)
    if year is not None:
        rows = rows.filter(conferral__record__year=year)
    if decision_number:
        rows = rows.filter(conferral__decision__number=decision_number)
    return rows


# The body that issued a registry decision, where a higher app knows it (proposals: the decision's
# body); a decision entered by hand has none. Registered in that app's AppConfig.ready().
_ISSUING_BODY: dict[str, Callable[[Any], Any]] = {}


def register_issuing_body(source: str, resolve: Callable[[Any], Any]) -> None:
    _ISSUING_BODY[source] = resolve


def issuing_body(decision: Any) -> Any:
    """The unit that issued `decision`, or None when no app knows (a decision entered by hand)."""
    for _, resolve in sorted(_ISSUING_BODY.items()):
        body = resolve(decision)
        if body is not None:
            return body
    return None


def certifiable_conferrals(decision_id: int) -> QuerySet[Conferral]:
    """The decision's entries that are printed on a certificate (the catalogue says which)."""
    certified = Q(title__code__in=CERTIFICATE_BLANKS) | Q(award_form__code__in=CERTIFICATE_BLANKS)
    return (
        Conferral.objects.filter(certified, decision_id=decision_id)
        .select_related("record__person", "record__unit", "title", "award_form", "decision")
        .order_by("id")
    )


def position_in_year(person_id: int, year: int) -> Position | None:
    """The post the person held at the end of the achievement year (the latest one that started
    by 31/12 and had not ended before 01/01)."""
    return (
        Position.objects.select_related("unit")
        .filter(person_id=person_id, start__year__lte=year)
        .filter(Q(end__isnull=True) | Q(end__year__gte=year))
        .order_by("-start", "-id")
        .first()
    )


# --- statistics ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """Active (not revoked) entries from decisions, counted by one grouping."""

    label: str
    collectives: int
    people: int

    @property
    def total(self) -> int:
        return self.collectives + self.people


def statistics_rows(user: Any, *, year: int) -> QuerySet[Conferral]:
    """The year's active entries from decisions that the user may see, with the subject's unit
    (a person's: the post held at the end of the year) annotated: one query per grouping."""
    post = (
        Position.objects.filter(person_id=OuterRef("record__person_id"), start__year__lte=year)
        .filter(Q(end__isnull=True) | Q(end__year__gte=year))
        .order_by("-start", "-id")
    )
    rows = Conferral.objects.filter(
        record__year=year, revoked_on__isnull=True, decision__isnull=False
    ).annotate(
        code_value=Coalesce(F("title__code"), F("award_form__code")),
        unit_name=Coalesce(F("record__unit__name"), Subquery(post.values("unit__name")[:1])),
    )
    condition = reached_q(user, prefix="")
    return rows if condition is None else rows.filter(condition)


def _grouped(rows: QuerySet[Conferral], field: str) -> list[Counts]:
    grouped = (
        rows.values(field)
        .annotate(
            people=Count("id", filter=Q(record__person__isnull=False)),
            collectives=Count("id", filter=Q(record__unit__isnull=False)),
        )
        .order_by(field)
    )
    return [Counts(str(row[field] or "—"), row["collectives"], row["people"]) for row in grouped]


def counts_by(user: Any, *, year: int, by: str) -> list[Counts]:
    """`by`: "authority" (the decision's issuing body), "code" (title or award form), "unit"."""
    field = {"authority": "decision__authority", "code": "code_value", "unit": "unit_name"}[by]
    return _grouped(statistics_rows(user, year=year), field)


def counts_by_year(user: Any, *, first: int, last: int) -> list[Counts]:
    rows = Conferral.objects.filter(
        record__year__gte=first, record__year__lte=last, revoked_on__isnull=True, decision__isnull=False
    )
    condition = reached_q(user, prefix="")
    if condition is not None:
        rows = rows.filter(condition)
    return _grouped(rows, "record__year")
