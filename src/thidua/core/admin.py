from django.contrib import admin

from thidua.core.admin_base import ReadOnlyAdmin
from thidua.core.models import AuditEntry, JobProgress


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_label", "action", "object_repr", "request_id")
    list_filter = ("action",)
    search_fields = ("object_repr", "actor_label", "request_id")


@admin.register(JobProgress)
class JobProgressAdmin(ReadOnlyAdmin):
    list_display = ("label", "state", "done", "total", "created_at")
