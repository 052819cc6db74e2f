"""Where and why, and how fast, from the stored records when no receipt was pushed for the
period (receipts not set up, or none for those days): the same tables as from the receipts'
tallies, counted from what ``deliveries.selectors.records_outcomes`` gives.

Stored records are only the numbers somebody searched, so the page says these figures describe
them, not every message, and links none of them to the All sends page (which lists receipts).
Each send is placed by its number (``rates.places``) and its latency bucketed as the tallies'
(``rates.tallies.latency_bucket``), so the tables read the same either way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from deliveries.selectors import RecordOutcome, records_outcomes
from rates.breakdowns import Period, Rows, breakdown, period_given, top_failure_codes
from rates.latency import Latency, latency_of
from rates.places import receipt_place
from rates.tallies import latency_bucket
from rates.where_why import RECORDS, WhereWhy


def where_why_from_records(period: Period, *, known: Mapping) -> WhereWhy | None:
    """The breakdowns of ``period`` from its stored records; None when it has none either."""
    current = records_outcomes(start=period.start, end=period.end, accounts=period.accounts)
    if not current:
        return None
    previous = records_outcomes(
        start=period.previous_start, end=period.previous_end, accounts=period.accounts
    )
    given = period_given(period, current=_rows(current), previous=_rows(previous))
    return WhereWhy(
        failure_codes=top_failure_codes(given),
        carriers=breakdown(given, "carrier"),
        regions=breakdown(given, "region"),
        latency_days=_latency(current, by=lambda one: one.day),
        latency_templates=_latency(current, by=lambda one: one.template_code),
        source=RECORDS,
        **known,
    )


def _rows(outcomes: Iterable[RecordOutcome]) -> Rows:
    """The outcomes as the tallies' rows (no billed parts: the costs read their own)."""
    counted: Counter[tuple] = Counter()
    for one in outcomes:
        carrier, region = receipt_place(one.phone)
        counted[(one.account, one.template_code, carrier, region, one.delivered, one.err_code)] += 1
    return [(*key, count, 0) for key, count in counted.items()]


def _latency(outcomes: Iterable[RecordOutcome], *, by) -> dict[object, Latency]:
    seconds: dict[object, Counter[int]] = defaultdict(Counter)
    for one in outcomes:
        if one.seconds is not None:
            seconds[by(one)][latency_bucket(one.seconds)] += 1
    return {key: latency_of(counts.items()) for key, counts in seconds.items()}
