"""The search page: a GET form, the record store made fresh, a summary and the table."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig
from django_tables2.export import TableExport

from access import exports
from access.audit import audit_refresh, audit_search
from access.display import phone_text
from access.roles import SEARCH, permission_required
from deliveries.filters import STATUS_CHOICES, RecordFilter, quick_ranges
from deliveries.models import SmsRecord
from deliveries.phones import phone_place
from deliveries.selectors import records_summary
from deliveries.services import RangeResult, records_refresh_range
from deliveries.tables import RecordTable

TEMPLATE = "deliveries/search.html"
RECENT_KEY = "deliveries:recent-searches"
RECENT_COUNT = 5
REFRESHED = gettext_noop("Fetched again from Alibaba Cloud.")
# What a Refresh keeps of the search when it sends the agent back to it.
KEPT_PARAMS = (
    "phone",
    "date",
    "date_to",
    "biz_id",
    "status",
    "template",
    "q",
    "per_page",
    "sort",
)


# GET and Refresh's POST only: a HEAD would fetch upstream like a GET for no reader. Pages of
# personal data are never stored by the browser (Back after logging out shows nothing).
@require_http_methods(["GET", "POST"])
@never_cache
@permission_required(SEARCH)
@audit_search
def search(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return refresh(request)
    if exports.unoffered_format(request):
        return unoffered_export(request)
    searched = "phone" in request.GET
    filterset = RecordFilter(request.GET if searched else None, queryset=SmsRecord.objects.all())
    if not searched:
        return render(request, TEMPLATE, {"filter": filterset, "recent": recent_searches(request)})
    if not filterset.is_valid():
        return render(request, TEMPLATE, {"filter": filterset}, status=400)
    result = records_refresh_range(**filterset.days)
    remember_search(request, filterset)
    context = results_context(request, filterset, result)
    context["recent"] = recent_searches(request)
    exporting = exports.export_format(request)
    if exporting:
        return export(request, context["table"], exporting, filterset)
    return render(request, TEMPLATE, context)


def unoffered_export(request: HttpRequest) -> HttpResponse:
    """An export format the page does not offer: said so above the form, before any fetch."""
    data = request.GET if "phone" in request.GET else None
    filterset = RecordFilter(data, queryset=SmsRecord.objects.none())
    context = {"filter": filterset, "export_error": exports.unoffered_message()}
    return render(request, TEMPLATE, context, status=400)


def export(
    request: HttpRequest, table: RecordTable, export_format: str, filterset: RecordFilter
) -> HttpResponse:
    """The whole filtered result (every page) as a file named after the phone and the days.

    The name masks the number as the rows do for roles that see numbers masked (a file travels
    further than the page), with ``x`` for ``*``, which file systems refuse.
    """
    days = filterset.days
    phone = phone_text(request.user, days["phone"]).replace("*", "x")
    span = f"{days['first']:%Y%m%d}"
    if days["last"] != days["first"]:
        span += f"-{days['last']:%Y%m%d}"
    return TableExport(export_format, table).response(f"sms-{phone}-{span}.{export_format}")


def remember_search(request: HttpRequest, filterset: RecordFilter) -> None:
    """Keep this user's last few searches in the session, newest first, one click away."""
    cleaned = filterset.form.cleaned_data
    params = {
        "phone": cleaned["phone"],
        "date": cleaned["date"].isoformat(),
        "date_to": cleaned["date_to"].isoformat() if cleaned.get("date_to") else "",
        "biz_id": cleaned["biz_id"],
        "status": cleaned.get("status") or "",
        "template": cleaned.get("template") or "",
        "q": cleaned.get("q") or "",
    }
    params = {name: value for name, value in params.items() if value}
    recent = [p for p in request.session.get(RECENT_KEY, []) if p != params]
    request.session[RECENT_KEY] = [params, *recent][:RECENT_COUNT]


def recent_searches(request: HttpRequest) -> list[dict]:
    """The remembered searches as links: their parameters, the status in words, the query."""
    status_labels = dict(STATUS_CHOICES)
    return [
        {
            "params": params,
            "status": status_labels.get(params.get("status", ""), ""),
            "query": urlencode(params),
        }
        for params in request.session.get(RECENT_KEY, [])
    ]


def refresh(request: HttpRequest) -> HttpResponse:
    """The Refresh button: fetch again whatever the freshness, then back to the GET page."""
    params = {name: request.POST[name] for name in KEPT_PARAMS if request.POST.get(name)}
    url = reverse("deliveries:search") + "?" + urlencode(params)
    filterset = RecordFilter(request.POST, queryset=SmsRecord.objects.none())
    if not filterset.is_valid():
        return redirect(url)  # the GET page shows what is wrong with the search
    result = records_refresh_range(**filterset.days, force=True)
    audit_refresh(request)
    if result.problem:
        request_id = f" (RequestId {result.request_id})" if result.request_id else ""
        messages.error(request, result.problem + request_id)
    else:
        messages.success(request, gettext(REFRESHED))
    return redirect(url)


def results_context(request: HttpRequest, filterset: RecordFilter, result: RangeResult) -> dict:
    # One list over every day of the range, newest first (within a day, upstream's order).
    records = filterset.qs.order_by("-send_day", "position")
    table = RecordTable(records)
    RequestConfig(request, paginate={"per_page": filterset.per_page}).configure(table)
    return {
        "filter": filterset,
        "search": filterset.search,
        "result": result,
        "fetch": result.fetch,
        "table": table,
        "summary": records_summary(records),
        "last_day": filterset.last_day,
        "quick_ranges": quick_ranges(timezone.localdate()),
        "phone_place": phone_place(filterset.search["phone"]),
    }
