"""The rates page's "What it costs" tables, formatted from ``rates.costs``. Pure: no I/O.

Amounts are shown to the cent (per delivered message to a hundredth of a cent), each with its
currency code; accounts priced in different currencies give one amount per currency. A line
whose parts are partly estimated is marked "≈" with the estimated share.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext

from rates.costs import CostLine, Costs
from rates.tables import grouped, template_label

CENT, HUNDREDTH_OF_CENT = Decimal("0.01"), Decimal("0.0001")


def costs_context(costs: Costs | None, *, unknown_template: str) -> dict:
    if costs is None:
        return {}
    templates = []
    for line in costs.templates:
        name = costs.template_names.get(line.key, "")
        label = template_label(name, line.key, unknown_template)
        templates.append(_cells(line, label))
    days = [_cells(line, line.key) for line in costs.days]
    return {
        "cost_priced": costs.priced,
        # (title, lines, table id, first column's header) per table of the template.
        "cost_tables": [
            (gettext("Per day"), days, "cost-days", gettext("Day")),
            (gettext("Per template"), templates, "cost-templates", gettext("Template")),
        ],
        "cost_total": _cells(costs.total, gettext("Whole period")) if costs.days else None,
    }


def _cells(line: CostLine, label: str) -> dict:
    share = line.estimated_parts / (line.parts + line.estimated_parts) if line.estimated else 0
    return {
        "label": label,
        "messages": grouped(line.messages),
        "delivered": grouped(line.delivered),
        "parts": grouped(line.parts + line.estimated_parts),
        "estimated": line.estimated,
        "estimated_share": f"{share * 100:.0f}%",
        "cost": money(line.costs, CENT),
        "per_delivered": money(line.cost_per_delivered(), HUNDREDTH_OF_CENT),
    }


def money(amounts: tuple[tuple[str, Decimal], ...], step: Decimal) -> str:
    """``((CNY, 12.345),)`` -> "12.35 CNY"; "—" when there is no price."""
    if not amounts:
        return "—"
    return " + ".join(
        f"{amount.quantize(step, rounding=ROUND_HALF_UP):,} {currency}"
        for currency, amount in amounts
    )
