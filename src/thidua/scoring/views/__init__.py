"""Pages of the year-end review, one module per subject: the review overview and the leader's
actions on it (`review`), the year it is opened from (`year`), a unit's self-assessment sheet
(`sheet`), a scorer's cross-scoring sheet (`assignment`) and the ranking with its appeals and
explanations (`ranking`). Thin: services for writes, selectors and the stored outcome for reads;
each write is its own URL, a POST-only `thidua.core.pages.page_action` view."""

from thidua.scoring.views.assignment import (
    ask_query,
    assignment_export,
    assignment_import,
    assignment_page,
    save_cross,
    submit_cross,
    unlock_cross,
)
from thidua.scoring.views.ranking import answer_appeal, explain_page, finalise, open_appeals, record_appeal
from thidua.scoring.views.review import (
    declare_conflict,
    export,
    recompute,
    review_page,
    rotation_page,
    set_rotation,
    start_cross,
)
from thidua.scoring.views.sheet import (
    add_evidence,
    answer_query,
    ask_query_on_sheet,
    evidence_file,
    return_sheet,
    save_claims,
    save_sheet,
    sheet_export,
    sheet_import,
    sheet_page,
    submit_sheet,
)
from thidua.scoring.views.year import start_self_assessment, year_page

__all__ = [
    "add_evidence",
    "answer_appeal",
    "answer_query",
    "ask_query",
    "ask_query_on_sheet",
    "assignment_export",
    "assignment_import",
    "assignment_page",
    "declare_conflict",
    "evidence_file",
    "explain_page",
    "export",
    "finalise",
    "open_appeals",
    "recompute",
    "record_appeal",
    "return_sheet",
    "review_page",
    "rotation_page",
    "save_claims",
    "save_cross",
    "save_sheet",
    "set_rotation",
    "sheet_export",
    "sheet_import",
    "sheet_page",
    "start_cross",
    "start_self_assessment",
    "submit_cross",
    "submit_sheet",
    "unlock_cross",
    "year_page",
]
