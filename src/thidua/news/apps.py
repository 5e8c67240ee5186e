from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "thidua.news"
    label = "news"
    verbose_name = "Tin bài"

    def ready(self) -> None:
        from thidua.news import rules  # noqa: F401  (registers this app's permission rules)
