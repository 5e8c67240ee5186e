from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "thidua.organisations"
    label = "organisations"
    verbose_name = "Cơ quan, đơn vị"

    def ready(self) -> None:
        from thidua.core.search import SearchKind, register_search_kind
        from thidua.organisations import rules  # noqa: F401  (registers this app's permission rules)
        from thidua.organisations.search import find_people, find_units

        register_search_kind(SearchKind("units", "Cơ quan, đơn vị", find_units, order=2))
        register_search_kind(SearchKind("people", "Cá nhân", find_people, order=4))
