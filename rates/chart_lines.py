"""Line series of the rates page's charts (the delivery rates, the latency): each a line
broken where a day has no value, a dot per day with its tooltip, and their legend, drawn as
plain SVG strings (``rates.svg``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from rates import svg


@dataclass(frozen=True)
class LineStyle:
    """How one series is drawn: its colour, line width and dash, its dots' radius."""

    colour: str
    width: int
    dash: str | None
    radius: float
    # Where the printed values go: the receipted rate is never below the delivery rate.
    value_offset: int


def lines_drawn(
    plot: svg.Plot,
    series: Sequence[Sequence[float | None]],
    labels: Sequence[str],
    styles: Sequence[LineStyle],
    *,
    tip: Callable[[float], str],
) -> str:
    """Each series as a line of its style (``_line_series``)."""
    return "".join(
        _line_series(plot, values, labels, style, tip=tip)
        for values, style in zip(series, styles, strict=True)
    )


def line_legend(plot: svg.Plot, names: Sequence[str], styles: Sequence[LineStyle]) -> str:
    """The legend of line series: each name after a sample of its line."""
    samples = [
        svg.tag("path", d="M0 7h14", stroke=s.colour, stroke_width=s.width, stroke_dasharray=s.dash)
        for s in styles
    ]
    return svg.legend(plot, list(zip(names, samples, strict=True)))


def _line_series(
    plot: svg.Plot,
    values: Sequence[float | None],
    labels: Sequence[str],
    style: LineStyle,
    *,
    tip: Callable[[float], str],
) -> str:
    """One series: a line broken where a day has no value (nothing sent), then its dots, each
    with its day and ``tip(value)`` as tooltip."""
    path, pen = [], "M"
    for index, value in enumerate(values):
        if value is None:
            pen = "M"
        else:
            path.append(f"{pen}{svg.num(plot.x(index))} {svg.num(plot.y(value))}")
            pen = "L"
    drawn = ""
    if path:
        drawn = svg.tag(
            "path",
            d=" ".join(path),
            fill="none",
            stroke=style.colour,
            stroke_width=style.width,
            stroke_dasharray=style.dash,
        )
    return svg.tag("g", drawn + _dots(plot, values, labels, style, tip), class_="series")


def _dots(
    plot: svg.Plot,
    values: Sequence[float | None],
    labels: Sequence[str],
    style: LineStyle,
    tip: Callable[[float], str],
) -> str:
    """A dot per day with a value (its tooltip: day and value)."""
    radius = svg.num(min(style.radius, max(1.5, plot.slot * 0.3)))  # 90 days' dots stay apart
    dots = []
    for index, value in enumerate(values):
        if value is None:
            continue
        x, y = plot.x(index), plot.y(value)
        title = svg.tag("title", escape(f"{labels[index]}: {tip(value)}"))
        dots.append(f'<circle cx="{svg.num(x)}" cy="{svg.num(y)}" r="{radius}">{title}</circle>')
    return svg.tag("g", "".join(dots), fill=style.colour)
