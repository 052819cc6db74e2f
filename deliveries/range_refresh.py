"""Keep every day of a search fresh at once: ``records_refresh_range``, by one deadline.

A search asks each of its accounts, all at once: every stale (account, number, day) is one task
of one pool, ``RECORDS_DAYS_CONCURRENCY`` days in flight per account, each with its own pages at
once (so bounded twice over for each account's rate limit, which is the account's own, as is its
client and circuit breaker). Three accounts cost about one account's time, not three. Several
numbers add tasks, never workers: 20 numbers over 7 days are 140 tasks for the same
``RECORDS_DAYS_CONCURRENCY`` workers of each account, under the same deadline and progress.
As in ``records_refresh``, worker threads only talk HTTP and this thread stores.
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from itertools import zip_longest

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from core.clients import get_client
from deliveries.deadline import Deadline
from deliveries.fetching import fetch_day
from deliveries.models import Fetch
from deliveries.progress import SearchProgress
from deliveries.record_search import DayKey, RecordSearch
from deliveries.refresh import (
    LOCK_SECONDS,
    failed,
    is_fresh,
    late,
    records_refresh,
    release_lock,
    store_answers,
    stored_fetch,
)
from deliveries.results import RangeResult, RefreshResult
from dysms.errors import DysmsError


def records_refresh_range(
    *,
    search: RecordSearch,
    force: bool = False,
    client=None,
    deadline: Deadline | None = None,
    progress: SearchProgress | None = None,
) -> RangeResult:
    """Make every day from ``search.first`` to ``search.last`` fresh; only stale days cost calls.

    A day whose fetch lock someone else holds goes through ``records_refresh``, which waits
    for their result. All of it ends at one ``deadline`` (``RECORDS_SEARCH_DEADLINE_SECONDS``
    from now by default): days that finished by then are stored, the others keep their
    stored rows (if any) and are ``late``.
    """
    deadline = deadline or Deadline()
    results: dict[DayKey, RefreshResult] = {}
    stale = []
    stored = _stored_fetches(search)
    for key in search.day_keys():
        fetch = stored.get((key.account, key.phone, key.day))
        if force or not is_fresh(fetch):
            stale.append(key)
        else:
            results[key] = RefreshResult(fetch, account=key.account)
    options = {"force": force, "client": client, "deadline": deadline}
    progress = progress or SearchProgress(None)
    progress.start(len(stale))
    if len(stale) == 1:
        results[stale[0]] = _refresh_one(stale[0], **options)
    elif stale:
        results.update(_refresh_days(stale, progress=progress, **options))
    progress.advance(len(stale))
    return RangeResult(
        tuple((key.day, replace(results[key], phone=key.phone)) for key in search.day_keys())
    )


def _stored_fetches(search: RecordSearch) -> dict[tuple[str, str, date], Fetch]:
    """The stored fetch of every (account, number, day) of the search that has one, in one
    query."""
    fetches = Fetch.objects.filter(
        account__in=search.accounts,
        phone__in=search.phones,
        biz_id=search.biz_id,
        day__range=(search.first, search.last),
    )
    return {(fetch.account, fetch.phone, fetch.day): fetch for fetch in fetches}


def _refresh_one(key: DayKey, *, force: bool, client, deadline: Deadline) -> RefreshResult:
    return records_refresh(
        phone=key.phone,
        day=key.day,
        biz_id=key.biz_id,
        account=key.account,
        force=force,
        client=client,
        deadline=deadline,
    )


def _refresh_days(
    keys: list[DayKey], *, force: bool, client, deadline: Deadline, progress: SearchProgress
) -> dict[DayKey, RefreshResult]:
    """Fetch the days in worker threads and store those that answered by the deadline.

    A late day's fetch is abandoned: queued ones are cancelled, a running one finishes in
    the background and its answer is dropped (only this thread stores). Its lock is
    released at once, so the next search fetches that day itself rather than waiting for
    an answer nobody will store.
    """
    clients, results = _clients(keys, client)
    token = uuid.uuid4().hex
    wanted = [key for key in keys if key not in results]
    locked = [key for key in wanted if cache.add(key.lock, token, LOCK_SECONDS)]
    try:
        results.update(_fetch_locked(locked, clients=clients, deadline=deadline, progress=progress))
    finally:
        for key in locked:
            release_lock(key, token)
    for key in keys:
        if key not in results:  # someone else is fetching it: wait for theirs
            results[key] = _refresh_one(
                key, force=force, client=clients[key.account], deadline=deadline
            )
    return results


def _clients(keys: list[DayKey], client) -> tuple[dict[str, object], dict[DayKey, RefreshResult]]:
    """Each account's client (``client`` for all, in tests), and the failed results of the
    days of accounts whose client cannot be made (its settings name no AccessKey, say)."""
    clients: dict[str, object] = {}
    failures: dict[DayKey, RefreshResult] = {}
    for key in keys:
        if key.account in clients:
            continue
        try:
            clients[key.account] = client or get_client(key.account)
        except DysmsError as error:
            clients[key.account] = None
            mine = [other for other in keys if other.account == key.account]
            for other in mine:
                failures[other] = failed(error, stored=stored_fetch(other), account=other.account)
    return clients, failures


def _fetch_locked(
    keys: list[DayKey], *, clients: dict, deadline: Deadline, progress: SearchProgress
) -> dict[DayKey, RefreshResult]:
    """The days this search holds the locks of, fetched together until the deadline.

    Each day is stored as soon as its answer is in, while the others are still on the way:
    storing a busy day costs about as much as waiting for a round of calls, and done at the
    end it would add up instead of overlapping.
    """
    accounts = len({key.account for key in keys})
    workers = max(1, min(settings.RECORDS_DAYS_CONCURRENCY * accounts, len(keys) or 1))
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dysms-day")
    started = timezone.now()
    try:
        futures = {
            pool.submit(
                fetch_day, clients[key.account], phone=key.phone, day=key.day, biz_id=key.biz_id
            ): key
            for key in _interleaved(keys)
        }
        results: dict[DayKey, RefreshResult] = {}
        for done in deadline.batches(futures):
            answers = [(futures[future], future) for future in done]
            results.update(store_answers(answers, started=started))
            progress.advance(len(answers))
        for key in keys:
            if key not in results:
                results[key] = late(key, stored_fetch(key))
        return results
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _interleaved(keys: list[DayKey]) -> list[DayKey]:
    """The accounts' days taken in turn, so that each account has its share of the workers."""
    by_account: dict[str, list[DayKey]] = {}
    for key in keys:
        by_account.setdefault(key.account, []).append(key)
    rounds = zip_longest(*by_account.values())
    return [key for one_round in rounds for key in one_round if key is not None]
