"""Keep every day of a search fresh at once: ``records_refresh_range``, by one deadline.

Stale days are fetched ``RECORDS_DAYS_CONCURRENCY`` at a time, each with its own pages at
once (so bounded twice over for the account's rate limit). As in ``records_refresh``,
worker threads only talk HTTP and this thread stores.
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from core.clients import get_client
from deliveries.deadline import Deadline
from deliveries.fetching import fetch_day
from deliveries.models import Fetch
from deliveries.record_search import DayKey, RecordSearch
from deliveries.refresh import (
    LOCK_SECONDS,
    failed,
    is_fresh,
    late,
    records_refresh,
    release_lock,
    store_answer,
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
) -> RangeResult:
    """Make every day from ``search.first`` to ``search.last`` fresh; only stale days cost calls.

    A day whose fetch lock someone else holds goes through ``records_refresh``, which waits
    for their result. All of it ends at one ``deadline`` (``RECORDS_SEARCH_DEADLINE_SECONDS``
    from now by default): days that finished by then are stored, the others keep their
    stored rows (if any) and are ``late``.
    """
    deadline = deadline or Deadline()
    results: dict[date, RefreshResult] = {}
    stale = []
    stored = _stored_fetches(search)
    for day in search.days:
        if force or not is_fresh(stored.get(day)):
            stale.append(search.day_key(day))
        else:
            results[day] = RefreshResult(stored[day])
    options = {"force": force, "client": client, "deadline": deadline}
    if len(stale) == 1:
        results[stale[0].day] = _refresh_one(stale[0], **options)
    elif stale:
        results.update(_refresh_days(stale, **options))
    return RangeResult(tuple((day, results[day]) for day in search.days))


def _stored_fetches(search: RecordSearch) -> dict[date, Fetch]:
    """The stored fetch of every day of the search that has one, in one query."""
    fetches = Fetch.objects.filter(
        phone=search.phone, biz_id=search.biz_id, day__range=(search.first, search.last)
    )
    return {fetch.day: fetch for fetch in fetches}


def _refresh_one(key: DayKey, *, force: bool, client, deadline: Deadline) -> RefreshResult:
    return records_refresh(
        phone=key.phone,
        day=key.day,
        biz_id=key.biz_id,
        force=force,
        client=client,
        deadline=deadline,
    )


def _refresh_days(
    keys: list[DayKey], *, force: bool, client, deadline: Deadline
) -> dict[date, RefreshResult]:
    """Fetch the days in worker threads and store those that answered by the deadline.

    A late day's fetch is abandoned: queued ones are cancelled, a running one finishes in
    the background and its answer is dropped (only this thread stores). Its lock is
    released at once, so the next search fetches that day itself rather than waiting for
    an answer nobody will store.
    """
    try:
        client = client or get_client()
    except DysmsError as error:
        return {key.day: failed(error, stored=stored_fetch(key)) for key in keys}
    token = uuid.uuid4().hex
    locked = [key for key in keys if cache.add(key.lock, token, LOCK_SECONDS)]
    try:
        results = _fetch_locked(locked, client=client, deadline=deadline)
    finally:
        for key in locked:
            release_lock(key, token)
    for key in keys:
        if key.day not in results:  # someone else is fetching it: wait for theirs
            results[key.day] = _refresh_one(key, force=force, client=client, deadline=deadline)
    return results


def _fetch_locked(keys: list[DayKey], *, client, deadline: Deadline) -> dict[date, RefreshResult]:
    """The days this search holds the locks of, fetched together until the deadline.

    Each day is stored as soon as its answer is in, while the others are still on the way:
    storing a busy day costs about as much as waiting for a round of calls, and done at the
    end it would add up instead of overlapping.
    """
    workers = max(1, min(settings.RECORDS_DAYS_CONCURRENCY, len(keys) or 1))
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dysms-day")
    started = timezone.now()
    try:
        futures = {
            pool.submit(fetch_day, client, phone=key.phone, day=key.day, biz_id=key.biz_id): key
            for key in keys
        }
        results = {
            futures[future].day: store_answer(futures[future], future, started=started)
            for future in deadline.as_completed(futures)
        }
        for key in keys:
            if key.day not in results:
                results[key.day] = late(key, stored_fetch(key))
        return results
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
