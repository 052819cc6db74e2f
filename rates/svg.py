"""Plain SVG built as strings: the frame, axes, legend and title the rate charts share.

Every text and attribute value goes through ``html.escape`` (``&``, ``<``, ``>`` and both
quotes), so a sign name in a link or a translated label can never close an element. Only
presentation attributes, never ``style=""`` (the Content-Security-Policy forbids it); the
one ``<style>`` element gets the response's nonce from the ``csp_svg`` filter.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

FONT = "system-ui, sans-serif"
GUIDE = "#d0d0d0"
MAJOR_GUIDE = "#b0b0b0"
# Every label when a chart has at most this many days; else about 15 of them.
ALL_LABELS_UP_TO = 31
# Labels are turned (−45°) when a chart has more days than this.
STRAIGHT_LABELS_UP_TO = 10


def attrs(values: dict[str, object]) -> str:
    """``name="value"`` pairs, escaped; None values are left out."""
    return "".join(
        f' {name}="{escape(str(value))}"' for name, value in values.items() if value is not None
    )


def tag(name: str, content: str = "", **values: object) -> str:
    """One element. Keyword ``class_`` is ``class``; other underscores become hyphens."""
    names = {key.rstrip("_").replace("_", "-"): value for key, value in values.items()}
    if content:
        return f"<{name}{attrs(names)}>{content}</{name}>"
    return f"<{name}{attrs(names)}/>"


def text(x: float, y: float, words: str, **values: object) -> str:
    return tag("text", escape(words), x=num(x), y=num(y), **values)


def num(value: float) -> str:
    """A coordinate to a tenth of a pixel: ``12.5``, ``12``."""
    rounded = f"{value:.1f}"
    return rounded[:-2] if rounded.endswith(".0") else rounded


def nice_top(maximum: float, steps: int = 8) -> tuple[float, float]:
    """The value axis' top and step: a step of 1, 2, 2.5 or 5 times a power of ten."""
    if maximum <= 0:
        return 1.0, 1.0
    rough = maximum / steps
    power = 10 ** math.floor(math.log10(rough))
    step = next(power * factor for factor in (1, 2, 2.5, 5, 10) if power * factor >= rough)
    step = max(step, 1.0)
    return math.ceil(maximum / step) * step, step


def fitted_range(
    values: Sequence[float], *, floor: float, ceiling: float, steps: int = 5
) -> tuple[float, float, float]:
    """A value axis around ``values`` within [floor, ceiling]: (bottom, top, step).

    Rates of 93 to 97 % on an axis from 0 to 100 lie in a flat band, a 2-point drop invisible;
    fitted, they run from 92 to 98 in steps of 1. Half a step of room above and below, so no
    dot sits on the frame; at least one unit of span, so a constant rate is not magnified.
    """
    if not values:
        return floor, ceiling, (ceiling - floor) / steps
    low, high = min(values), max(values)
    rough = max(high - low, 1.0) / steps
    power = 10 ** math.floor(math.log10(rough))
    step = next(power * factor for factor in (1, 2, 2.5, 5, 10) if power * factor >= rough)
    bottom = max(floor, math.floor((low - step / 2) / step) * step)
    top = min(ceiling, math.ceil((high + step / 2) / step) * step)
    return bottom, top, step


def overlaps(box: tuple[float, float, float, float], taken: Sequence[tuple]) -> bool:
    """Whether ``box`` (left, top, right, bottom) meets any of ``taken``."""
    left, top, right, bottom = box
    return any(left < r and l < right and top < b and t < bottom for l, t, r, b in taken)  # noqa: E741


