"""Permission rules of the scoring app (see thidua.core.rules).

They reuse the covenants rules rather than re-deriving scopes: the leader's officers (and the
authority's) run the review; an officer of a member unit acts for that unit only.
"""

from __future__ import annotations

from typing import Any

from thidua.core.errors import NotFound
from thidua.core.rules import allows, rule
from thidua.covenants.rules import acts_for_member, can_lead, can_view_year
from thidua.scoring.models import Review


@rule("scoring.lead_review")
def can_lead_review(user: Any, review: Any) -> bool:
    """Open the review, assign, return and unlock sheets, record appeals, finalise."""
    return can_lead(user, review.emulation_year)


@rule("scoring.act_for_unit")
def can_act_for_unit(user: Any, review_unit: Any) -> bool:
    """Self-assess, cross-score and answer queries for one member unit: `review_unit` is (review, unit)."""
    review, unit = review_unit
    return acts_for_member(user, review.emulation_year, unit)


@rule("scoring.view_review")
def can_view_review(user: Any, review: Any) -> bool:
    """See the progress, the provisional ranking and one's own explanation: leader, members, authority."""
    return can_view_year(user, review.emulation_year)


@rule("scoring.view_scorer_names")
def can_view_scorer_names(user: Any, review: Any) -> bool:
    """Who gave which cross-score: the leader only; members see them anonymised."""
    return can_lead_review(user, review)


def visible_review(user: Any, pk: int) -> Review:
    """The review `pk` for the pages and the API, if `user` may see it; else NotFound, the same
    answer as for a review that does not exist."""
    review = (
        Review.objects.select_related("emulation_year__cluster__authority", "covenant").filter(pk=pk).first()
    )
    if review is None or not allows(user, "scoring.view_review", review):
        raise NotFound("Không tìm thấy đợt chấm điểm.")
    return review


def acting_or_leading(user: Any, review: Any, unit: Any) -> tuple[bool, bool]:
    """(acts for `unit`, leads the review) for a sheet of `unit`; NotFound when neither."""
    acts = allows(user, "scoring.act_for_unit", (review, unit))
    leads = allows(user, "scoring.lead_review", review)
    if not (acts or leads):
        raise NotFound("Không tìm thấy bảng chấm.")
    return acts, leads
