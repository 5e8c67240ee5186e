"""Services of the year-end review (keyword-only, typed: permission → validate → change → save → audit)."""

from .cross import (
    answer_evidence_query,
    ask_evidence_query,
    assign_cross_scoring,
    declare_conflict,
    save_cross_scores,
    submit_cross_scores,
    unlock_cross_scores,
)
from .review import (
    answer_appeal,
    finalise_ranking,
    open_appeals,
    ranking_final_check,
    record_appeal,
    review_opened_check,
    sheets_submitted_check,
    start_cross_scoring,
    start_self_assessment,
    start_voting,
)
from .score_sheet import export_sheet, import_score_sheet
from .sheets import add_evidence, return_self_assessment, save_self_assessment, submit_self_assessment

__all__ = [
    "add_evidence",
    "answer_appeal",
    "answer_evidence_query",
    "ask_evidence_query",
    "assign_cross_scoring",
    "declare_conflict",
    "export_sheet",
    "finalise_ranking",
    "import_score_sheet",
    "open_appeals",
    "ranking_final_check",
    "record_appeal",
    "return_self_assessment",
    "review_opened_check",
    "save_cross_scores",
    "save_self_assessment",
    "sheets_submitted_check",
    "start_cross_scoring",
    "start_self_assessment",
    "start_voting",
    "submit_cross_scores",
    "submit_self_assessment",
    "unlock_cross_scores",
]
