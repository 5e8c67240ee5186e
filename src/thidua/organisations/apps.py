from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "thidua.organisations"
    label = "organisations"
    verbose_name = "Cơ quan, đơn vị"

    def ready(self) -> None:
        from thidua.organisations import rules  # noqa: F401  (registers this app's permission rules)
