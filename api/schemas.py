"""The API's answers as typed schemas (ninja/pydantic): what the OpenAPI document describes.

The query parameters are not written here: they are read off the pages' forms
(``api.parameters``), so a field a form gains is a parameter of the API at once.
"""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema

from api.stats_schemas import Breakdowns, Costs, HourRow


class Problem(Schema):
    """Something that went wrong upstream, in the words the page's banner uses
    (``core.failures``): ``code`` is the kind of failure (``throttled``, ``circuit-open``,
    ``late`` ...), ``upstream_code`` the service's own code where it gave one."""

    code: str
    message: str
    request_id: str = ""
    upstream_code: str = ""
    account: str = ""  # whose call failed (a search asks every account); "" for late days


class Error(Schema):
    detail: str


class FieldErrors(Schema):
    """Bad parameters: the form's own messages, per field (``__all__`` for the whole)."""

    detail: str
    errors: dict[str, list[str]]


class Summary(Schema):
    sent: int
    delivered: int
    failed: int
    waiting: int
    delivery_rate: float | None


class DayFetched(Schema):
    """One day of the search: when its records were fetched from Alibaba Cloud (``None``:
    never), and whether it had no answer by the search's deadline."""

    day: date
    account: str
    phone: str  # which number (a search of several numbers has one entry per number too)
    fetched_at: datetime | None
    late: bool
    total_count: int | None
    stored_count: int | None
    capped: bool


class RecordRow(Schema):
    id: int
    url: str
    account: str
    phone: str = ""  # masked for roles that see numbers masked
    send_day: date
    send_time: datetime | None
    receive_time: datetime | None
    status: str
    err_code: str
    template_code: str
    content: str
    out_id: str


class PhoneSummary(Summary):
    """One number's part of the summary of a search of several numbers."""

    phone: str


class RecordsAnswer(Schema):
    """``phone`` is the number searched (the numbers, comma-separated, for several), ``phones``
    the same as a list; ``by_phone`` each number's counts (empty for one number)."""

    phone: str
    phones: list[str]
    by_phone: list[PhoneSummary]
    first: date
    last: date
    biz_id: str
    accounts: list[str]
    filters: dict[str, str]
    summary: Summary
    days: list[DayFetched]
    problems: list[Problem]
    page: int
    pages: int
    per_page: int
    records: list[RecordRow]


class Explained(Schema):
    category: str
    meaning: str
    tell_customer: str
    next_step: str
    documented: bool


class RecordAnswer(RecordRow):
    phone: str
    phone_place: str
    biz_id: str
    fetched_at: datetime
    request_id: str
    explanation: Explained | None
    waited: str
    escalation_summary: str


class StatsDay(Schema):
    day: date
    sent: int
    delivered: int
    failed: int
    no_receipt: int
    delivery_rate: float | None
    settling: bool
    fetched_at: datetime


class Totals(Schema):
    sent: int
    delivered: int
    failed: int
    no_receipt: int
    delivery_rate: float | None
    receipted_rate: float | None


class Compared(Schema):
    label: str
    previous: Totals | None
    delivery_points: float | None
    volume_change: str
    note: str
    # The period ends today and only its complete days were compared (``compare=complete``).
    today_left_out: bool


class TemplateRow(Schema):
    template_code: str
    receipts: int
    delivered: int
    failed: int
    delivery_rate: float | None
    top_failures: list[tuple[str, int]]


class StatsAnswer(Schema):
    start: date
    end: date
    globe: str
    template_type: int
    sign_name: str
    totals: Totals
    days: list[StatsDay]
    comparison: Compared | None
    templates: list[TemplateRow]
    problems: list[Problem]
    # Where and why, how fast (None when the period has neither receipts nor stored records),
    # today by the hour, what it costs (api.stats_schemas).
    breakdowns: Breakdowns | None
    hours: list[HourRow]
    costs: Costs | None
