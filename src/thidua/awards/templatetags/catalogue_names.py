"""`{{ code|legal_name }}`: the legal name of a title, award form, rating, scope, discipline form
or subject kind, from the one catalogue of codes (awards/eligibility/codes.py); `{{ used_for|use_text }}`:
what a stored "CODE:YEAR" use reads as on a page; `{{ code|conferred_name:decision.issuer }}`: the
award as the decision gave it ("Bằng khen của Bộ trưởng Bộ …")."""

from __future__ import annotations

from django import template

from thidua.awards.eligibility.codes import conferred_name as _conferred_name
from thidua.awards.eligibility.codes import legal_name as _legal_name

register = template.Library()


@register.filter
def legal_name(code: object) -> str:
    return _legal_name(str(code)) if code else ""


@register.filter
def use_text(used_for: object) -> str:
    """ "CSTD_BO:2020" → "Chiến sĩ thi đua bộ, ban, ngành, tỉnh năm 2020" (never the bare code)."""
    code, _, year = str(used_for or "").partition(":")
    if not code:
        return ""
    return f"{_legal_name(code)} năm {year}" if year else _legal_name(code)


@register.filter
def conferred_name(code: object, issuer: object) -> str:
    return _conferred_name(str(code), str(issuer or "")) if code else ""
