from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "thidua.scoring"
    label = "scoring"
    verbose_name = "Chấm điểm"

    def ready(self) -> None:
        from thidua.clusters.enums import YearState
        from thidua.clusters.selectors import register_year_ranking
        from thidua.clusters.services import register_membership_listener, register_year_precondition
        from thidua.scoring import rules  # noqa: F401  (registers this app's permission rules)
        from thidua.scoring.documents import register_document_kinds
        from thidua.scoring.outcomes import members_changed
        from thidua.scoring.selectors import final_ranked_units
        from thidua.scoring.services import ranking_final_check, review_opened_check, sheets_submitted_check

        register_year_precondition(YearState.SELF_ASSESSMENT, review_opened_check)
        register_year_precondition(YearState.CROSS_SCORING, sheets_submitted_check)
        register_year_precondition(YearState.VOTING, ranking_final_check)
        register_membership_listener(members_changed)
        register_year_ranking(final_ranked_units)
        register_document_kinds()
