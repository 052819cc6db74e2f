"""A records search in the audit trail, as every way of searching writes it.

The search page, its Refresh and export, and the JSON API (``api``) hand over what they
already know: the validated search, its filters and the number of rows it matched. One
function, so an entry reads the same whichever way the search came in. A search of several
numbers is one entry naming them all (comma-separated, in full, as every entry names its
number: the trail is for auditors), so the trail's phone search finds it by any of them.
"""

from __future__ import annotations

from django.http import HttpRequest

from access.audit import audit_search
from deliveries.record_search import RecordFilters, RecordSearch


def search_audited(
    request: HttpRequest,
    action: str,
    search: RecordSearch,
    filters: RecordFilters,
    *,
    count: int,
    export_format: str = "",
    via: str = "",
    upstream_failed: bool = False,
) -> None:
    """The search in the audit trail, with the number of rows it matched (every page) and
    whether Alibaba Cloud failed to answer (the count is then of the stored rows only).

    ``via`` names a way in other than the page (``"api"``), for the auditors.
    """
    recorded = filters.audited()
    if via:
        recorded["via"] = via
    audit_search(
        request,
        action=action,
        phone=",".join(search.phones),
        first=search.first,
        last=search.last,
        biz_id=search.biz_id,
        filters=recorded,
        result_count=count,
        export_format=export_format,
        accounts=search.accounts,
        upstream_failed=upstream_failed,
    )
