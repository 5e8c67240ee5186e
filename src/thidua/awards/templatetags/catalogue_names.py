"""`{{ code|legal_name }}`: the legal name of a title, award form, rating, scope, discipline form
or subject kind, from the one catalogue of codes (awards/eligibility/codes.py)."""

from __future__ import annotations

from django import template

from thidua.awards.eligibility.codes import legal_name as _legal_name

register = template.Library()


@register.filter
def legal_name(code: object) -> str:
    return _legal_name(str(code)) if code else ""
