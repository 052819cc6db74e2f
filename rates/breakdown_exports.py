"""The rates page's breakdown tables as CSV or Excel: ``?_export=csv&table=carriers``.

Each table is exported from the figures it is shown from (``rates.answers``), not from the page's
text: counts stay numbers, rates and shares are fractions, latencies whole seconds and costs
amounts with their currency, so a spreadsheet can compute with them. Labels are the page's
(carrier and province names, template names, "Unknown ..."), in the page's language. The files
go through ``access.export_files`` like every export: every cell neutralised, audited by the view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from django.utils.translation import gettext, gettext_lazy

from access.export_files import ExportResponse, export_file_name, export_response
from deliveries.selectors import code_meaning
from rates.answers import StatsAnswer
from rates.breakdowns import BreakdownRow
from rates.costs import CostLine
from rates.latency import Latency
from rates.places import carrier_label, region_label
from rates.tables import UNKNOWN_TEMPLATE, template_label

Row = tuple
TABLES = (
    "failure-codes",
    "carriers",
    "regions",
    "latency-days",
    "latency-templates",
    "cost-days",
    "cost-templates",
)
RATE_HEADER = (
    gettext_lazy("Receipts"),
    gettext_lazy("Delivered"),
    gettext_lazy("Failed"),
    gettext_lazy("Delivery rate"),
    gettext_lazy("Change (points)"),
    gettext_lazy("Top failure code"),
)
LATENCY_HEADER = (
    gettext_lazy("Receipts"),
    "p50 (s)",
    "p90 (s)",
    "p99 (s)",
    gettext_lazy("Under 10 s"),
    gettext_lazy("10 to 60 s"),
    gettext_lazy("1 to 5 min"),
    gettext_lazy("Over 5 min"),
)
COST_HEADER = (
    gettext_lazy("Messages"),
    gettext_lazy("Delivered"),
    gettext_lazy("Billed parts"),
    gettext_lazy("Estimated parts"),
    gettext_lazy("Cost"),
    gettext_lazy("Currency"),
)


def breakdown_export(
    answer: StatsAnswer, *, table: str, export_format: str, start: date, end: date
) -> ExportResponse:
    """The file of ``table`` (one of ``TABLES``) of ``answer``'s period."""
    first, header, rows = _table(answer, table)
    name = export_file_name(f"delivery-{table}", [f"{start:%Y%m%d}-{end:%Y%m%d}"], export_format)
    return export_response(
        export_format,
        filename=name,
        title=gettext("Delivery rates"),
        header=(first, *(str(cell) for cell in header)),
        rows=rows,
    )


def _table(answer: StatsAnswer, table: str) -> tuple[str, tuple, Iterable[Row]]:
    where, costs = answer.where, answer.costs
    unknown = gettext(UNKNOWN_TEMPLATE)
    if table == "failure-codes" and where:
        header = (gettext("What it means"), gettext("Receipts"), gettext("Share of failures"))
        header += (gettext("Before"), gettext("Change"))
        return gettext("Error code"), header, _codes(where.failure_codes)
    if table in ("carriers", "regions") and where:
        label = carrier_label if table == "carriers" else region_label
        lines = where.carriers if table == "carriers" else where.regions
        first = gettext("Carrier") if table == "carriers" else gettext("Province or country")
        return first, RATE_HEADER, (_rates(row, label) for row in lines)
    if table == "latency-days" and where:
        days = sorted(where.latency_days.items())
        return gettext("Day"), LATENCY_HEADER, (_latency(str(d), f) for d, f in days)
    if table == "latency-templates" and where:
        names = where.template_names
        lines = sorted(
            where.latency_templates.items(), key=lambda item: (-item[1].receipts, item[0])
        )
        rows = (_latency(_template(code, names, unknown), f) for code, f in lines)
        return gettext("Template"), LATENCY_HEADER, rows
    if table in ("cost-days", "cost-templates") and costs:
        names = costs.template_names
        if table == "cost-days":
            return gettext("Day"), COST_HEADER, _costs(costs.days, lambda key: key)
        label: Callable[[str], str] = lambda code: _template(code, names, unknown)  # noqa: E731
        return gettext("Template"), COST_HEADER, _costs(costs.templates, label)
    return "", (), ()


def _codes(codes) -> Iterable[Row]:
    for code in codes:
        share = round(code.share, 4)
        yield (code.code, code_meaning(code.code), code.count, share, code.previous, code.change)


def _rates(row: BreakdownRow, label: Callable[[str], str]) -> Row:
    rate = row.delivery_rate
    return (
        label(row.key),
        row.receipts,
        row.delivered,
        row.failed,
        "" if rate is None else round(rate, 4),
        "" if row.change_points is None else row.change_points,
        row.top_failure,
    )


def _latency(label: str, figures: Latency) -> Row:
    def seconds(value: int | None) -> int | str:
        return "" if value is None else value

    percentiles = map(seconds, (figures.p50, figures.p90, figures.p99))
    return (label, figures.receipts, *percentiles, *figures.bands)


def _costs(lines: Iterable[CostLine], label: Callable[[str], str]) -> Iterable[Row]:
    for line in lines:
        amounts = line.costs or (("", None),)
        for currency, amount in amounts:
            parts = (line.messages, line.delivered, line.parts + line.estimated_parts)
            cost = "" if amount is None else float(round(amount, 4))
            yield (label(line.key), *parts, line.estimated_parts, cost, currency)


def _template(code: str, names, unknown: str) -> str:
    return template_label(names.get(code, ""), code, unknown)
