"""Keep the record store fresh: ``records_refresh`` decides, fetches upstream, and stores.

Freshness: a stored search is reused until it is ``RECORDS_FRESH_SECONDS`` old,
and for ever once it is final (a past day, fetched after it ended, nothing
waiting for a receipt), unless someone presses Refresh (``force``).

A fetch asks for page 1, learns the total, then the remaining pages at once
(``RECORDS_FETCH_CONCURRENCY`` threads, at most ``RECORDS_FETCH_CAP`` records).
Worker threads only talk HTTP; this thread writes, replacing the search's rows
in one transaction, so readers see the old day or the new one, never a mix.
Simultaneous searches for one key make one fetch: a lock in the shared cache
(``cache.add`` is atomic in every backend, Redis included) lets one fetch and
the others wait for its result.
"""

from __future__ import annotations

import logging
import math
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from . import problems
from .backend import get_client
from .dysms.errors import DysmsError, InvalidQuery
from .dysms.parsing import MAX_TOTAL_COUNT
from .dysms.records import SendDetailsPage, SendStatus
from .dysms.records import SmsRecord as UpstreamRecord
from .models import Fetch, SmsRecord
from .stored_masking import masked_content

logger = logging.getLogger("deliveries")

PAGE_SIZE = 50  # the most QuerySendDetails gives per page
LOCK_KEY = "deliveries:fetch-lock:{phone}:{day:%Y%m%d}:{biz_id}"
# Longer than the slowest fetch (retries and timeouts included): a crashed holder expires.
LOCK_SECONDS = 120
# How long a second search waits for the first one's fetch before fetching itself.
WAIT_SECONDS = 30
POLL_SECONDS = 0.1


@dataclass(frozen=True)
class RefreshResult:
    """What the store holds for the search after the refresh, and what happened upstream.

    ``fetch`` is ``None`` when the search was never fetched successfully. With a
    ``problem`` (plain words for the banner) any rows shown are older ones.
    """

    fetch: Fetch | None
    fetched: bool = False
    problem: str = ""
    request_id: str = ""


@dataclass(frozen=True)
class FetchedDay:
    total_count: int
    records: list[UpstreamRecord]
    request_ids: list[str]
    capped: bool


def records_refresh(
    *,
    phone: str,
    day: date,
    biz_id: str = "",
    force: bool = False,
    client=None,
    sleep: Callable[[float], None] = time.sleep,
) -> RefreshResult:
    """Make the stored records of (phone, day, biz_id) fresh; upstream errors become ``problem``."""
    key = {"phone": phone, "day": day, "biz_id": biz_id}
    seen = stored_fetch(**key)
    lock = LOCK_KEY.format(**key)
    token = uuid.uuid4().hex
    for _ in range(int(WAIT_SECONDS / POLL_SECONDS)):
        current = stored_fetch(**key)
        if _settled(current, seen=seen, force=force):
            return RefreshResult(current)
        if cache.add(lock, token, LOCK_SECONDS):
            try:
                current = stored_fetch(**key)  # finished while we took the lock?
                if _settled(current, seen=seen, force=force):
                    return RefreshResult(current)
                return _fetch_and_store(key, client=client, stored=current)
            finally:
                if cache.get(lock) == token:
                    cache.delete(lock)
        sleep(POLL_SECONDS)
    logger.warning("Fetch lock for %r held too long; fetching without it", lock)
    return _fetch_and_store(key, client=client, stored=stored_fetch(**key))


def stored_fetch(*, phone: str, day: date, biz_id: str = "") -> Fetch | None:
    return Fetch.objects.filter(phone=phone, day=day, biz_id=biz_id).first()


def is_fresh(fetch: Fetch | None, *, now: datetime | None = None) -> bool:
    if fetch is None:
        return False
    if fetch.is_final():
        return True
    age = ((now or timezone.now()) - fetch.fetched_at).total_seconds()
    return age < settings.RECORDS_FRESH_SECONDS


def _settled(current: Fetch | None, *, seen: Fetch | None, force: bool) -> bool:
    """Nothing to fetch: fresh enough, or someone else fetched while this search waited."""
    if current is not None and seen is not None and current.fetched_at != seen.fetched_at:
        return True
    if current is not None and seen is None:
        return True
    return not force and is_fresh(current)


