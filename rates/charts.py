"""The two SVG charts of the delivery-rates page, drawn as plain SVG strings (``rates.svg``).

Why drawn here and not by pygal (which drew them until issue 13): pygal builds an object
graph of about 2,000 ElementTree nodes for a 90-day chart and reads every setting through
its configuration's ``__getattribute__``. The two charts took ~120 ms of a ~215 ms page,
and the hidden tooltip ``<desc>`` elements (for pygal's script, which the page never
loads) were 270 KB of its 350 KB. Caching the drawn SVG would only have helped the views
after the first: the settling days are fetched again every ``STATS_FRESH_SECONDS``, each
fetch would draw again, and the key would need the language, the filters, the page's query
(every bar links to its day) and the data; a first view would still have missed the
120 ms target. Drawn as strings, both charts of 90 days take a few milliseconds, so nothing
is cached and nothing can be stale.

What they show: per day, stacked bars of delivered, failed and no receipt, each bar a link to
its day (its accessible name says the numbers), with the number on each part where it fits;
the two delivery rates per day, solid and dashed, on an axis fitted to them
(``svg.fitted_range``), values printed up to a month where they do not overlap
(``chart_values``). A day without a rate (nothing sent) breaks the line. Each series has its
own fill pattern or dash, readable without colour. No script; every text escaped. The table
"Per day" below the charts is their text alternative.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from django.utils.translation import gettext, gettext_noop

from rates import svg
from rates.chart_lines import LineStyle, line_legend, lines_drawn
from rates.chart_values import DIGIT_WIDTH, VALUE_HEIGHT, printed_rates
from rates.models import DailyStatistics

# Each series gets its own fill pattern: readable in grey scale and for colour-blind readers.
_PATTERNS = (
    ("delivered", "#2e7d32", ""),
    ("failed", "#c62828", '<path d="M0 8L8 0" stroke="#fff" stroke-width="2"/>'),
    ("no-receipt", "#f9a825", '<circle cx="4" cy="4" r="1.6" fill="#000"/>'),
)


_LINES = (LineStyle("#1565c0", 3, None, 4, 16), LineStyle("#424242", 2, "6 4", 3, -8))
# A day's column shows where the pointer or the keyboard focus is.
_CSS = (
    ".rates-chart-svg a:hover .hit{fill:#0000000f}"
    ".rates-chart-svg a:focus .hit{stroke:#1565c0;stroke-width:2}"
    ".rates-chart-svg a:focus{outline:none}"
)

COUNTS_TITLE = gettext_noop("Messages per day")
RATE_TITLE = gettext_noop("Delivery rate per day (%)")
NO_DATA = gettext_noop("No statistics for this period")
DESC = gettext_noop("The table “Per day” below the charts has every number of this chart.")
# Translators: a day's bar in the chart, read out by screen readers.
DAY_BAR = gettext_noop(
    "%(day)s: %(delivered)d delivered, %(failed)d failed, %(no_receipt)d without a receipt"
)


def _label(day: date) -> str:
    return day.strftime("%m-%d")


def counts_chart(
    rows: Sequence[DailyStatistics], day_url: Callable[[date], str], prefix: str = "rates"
) -> str:
    """Stacked bars per day: delivered, failed, no receipt; each bar links to its day."""
    top, step = svg.nice_top(max((row.total_count for row in rows), default=0))
    plot = svg.Plot(width=900, height=340, days=len(rows), top_value=top)
    if rows:
        bars = "".join(
            _day_bar(plot, n, row, day_url(row.day), prefix) for n, row in enumerate(rows)
        )
        body = (
            svg.value_axis(plot, step, lambda value: f"{value:,g}")  # 1,000: as the tables
            + svg.tag("g", bars, class_="bars")
            + _bar_values(plot, rows)
            + svg.day_axis(plot, [_label(row.day) for row in rows])
        )
    else:
        body = svg.no_data(plot, gettext(NO_DATA))
    names = (gettext("Delivered"), gettext("Failed"), gettext("Waiting"))
    samples = [
        svg.tag("rect", width=14, height=14, fill=f"url(#{prefix}-{name})", stroke=colour)
        for name, colour, _ in _PATTERNS
    ]
    return svg.chart(
        plot,
        classes=f"rates-chart-svg {prefix}-counts",
        title=gettext(COUNTS_TITLE),
        desc=gettext(DESC),
        css=_CSS,
        defs="".join(_pattern(prefix, *pattern) for pattern in _PATTERNS),
        body=body + svg.legend(plot, list(zip(names, samples, strict=True))),
    )


def _pattern(prefix: str, name: str, colour: str, mark: str) -> str:
    return (
        f'<pattern id="{prefix}-{name}" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="{colour}"/>{mark}</pattern>'
    )


def _parts(row: DailyStatistics) -> tuple[int, int, int]:
    return row.responded_success_count, row.responded_fail_count, row.no_responded_count


def _day_bar(plot: svg.Plot, index: int, row: DailyStatistics, href: str, prefix: str) -> str:
    """One day's link: its three parts stacked from the bottom, named by its numbers.

    The link's first shape is its whole column, so a day of few messages is as easy to click.
    """
    x, width = svg.num(plot.x(index) - plot.slot * 0.4), svg.num(plot.slot * 0.8)
    shapes = [
        f'<rect x="{x}" y="{svg.num(plot.top)}" width="{width}"'
        f' height="{svg.num(plot.inner_height)}" fill="transparent" class="hit"/>'
    ]
    base = 0
    for (name, colour, _), value in zip(_PATTERNS, _parts(row), strict=True):
        if value > 0:
            top, bottom = plot.y(base + value), plot.y(base)
            shapes.append(
                f'<rect x="{x}" y="{svg.num(top)}" width="{width}"'
                f' height="{svg.num(bottom - top)}" fill="url(#{prefix}-{name})" stroke="{colour}"'
                f' stroke-width="0.5" class="rect {name}"/>'
            )
            base += value
    numbers = dict(zip(("delivered", "failed", "no_receipt"), _parts(row), strict=True))
    label = gettext(DAY_BAR) % {"day": row.day.isoformat(), **numbers}
    return svg.tag("a", "".join(shapes), href=href, aria_label=label, class_="bar")


def _bar_values(plot: svg.Plot, rows: Sequence[DailyStatistics]) -> str:
    """Each part's number in its middle, where it fits; clicks go through to the bar."""
    width = plot.slot * 0.8
    parts = []
    for index, row in enumerate(rows):
        base = 0
        for value in _parts(row):
            words = f"{value:,}"
            height = plot.y(base) - plot.y(base + value)
            if value > 0 and height >= VALUE_HEIGHT and width >= len(words) * DIGIT_WIDTH + 2:
                middle = plot.y(base + value / 2) + 4
                parts.append(svg.text(plot.x(index), middle, words, text_anchor="middle"))
            base += value
    return svg.tag(
        "g", "".join(parts), class_="values", font_size=11, fill="#000", pointer_events="none"
    )


