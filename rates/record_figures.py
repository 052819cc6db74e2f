"""Where and why, and how fast, from the stored records when no receipt was pushed for the
period (receipts not set up, or none for those days): the same tables as from the receipts'
tallies, from what ``deliveries.selectors`` counts of the records (``records_outcome_counts``,
``records_latency_counts``: one grouped query each).

Stored records are only the numbers somebody searched, so the page says these figures describe
them, not every message, and links none of them to the All sends page (which lists receipts).
Each range of numbers is placed as a receipt's number would be (``rates.places``) and each
latency bucketed as the tallies' (``rates.tallies.latency_bucket``), so the tables read the
same either way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from deliveries.selectors import (
    LatencyCount,
    OutcomeCount,
    records_latency_counts,
    records_outcome_counts,
)
from rates.breakdowns import Period, Rows, breakdown, period_given, top_failure_codes
from rates.latency import Latency, latency_of
from rates.places import receipt_place
from rates.tallies import latency_bucket
from rates.where_why import RECORDS, WhereWhy


def where_why_from_records(period: Period, *, known: Mapping) -> WhereWhy | None:
    """The breakdowns of ``period`` from its stored records; None when it has none either."""
    days = {"start": period.start, "end": period.end, "accounts": period.accounts}
    current = records_outcome_counts(**days)
    if not current:
        return None
    previous = records_outcome_counts(
        start=period.previous_start, end=period.previous_end, accounts=period.accounts
    )
    given = period_given(period, current=_rows(current), previous=_rows(previous))
    latencies = records_latency_counts(**days)
    return WhereWhy(
        failure_codes=top_failure_codes(given),
        carriers=breakdown(given, "carrier"),
        regions=breakdown(given, "region"),
        latency_days=_latency(latencies, by=lambda one: one.day),
        latency_templates=_latency(latencies, by=lambda one: one.template_code),
        source=RECORDS,
        **known,
    )


def _rows(counts: Iterable[OutcomeCount]) -> Rows:
    """The counts as the tallies' rows (no billed parts: the costs read their own)."""
    counted: Counter[tuple] = Counter()
    for one in counts:
        # A mainland range's first seven digits place it as any of its numbers.
        mainland = len(one.number) == 7 and one.number.startswith("1")
        number = one.number + "0000" if mainland else one.number
        carrier, region = receipt_place(number)
        key = (one.account, one.template_code, carrier, region, one.delivered, one.err_code)
        counted[key] += one.sends
    return [(*key, count, 0) for key, count in counted.items()]


def _latency(counts: Iterable[LatencyCount], *, by) -> dict[object, Latency]:
    seconds: dict[object, Counter[int]] = defaultdict(Counter)
    for one in counts:
        seconds[by(one)][latency_bucket(one.seconds)] += one.sends
    return {key: latency_of(histogram.items()) for key, histogram in seconds.items()}