def _fetch_and_store(key: dict, *, client, stored: Fetch | None) -> RefreshResult:
    started = timezone.now()
    try:
        fetched = fetch_day(client or get_client(), **key)
    except (DysmsError, InvalidQuery) as error:
        request_id = getattr(error, "request_id", "")
        logger.warning(
            "QuerySendDetails failed (%s, request id %r)", error.__class__.__name__, request_id
        )
        return RefreshResult(stored, problem=problems.describe(error), request_id=request_id)
    return RefreshResult(store_day(key, fetched, fetched_at=started), fetched=True)


def fetch_day(client, *, phone: str, day: date, biz_id: str = "") -> FetchedDay:
    """Every page of the day (up to the cap): page 1 first, then the rest concurrently."""

    def page(number: int) -> SendDetailsPage:
        return client.query_send_details(
            phone, day, page=number, page_size=PAGE_SIZE, biz_id=biz_id or None
        )

    cap = settings.RECORDS_FETCH_CAP
    first = page(1)
    pages = [first]
    count = min(math.ceil(min(first.total_count, cap) / PAGE_SIZE), math.ceil(cap / PAGE_SIZE))
    if count > 1:
        workers = max(1, min(settings.RECORDS_FETCH_CONCURRENCY, count - 1))
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dysms-page")
        try:
            pages += list(pool.map(page, range(2, count + 1)))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    records = [record for one in pages for record in one.records][:cap]
    return FetchedDay(
        total_count=first.total_count,
        records=records,
        request_ids=[one.request_id for one in pages],
        capped=first.total_count > cap,
    )


def store_day(key: dict, fetched: FetchedDay, *, fetched_at: datetime) -> Fetch:
    """Replace the search's stored records with ``fetched``, atomically."""
    records = fetched.records
    with transaction.atomic():
        fetch, _ = Fetch.objects.update_or_create(
            **key,
            defaults={
                "fetched_at": fetched_at,
                "total_count": fetched.total_count,
                "stored_count": len(records),
                "waiting_count": sum(r.status == SendStatus.WAITING for r in records),
                "capped": fetched.capped,
                "request_ids": fetched.request_ids,
            },
        )
        fetch.records.all().delete()
        SmsRecord.objects.bulk_create(
            [_row(fetch, position, record) for position, record in enumerate(records)],
            batch_size=500,
        )
    return fetch


def _row(fetch: Fetch, position: int, record: UpstreamRecord) -> SmsRecord:
    # bulk_create skips ``SmsRecord.save``: the masked content is computed here, once per store.
    content = _text(record.content)
    return SmsRecord(
        fetch=fetch,
        phone=fetch.phone,
        send_day=fetch.day,
        position=position,
        status=int(record.status),
        err_code=_text(record.err_code, 100),
        template_code=_text(record.template_code, 100),
        content=content,
        content_masked=masked_content(content),
        out_id=_text(record.out_id, 255),
        send_time=record.send_time,
        receive_time=record.receive_time,
    )


def _text(value: str, limit: int | None = None) -> str:
    # Upstream text is untrusted: PostgreSQL refuses NUL characters, columns have lengths.
    return value.replace("\x00", "")[:limit]


@dataclass(frozen=True)
class RangeResult:
    """``records_refresh`` over several days (newest first): one ``RefreshResult`` per day.

    ``fetch`` sums up the stored days for the page (oldest fetch time, any cap), ``None``
    when no day was ever fetched; ``problem`` is the first day's problem, if any.
    """

    days: list[tuple[date, RefreshResult]]

    @property
    def fetches(self) -> list[Fetch]:
        return [result.fetch for _, result in self.days if result.fetch is not None]

    @property
    def fetch(self) -> FetchSummary | None:
        fetches = self.fetches
        if not fetches:
            return None
        return FetchSummary(
            fetched_at=min(f.fetched_at for f in fetches),
            capped=any(f.capped for f in fetches),
            total_count=sum(f.total_count for f in fetches),
            total_unbelievable=any(f.total_count >= MAX_TOTAL_COUNT for f in fetches),
            stored_count=sum(f.stored_count for f in fetches),
            request_ids=[rid for f in fetches for rid in f.request_ids],
        )

    @property
    def _troubled(self) -> RefreshResult | None:
        return next((result for _, result in self.days if result.problem), None)

    @property
    def problem(self) -> str:
        troubled = self._troubled
        return troubled.problem if troubled else ""

    @property
    def request_id(self) -> str:
        troubled = self._troubled
        return troubled.request_id if troubled else ""

    @property
    def fetched(self) -> bool:
        return any(result.fetched for _, result in self.days)


