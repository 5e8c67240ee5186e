"""django-ninja's body parser, through the one safe JSON decoder (`thidua.core.json_input`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.parser import Parser

from thidua.core.json_input import parse_json, read_body


class SafeParser(Parser):
    """Query strings need no such care: they are strings, validated field by field by ninja."""

    def parse_body(self, request: HttpRequest) -> Any:
        return parse_json(read_body(request))
