from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "thidua.voting"
    label = "voting"
    verbose_name = "Bỏ phiếu"

    def ready(self) -> None:
        from thidua.voting import rules  # noqa: F401  (registers this app's permission rules)
        from thidua.voting.documents import register_document_kinds

        register_document_kinds()
