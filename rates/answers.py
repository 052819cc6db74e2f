"""What the delivery-rates page answers for one valid form: ``stats_answer``.

The page (``rates.views.stats``) and the JSON API's ``/api/v1/stats`` both call it, so they
ask upstream the same way and show the same numbers: the period's statistics (fresh, or what
is stored when upstream fails, with the failure), the comparison with the previous period
(whose days are fetched here; the comparison itself is pure) and the template breakdown of
the pushed receipts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from core.failures import Failure
from rates.comparison import Comparison, period_comparison, previous_period
from rates.forms import StatsForm
from rates.models import DailyStatistics
from rates.selectors import TemplateBreakdown, period_totals, template_breakdown
from rates.services import StatisticsFilter, statistics_or_stored, statistics_stored

logger = logging.getLogger("rates")


@dataclass(frozen=True)
class StatsAnswer:
    wanted: StatisticsFilter
    rows: list[DailyStatistics]
    failure: Failure | None
    comparison: Comparison | None
    breakdown: list[TemplateBreakdown]


def stats_answer(*, form: StatsForm) -> StatsAnswer:
    """The statistics of a valid form's period, compared, with the template breakdown."""
    wanted = form.statistics_filter
    rows, error = statistics_or_stored(wanted)
    return StatsAnswer(
        wanted=wanted,
        rows=rows,
        failure=Failure.of(error) if error else None,
        comparison=comparison(form, wanted, rows, ask_upstream=error is None),
        breakdown=template_breakdown(start=wanted.start, end=wanted.end),
    )


def comparison(
    form: StatsForm, wanted: StatisticsFilter, rows: list[DailyStatistics], *, ask_upstream: bool
) -> Comparison | None:
    """The period against the previous one, whose days are fetched here (the comparison is pure).

    Days missing from the period itself (its fetch failed; the banner says so) would make any
    change meaningless. After such a failure upstream is not asked for the previous period, and
    one older than the page may show is not fetched at all.
    """
    if len(rows) < len(wanted.days()):
        return None
    previous = previous_period(wanted)
    stored: list[DailyStatistics] = []
    if previous.start >= form.earliest:
        stored = previous_rows(previous, ask_upstream=ask_upstream)
    return period_comparison(
        wanted, period_totals(rows), previous_rows=stored, earliest=form.earliest, today=form.today
    )


def previous_rows(previous: StatisticsFilter, *, ask_upstream: bool) -> list[DailyStatistics]:
    if not ask_upstream:
        return statistics_stored(previous)
    rows, error = statistics_or_stored(previous)
    if error is not None:
        # The period's own numbers are shown all the same; only the comparison is missing.
        logger.warning(
            "Previous period %s..%s not fetched: %r", previous.start, previous.end, error
        )
    return rows
