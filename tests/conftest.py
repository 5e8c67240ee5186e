"""Shared fixtures: a small world with the five personas of the spec, and browser settings."""

from __future__ import annotations

import os

import pytest

from tests.factories import World, build_world, restore_migration_data

# The sync Playwright API runs an event loop; Django must still allow ORM calls from the test body.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _migration_data(request: pytest.FixtureRequest) -> None:
    # Transactional tests flush every table when they end, and pytest's fixture reordering runs the
    # browser tests (session-scoped browser) among the others: any database test may find the rows
    # the data migrations loaded gone, so each one puts them back first (one EXISTS when present).
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    if (marker and marker.kwargs.get("transaction")) or "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif marker or "db" in names:
        request.getfixturevalue("db")
    else:
        return
    restore_migration_data()


@pytest.fixture
def world(db: None) -> World:
    """A ministry with Cụm 1 (three departments, 2018), its officers and an outsider."""
    return build_world()


@pytest.fixture(autouse=True)
def _fast_hasher(settings: object) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: object) -> None:
    # Tests run jobs in-process; the database queue itself is tested in tests/core/test_jobs.py.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, object]) -> dict[str, object]:
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, object]) -> dict[str, object]:
    return {**browser_context_args, "locale": "vi-VN"}
