"""Server-rendered SVG charts (pygal) of the daily statistics.

The SVG is inlined in the page: no script (pygal's tooltip script would come
from a CDN, and its inline config script is removed too), values printed on
the bars and points, and hatching patterns so the series differ without colour.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from datetime import date

import pygal
from django.utils.translation import gettext
from pygal.style import Style

from rates.models import DailyStatistics

# Each series gets its own fill pattern: readable in grey scale and for colour-blind readers.
_PATTERNS = (
    ("delivered", "#2e7d32", ""),
    ("failed", "#c62828", '<path d="M0 8L8 0" stroke="#fff" stroke-width="2"/>'),
    ("no-receipt", "#f9a825", '<circle cx="4" cy="4" r="1.6" fill="#000"/>'),
)
_BASE_STYLE = {
    "background": "transparent",
    "plot_background": "#ffffff",
    "font_family": "system-ui, sans-serif",
    "value_font_size": 11,
    "legend_font_size": 13,
    "no_data_font_size": 20,
    "guide_stroke_color": "#d0d0d0",
    "major_guide_stroke_color": "#b0b0b0",
    "guide_stroke_dasharray": "1,3",
    "major_guide_stroke_dasharray": "1,3",
}
_COUNTS_STYLE = Style(colors=tuple(colour for _, colour, _ in _PATTERNS), **_BASE_STYLE)
_RATE_STYLE = Style(colors=("#1565c0", "#424242"), **_BASE_STYLE)


def _defs(prefix: str) -> list[str]:
    return [
        f'<pattern id="{prefix}-{name}" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="{colour}"/>{mark}</pattern>'
        for name, colour, mark in _PATTERNS
    ]


def _css(prefix: str) -> list[str]:
    rules = []
    for index, (name, _, _) in enumerate(_PATTERNS):
        fill = f"{{fill:url(#{prefix}-{name})!important;fill-opacity:1}}"
        scope = f".{prefix}-counts"  # inline CSS is not scoped by pygal; both charts share a page
        rules.append(f"inline:{scope} .serie-{index} .rect{fill}")
        rules.append(f"inline:{scope} .legend .color-{index}{fill}")
    # Printed values sit on top of the bars; clicks must reach the bar's link beneath.
    rules.append(f"inline:{scope} .text-overlay{{pointer-events:none}}")
    return rules


def _svg(chart: pygal.graph.graph.Graph) -> str:
    tree = chart.render_tree()
    for parent in tree.iter():
        for child in [c for c in parent if c.tag == "script"]:
            parent.remove(child)
    return ET.tostring(tree, encoding="unicode")


def counts_chart(
    rows: Sequence[DailyStatistics], day_url: Callable[[date], str], prefix: str = "rates"
) -> str:
    """Stacked bars per day: delivered, failed, no receipt; each bar links to its day."""
    chart = pygal.StackedBar(
        js=[],
        style=_COUNTS_STYLE,
        defs=_defs(prefix),
        classes=["pygal-chart", f"{prefix}-counts"],
        css=[*pygal.Config().css, *_css(prefix)],
        height=340,
        width=900,
        title=gettext("Messages per day"),
        print_values=True,
        print_zeroes=False,
        legend_at_bottom=True,
        x_label_rotation=-45 if len(rows) > 10 else 0,
        show_minor_x_labels=len(rows) <= 31,
        x_labels_major_every=max(1, len(rows) // 15),
        truncate_label=-1,
        no_data_text=gettext("No statistics for this period"),
    )
    chart.x_labels = [row.day.strftime("%m-%d") for row in rows]

    def bar(row: DailyStatistics, value: int) -> dict:
        return {"value": value, "xlink": {"href": day_url(row.day), "target": "_self"}}

    chart.add(gettext("Delivered"), [bar(row, row.responded_success_count) for row in rows])
    chart.add(gettext("Failed"), [bar(row, row.responded_fail_count) for row in rows])
    chart.add(gettext("No receipt"), [bar(row, row.no_responded_count) for row in rows])
    return _svg(chart)


def rate_chart(rows: Sequence[DailyStatistics]) -> str:
    """Delivery rate per day (solid) and the rate over receipted messages only (dashed)."""
    chart = pygal.Line(
        js=[],
        style=_RATE_STYLE,
        height=300,
        width=900,
        title=gettext("Delivery rate per day (%)"),
        print_values=len(rows) <= 31,
        range=(0, 100),
        legend_at_bottom=True,
        x_label_rotation=-45 if len(rows) > 10 else 0,
        value_formatter=lambda value: f"{value:.1f}",
        no_data_text=gettext("No statistics for this period"),
    )
    chart.x_labels = [row.day.strftime("%m-%d") for row in rows]
    chart.add(
        gettext("Delivery rate (solid)"),
        [_pct(row.delivery_rate) for row in rows],
        stroke_style={"width": 3},
        dots_size=4,
    )
    chart.add(
        gettext("Rate, receipts only (dashed)"),
        [_pct(row.receipted_rate) for row in rows],
        stroke_style={"dasharray": "6, 4", "width": 2},
        dots_size=3,
    )
    return _svg(chart)


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)
