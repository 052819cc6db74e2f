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

Every search has a ``Deadline`` (``RECORDS_SEARCH_DEADLINE_SECONDS``): a slow upstream
must not hold a web worker for a minute. Fetches run in worker threads, so when the
deadline passes the search stops waiting for them and answers with what the store has;
the days left over are ``late`` and the banner names them.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for_futures
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from core import failures as problems
from core.circuit import CircuitOpenError
from core.clients import get_client
from deliveries.fetching import fetch_day
from deliveries.models import Fetch
from deliveries.receipts_applied import records_apply_receipts as records_apply_receipts
from deliveries.record_store import store_day
from dysms.errors import DysmsError, InvalidQuery
from dysms.parsing import MAX_TOTAL_COUNT

logger = logging.getLogger("deliveries")

LOCK_KEY = "deliveries:fetch-lock:{phone}:{day:%Y%m%d}:{biz_id}"
# Longer than the slowest fetch (retries and timeouts included): a crashed holder expires.
LOCK_SECONDS = 120
# How long a second search waits for the first one's fetch before fetching itself.
WAIT_SECONDS = 30
POLL_SECONDS = 0.1
# How often a search waiting for its fetches looks at the deadline's clock again.
DEADLINE_STEP_SECONDS = 0.1


class Deadline:
    """The moment a search stops waiting for Alibaba Cloud and answers with what it has.

    ``seconds`` defaults to ``RECORDS_SEARCH_DEADLINE_SECONDS``. The clock is monotonic
    (a wall-clock jump must not cut a search short or stretch it); tests replace it,
    which is why ``wait`` looks at it again every ``DEADLINE_STEP_SECONDS`` rather than
    sleeping once for the whole remaining time.
    """

    clock: Callable[[], float] = staticmethod(time.monotonic)

    def __init__(self, seconds: float | None = None, *, clock: Callable[[], float] | None = None):
        if clock is not None:
            self.clock = clock
        if seconds is None:
            seconds = settings.RECORDS_SEARCH_DEADLINE_SECONDS
        self.seconds = seconds
        self.at = self.clock() + seconds

    def remaining(self) -> float:
        return max(0.0, self.at - self.clock())

    def passed(self) -> bool:
        return self.remaining() <= 0

    def wait(self, futures) -> set[Future]:
        """Wait until every future is done or the deadline passed; the futures done by then."""
        futures = list(futures)
        pending = set(futures)
        while pending and not self.passed():
            step = min(self.remaining(), DEADLINE_STEP_SECONDS)
            _, pending = wait_for_futures(pending, timeout=step, return_when=FIRST_COMPLETED)
        return {future for future in futures if future.done()}


@dataclass(frozen=True)
class RefreshResult:
    """What the store holds for the search after the refresh, and what happened upstream.

    ``fetch`` is ``None`` when the search was never fetched successfully. With a
    ``problem`` (plain words for the banner) any rows shown are older ones. ``late``:
    upstream had not answered by the search's deadline. ``retry_in``: the circuit
    breaker is open and lets the next call through in that many seconds.
    """

    fetch: Fetch | None
    fetched: bool = False
    problem: str = ""
    request_id: str = ""
    late: bool = False
    retry_in: int = 0


def records_refresh(
    *,
    phone: str,
    day: date,
    biz_id: str = "",
    force: bool = False,
    client=None,
    sleep: Callable[[float], None] = time.sleep,
    deadline: Deadline | None = None,
) -> RefreshResult:
    """Make the stored records of (phone, day, biz_id) fresh; upstream errors become ``problem``.

    Waiting for someone else's fetch and fetching both end at the ``deadline`` (a new
    one by default): then the stored rows, if any, come back ``late``.
    """
    deadline = deadline or Deadline()
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
                return _fetch_and_store(key, client=client, stored=current, deadline=deadline)
            finally:
                if cache.get(lock) == token:
                    cache.delete(lock)
        if deadline.passed():
            return _late(key, current)
        sleep(POLL_SECONDS)
    logger.warning("Fetch lock for %r held too long; fetching without it", lock)
    return _fetch_and_store(key, client=client, stored=stored_fetch(**key), deadline=deadline)


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


def _fetch_and_store(
    key: dict, *, client, stored: Fetch | None, deadline: Deadline
) -> RefreshResult:
    """One day fetched in a worker thread, stored here if it came by the deadline."""
    started = timezone.now()
    try:
        client = client or get_client()
    except DysmsError as error:
        return _described(error, stored=stored)
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dysms-day")
    try:
        future = pool.submit(fetch_day, client, **key)
        if future not in deadline.wait([future]):
            return _late(key, stored)
        return _store_or_describe(key, future, started=started)
    finally:
        pool.shutdown(wait=False)  # a late fetch finishes in the background, unstored


def _late(key: dict, stored: Fetch | None) -> RefreshResult:
    logger.warning("QuerySendDetails for %s had not answered by the search's deadline", key["day"])
    return RefreshResult(stored, problem=problems.late_days([key["day"]]), late=True)


