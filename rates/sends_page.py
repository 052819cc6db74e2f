"""The All sends page around its table: quick windows, the audit entry, the setup notice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tables2 import RequestConfig

from access.audit import audit_record
from access.models import Action, Outcome
from core.paging import CountedPaginator
from rates.sends import SendsSummary, receipts_ever_arrived
from rates.sends_form import PER_PAGE, SendsForm, SendsQuery
from rates.sends_setup import push_setups, pushes_configured
from rates.sends_table import SendsTable

WINDOW_FORMAT = "%Y-%m-%dT%H:%M"
# What a window keeps of the filters when a quick choice changes it.
KEPT_FILTERS = ("status", "error_code", "account", "template", "sign", "carrier", "region")
QUICK_WINDOWS = (
    (_("Last hour"), timedelta(hours=1)),
    (_("Last 24 hours"), timedelta(hours=24)),
    (_("Last 7 days"), timedelta(days=7)),
)


@dataclass(frozen=True)
class QuickWindow:
    label: str
    url: str


def quick_windows(params, now: datetime) -> list[QuickWindow]:
    """One-click windows ending now, keeping the page's filters: "every failure in the last
    hour" is the Status filter and one click."""
    local = timezone.localtime(now)
    kept = {name: params[name] for name in KEPT_FILTERS if params.get(name)}
    windows = []
    for label, length in QUICK_WINDOWS:
        since = (local - length).strftime(WINDOW_FORMAT)
        windows.append(QuickWindow(label=str(label), url="?" + urlencode({"since": since, **kept})))
    today = local.replace(hour=0, minute=0).strftime(WINDOW_FORMAT)
    windows.insert(
        1, QuickWindow(label=str(_("Today")), url="?" + urlencode({"since": today, **kept}))
    )
    return windows


def sends_audited(
    request: HttpRequest, query: SendsQuery, *, count: int, export_format: str = ""
) -> None:
    """The page (or its export) in the audit trail: the window's China days, the filters, the
    accounts and how many sends it matched (every page). A search without a number: the trail
    names the page."""
    local = timezone.get_current_timezone()
    filters = {"page": request.path, **query.audited()}
    if export_format:
        filters["format"] = export_format
    audit_record(
        request,
        Action.EXPORT if export_format else Action.SEARCH,
        date_from=query.since.astimezone(local).date(),
        date_to=query.until.astimezone(local).date(),
        filters=filters,
        result_count=count,
        accounts=query.accounts,
        outcome=Outcome.ANSWERED,
    )


def sends_table(request: HttpRequest, receipts, *, count: int) -> SendsTable:
    table = SendsTable.for_accounts(receipts)
    paging = {"per_page": PER_PAGE, "paginator_class": CountedPaginator, "count": count}
    RequestConfig(request, paginate=paging).configure(table)
    return table


def sends_context(
    request: HttpRequest, form: SendsForm, summary: SendsSummary, table: SendsTable
) -> dict:
    """The page's parts; the setup notice when no account takes pushes, or none ever came
    (asked only when the window is empty: one query then, none otherwise)."""
    setup = not pushes_configured() or (summary.sent == 0 and not receipts_ever_arrived())
    return {
        "form": form,
        "query": form.query,
        "summary": summary,
        "table": table,
        "quick_windows": quick_windows(request.GET, form.now),
        "setups": push_setups(request) if setup else [],
        "pushes_configured": pushes_configured(),
    }
