"""What the delivery-rates page shows, formatted from what the view fetched: no I/O here.

The view asks the services and selectors (the period's statistics, the previous period's
comparison, the template breakdown); this presenter only arranges them: totals, charts,
tables and links. A failure upstream arrives as a ``core.failures.Failure``; the template
says it in core's words, as every page does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, ngettext
from django_tables2.export import TableExport

from core.accounts import account_labels
from core.failures import Failure
from rates import charts
from rates.comparison import Comparison
from rates.cost_lines import costs_context
from rates.costs import Costs
from rates.forms import QUICK_PERIODS, StatsForm, default_period
from rates.hourly import Hour
from rates.models import DailyStatistics, is_settling
from rates.selectors import PeriodTotals, TemplateBreakdown, period_totals
from rates.services import StatisticsResult
from rates.tables import (
    UNKNOWN_TEMPLATE,
    DailyStatisticsTable,
    TemplateBreakdownTable,
    grouped,
    percent,
)
from rates.where_why import WhereWhy, where_why_context

# In English for the tests and the logs; the page shows it in the active language.
SHOWING_STORED = gettext_noop("The numbers below are the last ones fetched.")


def stats_context(
    params: Mapping[str, str],
    form: StatsForm,
    *,
    rows: list[DailyStatistics],
    failure: Failure | None,
    comparison: Comparison | None,
    breakdown: list[TemplateBreakdown],
    accounts: StatisticsResult | None = None,
    where: WhereWhy | None = None,
    costs: Costs | None = None,
    hours: Sequence[Hour] = (),
) -> dict:
    """The page's context. ``params`` is the page's query (less ``day`` and ``_export``);
    ``accounts`` the accounts' own statistics, for the per-account table and banner lines."""
    selected_day = form.cleaned_data.get("day")
    return {
        "form": form,
        "filter": form.statistics_filter,
        "rows": rows,
        "totals": period_totals(rows),
        "comparison": comparison,
        "table": daily_table(params, form, rows),
        "selected": next((row for row in rows if row.day == selected_day), None),
        "selected_day": selected_day,
        "selected_settling": bool(selected_day and is_settling(selected_day, form.today)),
        "fresh_minutes": max(1, round(settings.STATS_FRESH_SECONDS / 60)),
        "breakdown": TemplateBreakdownTable(breakdown),
        "failure": failure,
        "showing_stored": bool(failure and rows),
        "showing_stored_text": gettext(SHOWING_STORED),
        "fetched_at": max((row.fetched_at for row in rows), default=None),
        "now": timezone.now(),
        **_charts_and_links(params, form, rows),
        **_accounts_context(accounts, form),
        **_where_context(where, form, rows),
        **costs_context(costs, unknown_template=gettext(UNKNOWN_TEMPLATE)),
        "hours": [hour_line(hour) for hour in hours],
    }


def hour_line(hour: Hour) -> dict:
    rate = hour.delivery_rate
    return {
        "label": f"{hour.hour:02d}:00–{hour.hour + 1:02d}:00",
        "receipts": grouped(hour.receipts),
        "delivered": grouped(hour.delivered),
        "failed": grouped(hour.failed),
        "rate": percent(rate),
        "value": "" if rate is None else f"{rate:.4f}",
        "partial": hour.partial,
    }


def _picked(form: StatsForm) -> dict[str, str]:
    day = form.cleaned_data.get("day")
    return {"day": day.isoformat()} if day else {}


def _charts_and_links(
    params: Mapping[str, str], form: StatsForm, rows: list[DailyStatistics]
) -> dict:
    return {
        "counts_chart": charts.counts_chart(rows, _day_url(params)),
        "rate_chart": charts.rate_chart(rows),
        "quick_periods": quick_periods(params, form.today),
        "period_url": "?" + urlencode(dict(params)),
        # The breakdowns' exports: the page's query, with the day picked (which they show).
        "breakdown_query": urlencode({**params, **_picked(form)}),
        "export_urls": {
            fmt: "?" + urlencode({**params, "_export": fmt}) for fmt in ("csv", "xlsx")
        },
    }


def _where_context(where: WhereWhy | None, form: StatsForm, rows: list[DailyStatistics]) -> dict:
    if where is None:
        return {}
    wanted = form.statistics_filter
    day = form.cleaned_data.get("day")  # the breakdowns (and their links) are that day's
    return where_why_context(
        where,
        start=day or wanted.start,
        end=day or wanted.end,
        rows=rows,
        now=timezone.now(),
        unknown_template=gettext(UNKNOWN_TEMPLATE),
    )


def _accounts_context(accounts: StatisticsResult | None, form: StatsForm) -> dict:
    if accounts is None:
        return {"account_problems": [], "account_totals": []}
    return {
        "account_problems": account_problems(accounts) if form.several_accounts else [],
        "account_totals": account_totals(accounts),
    }


def account_problems(result: StatisticsResult) -> list[tuple[str, Failure]]:
    """(account label, its failure) for each account whose fetch failed: one banner line each,
    while the other accounts' numbers are shown."""
    labels = account_labels()
    return [(labels.get(name, name), Failure.of(error)) for name, error in result.failures]


def account_totals(result: StatisticsResult) -> list[tuple[str, PeriodTotals]]:
    """Each account's numbers over the period, when the page sums several (else none)."""
    if len(result.accounts) < 2:
        return []
    labels = account_labels()
    return [
        (labels.get(one.account, one.account), period_totals(one.rows)) for one in result.accounts
    ]


def daily_table(
    params: Mapping[str, str], form: StatsForm, rows: list[DailyStatistics]
) -> DailyStatisticsTable:
    """The per-day table of the page, which is also its CSV/Excel export."""
    selected = form.cleaned_data.get("day")
    return DailyStatisticsTable(rows, today=form.today, day_url=_day_url(params), selected=selected)


def _day_url(params: Mapping[str, str]):
    """A day's link: the page's query and ``day`` (as ``urlencode({**params, "day": ...})``).

    ``params`` never holds ``day``; its part of the query is encoded once, not per bar and row.
    """
    query = urlencode(dict(params))
    start = f"?{query}&day=" if query else "?day="

    def day_url(day: date) -> str:
        iso = day.isoformat()
        return f"{start}{iso}#day-{iso}"

    return day_url


def quick_periods(params: Mapping[str, str], today: date) -> list[dict]:
    """The last 7 and 30 days as links keeping the page's other choices."""
    return [_quick_period(params, today, days) for days in QUICK_PERIODS]


def _quick_period(params: Mapping[str, str], today: date, days: int) -> dict:
    start, end = default_period(today, days)
    query = {**params, "date": start.isoformat(), "date_to": end.isoformat()}
    label = ngettext("Last %(days)d day", "Last %(days)d days", days) % {"days": days}
    return {"label": label, "url": "?" + urlencode(query)}


def stats_export(table: DailyStatisticsTable, export_format: str, form: StatsForm) -> HttpResponse:
    start, end = form.cleaned_data["date"], form.cleaned_data["date_to"]
    exporter = TableExport(
        export_format, table, dataset_kwargs={"title": gettext("Delivery rates")}
    )
    return exporter.response(f"delivery-rates_{start:%Y%m%d}-{end:%Y%m%d}.{export_format}")
