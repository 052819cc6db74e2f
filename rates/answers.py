"""What the delivery-rates page answers for one valid form: ``stats_answer``.

The page (``rates.views.stats``) and the JSON API's ``/api/v1/stats`` both call it, so they
ask upstream the same way and show the same numbers: the period's statistics (fresh, or what
is stored when upstream fails, with the failure), the comparison with the previous period
(whose days are fetched here; the comparison itself is pure) and the template breakdown of
the pushed receipts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.utils import timezone

from core.accounts import account_named
from core.failures import Failure
from deliveries.selectors import catalogue_read
from dysms.templates import TemplateKind
from rates.breakdowns import Period, breakdown, period_rows, top_failure_codes
from rates.comparison import Comparison, period_comparison, previous_period, today_only
from rates.costs import Costs, costs_read
from rates.forms import StatsForm
from rates.hourly import Hour, hours_today
from rates.latency import latency_by
from rates.models import DailyStatistics
from rates.record_figures import where_why_from_records
from rates.selectors import TemplateBreakdown, period_totals, template_breakdown_of
from rates.services import StatisticsFilter, StatisticsResult, statistics_or_stored
from rates.where_why import WhereWhy

logger = logging.getLogger("rates")


@dataclass(frozen=True)
class StatsAnswer:
    wanted: StatisticsFilter
    rows: list[DailyStatistics]
    failure: Failure | None
    comparison: Comparison | None
    breakdown: list[TemplateBreakdown]
    # Each account's own rows and failure, summed in ``rows`` (the per-account table).
    accounts: StatisticsResult
    # Failure codes, carriers, regions and latency from the receipts' tallies.
    where: WhereWhy | None = None
    # Billed parts and what they cost (rates.costs).
    costs: Costs | None = None
    # Today hour by hour, from the receipts (rates.hourly).
    hours: tuple[Hour, ...] = ()


def stats_answer(*, form: StatsForm) -> StatsAnswer:
    """The statistics of a valid form's period (summed over its accounts), compared, with the
    template breakdown."""
    wanted = form.statistics_filter
    result = statistics_or_stored(wanted)
    period = _period(wanted)
    tallied = period_rows(period)
    day = form.cleaned_data.get("day")
    known = _templates_known(wanted.accounts)
    return StatsAnswer(
        wanted=wanted,
        rows=result.rows,
        failure=Failure.of(result.error) if result.error else None,
        comparison=comparison(form, wanted, result),
        breakdown=template_breakdown_of((t, s, e, n) for _, t, _, _, s, e, n, _ in tallied),
        accounts=result,
        # A day picked on the page (a bar, a row) narrows the breakdowns to that day.
        where=where_why(_period(_one_day(wanted, day)) if day else period, known=known),
        costs=costs_read(
            start=wanted.start,
            end=wanted.end,
            accounts=[a for a in map(account_named, wanted.accounts) if a is not None],
            statistics=result.accounts,
            tallied=tallied,
            template_names=known["template_names"],
        ),
        hours=hours_today(accounts=wanted.accounts, now=timezone.now()),
    )


def _one_day(wanted: StatisticsFilter, day: date | None) -> StatisticsFilter:
    return replace(wanted, start=day, end=day) if day else wanted


def _period(wanted: StatisticsFilter) -> Period:
    previous = previous_period(wanted)
    return Period(
        start=wanted.start,
        end=wanted.end,
        accounts=wanted.accounts,
        previous_start=previous.start,
        previous_end=previous.end,
    )


def where_why(period: Period, *, known: dict) -> WhereWhy:
    """The receipts' breakdowns of ``period`` (the page's region, type and sign filters do not
    apply: receipts carry none of them), each against the period before; ``known``: what the
    template lists say (``_templates_known``). Without a receipt in the period, the same from
    its stored records where there are some (``rates.record_figures``)."""
    if not period_rows(period):
        from_records = where_why_from_records(period, known=known)
        if from_records is not None:
            return from_records
    days = {"start": period.start, "end": period.end, "accounts": period.accounts}
    return WhereWhy(
        failure_codes=top_failure_codes(period),
        carriers=breakdown(period, "carrier"),
        regions=breakdown(period, "region"),
        latency_days=latency_by(**days, by="day"),
        latency_templates=latency_by(**days, by="template_code"),
        **known,
    )


def _templates_known(accounts) -> dict:
    """The names and the verification-code templates of the stored template lists."""
    templates = catalogue_read(accounts=accounts).templates
    return {
        "template_names": {entry.code: entry.name for entry in templates if entry.name},
        "verification": frozenset(
            entry.code for entry in templates if entry.kind == TemplateKind.VERIFICATION
        ),
    }


def comparison(
    form: StatsForm, wanted: StatisticsFilter, result: StatisticsResult
) -> Comparison | None:
    """The period against the previous one, whose days are fetched here (the comparison is pure).

    Days missing from the period itself (a fetch failed; the banner says so), of any of its
    accounts, would make any change meaningless. After a failure upstream is not asked for the
    previous period, and one older than the page may show is not fetched at all.
    """
    if not result.complete:
        return None
    compared, rows = wanted, result.rows
    left_out_today = form.complete_days_only and wanted.end == form.today
    if left_out_today:
        if wanted.start == wanted.end:
            return today_only(form)
        compared = replace(wanted, end=form.today - timedelta(days=1))
        rows = [row for row in rows if row.day < form.today]
    previous = previous_period(compared)
    stored: list[DailyStatistics] = []
    if previous.start >= form.earliest:
        stored = previous_rows(previous, ask_upstream=result.error is None)
    found = period_comparison(
        compared,
        period_totals(rows),
        previous_rows=stored,
        earliest=form.earliest,
        today=form.today,
    )
    return replace(found, left_out_today=left_out_today)


def previous_rows(previous: StatisticsFilter, *, ask_upstream: bool) -> list[DailyStatistics]:
    """The previous period's rows (summed over the accounts), fetched if ``ask_upstream``."""
    result = statistics_or_stored(previous, ask_upstream=ask_upstream)
    for account, error in result.failures:
        # The period's own numbers are shown all the same; only the comparison is missing.
        logger.warning(
            "Previous period %s..%s of account %s not fetched: %r",
            previous.start,
            previous.end,
            account,
            error,
        )
    return result.rows
