from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "thidua.documents"
    label = "documents"
    verbose_name = "Văn bản"

    def ready(self) -> None:
        from thidua.documents import rules  # noqa: F401  (registers this app's permission rules)
