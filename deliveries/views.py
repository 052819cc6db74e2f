"""The search page: a GET form, the record store made fresh, a summary and the table.

One way through: the form validates and yields a ``RecordSearch`` and ``RecordFilters``;
the service makes the store fresh (data in, data out, a failure as a value); the selector
lists the rows, counted once by the summary, and that count serves the paginator and the
audit trail alike; the template puts a failure into words through core.failures.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from access import exports
from access.models import Action
from access.roles import SEARCH, auditors_land_on_the_trail, permission_required
from core.accounts import account_labels, configured_accounts
from core.failures import Failure, late_days, words_with_request_id
from core.paging import CountedPaginator
from deliveries.catalogue_page import catalogue_for_page
from deliveries.empty_result import records_empty_result
from deliveries.exports import export_filename, records_export
from deliveries.filters import STATUS_CHOICES, SearchForm, quick_ranges
from deliveries.models import SmsRecord
from deliveries.phones import phone_place
from deliveries.progress import SearchProgress
from deliveries.record_search import RecordFilters, RecordSearch
from deliveries.replies_shown import search_replies
from deliveries.results import RangeResult
from deliveries.search_audit import search_audited
from deliveries.selectors import (
    Catalogue,
    Summary,
    records_list,
    records_summary,
    records_summary_by_phone,
)
from deliveries.services import records_refresh_range
from deliveries.tables import RecordTable

TEMPLATE = "deliveries/search.html"
RECENT_KEY = "deliveries:recent-searches"
RECENT_COUNT = 5
REFRESHED = gettext_noop("Fetched again from Alibaba Cloud.")
# What a Refresh keeps of the search when it sends the agent back to it.
KEPT_PARAMS = (
    *("phone", "date", "date_to", "biz_id", "account", "status", "template", "sign", "q"),
    *("time_from", "time_to"),
    *("per_page", "sort"),
)


# GET and Refresh's POST only: a HEAD would fetch upstream like a GET for no reader. Pages of
# personal data are never stored by the browser (Back after logging out shows nothing).
@require_http_methods(["GET", "POST"])
@never_cache
@auditors_land_on_the_trail
@permission_required(SEARCH)
def search(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return refresh(request)
    if exports.unoffered_format(request):
        return unoffered_export(request)
    form = SearchForm(request.GET if "phone" in request.GET else None, catalogue=page_catalogue())
    if not form.is_bound:
        return render(request, TEMPLATE, {"form": form, "recent": recent_searches(request)})
    if not form.is_valid():
        context = {"form": form, "quick_ranges": quick_ranges(form.today)}
        return render(request, TEMPLATE, context, status=400)
    search, filters = form.search, form.filters
    progress = SearchProgress(request.GET.get("progress"))  # the page's script asks how far
    result = records_refresh_range(search=search, progress=progress)
    records = records_list(search=search, filters=filters)
    summary = records_summary(records)
    exporting = exports.export_format(request)
    action = Action.EXPORT if exporting else Action.SEARCH
    audited = {
        "count": summary.sent,
        "export_format": exporting,
        "upstream_failed": result.troubled,
    }
    search_audited(request, action, search, filters, **audited)
    remember_search(request, search, filters)
    table = records_table(request, records, count=summary.sent, form=form)
    if exporting:
        return export(request, table, exporting, form)
    context = results_context(request, form, result, summary, records)
    return render(request, TEMPLATE, {**context, "table": table})


def page_catalogue() -> Catalogue:
    """Every account's stored template and signature lists, asked again first when old
    (``catalogue_refresh``: a failure keeps what is stored, the page goes on)."""
    return catalogue_for_page(accounts=[account.name for account in configured_accounts()])


def unoffered_export(request: HttpRequest) -> HttpResponse:
    """An export format the page does not offer: said so above the form, before any fetch."""
    form = SearchForm(request.GET if "phone" in request.GET else None)
    context = {"form": form, "export_error": exports.unoffered_message()}
    return render(request, TEMPLATE, context, status=400)


def refresh(request: HttpRequest) -> HttpResponse:
    """The Refresh button: fetch again whatever the freshness, then back to the GET page."""
    params = {name: request.POST[name] for name in KEPT_PARAMS if request.POST.get(name)}
    url = reverse("deliveries:search") + "?" + urlencode(params)
    form = SearchForm(request.POST)
    if not form.is_valid():
        return redirect(url)  # the GET page shows what is wrong with the search
    search, filters = form.search, form.filters
    result = records_refresh_range(search=search, force=True)
    count = records_list(search=search, filters=filters).count()
    search_audited(
        request, Action.REFRESH, search, filters, count=count, upstream_failed=result.troubled
    )
    if result.troubled:
        messages.error(request, refresh_problem(result))
    else:
        messages.success(request, gettext(REFRESHED))
    return redirect(url)


def account_problems(result: RangeResult) -> list[tuple[str, Failure]]:
    """(account label, its failure) for each troubled account: one banner line each, while
    the other accounts' rows are shown."""
    labels = account_labels()
    return [(labels.get(name, name), failure) for name, failure in result.account_failures]


