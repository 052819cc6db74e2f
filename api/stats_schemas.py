"""The schemas of ``/api/v1/stats``' breakdowns: where and why delivery fails, how fast receipts
come, today by the hour and what it costs, as the rates page shows them (``api.stats_present``
arranges them). Rates and shares are fractions (0.95), latencies whole seconds."""

from __future__ import annotations

from datetime import date

from ninja import Schema


class FailureCodeRow(Schema):
    code: str
    meaning: str
    count: int
    share: float
    previous: int


class PlaceRow(Schema):
    # rates.places keys: a carrier's English name or "virtual"; a province in English or a
    # country code; "" unknown. ``label`` names it in the request's language.
    key: str
    label: str
    receipts: int
    delivered: int
    failed: int
    delivery_rate: float | None
    change_points: float | None
    top_failure: str


class Bands(Schema):
    under_10s: int
    from_10s_to_1min: int
    from_1_to_5min: int
    over_5min: int


class LatencyRow(Schema):
    receipts: int
    p50: int | None
    p90: int | None
    p99: int | None
    bands: Bands
    slow: bool  # p90 over a minute


class LatencyDay(LatencyRow):
    day: date


class LatencyTemplate(LatencyRow):
    template_code: str
    template_name: str
    verification: bool


class Breakdowns(Schema):
    # "receipts" (the pushed receipts' tallies) or "records" (no receipt in the period: the
    # stored records of the numbers someone searched).
    source: str
    failure_codes: list[FailureCodeRow]
    carriers: list[PlaceRow]
    regions: list[PlaceRow]
    latency_days: list[LatencyDay]
    latency_templates: list[LatencyTemplate]


class HourRow(Schema):
    hour: int  # China time, 0 to 23
    receipts: int
    delivered: int
    failed: int
    delivery_rate: float | None
    partial: bool  # the hour under way


class Amount(Schema):
    currency: str
    amount: str  # a decimal, as text: money is not a float


class CostRow(Schema):
    key: str  # a day (ISO) or a template code
    messages: int
    delivered: int
    parts: int  # billed, the estimate included
    estimated_parts: int
    costs: list[Amount]


class Costs(Schema):
    priced: bool  # a price per part is configured
    days: list[CostRow]
    templates: list[CostRow]
    total: CostRow
