from django.apps import AppConfig


class ClustersConfig(AppConfig):
    name = "thidua.clusters"
    label = "clusters"
    verbose_name = "Cụm, khối thi đua"

    def ready(self) -> None:
        from thidua.clusters import rules  # noqa: F401  (registers this app's permission rules)
        from thidua.clusters.dashboard import clusters_panel
        from thidua.core.dashboard import register_dashboard_panel

        register_dashboard_panel("clusters", clusters_panel)

        from thidua.clusters.search import find_clusters
        from thidua.core.search import SearchKind, register_search_kind

        register_search_kind(SearchKind("clusters", "Cụm, khối thi đua", find_clusters, order=3))
