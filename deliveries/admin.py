"""Read-only views of the record store, for looking into what was fetched and when.

Nothing here changes the store: no adding, no editing, and no deleting, for superusers too
(stored records and fetches leave only through ``manage.py purge``, by the retention rule).
What the admin shows is personal data like the search page's, and audited like it: a listing
is a search, opening a record (whose content the admin shows unmasked) is a record view.
"""

from django.contrib import admin

from access.audit import audit_record, audit_record_view
from access.models import Action
from deliveries.models import Fetch, SmsRecord


class ReadOnlyAdmin(admin.ModelAdmin):
    # The store mirrors Alibaba Cloud: edits here would be overwritten by the next fetch.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    # Without it the admin offers neither the delete page nor the "delete selected" action.
    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if response.status_code == 200 and changelist is not None:
            searched = request.GET.get("q", "").strip()
            audit_record(
                request,
                Action.SEARCH,
                # A number searched for is the entry's phone, as Auditors look entries up by it.
                phone=searched if searched.isdigit() and len(searched) <= 20 else "",
                filters={"page": request.path, **request.GET.dict()},
                result_count=changelist.result_count,
            )
        return response


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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        record = getattr(response, "context_data", {}).get("original")
        if response.status_code == 200 and record is not None:
            audit_record_view(request, record, page="admin")
        return response