@dataclass(frozen=True)
class RangeResult:
    """``records_refresh`` over several days (newest first): one ``RefreshResult`` per day.

    ``fetch`` sums up the stored days for the page (oldest fetch time, any cap), ``None``
    when no day was ever fetched. ``error`` is the first day's upstream error, if any;
    ``late_note`` names the days that were not fetched by the deadline; ``problem`` says
    both, for a one-line message.
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
        return next((r for _, r in self.days if r.problem and not r.late), None)

    @property
    def error(self) -> str:
        troubled = self._troubled
        return troubled.problem if troubled else ""

    @property
    def late_days(self) -> list[date]:
        return [day for day, result in self.days if result.late]

    @property
    def late_note(self) -> str:
        late = self.late_days
        return problems.late_days(late) if late else ""

    @property
    def problem(self) -> str:
        return " ".join(part for part in (self.error, self.late_note) if part)

    @property
    def request_id(self) -> str:
        troubled = self._troubled
        return troubled.request_id if troubled else ""

    @property
    def retry_in(self) -> int:
        """Seconds until the open circuit breaker lets calls through; 0 when it is not open."""
        troubled = self._troubled
        return troubled.retry_in if troubled else 0

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
    deadline: Deadline | None = None,
) -> RangeResult:
    """Make every day from ``first`` to ``last`` fresh; only the stale days cost calls.

    Stale days are fetched ``RECORDS_DAYS_CONCURRENCY`` at a time (each with its own pages
    at once, so bounded twice over for the account's rate limit). As in ``records_refresh``,
    worker threads only talk HTTP and this thread stores. A day whose fetch lock someone
    else holds goes through ``records_refresh``, which waits for their result.

    All of it ends at one ``deadline`` (``RECORDS_SEARCH_DEADLINE_SECONDS`` from now by
    default): days that finished by then are stored, the others keep their stored rows
    (if any) and are ``late``.
    """
    deadline = deadline or Deadline()
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
            phone=phone, day=stale[0], biz_id=biz_id, force=force, client=client, deadline=deadline
        )
    elif stale:
        results.update(
            _refresh_days(
                phone, stale, biz_id=biz_id, force=force, client=client, deadline=deadline
            )
        )
    return RangeResult([(day, results[day]) for day in days])


def _refresh_days(
    phone: str, days: list[date], *, biz_id: str, force: bool, client, deadline: Deadline
) -> dict[date, RefreshResult]:
    """Fetch the days in worker threads and store those that answered by the deadline.

    A late day's fetch is abandoned: queued ones are cancelled, a running one finishes in
    the background and its answer is dropped (only this thread stores). Its lock is
    released at once, so the next search fetches that day itself rather than waiting for
    an answer nobody will store.
    """
    keys = {day: {"phone": phone, "day": day, "biz_id": biz_id} for day in days}
    try:
        client = client or get_client()
    except DysmsError as error:
        return {day: _described(error, stored=stored_fetch(**keys[day])) for day in days}
    token = uuid.uuid4().hex
    locked = [day for day in days if cache.add(LOCK_KEY.format(**keys[day]), token, LOCK_SECONDS)]
    results: dict[date, RefreshResult] = {}
    try:
        workers = max(1, min(settings.RECORDS_DAYS_CONCURRENCY, len(locked) or 1))
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dysms-day")
        started = timezone.now()
        try:
            futures = {day: pool.submit(fetch_day, client, **keys[day]) for day in locked}
            done = deadline.wait(futures.values())
            for day, future in futures.items():
                if future in done:
                    results[day] = _store_or_describe(keys[day], future, started=started)
                else:
                    results[day] = _late(keys[day], stored_fetch(**keys[day]))
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
    finally:
        for day in locked:
            lock = LOCK_KEY.format(**keys[day])
            if cache.get(lock) == token:
                cache.delete(lock)
    for day in days:
        if day not in results:  # someone else is fetching it: wait for theirs
            results[day] = records_refresh(
                phone=phone, day=day, biz_id=biz_id, force=force, client=client, deadline=deadline
            )
    return results


def _store_or_describe(key: dict, future, *, started: datetime) -> RefreshResult:
    try:
        fetched = future.result()
    except (DysmsError, InvalidQuery) as error:
        return _described(error, stored=stored_fetch(**key))
    return RefreshResult(store_day(key, fetched, fetched_at=started), fetched=True)


def _described(error: DysmsError | InvalidQuery, *, stored: Fetch | None) -> RefreshResult:
    """The stored rows with the error in plain words (and when an open circuit lets calls by)."""
    request_id = getattr(error, "request_id", "")
    logger.warning(
        "QuerySendDetails failed (%s, request id %r)", error.__class__.__name__, request_id
    )
    return RefreshResult(
        stored,
        problem=problems.describe(error),
        request_id=request_id,
        retry_in=error.retry_in if isinstance(error, CircuitOpenError) else 0,
    )
