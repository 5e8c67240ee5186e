from django.apps import AppConfig


class CovenantsConfig(AppConfig):
    name = "thidua.covenants"
    label = "covenants"
    verbose_name = "Giao ước thi đua"

    def ready(self) -> None:
        from thidua.clusters.enums import YearState
        from thidua.clusters.services import register_year_precondition
        from thidua.core.dashboard import register_task_provider
        from thidua.covenants import rules  # noqa: F401  (registers this app's permission rules)
        from thidua.covenants.dashboard import covenant_tasks
        from thidua.covenants.document_kinds import register_document_kinds
        from thidua.covenants.services import covenant_in_force_check

        register_year_precondition(YearState.COVENANT_SIGNED, covenant_in_force_check)
        register_task_provider("covenants", covenant_tasks)
        register_document_kinds()
