"""Read-only views of the record store, for looking into what was fetched and when."""

from django.contrib import admin

from .models import Fetch, SmsRecord


class ReadOnlyAdmin(admin.ModelAdmin):
    # The store mirrors Alibaba Cloud: edits here would be overwritten by the next fetch.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Fetch)
class FetchAdmin(ReadOnlyAdmin):
    list_display = ("phone", "day", "biz_id", "fetched_at", "total_count", "stored_count", "capped")
    list_filter = ("day", "capped")
    search_fields = ("phone", "biz_id")
    date_hierarchy = "fetched_at"


@admin.register(SmsRecord)
class SmsRecordAdmin(ReadOnlyAdmin):
    list_display = ("phone", "send_time", "status", "err_code", "template_code", "out_id")
    list_filter = ("status", "send_day")
    search_fields = ("phone", "out_id", "template_code", "err_code")
    list_select_related = ("fetch",)
