from django.contrib import admin

from thidua.core.admin_base import ReadOnlyAdmin
from thidua.organisations.models import LineageEvent, Person, Position, Province, Unit


@admin.register(Province)
class ProvinceAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "is_current", "successor")
    list_filter = ("is_current",)


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind", "province", "active_from", "active_to")
    list_filter = ("kind",)
    search_fields = ("code", "name", "short_name")


@admin.register(LineageEvent)
class LineageEventAdmin(ReadOnlyAdmin):
    list_display = ("kind", "date", "legal_basis")


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("full_name", "birth_year", "masked_citizen_id")
    search_fields = ("given_name", "family_name")
    exclude = ("citizen_id_hash",)


@admin.register(Position)
class PositionAdmin(ReadOnlyAdmin):
    list_display = ("person", "title", "unit", "start", "end")
