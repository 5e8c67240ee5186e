"""Browser fixtures: pages answer "OK" to the confirmations of destructive and state-changing
actions (`data-confirm`, `hx-confirm`) as an officer would, and record what they asked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Dialog, Page


@pytest.fixture
def page(page: Page) -> Iterator[Page]:
    asked: list[str] = []

    def accept(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.confirmations = asked  # type: ignore[attr-defined]
    page.accept_dialogs = accept  # type: ignore[attr-defined]
    page.on("dialog", accept)
    return page
