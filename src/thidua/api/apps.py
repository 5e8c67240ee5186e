from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "thidua.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from thidua.api import rules  # noqa: F401  (registers this app's permission rules)
