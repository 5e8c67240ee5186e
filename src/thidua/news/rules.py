"""Permission rules of the news app (see thidua.core.rules).

Editors (Role.EDITOR) write articles and honour-board entries of the unit they hold the role over,
and of the units below it. The publishing right belongs to the head of the editorial board
(Role.CHIEF_EDITOR, who also writes) and to administrators. Publishing is a four-eyes act
(product.md §7): with `settings.NEWS_FOUR_EYES` on, nobody publishes an article, or approves an edit,
that they wrote themselves. Nobody else writes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from thidua.accounts.enums import Role
from thidua.accounts.selectors import has_role, has_role_over
from thidua.core.rules import rule

WRITERS = (Role.EDITOR, Role.CHIEF_EDITOR)

#: The refusal of the four-eyes rule, said by pages, API and services alike.
OWN_WORK_MESSAGE = (
    "Bạn là người viết nội dung này nên không thể tự xuất bản hoặc tự duyệt: cần một người khác có quyền "
    "xuất bản (Trưởng ban biên tập) duyệt."
)

NO_PUBLISHING_RIGHT_MESSAGE = (
    "Bạn không có quyền xuất bản: chỉ Trưởng ban biên tập của đơn vị (hoặc quản trị hệ thống) xuất bản "
    "hoặc duyệt bản sửa của tin bài."
)


def _unit_of(obj: Any) -> Any:
    """An article, revision or honour entry answers for its unit; a unit answers for itself."""
    article = getattr(obj, "article", None)
    if article is not None:
        return article.unit
    return getattr(obj, "unit", obj)


def is_own_work(user: Any, article_or_revision: Any) -> bool:
    """Does the four-eyes rule stop this user? (The system, user None, is never stopped.)"""
    if user is None or not settings.NEWS_FOUR_EYES:
        return False
    return bool(getattr(article_or_revision, "author_id", None) == getattr(user, "pk", None))


@rule("news.write_article")
def can_write_article(user: Any, article_or_unit: Any) -> bool:
    """Create or edit an article of a unit; with no object: may the user write for any unit at all."""
    if article_or_unit is None:
        return has_role(user, *WRITERS, Role.ADMINISTRATOR)
    return has_role_over(user, _unit_of(article_or_unit), *WRITERS)


@rule("news.publishing_right")
def has_publishing_right(user: Any, article_or_unit: Any) -> bool:
    """Holds the publishing right over the unit (whoever wrote the article)."""
    if article_or_unit is None:
        return has_role(user, Role.CHIEF_EDITOR, Role.ADMINISTRATOR)
    return has_role_over(user, _unit_of(article_or_unit), Role.CHIEF_EDITOR)


@rule("news.publish_article")
def can_publish_article(user: Any, article_or_revision: Any) -> bool:
    """Publish (or schedule) this article, or approve this pending revision: the right, and not one's own."""
    return has_publishing_right(user, article_or_revision) and not is_own_work(user, article_or_revision)


@rule("news.withdraw_revision")
def can_withdraw_revision(user: Any, revision: Any) -> bool:
    """Its writer takes a pending edit back; a publisher turns it down."""
    if getattr(revision, "author_id", None) == getattr(user, "pk", None) and can_write_article(
        user, revision
    ):
        return True
    return has_publishing_right(user, revision)


@rule("news.manage_honour")
def can_manage_honour(user: Any, entry_or_unit: Any) -> bool:
    if entry_or_unit is None:
        return has_role(user, *WRITERS, Role.ADMINISTRATOR)
    return has_role_over(user, _unit_of(entry_or_unit), *WRITERS)