def refresh_problem(result: RangeResult) -> str:
    """A failed Refresh in one line of core's words: the failure, then the days late."""
    said = [words_with_request_id(result.failure)] if result.failure else []
    if result.late_days:
        said.append(late_days(result.late_days))
    return " ".join(said)


def records_table(
    request: HttpRequest, records: QuerySet[SmsRecord], *, count: int, form: SearchForm
) -> RecordTable:
    """The table, sorted and paged from the request; the paginator is told the rows' count,
    and the table the time of day asked for (its nearest send is marked)."""
    table = RecordTable.for_accounts(records, several_phones=form.search.several)
    paging = {"per_page": form.rows_per_page, "paginator_class": CountedPaginator, "count": count}
    RequestConfig(request, paginate=paging).configure(table)
    table.nearest_to = form.filters.time_from or form.filters.time_to
    table.catalogue = form.catalogue  # the templates' names, the signs
    return table


def results_context(
    request: HttpRequest,
    form: SearchForm,
    result: RangeResult,
    summary: Summary,
    records: QuerySet[SmsRecord],
) -> dict:
    """What the page of a search shows; with several numbers, each number's part of the
    summary too (``by_phone``: a second, grouped count of the same rows)."""
    search, filters = form.search, form.filters
    several = search.several
    empty = records_empty_result(
        search=search, filters=filters, summary=summary, now=timezone.now()
    )
    return {
        "form": form,
        "search": search,
        "result": result,
        "fetch": result.fetch,
        "summary": summary,
        "empty": empty,
        "account_problems": account_problems(result) if form.several_accounts else [],
        "quick_ranges": quick_ranges(form.today),
        "phone_place": "" if several else phone_place(search.phone),
        "by_phone": records_summary_by_phone(records, phones=search.phones) if several else [],
        "recent": recent_searches(request),
        "replies": search_replies(user=request.user, search=search),
    }


def export(
    request: HttpRequest, table: RecordTable, export_format: str, form: SearchForm
) -> HttpResponse:
    """The whole filtered result (every page) as a file named after the search, streamed
    (``deliveries.exports``)."""
    search, filters = form.search, form.filters
    filename = export_filename(
        user=request.user, search=search, filters=filters, export_format=export_format
    )
    return records_export(
        table=table,
        search=search,
        export_format=export_format,
        filename=filename,
        user=request.user,
    )


def remember_search(request: HttpRequest, search: RecordSearch, filters: RecordFilters) -> None:
    """Keep this user's last few searches in the session, newest first, one click away."""
    params = {
        "phone": ",".join(search.phones),
        "date": search.first.isoformat(),
        "date_to": search.last.isoformat() if search.is_range else "",
        "biz_id": search.biz_id,
        **filters.audited(),
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
