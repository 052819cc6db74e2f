"""Business actions of the delivery-rates pages: refresh daily statistics, store pushed receipts."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.circuit import DEFAULT_ACCOUNT
from core.clients import get_client
from core.metrics import receipts_counted
from deliveries.services import records_apply_receipts
from dysms.errors import DysmsError, InvalidQuery
from dysms.protocol import SmsClient
from dysms.receipts import ParsedPush, Receipt, parse_receipts
from dysms.values import DailyStatistics as UpstreamStatistics
from rates.models import DailyStatistics, Globe, SmsReceipt, TemplateType, is_settling

logger = logging.getLogger("rates")

# Rows per INSERT when storing receipts: a 10,000-receipt push is a few statements.
RECEIPTS_BATCH = 500

_COUNT_FIELDS = (
    "total_count",
    "responded_success_count",
    "responded_fail_count",
    "no_responded_count",
)


@dataclass(frozen=True)
class StatisticsFilter:
    """Which statistics: the period and the optional QuerySendStatistics filters."""

    start: date
    end: date
    globe: Globe = Globe.DOMESTIC
    template_type: TemplateType = TemplateType.ALL
    sign_name: str = ""

    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]


def statistics_refresh(
    *,
    start: date,
    end: date,
    globe: Globe,
    template_type: TemplateType | int | None = None,
    sign_name: str | None = None,
    force: bool = False,
    client: SmsClient | None = None,
    now: datetime | None = None,
) -> list[DailyStatistics]:
    """Make the stored statistics of ``start``..``end`` fresh and return them, one row per day.

    A day is fetched again when it has never been fetched, or when it was
    fetched before it settled (today and the two days before) and that fetch is
    older than ``STATS_FRESH_SECONDS``. A day fetched after it settled is kept.
    ``force`` fetches the whole period. Days after today are left out.
    One upstream query (all its pages) covers the stale days; with none, nothing is read twice.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    wanted = StatisticsFilter(
        start=start,
        end=min(end, today),
        globe=Globe(globe),
        template_type=TemplateType(TemplateType.ALL if template_type is None else template_type),
        sign_name=(sign_name or "").strip(),
    )
    if wanted.start > wanted.end:
        return []
    stored = {row.day: row for row in statistics_stored(wanted)}
    stale = [
        day
        for day in wanted.days()
        if force or _needs_fetch(stored.get(day), day=day, today=today, now=now)
    ]
    if stale:
        fetch = replace(wanted, start=min(stale), end=max(stale))
        _store_statistics(fetch, _fetch_all(client or get_client(), fetch), now)
    return statistics_stored(wanted) if stale else list(stored.values())


def statistics_or_stored(
    wanted: StatisticsFilter,
) -> tuple[list[DailyStatistics], DysmsError | InvalidQuery | None]:
    """Fresh statistics for the filter; when upstream fails, what is stored and the error."""
    try:
        rows = statistics_refresh(
            start=wanted.start,
            end=wanted.end,
            globe=wanted.globe,
            template_type=wanted.template_type,
            sign_name=wanted.sign_name,
        )
    except (DysmsError, InvalidQuery) as exc:
        return statistics_stored(wanted), exc
    return rows, None


def statistics_stored(wanted: StatisticsFilter) -> list[DailyStatistics]:
    """What is stored for the filter, without asking upstream (also used when upstream fails)."""
    return list(
        DailyStatistics.objects.filter(
            day__gte=wanted.start,
            day__lte=wanted.end,
            globe=wanted.globe,
            template_type=wanted.template_type,
            sign_name=wanted.sign_name,
        ).order_by("day")
    )


def _needs_fetch(row: DailyStatistics | None, *, day: date, today: date, now: datetime) -> bool:
    if row is None:
        return True
    if row.is_final() and not is_settling(day, today):
        return False
    return (now - row.fetched_at).total_seconds() >= settings.STATS_FRESH_SECONDS


def _fetch_all(client: SmsClient, wanted: StatisticsFilter) -> list[UpstreamStatistics]:
    """Every page of QuerySendStatistics for the filter (the client pages and rate-limits)."""
    result = client.query_all_send_statistics(
        is_globe=int(wanted.globe),
        start_date=wanted.start,
        end_date=wanted.end,
        template_type=None
        if wanted.template_type == TemplateType.ALL
        else int(wanted.template_type),
        sign_name=wanted.sign_name or None,
    )
    return list(result.rows)


