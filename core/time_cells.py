"""How a send or receive time reads in a table cell, on every page that lists sends."""

from __future__ import annotations

from datetime import datetime, tzinfo

from django.utils.safestring import SafeString, mark_safe

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"  # the same text as dateformat's "Y-m-d H:i:s"


def time_cell_html(value: datetime, zone: tzinfo) -> SafeString:
    """``2026-12-01 00:14:03`` in ``zone``: the date and the time of day each kept whole, so a
    narrow column puts them on two lines rather than breaking the date at a hyphen."""
    day, clock = value.astimezone(zone).strftime(TIME_FORMAT).split(" ")
    return mark_safe(f'<span class="day">{day}</span> <span class="clock">{clock}</span>')
