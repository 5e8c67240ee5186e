from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "thidua.proposals"
    label = "proposals"
    verbose_name = "Đề nghị khen thưởng"

    def ready(self) -> None:
        from thidua.certificates.selectors import register_issuing_body
        from thidua.certificates.services import register_decision_pdf
        from thidua.clusters.enums import YearState
        from thidua.clusters.services import register_year_precondition
        from thidua.core.dashboard import register_task_provider
        from thidua.proposals import rules  # noqa: F401  (registers this app's permission rules)
        from thidua.proposals.dashboard import proposal_tasks, unit_year_tasks
        from thidua.proposals.documents import issued_decision_pdf, register_document_kinds
        from thidua.proposals.selectors import issuing_body
        from thidua.proposals.services.years import closed_check, decided_check, proposed_check

        register_year_precondition(YearState.PROPOSED, proposed_check)
        register_year_precondition(YearState.DECIDED, decided_check)
        register_year_precondition(YearState.CLOSED, closed_check)
        register_document_kinds()
        # The decision signed digitally (certificates' PAdES) is the decision as issued, not the
        # certificate register the certificates app falls back on.
        register_decision_pdf("award_decision", issued_decision_pdf)
        register_issuing_body("award_decision", issuing_body)
        register_task_provider("proposals", proposal_tasks)
        register_task_provider("proposals.unit_year", unit_year_tasks)
