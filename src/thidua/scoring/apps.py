from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "thidua.scoring"
    label = "scoring"
    verbose_name = "Chấm điểm"

    def ready(self) -> None:
        from thidua.clusters.enums import YearState
        from thidua.clusters.services import register_year_precondition
        from thidua.scoring import rules  # noqa: F401  (registers this app's permission rules)
        from thidua.scoring.documents import register_document_kinds
        from thidua.scoring.services import ranking_final_check, review_opened_check, sheets_submitted_check

        register_year_precondition(YearState.SELF_ASSESSMENT, review_opened_check)
        register_year_precondition(YearState.CROSS_SCORING, sheets_submitted_check)
        register_year_precondition(YearState.VOTING, ranking_final_check)
        register_document_kinds()