@dataclass(frozen=True)
class Plot:
    """Where a chart draws: its size, the plot area inside it, and one slot per day."""

    width: int
    height: int
    days: int
    top_value: float
    # The value at the plot's bottom edge: 0 for counts; a rate axis starts nearer its data.
    bottom_value: float = 0.0
    left: float = 56.0
    top: float = 46.0
    right: float = 20.0

    @property
    def turned(self) -> bool:
        return self.days > STRAIGHT_LABELS_UP_TO

    @property
    def bottom(self) -> float:
        """Below the plot: the day labels (taller when turned) and one row of legend."""
        return (62.0 if self.turned else 30.0) + 34.0

    @property
    def inner_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def inner_height(self) -> float:
        return self.height - self.top - self.bottom

    @property
    def slot(self) -> float:
        return self.inner_width / max(self.days, 1)

    def x(self, index: int) -> float:
        """The middle of day ``index``'s slot."""
        return self.left + (index + 0.5) * self.slot

    def y(self, value: float) -> float:
        share = (value - self.bottom_value) / (self.top_value - self.bottom_value)
        return self.top + self.inner_height * (1 - share)

    @property
    def baseline(self) -> float:
        return self.top + self.inner_height


def chart(
    plot: Plot, *, classes: str, title: str, desc: str, css: str, defs: str = "", body: str
) -> str:
    """The ``<svg>`` element: its title (the accessible name) and description, then the body."""
    head = tag("title", escape(title)) + tag("desc", escape(desc))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{escape(classes)}"'
        f' viewBox="0 0 {plot.width} {plot.height}" font-family="{FONT}">'
        f"{head}<defs>{defs}<style>{css}</style></defs>"
        + tag("rect", width=plot.width, height=plot.height, fill="transparent", class_="background")
        + text(plot.width / 2, 26, title, class_="title", text_anchor="middle", font_size=16)
        + body
        + "</svg>"
    )


def value_axis(plot: Plot, step: float, label: Callable[[float], str]) -> str:
    """Horizontal guides from the bottom value to the top, every ``step``, labelled on the left."""
    parts = []
    ticks = round((plot.top_value - plot.bottom_value) / step)
    for n in range(ticks + 1):
        value = plot.bottom_value + n * step
        y = num(plot.y(value))
        stroke = MAJOR_GUIDE if n == 0 or n == ticks else GUIDE
        parts.append(
            f'<path d="M{num(plot.left)} {y}h{num(plot.inner_width)}" stroke="{stroke}"'
            ' stroke-dasharray="1,3"/>'
        )
        parts.append(text(plot.left - 6, plot.y(value) + 4, label(value), text_anchor="end"))
    return tag("g", "".join(parts), class_="axis y", font_size=11, fill="#333")


def day_axis(plot: Plot, labels: Sequence[str]) -> str:
    """The days along the bottom: every one up to a month, else about fifteen, turned after ten."""
    every = 1 if len(labels) <= ALL_LABELS_UP_TO else max(1, len(labels) // 15)
    y = plot.baseline + 16
    parts = [
        f'<path d="M{num(plot.left)} {num(plot.baseline)}h{num(plot.inner_width)}" stroke="#333"/>'
    ]
    for index, label in enumerate(labels):
        if index % every:
            continue
        x = plot.x(index)
        if plot.turned:
            turn = f"rotate(-45 {num(x)} {num(y)})"
            parts.append(text(x, y, label, text_anchor="end", transform=turn))
        else:
            parts.append(text(x, y, label, text_anchor="middle"))
    return tag("g", "".join(parts), class_="axis x", font_size=11, fill="#333")


def legend(plot: Plot, items: Sequence[tuple[str, str]]) -> str:
    """One row below the day labels: each item's sample (drawn at 0,0, 14 wide) and its name."""
    column = plot.inner_width / max(len(items), 1)
    y = plot.height - 20
    parts = [
        tag(
            "g",
            sample + text(20, 11, name),
            transform=f"translate({num(plot.left + n * column)} {num(y)})",
        )
        for n, (name, sample) in enumerate(items)
    ]
    return tag("g", "".join(parts), class_="legend", font_size=13, fill="#222")


def no_data(plot: Plot, words: str) -> str:
    return text(
        plot.width / 2, plot.height / 2, words, class_="no_data", text_anchor="middle", font_size=20
    )
