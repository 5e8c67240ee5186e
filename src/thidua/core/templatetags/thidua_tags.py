"""Template helpers used across apps (loaded as builtins)."""

from __future__ import annotations

from typing import Any

from django import template

from thidua.core.rules import allows
from thidua.core.text import grouped

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context: Any, rule_name: str, obj: Any = None) -> bool:
    """`{% can "clusters.manage_cluster" cluster as ok %}`: the same rules the services enforce."""
    return allows(context["request"].user, rule_name, obj)


@register.simple_tag(takes_context=True)
def querystring_with(context: Any, **changes: Any) -> str:
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return "?" + params.urlencode()


@register.filter
def vi_number(value: int) -> str:
    """`{{ count|vi_number }}`: 29800 → "29.800"."""
    return grouped(int(value))
