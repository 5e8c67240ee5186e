"""Permission rules of the news app (see thidua.core.rules).

Editors (Role.EDITOR) write and publish articles and honour-board entries of the unit they hold the
role over, and of the units below it; administrators everywhere. Nobody else writes.
"""

from __future__ import annotations

from typing import Any

from thidua.accounts.enums import Role
from thidua.accounts.selectors import has_role, has_role_over
from thidua.core.rules import rule


def _unit_of(obj: Any) -> Any:
    """An article or honour entry answers for its unit; a unit answers for itself."""
    return getattr(obj, "unit", obj)


@rule("news.write_article")
def can_write_article(user: Any, article_or_unit: Any) -> bool:
    """Create or edit an article of a unit; with no object: may the user write for any unit at all."""
    if article_or_unit is None:
        return has_role(user, Role.EDITOR, Role.ADMINISTRATOR)
    return has_role_over(user, _unit_of(article_or_unit), Role.EDITOR)


@rule("news.publish_article")
def can_publish_article(user: Any, article: Any) -> bool:
    return has_role_over(user, _unit_of(article), Role.EDITOR)


@rule("news.manage_honour")
def can_manage_honour(user: Any, entry_or_unit: Any) -> bool:
    if entry_or_unit is None:
        return has_role(user, Role.EDITOR, Role.ADMINISTRATOR)
    return has_role_over(user, _unit_of(entry_or_unit), Role.EDITOR)
