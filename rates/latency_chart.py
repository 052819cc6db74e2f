"""The delivery-latency chart of the rates page: each day's p50 (solid) and p90 (dashed) time
from send to receipt, in seconds, drawn as the other charts are (``rates.svg``, ``rates.charts``'
lines: no script, every text escaped).

The axis fits the values (``svg.fitted_range``, from 0 up to the latency cap), and a dotted rule
marks one minute where it is on the axis: a verification code whose p90 passes it is flagged in
the table. A day without receipts breaks the lines. The table "Per day" below the chart is its
text alternative.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.utils.translation import gettext, gettext_noop

from rates import svg
from rates.chart_lines import LineStyle, line_legend, lines_drawn
from rates.latency import SLOW_VERIFICATION_P90, Latency
from rates.models import LATENCY_CAP_SECONDS

TITLE = gettext_noop("Time to the receipt per day (seconds)")
NO_RECEIPTS = gettext_noop("No delivery receipts for this period")
DESC = gettext_noop("The latency table “Per day” below the chart has every number of this chart.")
_STYLES = (LineStyle("#1565c0", 3, None, 4, 16), LineStyle("#6a1b9a", 2, "6 4", 3, -8))


def latency_chart(days: Sequence[date], figures: Mapping[date, Latency]) -> str:
    """p50 and p90 of each of ``days`` (the period's, in order) from ``figures``."""
    series = (
        [_value(figures.get(day), "p50") for day in days],
        [_value(figures.get(day), "p90") for day in days],
    )
    present = [value for values in series for value in values if value is not None]
    bottom, top, step = svg.fitted_range(present, floor=0, ceiling=LATENCY_CAP_SECONDS)
    plot = svg.Plot(width=900, height=260, days=len(days), top_value=top, bottom_value=bottom)
    labels = [day.strftime("%m-%d") for day in days]
    if present:
        lines = lines_drawn(plot, series, labels, _STYLES, tip=_seconds)
        body = svg.value_axis(plot, step, lambda value: f"{value:,g}") + _minute_rule(plot)
        body += lines + svg.day_axis(plot, labels)
    else:
        body = svg.no_data(plot, gettext(NO_RECEIPTS))
    names = (gettext("p50, half the receipts (solid)"), gettext("p90, nine in ten (dashed)"))
    return svg.chart(
        plot,
        classes="rates-chart-svg rates-latency-chart",
        title=gettext(TITLE),
        desc=gettext(DESC),
        css="",
        body=body + line_legend(plot, names, _STYLES),
    )


def _seconds(value: float) -> str:
    return gettext("%(seconds)d s") % {"seconds": value}


def _value(figures: Latency | None, name: str) -> float | None:
    return None if figures is None else getattr(figures, name)


def _minute_rule(plot: svg.Plot) -> str:
    """A dotted line at one minute, when the axis reaches it."""
    if not plot.bottom_value <= SLOW_VERIFICATION_P90 <= plot.top_value:
        return ""
    y = svg.num(plot.y(SLOW_VERIFICATION_P90))
    return svg.tag(
        "path",
        d=f"M{svg.num(plot.left)} {y}H{svg.num(plot.width - plot.right)}",
        stroke="#c62828",
        stroke_dasharray="2 3",
        class_="minute-rule",
    )
