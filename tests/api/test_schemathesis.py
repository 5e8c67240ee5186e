"""The whole API fuzzed from its own OpenAPI document (schemathesis), bounded for CI.

Every operation gets generated requests, anonymous and with a member officer's token; each answer
must be no server error, have a documented status and content type, and match its schema. The
examples are few per operation (`EXAMPLES`): this is a net for 500s and schema lies on every
endpoint, not an exhaustive fuzz (run `./dev test tests/api/test_schemathesis.py` with
`THIDUA_FUZZ_EXAMPLES=200` for a deeper pass).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import World
from thidua.accounts.services import create_api_token

EXAMPLES = int(os.environ.get("THIDUA_FUZZ_EXAMPLES", "8"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def _keep_the_test_connection() -> Iterator[None]:
    """Django's WSGI handler closes the database connection after each request (the test client
    does not): inside a test's transaction on PostgreSQL that would close it for good."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _headers(world: World, persona: str) -> dict[str, str]:
    if persona == "anonymous":
        return {}
    _, raw = create_api_token(actor=None, user=getattr(world, persona), name="fuzz")
    return {"Authorization": f"Bearer {raw}"}


@pytest.mark.parametrize("persona", ["anonymous", "member_officer"])
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
    database=None,
    derandomize=True,  # the same examples on every run: CI never depends on the draw
)
@pytest.mark.usefixtures("_keep_the_test_connection")
def test_api_answers_within_its_contract(case: schemathesis.Case, world: World, persona: str) -> None:
    case.call_and_validate(headers=_headers(world, persona), checks=CHECKS)
