"""Everything the delivery-rates page shows, assembled from the form's choices."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, ngettext
from django_tables2.export import TableExport

from core.circuit import CIRCUIT_OPEN
from dysms.errors import (
    AuthError,
    InvalidParametersError,
    InvalidQuery,
    ServiceUnavailableError,
    ThrottledError,
)
from rates import charts
from rates.comparison import Comparison, period_comparison
from rates.forms import QUICK_PERIODS, StatsForm, default_period
from rates.models import DailyStatistics, is_settling
from rates.selectors import PeriodTotals, period_totals, template_breakdown
from rates.services import StatisticsFilter, statistics_or_stored
from rates.tables import DailyStatisticsTable, TemplateBreakdownTable

# In English for the tests and the logs; the page shows them in the active language.
THROTTLED = gettext_noop("Alibaba Cloud is throttling requests, try again in a few seconds.")
AUTH_FAILED = gettext_noop(
    "Alibaba Cloud did not accept the AccessKey; ask an administrator to check it."
)
UNAVAILABLE = gettext_noop(
    "Alibaba Cloud did not answer in time or is unavailable; try again shortly."
)
REJECTED = gettext_noop("Alibaba Cloud rejected the query: {message}")
FAILED = gettext_noop("Alibaba Cloud could not give the statistics: {message}")
UNKNOWN_ERROR = gettext_noop("unknown error")
SHOWING_STORED = gettext_noop("The numbers below are the last ones fetched.")


def error_banner(exc: Exception) -> str:
    """Plain words for an upstream failure (its RequestId is shown next to it when there is one)."""
    if isinstance(exc, ThrottledError):
        return gettext(THROTTLED)
    if isinstance(exc, AuthError):
        return gettext(AUTH_FAILED)
    if isinstance(exc, ServiceUnavailableError):
        # The circuit breaker's words say when the next try will be.
        if hasattr(exc, "retry_in"):
            return gettext(CIRCUIT_OPEN).format(seconds=exc.retry_in)
        return gettext(UNAVAILABLE)
    if isinstance(exc, InvalidParametersError | InvalidQuery):
        return gettext(REJECTED).format(message=exc.message)
    return gettext(FAILED).format(message=getattr(exc, "message", gettext(UNKNOWN_ERROR)))


def stats_context(request: HttpRequest, form: StatsForm, *, compare: bool = True) -> dict:
    """The page's context; ``compare`` False leaves out the previous period (the exports)."""
    today = form.today
    wanted = StatisticsFilter(
        start=form.cleaned_data["date"],
        end=form.cleaned_data["date_to"],
        globe=form.globe_value,
        template_type=form.template_type_value,
        sign_name=form.cleaned_data["sign_name"],
    )
    rows, error = statistics_or_stored(wanted)
    params = {key: value for key, value in request.GET.items() if key not in ("day", "_export")}

    def day_url(day: date) -> str:
        return "?" + urlencode({**params, "day": day.isoformat()}) + f"#day-{day.isoformat()}"

    selected_day = form.cleaned_data.get("day")
    totals = period_totals(rows)
    return {
        "form": form,
        "filter": wanted,
        "rows": rows,
        "totals": totals,
        "comparison": _comparison(wanted, rows, totals, form, error) if compare else None,
        "table": DailyStatisticsTable(rows, today=today, day_url=day_url, selected=selected_day),
        "selected": next((row for row in rows if row.day == selected_day), None),
        "selected_day": selected_day,
        "selected_settling": bool(selected_day and is_settling(selected_day, today)),
        "fresh_minutes": max(1, round(settings.STATS_FRESH_SECONDS / 60)),
        "counts_chart": charts.counts_chart(rows, day_url),
        "rate_chart": charts.rate_chart(rows),
        "breakdown": TemplateBreakdownTable(template_breakdown(start=wanted.start, end=wanted.end)),
        "quick_periods": [_quick_period(params, today, days) for days in QUICK_PERIODS],
        "export_urls": {
            fmt: "?" + urlencode({**params, "_export": fmt}) for fmt in ("csv", "xlsx")
        },
        "error": error and error_banner(error),
        "error_request_id": getattr(error, "request_id", ""),
        # An open circuit: the banner counts down and the page tries again (static/js/app.js).
        "error_retry_in": getattr(error, "retry_in", None),
        "showing_stored": bool(error and rows),
        "showing_stored_text": gettext(SHOWING_STORED),
        "fetched_at": max((row.fetched_at for row in rows), default=None),
        "now": timezone.now(),
    }


def _comparison(
    wanted: StatisticsFilter,
    rows: list[DailyStatistics],
    totals: PeriodTotals,
    form: StatsForm,
    error: Exception | None,
) -> Comparison | None:
    # Days missing from the period itself (its fetch failed; the banner says so) would make any
    # change meaningless. After such a failure, upstream is not asked again for the previous one.
    if len(rows) < len(wanted.days()):
        return None
    return period_comparison(
        wanted, totals, earliest=form.earliest, today=form.today, ask_upstream=error is None
    )


def _quick_period(params: dict, today: date, days: int) -> dict:
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
