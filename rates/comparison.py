"""The period against the previous period of the same length and filters: is delivery worse?

Pure: the view fetches the previous period's days (through ``statistics_refresh`` like the
period's own: stored, and once settled kept, so looking again costs no upstream call) and
this module compares them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.conf import settings
from django.utils import dateformat
from django.utils.translation import gettext, gettext_noop

from rates.models import DailyStatistics, is_settling
from rates.selectors import PeriodTotals, period_totals
from rates.services import StatisticsFilter

# Translators: a period's label; after each colon, Django date format characters:
# j = day of the month, n = month number, M = month abbreviation. One day: "14 Nov".
ONE_DAY = gettext_noop("{first:j M}")
# Translators: as above, a period within one month: "14–20 Nov".
SAME_MONTH = gettext_noop("{first:j}–{last:j M}")
# Translators: as above, a period across months: "28 Oct – 3 Nov".
ACROSS_MONTHS = gettext_noop("{first:j M} – {last:j M}")
# In English for the tests and the logs; the page shows them in the active language.
PREVIOUS_TOO_OLD = gettext_noop(
    "No comparison with the previous period ({period}): it starts more than {days} days ago, "
    "further back than this page can show."
)
PREVIOUS_FAILED = gettext_noop(
    "No comparison with the previous period ({period}): Alibaba Cloud could not give its "
    "statistics. Try again shortly."
)
TODAY_NOT_OVER = gettext_noop(
    "No comparison: today is not over, and a part of a day against whole days would read as "
    "a drop. Choose “Including today so far” to compare it all the same."
)
PREVIOUS_EMPTY = gettext_noop(
    "No comparison with the previous period ({period}): no messages were sent in it."
)


class _Day:
    """A day formatted by Django's date format characters: ``"{first:j M}"`` gives "14 Nov"."""

    def __init__(self, day: date):
        self.day = day

    def __format__(self, spec: str) -> str:
        return dateformat.format(self.day, spec)


def period_label(start: date, end: date) -> str:
    """A short name of the period in the active language: "14–20 Nov", "11月14日–20日"."""
    if start == end:
        shape = ONE_DAY
    elif (start.year, start.month) == (end.year, end.month):
        shape = SAME_MONTH
    else:
        shape = ACROSS_MONTHS
    return gettext(shape).format(first=_Day(start), last=_Day(end))


def previous_period(wanted: StatisticsFilter) -> StatisticsFilter:
    """The same number of days just before ``wanted``, with the same filters."""
    length = wanted.end - wanted.start + timedelta(days=1)
    return replace(wanted, start=wanted.start - length, end=wanted.start - timedelta(days=1))


@dataclass(frozen=True)
class RateChange:
    """One rate of the period against the same rate of the previous period."""

    current: float | None
    previous: float | None

    @property
    def points(self) -> float | None:
        """The change in percentage points, to a tenth; None when either rate is missing."""
        if self.current is None or self.previous is None:
            return None
        return round((self.current - self.previous) * 100, 1)

    @property
    def direction(self) -> str:
        """One of "higher", "lower", "unchanged" (to a tenth of a point), or "" without a change."""
        points = self.points
        if points is None:
            return ""
        if points > 0:
            return "higher"
        return "lower" if points < 0 else "unchanged"

    @property
    def points_text(self) -> str:
        return "" if self.points is None else f"{abs(self.points):.1f}"


@dataclass(frozen=True)
class Comparison:
    """The previous period, its totals and the changes, or ``note`` saying why there are none."""

    label: str
    days: int
    previous: PeriodTotals | None = None
    delivery: RateChange | None = None
    receipted: RateChange | None = None
    volume_change: str = ""
    note: str = ""
    # The period still has settling days: its delivery rate may rise as receipts arrive.
    settling: bool = False
    # The period ends today, and today (not over) is left out: complete days are compared.
    left_out_today: bool = False


def period_comparison(
    wanted: StatisticsFilter,
    current: PeriodTotals,
    *,
    previous_rows: list[DailyStatistics],
    earliest: date,
    today: date,
) -> Comparison:
    """Compare ``current`` (the totals of ``wanted``) with the previous period's stored rows.

    ``earliest`` is the oldest day the page may show (the view fetches nothing before it).
    Days missing from ``previous_rows`` (their fetch failed) mean no comparison, said so.
    """
    previous = previous_period(wanted)
    label = period_label(previous.start, previous.end)
    base = {"label": label, "days": len(previous.days())}
    if previous.start < earliest:
        note = gettext(PREVIOUS_TOO_OLD).format(period=label, days=settings.STATS_MAX_DAYS)
        return Comparison(**base, note=note)
    if len(previous_rows) < base["days"]:
        return Comparison(**base, note=gettext(PREVIOUS_FAILED).format(period=label))
    totals = period_totals(previous_rows)
    if totals.sent == 0:
        return Comparison(**base, note=gettext(PREVIOUS_EMPTY).format(period=label))
    return Comparison(
        **base,
        previous=totals,
        delivery=RateChange(current.delivery_rate, totals.delivery_rate),
        receipted=RateChange(current.receipted_rate, totals.receipted_rate),
        volume_change=_volume_change(current.sent, totals.sent),
        settling=is_settling(wanted.end, today),
    )


def today_only(form) -> Comparison:
    """A period of today alone, compared on complete days only: there are none to compare."""
    label = period_label(form.today, form.today)
    return Comparison(label=label, days=1, note=gettext(TODAY_NOT_OVER), left_out_today=True)


def _volume_change(current: int, previous: int) -> str:
    """The change in messages sent, in whole percent: "+12%", "−5%" or "±0%"."""
    change = round((current - previous) / previous * 100)
    if change == 0:
        return "±0%"
    return f"+{change}%" if change > 0 else f"−{-change}%"
