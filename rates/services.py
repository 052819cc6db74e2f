"""Business actions of the delivery-rates pages: refresh daily statistics, store pushed receipts.

The statistics are one account's in rates/statistics.py and several accounts' at once in
rates/accounts_statistics.py; both are reached from here.
"""

from __future__ import annotations

import logging
from dataclasses import fields
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from core.accounts import default_account
from core.metrics import receipts_counted
from deliveries.services import records_apply_receipts
from dysms.receipts import ParsedPush, Receipt, parse_receipts
from rates.accounts_statistics import StatisticsResult, statistics_or_stored
from rates.models import SmsReceipt
from rates.places import receipt_place
from rates.statistics import StatisticsFilter, statistics_refresh, statistics_stored
from rates.tallies import tallies_add, tallies_purge

__all__ = [
    "StatisticsFilter",
    "StatisticsResult",
    "receipts_purge",
    "receipts_store",
    "statistics_or_stored",
    "statistics_refresh",
    "statistics_stored",
]

logger = logging.getLogger("rates")

# Rows per INSERT when storing receipts: a 10,000-receipt push is a few statements.
RECEIPTS_BATCH = 500


def receipts_store(
    payload: object, *, account: str | None = None, now: datetime | None = None
) -> int:
    """Store the usable receipts of a push to ``account``'s URL (the default account's without
    one); returns how many were new.

    Raises ``MalformedReceipts`` (nothing stored) for a body that is not a
    receipt array. Unusable receipts in an array are left out and counted in
    the log (by position and reason, never their contents); pushing them again
    would not make them usable, so the batch still counts as received. The
    usable ones are stored all or nothing: database errors go through, so that
    the endpoint answers 5xx and Alibaba Cloud pushes again. A receipt already
    stored (same account, BizId and phone) is left as it is: a re-push changes nothing.
    New receipts update the stored SMS records of the same account they match.
    """
    account = account or default_account().name
    parsed = _parsed(payload)
    receipts = _unique(parsed.receipts)
    if not receipts:
        return _counted(account, parsed, new=0)
    now = now or timezone.now()
    # The rows are built before the transaction: it holds the database's write lock (on
    # SQLite, the only one), so it does nothing but read the known keys and write.
    rows = {receipt.key: _receipt_row(receipt, account=account, now=now) for receipt in receipts}
    new, matched = _store_new(receipts, rows, account=account)
    _log_stored(len(new), pushed=len(receipts), matched=matched, account=account)
    return _counted(account, parsed, new=len(new))


def _receipt_row(receipt: Receipt, *, account: str, now: datetime) -> SmsReceipt:
    carrier, region = receipt_place(receipt.phone_number)
    return SmsReceipt(
        account=account,
        received_at=now,
        carrier=carrier,
        region=region,
        **{field.name: getattr(receipt, field.name) for field in fields(receipt)},
    )


def _store_new(
    receipts: list[Receipt], rows: dict[tuple[str, str], SmsReceipt], *, account: str
) -> tuple[list[Receipt], int]:
    """In one transaction: the receipts not stored before, the records they settle and their
    tallies. Returns the new receipts and how many records they updated."""
    with transaction.atomic():
        known = _stored_keys(receipts, account=account)
        new = [receipt for receipt in receipts if receipt.key not in known]
        SmsReceipt.objects.bulk_create(
            [rows[receipt.key] for receipt in new], batch_size=RECEIPTS_BATCH
        )
        matched = records_apply_receipts(receipts=new, account=account)
        tallies_add(receipts=new, account=account)
    return new, matched


def _log_stored(new: int, *, pushed: int, matched: int, account: str) -> None:
    logger.info("Stored %d new delivery receipts of %d pushed to %s", new, pushed, account)
    if matched:
        logger.info("Pushed receipts updated %d stored records", matched)


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


def _stored_keys(receipts: list[Receipt], *, account: str) -> set[tuple[str, str]]:
    biz_ids = {receipt.biz_id for receipt in receipts}
    stored = SmsReceipt.objects.filter(account=account, biz_id__in=biz_ids)
    return set(stored.values_list("biz_id", "phone_number"))


def receipts_purge(*, before: datetime) -> int:
    """Delete the receipts of messages sent before ``before``; returns how many went.

    ``manage.py purge`` (ops) runs it with the record store's purge, by the same
    ``RECORDS_RETENTION_DAYS``: a receipt is kept as long as the records it describes.
    """
    deleted, _ = SmsReceipt.objects.filter(send_time__lt=before).delete()
    tallies_purge(before=before)
    return deleted