def _store_statistics(wanted: StatisticsFilter, fetched: Iterable, now: datetime) -> None:
    """Upsert one row per day of the fetched period; days upstream left out had no traffic."""
    counts = {day: dict.fromkeys(_COUNT_FIELDS, 0) for day in wanted.days()}
    for item in fetched:
        day = item.send_date
        if day in counts:  # upstream answered outside the asked period: ignore
            for name in _COUNT_FIELDS:
                counts[day][name] += int(getattr(item, name))
    rows = [
        DailyStatistics(
            day=day,
            globe=wanted.globe,
            template_type=wanted.template_type,
            sign_name=wanted.sign_name,
            fetched_at=now,
            **values,
        )
        for day, values in counts.items()
    ]
    DailyStatistics.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["day", "globe", "template_type", "sign_name"],
        update_fields=[*_COUNT_FIELDS, "fetched_at"],
    )


def receipts_store(
    payload: object, *, now: datetime | None = None, account: str = DEFAULT_ACCOUNT
) -> int:
    """Store the usable receipts of a push; returns how many were new.

    Raises ``MalformedReceipts`` (nothing stored) for a body that is not a
    receipt array. Unusable receipts in an array are left out and counted in
    the log (by position and reason, never their contents); pushing them again
    would not make them usable, so the batch still counts as received. The
    usable ones are stored all or nothing: database errors go through, so that
    the endpoint answers 5xx and Alibaba Cloud pushes again. A receipt already
    stored (same BizId and phone) is left as it is: a re-push changes nothing.
    New receipts update the stored SMS records they match.
    """
    parsed = _parsed(payload)
    receipts = _unique(parsed.receipts)
    if not receipts:
        return _counted(account, parsed, new=0)
    now = now or timezone.now()
    # The rows are built before the transaction: it holds the database's write lock (on
    # SQLite, the only one), so it does nothing but read the known keys and write.
    rows = {
        receipt.key: SmsReceipt(
            received_at=now,
            **{field.name: getattr(receipt, field.name) for field in fields(receipt)},
        )
        for receipt in receipts
    }
    with transaction.atomic():
        known = _stored_keys(receipts)
        new = [receipt for receipt in receipts if receipt.key not in known]
        SmsReceipt.objects.bulk_create(
            [rows[receipt.key] for receipt in new], batch_size=RECEIPTS_BATCH
        )
        matched = records_apply_receipts(receipts=new)
    logger.info("Stored %d new delivery receipts of %d pushed", len(new), len(receipts))
    if matched:
        logger.info("Pushed receipts updated %d stored records", matched)
    return _counted(account, parsed, new=len(new))


def _parsed(payload: object) -> ParsedPush:
    """The push's receipts, usable or not; the unusable ones are counted in the log."""
    parsed = parse_receipts(payload)
    if parsed.rejected:
        logger.warning(
            "%d of %d pushed receipts rejected as unusable; the first: %s",
            len(parsed.rejected),
            parsed.pushed,
            parsed.rejected[0],
        )
    return parsed


def _counted(account: str, parsed: ParsedPush, *, new: int) -> int:
    """In the metrics: receipts stored (``new``), duplicate (stored before, or twice in the
    push) and rejected (unusable). Returns ``new``."""
    duplicate, rejected = len(parsed.receipts) - new, len(parsed.rejected)
    receipts_counted(account=account, stored=new, duplicate=duplicate, rejected=rejected)
    return new


def _unique(receipts: list[Receipt]) -> list[Receipt]:
    """The first receipt of each (BizId, phone) in the batch."""
    seen: dict[tuple[str, str], Receipt] = {}
    for receipt in receipts:
        seen.setdefault(receipt.key, receipt)
    return list(seen.values())


def _stored_keys(receipts: list[Receipt]) -> set[tuple[str, str]]:
    biz_ids = {receipt.biz_id for receipt in receipts}
    return set(SmsReceipt.objects.filter(biz_id__in=biz_ids).values_list("biz_id", "phone_number"))


def receipts_purge(*, before: datetime) -> int:
    """Delete the receipts of messages sent before ``before``; returns how many went.

    ``manage.py purge`` (ops) runs it with the record store's purge, by the same
    ``RECORDS_RETENTION_DAYS``: a receipt is kept as long as the records it describes.
    """
    deleted, _ = SmsReceipt.objects.filter(send_time__lt=before).delete()
    return deleted
