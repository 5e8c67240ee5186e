from django.apps import AppConfig


class CovenantsConfig(AppConfig):
    name = "thidua.covenants"
    label = "covenants"
    verbose_name = "Giao ước thi đua"

    def ready(self) -> None:
        from thidua.covenants import rules  # noqa: F401  (registers this app's permission rules)
