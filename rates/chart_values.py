"""The values printed on the rate chart by its dots, where they fit without overlapping."""

from __future__ import annotations

from collections.abc import Sequence

from rates import svg

# 11 px digits are about 6.5 px wide; a value is about 13 px high with its leading.
DIGIT_WIDTH = 6.5
VALUE_HEIGHT = 13


def printed_rates(plot: svg.Plot, series: Sequence[Sequence[float | None]], lines) -> str:
    """Each day's rates printed by their dots, up to a month, where they fit: a value that
    would overlap one already printed (a neighbour's, or the other rate's on a close day) is
    left out; its dot keeps its tooltip, and the table below has every number."""
    if len(series[0]) > svg.ALL_LABELS_UP_TO:
        return ""
    taken: list[tuple[float, float, float, float]] = []
    printed = []
    for values, style in zip(series, lines, strict=True):
        for index, value in enumerate(values):
            if value is None:
                continue
            words = f"{value:.1f}"
            x, baseline = plot.x(index), plot.y(value) + style.value_offset
            half = len(words) * DIGIT_WIDTH / 2 + 1
            box = (x - half, baseline - VALUE_HEIGHT + 2, x + half, baseline + 2)
            if svg.overlaps(box, taken):
                continue
            taken.append(box)
            printed.append(svg.text(x, baseline, words, text_anchor="middle"))
    return svg.tag("g", "".join(printed), class_="values", font_size=11, fill="#000")