def rate_chart(rows: Sequence[DailyStatistics]) -> str:
    """Delivery rate per day (solid) and the rate over receipted messages only (dashed)."""
    series = (
        [_pct(row.delivery_rate) for row in rows],
        [_pct(row.receipted_rate) for row in rows],
    )
    present = [value for values in series for value in values if value is not None]
    bottom, top, step = svg.fitted_range(present, floor=0, ceiling=100)
    plot = svg.Plot(width=900, height=300, days=len(rows), top_value=top, bottom_value=bottom)
    labels = [_label(row.day) for row in rows]
    if rows:
        lines = lines_drawn(plot, series, labels, _LINES, tip=_percent)
        body = svg.value_axis(plot, step, lambda value: f"{value:g}") + lines
        body += printed_rates(plot, series, _LINES) + svg.day_axis(plot, labels)
    else:
        body = svg.no_data(plot, gettext(NO_DATA))
    names = (gettext("Delivery rate (solid)"), gettext("Rate, receipts only (dashed)"))
    return svg.chart(
        plot,
        classes="rates-chart-svg rates-rate",
        title=gettext(RATE_TITLE),
        desc=gettext(DESC),
        css=_CSS,
        body=body + line_legend(plot, names, _LINES),
    )


def _percent(value: float) -> str:
    return f"{value:.1f}%"


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)
