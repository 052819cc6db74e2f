"""``/api/v1/stats``' breakdowns arranged from the rates page's answer (``rates.answers``):
no I/O, the same figures as the page's tables (``api.stats_schemas`` says their shapes)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from deliveries.selectors import code_meaning
from rates.answers import StatsAnswer
from rates.breakdowns import BreakdownRow
from rates.costs import CostLine, Costs
from rates.latency import Latency
from rates.places import carrier_label, region_label

TEN_THOUSANDTH = Decimal("0.0001")  # amounts to a hundredth of a cent, as the page's per message


def breakdowns_json(answer: StatsAnswer) -> dict:
    """The breakdowns, today's hours and the costs of ``answer`` (None where it has none)."""
    return {
        "breakdowns": _where(answer),
        "hours": [
            {
                "hour": hour.hour,
                "receipts": hour.receipts,
                "delivered": hour.delivered,
                "failed": hour.failed,
                "delivery_rate": hour.delivery_rate,
                "partial": hour.partial,
            }
            for hour in answer.hours
        ],
        "costs": _costs(answer.costs) if answer.costs is not None else None,
    }


def _where(answer: StatsAnswer) -> dict | None:
    where = answer.where
    if where is None:
        return None
    return {
        "source": where.source,
        "failure_codes": [
            {
                "code": code.code,
                "meaning": code_meaning(code.code) if code.code else "",
                "count": code.count,
                "share": code.share,
                "previous": code.previous,
            }
            for code in where.failure_codes
        ],
        "carriers": [_place(row, carrier_label(row.key)) for row in where.carriers],
        "regions": [_place(row, region_label(row.key)) for row in where.regions],
        "latency_days": [
            {"day": day, **_latency(figures)} for day, figures in sorted(where.latency_days.items())
        ],
        "latency_templates": _templates(where.latency_templates, where.template_names, where),
    }


def _templates(latencies: Mapping[str, Latency], names: Mapping[str, str], where) -> list[dict]:
    ordered = sorted(latencies.items(), key=lambda item: (-item[1].receipts, item[0]))
    return [
        {
            "template_code": code,
            "template_name": names.get(code, ""),
            "verification": code in where.verification,
            **_latency(figures),
        }
        for code, figures in ordered
    ]


def _place(row: BreakdownRow, label: str) -> dict:
    return {
        "key": row.key,
        "label": label,
        "receipts": row.receipts,
        "delivered": row.delivered,
        "failed": row.failed,
        "delivery_rate": row.delivery_rate,
        "change_points": row.change_points,
        "top_failure": row.top_failure,
    }


def _latency(figures: Latency) -> dict:
    under_10s, to_1min, to_5min, over_5min = figures.bands
    return {
        "receipts": figures.receipts,
        "p50": figures.p50,
        "p90": figures.p90,
        "p99": figures.p99,
        "bands": {
            "under_10s": under_10s,
            "from_10s_to_1min": to_1min,
            "from_1_to_5min": to_5min,
            "over_5min": over_5min,
        },
        "slow": figures.slow,
    }


def _costs(costs: Costs) -> dict:
    return {
        "priced": costs.priced,
        "days": [_cost_line(line) for line in costs.days],
        "templates": [_cost_line(line) for line in costs.templates],
        "total": _cost_line(costs.total),
    }


def _cost_line(line: CostLine) -> dict:
    return {
        "key": line.key,
        "messages": line.messages,
        "delivered": line.delivered,
        "parts": line.parts + line.estimated_parts,
        "estimated_parts": line.estimated_parts,
        "costs": [
            {"currency": currency, "amount": str(amount.quantize(TEN_THOUSANDTH))}
            for currency, amount in line.costs
        ],
    }
