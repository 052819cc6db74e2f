"""Where and why delivery fails, and how fast receipts come: the rates page's breakdown tables,
formatted from what ``rates.answers`` read (``breakdowns``, ``latency``). Pure: no I/O.

Each failure code, template, carrier and region links to the All sends page (``/sends/``)
filtered to it over the period (its last 31 days, the most that page shows), where each receipt
links on to its number's records.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from deliveries.selectors import code_meaning
from rates.breakdowns import BreakdownRow, FailureCode
from rates.latency import Latency
from rates.latency_chart import latency_chart
from rates.models import DailyStatistics
from rates.places import carrier_label, region_label
from rates.tables import grouped, percent, template_label

SENDS_WINDOW_DAYS = 31  # as rates.sends_form.MAX_WINDOW_DAYS
# Where the figures come from: the receipts' tallies, or the stored records (rates.record_figures).
RECEIPTS, RECORDS = "receipts", "records"


@dataclass(frozen=True)
class WhereWhy:
    """What ``rates.answers`` read for the breakdowns (the presenter's input)."""

    failure_codes: list[FailureCode]
    carriers: list[BreakdownRow]
    regions: list[BreakdownRow]
    latency_days: Mapping[date, Latency]
    latency_templates: Mapping[str, Latency]
    # From the stored template lists: code -> name, and the verification-code templates.
    template_names: Mapping[str, str] = field(default_factory=dict)
    verification: frozenset[str] = frozenset()
    source: str = RECEIPTS


def where_why_context(
    where: WhereWhy,
    *,
    start: date,
    end: date,
    rows: Sequence[DailyStatistics],
    now: datetime,
    unknown_template: str,
) -> dict:
    # Records' figures link nowhere: the All sends page lists receipts, which there are none of.
    sends = sends_link(start, end, now) if where.source == RECEIPTS else _no_link
    templates = [
        _template_line(where, code, figures, sends, unknown_template)
        for code, figures in sorted(
            where.latency_templates.items(), key=lambda item: (-item[1].receipts, item[0])
        )
    ]
    carriers = [_place_line(row, carrier_label, sends, "carrier") for row in where.carriers]
    regions = [_place_line(row, region_label, sends, "region") for row in where.regions]
    days = _latency_days(where.latency_days, rows)
    period = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    return {
        "where_source": where.source,
        "failure_codes": [_code_line(code, sends) for code in where.failure_codes],
        "receipts_url": sends(),
        # (title, lines, table id, first column's header) per table of the template.
        "place_tables": [
            (gettext("By carrier"), carriers, "carriers", gettext("Carrier")),
            (gettext("By province or country"), regions, "regions", gettext("Province or country")),
        ],
        "latency_chart": latency_chart(period, where.latency_days),
        "latency_tables": [
            (gettext("Per day"), days, "latency-days", gettext("Day")),
            (gettext("Per template"), templates, "latency-templates", gettext("Template")),
        ],
    }


def sends_link(start: date, end: date, now: datetime) -> Callable[..., str]:
    """``filters -> URL`` of the All sends page over the period (its last 31 days, until now)."""
    local = timezone.localtime(now)
    first = max(start, end - timedelta(days=SENDS_WINDOW_DAYS - 1))
    until = min(datetime.combine(end, time(23, 59), tzinfo=local.tzinfo), local)
    window = {"since": f"{first:%Y-%m-%d}T00:00", "until": f"{until:%Y-%m-%dT%H:%M}"}
    base = reverse("sends:list")

    def link(**filters: str) -> str:
        return f"{base}?{urlencode({**window, **filters})}"

    return link


def _no_link(**filters: str) -> str:
    return ""


def _code_line(code: FailureCode, sends: Callable[..., str]) -> dict:
    change = code.change
    return {
        "code": code.code,
        "meaning": code_meaning(code.code) if code.code else "",
        "count": grouped(code.count),
        "share": percent(code.share),
        "previous": grouped(code.previous),
        "direction": "up" if change > 0 else "down" if change < 0 else "same",
        "change": f"{change:+,}" if change else "±0",
        "url": sends(status="failed", error_code=code.code),
    }


def _place_line(
    row: BreakdownRow, label: Callable[[str], str], sends: Callable[..., str], name: str
) -> dict:
    """A carrier's or region's line; it links to its receipts (not the unknown one's)."""
    points = row.change_points
    return {
        "label": label(row.key),
        "url": sends(**{name: row.key}) if row.key else "",
        "receipts": grouped(row.receipts),
        "delivered": grouped(row.delivered),
        "failed": grouped(row.failed),
        "rate": percent(row.delivery_rate),
        "change": "" if points is None else f"{points:+.1f}",
        "direction": "" if not points else "up" if points > 0 else "down",
        "top_failure": row.top_failure,
    }


def _latency_days(days: Mapping[date, Latency], rows: Sequence[DailyStatistics]) -> list[dict]:
    waiting = {row.day: row.no_responded_count for row in rows}
    return [
        {"day": day, "no_receipt": grouped(waiting.get(day)), **_latency_cells(days[day])}
        for day in sorted(days)
    ]


def _template_line(
    where: WhereWhy, code: str, figures: Latency, sends: Callable[..., str], unknown: str
) -> dict:
    """A template's latency; a verification-code template whose p90 passes a minute is flagged:
    its codes come after the customer has asked again (or given up)."""
    name = where.template_names.get(code, "")
    cells = _latency_cells(figures)
    verification = code in where.verification
    return {
        "label": template_label(name, code, unknown),
        "url": sends(template=code) if code else "",
        "verification": verification,
        "late_codes": verification and cells["slow"],
        **cells,
    }


def _latency_cells(figures: Latency) -> dict:
    return {
        "receipts": grouped(figures.receipts),
        "p50": _seconds(figures.p50),
        "p90": _seconds(figures.p90),
        "p99": _seconds(figures.p99, capped=figures.capped),
        "bands": [grouped(count) for count in figures.bands],
        "slow": figures.slow,
    }


def _seconds(value: int | None, *, capped: bool = False) -> str:
    if value is None:
        return "—"
    if capped:
        return gettext("≥ 1 h")
    if value < 60:
        return gettext("%(seconds)d s") % {"seconds": value}
    return gettext("%(minutes)d min %(seconds)02d s") % {
        "minutes": value // 60,
        "seconds": value % 60,
    }
