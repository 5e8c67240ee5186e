from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from thidua.accounts.models import ApiToken, RoleAssignment, User
from thidua.core.admin_base import ReadOnlyAdmin


@admin.register(User)
class ThiduaUserAdmin(UserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "first_name", "last_name", "is_active")


admin.site.register(RoleAssignment, ReadOnlyAdmin)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("name", "prefix", "user", "created_at", "revoked_at")
    exclude = ("key_hash",)
