"""The audit trail in the admin: read-only, filterable by user, action and period."""

from django.contrib import admin

from access.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = (
        "at",
        "username",
        "action",
        "phone",
        "date_from",
        "date_to",
        "biz_id",
        "result_count",
        "outcome",
        "remote_addr",
    )
    list_filter = ("action", "outcome", "username", "at")
    search_fields = ("phone", "username", "biz_id")
    date_hierarchy = "at"
    readonly_fields = [field.name for field in AuditEntry._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
