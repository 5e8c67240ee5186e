from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "thidua.scoring"
    label = "scoring"
    verbose_name = "Chấm điểm"

    def ready(self) -> None:
        from thidua.scoring import rules  # noqa: F401  (registers this app's permission rules)
