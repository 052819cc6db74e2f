"""The receipts' tallies (``ReceiptTally``, ``ReceiptLatency``), kept as receipts are stored.

The rates page's breakdowns (failure codes, carriers, regions, templates, latency) over 90 days
of a busy account would otherwise group millions of receipts, each matched against the stored
records for its template, on every view. Counting the new receipts of a push into a few rows a
day, in the same transaction that stores them, keeps every view to a scan of those rows.

Each new receipt adds one to its tally and one to its latency second: an upsert per distinct
key (``INSERT ... ON CONFLICT DO UPDATE``, which SQLite and PostgreSQL share), so two pushes
at once add up instead of overwriting each other. The template is the one of the stored record
the receipt matches when it arrives (``deliveries.selectors.receipts_template_codes``); a
receipt that arrives before anyone looked up its number stays "unknown template" in the
tallies.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime

from django.db import connection
from django.utils import timezone

from deliveries.selectors import receipts_template_codes
from dysms.receipts import Receipt
from rates.models import LATENCY_CAP_SECONDS, ReceiptLatency, ReceiptTally
from rates.places import receipt_place

TALLY_COLUMNS = ("account", "day", "template_code", "carrier", "region", "success", "err_code")
LATENCY_COLUMNS = ("account", "day", "template_code", "seconds")


def tallies_add(*, receipts: Sequence[Receipt], account: str) -> None:
    """Count new receipts (not yet stored before this push) into the tallies."""
    if not receipts:
        return
    templates = receipts_template_codes(receipts=receipts, account=account)
    tallies: Counter[tuple] = Counter()
    parts: Counter[tuple] = Counter()
    latencies: Counter[tuple] = Counter()
    for receipt in receipts:
        day = sent_day(receipt.send_time)
        template = templates.get(receipt.key, "")
        carrier, region = receipt_place(receipt.phone_number)
        err_code = "" if receipt.success else receipt.err_code
        key = (account, day, template, carrier, region, receipt.success, err_code)
        tallies[key] += 1
        parts[key] += receipt.sms_size
        latencies[(account, day, template, latency_seconds(receipt))] += 1
    _upsert(ReceiptTally._meta.db_table, TALLY_COLUMNS, tallies, parts)
    _upsert(ReceiptLatency._meta.db_table, LATENCY_COLUMNS, latencies)


def tallies_purge(*, before: datetime) -> None:
    """Drop the tallies of the days the receipt purge emptied (sent before ``before``)."""
    day = sent_day(before)
    ReceiptTally.objects.filter(day__lt=day).delete()
    ReceiptLatency.objects.filter(day__lt=day).delete()


def sent_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def latency_seconds(receipt: Receipt) -> int:
    """Seconds from send to receipt, as the latency tallies keep them (``latency_bucket``); a
    receipt dated before its send counts as 0."""
    return latency_bucket(int((receipt.report_time - receipt.send_time).total_seconds()))


def latency_bucket(seconds: int) -> int:
    """To the second under a minute, to 5 s under 5 minutes, to the minute up to the hour, then
    the hour (``LATENCY_CAP_SECONDS``): at most 163 rows a day and template, however many
    receipts, so 90 days read fast; percentiles are exact to that step (each shows its step's
    start), and the bands' bounds (10 s, 1 min, 5 min) fall on steps."""
    seconds = min(max(seconds, 0), LATENCY_CAP_SECONDS)
    if seconds < 60:
        return seconds
    return seconds - seconds % (5 if seconds < 300 else 60)


def _upsert(
    table: str,
    columns: tuple[str, ...],
    counts: Counter[tuple],
    parts: Counter[tuple] | None = None,
) -> None:
    """Add ``counts`` (and the billed ``parts``, for the tallies) to the rows of their keys."""
    sums = ("count", "parts") if parts is not None else ("count",)
    names = ", ".join(columns)
    marks = ", ".join(["%s"] * (len(columns) + len(sums)))
    added = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in sums)
    sql = (
        f"INSERT INTO {table} ({names}, {', '.join(sums)}) VALUES ({marks}) "
        f"ON CONFLICT ({names}) DO UPDATE SET {added}"
    )
    rows = [
        (*key, count, *((parts[key],) if parts is not None else ()))
        for key, count in counts.items()
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
