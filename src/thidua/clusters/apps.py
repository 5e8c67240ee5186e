from django.apps import AppConfig


class ClustersConfig(AppConfig):
    name = "thidua.clusters"
    label = "clusters"
    verbose_name = "Cụm, khối thi đua"

    def ready(self) -> None:
        from thidua.clusters import rules  # noqa: F401  (registers this app's permission rules)