@dataclass(frozen=True)
class FetchSummary:
    """The stored days of a search, summed up for the page.

    ``total_unbelievable``: some day's ``TotalCount`` was clamped (``MAX_TOTAL_COUNT``), so
    ``total_count`` is a lower bound and the page says upstream's count cannot be right.
    """

    fetched_at: datetime
    capped: bool
    total_count: int
    stored_count: int
    request_ids: list[str]
    total_unbelievable: bool = False


def records_refresh_range(
    *,
    phone: str,
    first: date,
    last: date,
    biz_id: str = "",
    force: bool = False,
    client=None,
) -> RangeResult:
    """Make every day from ``first`` to ``last`` fresh; only the stale days cost calls.

    Stale days are fetched ``RECORDS_DAYS_CONCURRENCY`` at a time (each with its own pages
    at once, so bounded twice over for the account's rate limit). As in ``records_refresh``,
    worker threads only talk HTTP and this thread stores. A day whose fetch lock someone
    else holds goes through ``records_refresh``, which waits for their result.
    """
    days = [last - timedelta(days=n) for n in range((last - first).days + 1)]
    results: dict[date, RefreshResult] = {}
    stale = []
    for day in days:
        stored = stored_fetch(phone=phone, day=day, biz_id=biz_id)
        if force or not is_fresh(stored):
            stale.append(day)
        else:
            results[day] = RefreshResult(stored)
    if len(stale) == 1:
        results[stale[0]] = records_refresh(
            phone=phone, day=stale[0], biz_id=biz_id, force=force, client=client
        )
    elif stale:
        results.update(_refresh_days(phone, stale, biz_id=biz_id, force=force, client=client))
    return RangeResult([(day, results[day]) for day in days])


def _refresh_days(
    phone: str, days: list[date], *, biz_id: str, force: bool, client
) -> dict[date, RefreshResult]:
    client = client or get_client()
    token = uuid.uuid4().hex
    keys = {day: {"phone": phone, "day": day, "biz_id": biz_id} for day in days}
    locked = [day for day in days if cache.add(LOCK_KEY.format(**keys[day]), token, LOCK_SECONDS)]
    results: dict[date, RefreshResult] = {}
    try:
        workers = max(1, min(settings.RECORDS_DAYS_CONCURRENCY, len(locked) or 1))
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dysms-day")
        started = timezone.now()
        try:
            futures = {day: pool.submit(fetch_day, client, **keys[day]) for day in locked}
            for day, future in futures.items():
                results[day] = _store_or_describe(keys[day], future, started=started)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    finally:
        for day in locked:
            lock = LOCK_KEY.format(**keys[day])
            if cache.get(lock) == token:
                cache.delete(lock)
    for day in days:
        if day not in results:  # someone else is fetching it: wait for theirs
            results[day] = records_refresh(
                phone=phone, day=day, biz_id=biz_id, force=force, client=client
            )
    return results


def _store_or_describe(key: dict, future, *, started: datetime) -> RefreshResult:
    try:
        fetched = future.result()
    except (DysmsError, InvalidQuery) as error:
        request_id = getattr(error, "request_id", "")
        logger.warning(
            "QuerySendDetails failed (%s, request id %r)", error.__class__.__name__, request_id
        )
        return RefreshResult(
            stored_fetch(**key), problem=problems.describe(error), request_id=request_id
        )
    return RefreshResult(store_day(key, fetched, fetched_at=started), fetched=True)
