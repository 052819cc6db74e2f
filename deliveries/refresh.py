"""Keep one day of the record store fresh: ``records_refresh`` decides, fetches and stores.

Freshness: a stored search is reused until it is ``RECORDS_FRESH_SECONDS`` old, and for
ever once it is final (a past day, fetched after it ended, nothing waiting for a receipt),
unless someone presses Refresh (``force``).

Simultaneous searches for one key make one fetch: a lock in the shared cache (``cache.add``
is atomic in every cache backend, Redis included) lets one fetch and the others wait for
its result. The fetch runs in a worker thread that only talks HTTP; this thread stores, so
the ``Deadline`` can stop waiting for a slow upstream and answer with what the store has.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date, datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from core.clients import get_client
from core.failures import Failure
from core.metrics import fetch_lock_wait
from deliveries.deadline import Deadline
from deliveries.fetching import FetchedDay, fetch_day
from deliveries.models import Fetch
from deliveries.record_search import DEFAULT_ACCOUNT, LOCK_KEY, DayKey
from deliveries.record_store import store_day, store_days
from deliveries.results import RefreshResult
from dysms.errors import DysmsError, InvalidQuery

logger = logging.getLogger("deliveries")

__all__ = ["LOCK_KEY", "is_fresh", "records_refresh", "stored_fetch"]

# Longer than the slowest fetch (retries and timeouts included): a crashed holder expires.
LOCK_SECONDS = 120
# How long a second search waits for the first one's fetch before fetching itself.
WAIT_SECONDS = 30
POLL_SECONDS = 0.1


def records_refresh(
    *,
    phone: str,
    day: date,
    biz_id: str = "",
    account: str = DEFAULT_ACCOUNT,
    force: bool = False,
    client=None,
    sleep: Callable[[float], None] = time.sleep,
    deadline: Deadline | None = None,
) -> RefreshResult:
    """Make the stored records of (phone, day, biz_id) in ``account`` fresh; an upstream error
    is ``failure``.

    Waiting for someone else's fetch and fetching both end at the ``deadline`` (a new
    one by default): then the stored rows, if any, come back ``late``.
    """
    deadline = deadline or Deadline()
    key = DayKey(phone=phone, day=day, biz_id=biz_id, account=account)
    seen = stored_fetch(key)
    token = uuid.uuid4().hex
    options = {"client": client, "deadline": deadline, "seen": seen, "force": force}
    # How long this search waits for someone else's fetch, in the metrics (core.metrics).
    with fetch_lock_wait() as wait:
        for _ in range(int(WAIT_SECONDS / POLL_SECONDS)):
            current = stored_fetch(key)
            if _settled(current, seen=seen, force=force):
                return RefreshResult(current, account=key.account)
            if cache.add(key.lock, token, LOCK_SECONDS):
                wait.done()
                return _fetch_holding_lock(key, token, **options)
            wait.waiting()
            if deadline.passed():
                return late(key, current)
            sleep(POLL_SECONDS)
    logger.warning("Fetch lock for %r held too long; fetching without it", key.lock)
    return _fetch_and_store(key, client=client, stored=stored_fetch(key), deadline=deadline)


def _fetch_holding_lock(
    key: DayKey, token: str, *, client, deadline: Deadline, seen: Fetch | None, force: bool
) -> RefreshResult:
    """Fetch the day under its lock, unless it was fetched while this search took the lock."""
    try:
        current = stored_fetch(key)
        if _settled(current, seen=seen, force=force):
            return RefreshResult(current, account=key.account)
        return _fetch_and_store(key, client=client, stored=current, deadline=deadline)
    finally:
        release_lock(key, token)


def stored_fetch(key: DayKey) -> Fetch | None:
    return Fetch.objects.filter(**key.fields()).first()


def is_fresh(fetch: Fetch | None, *, now: datetime | None = None) -> bool:
    if fetch is None:
        return False
    if fetch.is_final():
        return True
    age = ((now or timezone.now()) - fetch.fetched_at).total_seconds()
    return age < settings.RECORDS_FRESH_SECONDS


def release_lock(key: DayKey, token: str) -> None:
    """Let go of the day's fetch lock if this search still holds it (it may have expired)."""
    if cache.get(key.lock) == token:
        cache.delete(key.lock)


def _settled(current: Fetch | None, *, seen: Fetch | None, force: bool) -> bool:
    """Nothing to fetch: fresh enough, or someone else fetched while this search waited."""
    if current is not None and seen is not None and current.fetched_at != seen.fetched_at:
        return True
    if current is not None and seen is None:
        return True
    return not force and is_fresh(current)


def _fetch_and_store(
    key: DayKey, *, client, stored: Fetch | None, deadline: Deadline
) -> RefreshResult:
    """One day fetched in a worker thread, stored here if it came by the deadline."""
    started = timezone.now()
    try:
        client = client or get_client(key.account)
    except DysmsError as error:
        return failed(error, stored=stored, account=key.account)
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dysms-day")
    try:
        future = pool.submit(fetch_day, client, phone=key.phone, day=key.day, biz_id=key.biz_id)
        if future not in deadline.wait([future]):
            return late(key, stored)
        return store_answer(key, future, started=started)
    finally:
        pool.shutdown(wait=False)  # a late fetch finishes in the background, unstored


def store_answers(
    answers: list[tuple[DayKey, Future[FetchedDay]]], *, started: datetime
) -> dict[DayKey, RefreshResult]:
    """Store the days that answered together in one go (``record_store.store_days``); a day
    whose fetch failed keeps its stored rows with the failure."""
    results, fetched = {}, []
    for key, future in answers:
        try:
            fetched.append((key, future.result()))
        except (DysmsError, InvalidQuery) as error:
            results[key] = failed(error, stored=stored_fetch(key), account=key.account)
    stored = store_days([(key.fields(), day) for key, day in fetched], fetched_at=started)
    for (key, _), fetch in zip(fetched, stored, strict=True):
        results[key] = RefreshResult(fetch, fetched=True, account=key.account)
    return results


def store_answer(key: DayKey, future: Future[FetchedDay], *, started: datetime) -> RefreshResult:
    """Store a finished fetch of the day, or keep the stored rows with the fetch's failure."""
    try:
        fetched = future.result()
    except (DysmsError, InvalidQuery) as error:
        return failed(error, stored=stored_fetch(key), account=key.account)
    stored = store_day(key.fields(), fetched, fetched_at=started)
    return RefreshResult(stored, fetched=True, account=key.account)


def late(key: DayKey, stored: Fetch | None) -> RefreshResult:
    logger.warning(
        "QuerySendDetails for %s (account %s) had not answered by the search's deadline",
        key.day,
        key.account,
    )
    return RefreshResult(stored, late=True, account=key.account)


def failed(
    error: DysmsError | InvalidQuery, *, stored: Fetch | None, account: str = DEFAULT_ACCOUNT
) -> RefreshResult:
    """The stored rows with what went wrong, as a value for the page to put into words."""
    failure = Failure.of(error)
    logger.warning(
        "QuerySendDetails failed for account %s (%s, request id %r)",
        account,
        type(error).__name__,
        failure.request_id,
    )
    return RefreshResult(stored, failure=failure, account=account)
