"""Pages of the registry: people list, timelines, eligibility, catalogue, rule sets, parameters."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from thidua.awards import services
from thidua.awards.eligibility.codes import NAME_VI
from thidua.awards.eligibility.parameters import PARAMETERS
from thidua.awards.eligibility.rulesets import ALL_RULE_SETS, KNOWN_CODES, rule_set_title
from thidua.awards.presentation import (
    CONFIDENCE_VI,
    describe_rule_set,
    parameter_label,
    parameter_value,
    parse_parameter_value,
)
from thidua.awards.selectors import (
    catalogue,
    latest_year_with_data,
    registry_people,
    stored_parameters,
    timeline,
)
from thidua.awards.services.evaluation import person_page, targets_for
from thidua.core.errors import DomainError
from thidua.core.rules import allows
from thidua.core.years import RECORD_YEARS, parse_optional_year, parse_year
from thidua.organisations.models import Person, Unit

PAGE_SIZE = 50


def _person(request: HttpRequest, pk: int) -> Person:
    person = get_object_or_404(Person.objects.prefetch_related("positions__unit"), pk=pk)
    if not allows(request.user, "awards.view_registry", person):
        raise Http404  # whether a person exists is itself personal data
    return person


@login_required
def people(request: HttpRequest) -> HttpResponse:
    page = Paginator(registry_people(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "awards/people.html", {"page": page})


@login_required
def person_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    return render(
        request,
        "awards/timeline.html",
        {"subject": person, "name": person.full_name, "years": timeline(person), "is_person": True},
    )


def _current_year() -> int:
    return timezone.localdate().year


def _default_year(subject: Person | Unit) -> int:
    """The latest achievement year with data for the subject (issue 12: the calendar year usually
    has no record yet, and every condition would read "not yet known"); else the current year in
    Vietnam."""
    return latest_year_with_data(subject, default=_current_year())


@login_required
def unit_timeline(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    if not allows(request.user, "awards.view_registry", unit):
        raise Http404
    error, status = "", 200
    try:
        year = parse_optional_year(request.GET.get("year"), years=RECORD_YEARS, default=_default_year(unit))
        assert year is not None
        outlook = services.outlook_for(actor=request.user, subject=unit, year=year, max_missing=99)
    except DomainError as exc:
        year, outlook, error, status = _default_year(unit), [], exc.message, exc.http_status
    context = {
        "subject": unit,
        "name": unit.name,
        "years": timeline(unit),
        "is_person": False,
        "outlook": [(item, rule_set_title(item.rule_set)) for item in outlook],
        "outlook_year": year,
        "error": error,
    }
    return render(request, "awards/timeline.html", context, status=status)


@login_required
def person_eligibility(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    targets = targets_for(person)
    target = request.GET.get("target", "CSTDCS")
    year_text = request.GET.get("year", "").strip() or str(_default_year(person))
    rule_set = request.GET.get("rule_set") or None
    context: dict[str, Any] = {
        "person": person,
        "targets": [(code, NAME_VI[code]) for code in targets],
        "target": target,
        "year": year_text,
        "rule_set": rule_set or "",
        "rule_sets": [(r.code, r.title) for r in ALL_RULE_SETS],
    }
    status = 200
    try:
        year = parse_year(year_text, years=RECORD_YEARS)
        page = person_page(
            actor=request.user, subject=person, target_code=target, year=year, rule_set=rule_set
        )
        context["verdict"] = page.verdict
        context["rule_set_title"] = rule_set_title(page.verdict.rule_set)
        context["prospects"] = [(NAME_VI[p.target], p) for p in page.prospects.prospects]
        context["findings"] = page.prospects.findings
    except DomainError as exc:
        context["error"], status = exc.message, exc.http_status
    context["target_name"] = NAME_VI.get(target, target)
    return render(request, "awards/eligibility.html", context, status=status)


def catalogue_page(request: HttpRequest) -> HttpResponse:
    titles, awards = catalogue()
    context = {"titles": titles, "awards": awards, "rule_sets": ALL_RULE_SETS}
    return render(request, "awards/catalogue.html", context)


def rule_set_page(request: HttpRequest, code: str) -> HttpResponse:
    rule_set = KNOWN_CODES.get(code)
    if rule_set is None:
        raise Http404
    return render(
        request,
        "awards/rule_set.html",
        {"rule_set": rule_set, "rules": describe_rule_set(rule_set), "all": ALL_RULE_SETS},
    )


@login_required
def parameters_page(request: HttpRequest, code: str) -> HttpResponse:
    if code not in KNOWN_CODES:
        raise Http404
    can_change = allows(request.user, "awards.change_parameters")
    if request.method == "POST":
        try:
            name = request.POST.get("name", "")
            spec = PARAMETERS.get(name)
            if spec is None:
                raise Http404
            value = parse_parameter_value(spec, request.POST.get("value", ""))
            services.set_rule_parameter(actor=request.user, rule_set=code, name=name, value=value)
            messages.success(request, f"Đã lưu tham số «{parameter_label(spec)[0]}».")
            return redirect("awards:parameters", code=code)
        except DomainError as exc:
            messages.error(request, exc.message)
    stored = stored_parameters()
    rows = []
    for name, spec in PARAMETERS.items():
        label, explanation = parameter_label(spec)
        default = KNOWN_CODES[code].parameter_defaults.get(name, spec.default)
        rows.append(
            {
                "spec": spec,
                "label": label,
                "explanation": explanation,
                "is_set": (code, name) in stored,
                "stored": parameter_value(spec, stored.get((code, name))),
                "rule_default": parameter_value(spec, default),
                "confidence": CONFIDENCE_VI.get(spec.confidence, spec.confidence),
                "choices": [(c, parameter_value(spec, c)) for c in spec.choices],
            }
        )
    return render(
        request,
        "awards/parameters.html",
        {"code": code, "rule_set": KNOWN_CODES[code], "rows": rows, "can_change": can_change},
    )
