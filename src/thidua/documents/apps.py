from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "thidua.documents"
    label = "documents"
    verbose_name = "Văn bản"

    def ready(self) -> None:
        from thidua.core.selfcheck import register_selfcheck_line
        from thidua.documents import rules  # noqa: F401  (registers this app's permission rules)
        from thidua.documents.selfcheck import fonts_line

        register_selfcheck_line("documents.fonts", fonts_line)
