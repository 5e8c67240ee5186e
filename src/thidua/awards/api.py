"""API of the registry and the eligibility engine; thin, calls services and selectors."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from thidua.awards import services
from thidua.awards.selectors import timeline
from thidua.core.json_input import parse_json, read_body
from thidua.core.rules import allows
from thidua.core.years import RECORD_YEARS
from thidua.organisations.models import Person

router = Router(tags=["Khen thưởng"])


class ConditionOut(Schema):
    id: str
    met: bool | None  # null: not yet known (missing data or a later procedural step)
    citation: str
    detail: str
    years: list[int]


class VerdictOut(Schema):
    verdict: str
    rule_set: str
    conditions: list[ConditionOut]
    parameters: dict[str, Any]


class EntryOut(Schema):
    code: str
    kind: str
    decision_number: str | None
    decision_date: str | None
    authority: str | None
    imported: bool
    revoked_on: str | None
    used_for: str


class InitiativeOut(Schema):
    code: str
    year: int
    scope: str
    used_for: str


class RegistryYearOut(Schema):
    year: int
    rating: str | None
    discipline: str | None
    months_worked: int | None
    statutory_leave_months: int | None
    absence_days: int | None
    entries: list[EntryOut]
    initiatives: list[InitiativeOut]


class RegistryOut(Schema):
    person_id: int
    name: str
    years: list[RegistryYearOut]


@router.post(
    "/eligibility/check",
    response=VerdictOut,
    url_name="eligibility_check",
    summary="Xét điều kiện cho một hồ sơ (case JSON)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "Hồ sơ xét khen thưởng (case JSON), như docs/eligibility.md mô tả.",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    },
)
def check(request: HttpRequest) -> dict[str, object]:
    data = parse_json(read_body(request) or b"null", field="case")
    return services.check_case(actor=request.user, data=data)


def _person(request: HttpRequest, person_id: int) -> Person:
    person = get_object_or_404(Person.objects.prefetch_related("positions__unit"), pk=person_id)
    if not allows(request.user, "awards.view_registry", person):
        raise Http404
    return person


@router.get("/people/{person_id}/registry", response=RegistryOut, summary="Sổ khen thưởng của một cá nhân")
def person_registry(request: HttpRequest, person_id: int) -> dict[str, object]:
    person = _person(request, person_id)
    years = []
    for row in sorted(timeline(person), key=lambda r: r.year):
        record = row.record
        years.append(
            {
                "year": row.year,
                "rating": (record.rating or None) if record else None,
                "discipline": (record.discipline or None) if record else None,
                "months_worked": record.months_worked if record else None,
                "statutory_leave_months": record.statutory_leave_months if record else None,
                "absence_days": record.absence_days if record else None,
                "entries": [
                    {
                        "code": c.code,
                        "kind": "title" if c.is_title else "award",
                        "decision_number": c.decision.number if c.decision else None,
                        "decision_date": c.decision.date.isoformat() if c.decision else None,
                        "authority": c.decision.authority if c.decision else None,
                        "imported": c.imported,
                        "revoked_on": c.revoked_on.isoformat() if c.revoked_on else None,
                        "used_for": c.used_for,
                    }
                    for c in [*row.titles, *row.awards]
                ],
                "initiatives": [
                    {"code": i.code, "year": i.year, "scope": i.scope, "used_for": i.used_for}
                    for i in row.initiatives
                ],
            }
        )
    return {"person_id": person.pk, "name": person.full_name, "years": years}


@router.get("/people/{person_id}/eligibility", response=VerdictOut, summary="Xét điều kiện của một cá nhân")
def person_eligibility(
    request: HttpRequest,
    person_id: int,
    target: str,
    year: int = Query(..., ge=RECORD_YEARS.first, le=RECORD_YEARS.last),
    rule_set: str | None = None,
) -> dict[str, object]:
    person = _person(request, person_id)
    verdict = services.evaluate_subject(
        actor=request.user, subject=person, target_code=target, year=year, rule_set=rule_set
    )
    return verdict.as_dict()
