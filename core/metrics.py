"""The site's Prometheus metrics, defined in one place, and what ``/metrics`` serves.

Two kinds, collected two ways:

- **Recorded as things happen** (counters and histograms: upstream calls, receipts, the
  fetch lock's waits, requests). Each gunicorn worker records its own; with
  ``PROMETHEUS_MULTIPROC_DIR`` set (``gunicorn.conf.py`` sets one per instance) each worker
  writes them to files there and a scrape adds up every worker's, so any worker answering
  ``/metrics`` gives the instance's totals. Without it (``runserver``, one process) the
  process's own registry is served.
- **Computed at scrape time** (gauges from shared state: the circuit breaker in the cache,
  delivery rates in the database): ``scrape_collectors``, asked once per scrape by the
  worker answering it, never written to the multiprocess files, so they are neither
  duplicated per worker nor stale. An app adds its own with ``add_scrape_collector`` (rates
  registers the delivery rates from its ``AppConfig.ready``: core imports no app).

Labels are a small fixed set (accounts, API names, outcomes, view names): never a phone
number, a path or a token. Every instance is scraped on its own; counters are per instance
(Prometheus sums them), the computed gauges read shared state and agree on every instance.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from django.conf import settings
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector

logger = logging.getLogger("core.metrics")

CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4
# A search's calls take tens of milliseconds; a range search's slowest day, seconds.
UPSTREAM_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
# A waiting search polls every 0.1 s and gives up after 30 s (deliveries.refresh).
LOCK_WAIT_BUCKETS = (0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30)

UPSTREAM_REQUESTS = Counter(
    "smsadmin_upstream_requests",
    "Queries to Alibaba Cloud (Dysmsapi) by account, API and outcome.",
    ["account", "api", "outcome"],
)
UPSTREAM_SECONDS = Histogram(
    "smsadmin_upstream_request_seconds",
    "Time of the queries that went to Alibaba Cloud, retries and rate-limit waits included.",
    ["account", "api"],
    buckets=UPSTREAM_BUCKETS,
)
FETCH_LOCK_WAIT = Histogram(
    "smsadmin_fetch_lock_wait_seconds",
    "How long a search waited for another search's fetch of the same day (the fetch lock).",
    buckets=LOCK_WAIT_BUCKETS,
)
RECEIPTS = Counter(
    "smsadmin_receipts_received",
    "Delivery receipts pushed by Alibaba Cloud, by outcome: stored, duplicate, rejected.",
    ["account", "outcome"],
)
RECEIPT_PUSHES = Counter(
    "smsadmin_receipt_pushes",
    "Receipt pushes (batches) by outcome: accepted, bad_token, malformed, too_large, store_failed.",
    ["account", "outcome"],
)
REPLIES = Counter(
    "smsadmin_replies_received",
    "Customers' replies pushed by Alibaba Cloud, by outcome: stored, duplicate, rejected.",
    ["account", "outcome"],
)
REPLY_PUSHES = Counter(
    "smsadmin_reply_pushes",
    "Reply pushes (batches) by outcome: accepted, bad_token, malformed, too_large, store_failed.",
    ["account", "outcome"],
)
REQUEST_SECONDS = Histogram(
    "smsadmin_http_request_seconds",
    "Time to answer a request, by view name, method and status class.",
    ["view", "method", "status"],
)


class ScrapeCollector(Protocol):
    def collect(self) -> Iterable[Metric]: ...


scrape_collectors: list[ScrapeCollector] = []


def add_scrape_collector(collector: ScrapeCollector) -> None:
    """Compute ``collector`` at every scrape (once: an app's ``ready`` may run again in tests)."""
    if all(type(known) is not type(collector) for known in scrape_collectors):
        scrape_collectors.append(collector)


def upstream_observed(*, account: str, api: str, outcome: str, seconds: float | None) -> None:
    """One query to Alibaba Cloud; ``seconds`` is None when nothing was sent (circuit open)."""
    UPSTREAM_REQUESTS.labels(account, api, outcome).inc()
    if seconds is not None:
        UPSTREAM_SECONDS.labels(account, api).observe(seconds)


def receipts_counted(*, account: str, stored: int, duplicate: int, rejected: int) -> None:
    for outcome, count in (("stored", stored), ("duplicate", duplicate), ("rejected", rejected)):
        if count:
            RECEIPTS.labels(account, outcome).inc(count)


def receipt_push_counted(*, account: str, outcome: str) -> None:
    RECEIPT_PUSHES.labels(account, outcome).inc()


def replies_counted(*, account: str, stored: int, duplicate: int, rejected: int) -> None:
    for outcome, count in (("stored", stored), ("duplicate", duplicate), ("rejected", rejected)):
        if count:
            REPLIES.labels(account, outcome).inc(count)


def reply_push_counted(*, account: str, outcome: str) -> None:
    REPLY_PUSHES.labels(account, outcome).inc()


# Read when a wait begins (tests replace it with a clock they move).
lock_clock: Callable[[], float] = time.monotonic


class LockWait:
    """The wait of one search for a fetch lock someone else holds: ``waiting()`` when it finds
    the lock taken (the first time starts the clock), ``done()`` when it stops waiting (the
    first time observes; a search that never waited observes nothing)."""

    def __init__(self, clock: Callable[[], float] | None = None):
        self._clock = clock or lock_clock
        self._since: float | None = None

    def waiting(self) -> None:
        if self._since is None:
            self._since = self._clock()

    def done(self) -> None:
        if self._since is not None:
            FETCH_LOCK_WAIT.observe(self._clock() - self._since)
            self._since = None


@contextmanager
def fetch_lock_wait() -> Iterator[LockWait]:
    wait = LockWait()
    try:
        yield wait
    finally:
        wait.done()


class _Recorded:
    """What the processes recorded: every worker's files, or this process's registry."""

    def collect(self) -> Iterable[Metric]:
        directory = settings.PROMETHEUS_MULTIPROC_DIR
        if not directory:
            return REGISTRY.collect()
        return MultiProcessCollector(None, path=directory).collect()


class _Guarded:
    """A scrape collector whose failure (the database is down) leaves out its metrics only:
    a scrape must still answer then, when the other metrics matter most."""

    def __init__(self, collector: ScrapeCollector):
        self.collector = collector

    def collect(self) -> Iterable[Metric]:
        try:
            return list(self.collector.collect())
        except Exception as error:
            name = type(self.collector).__name__
            logger.warning("Metrics of %s left out: %s", name, type(error).__name__)
            return []


def scrape() -> bytes:
    """The metrics in the Prometheus text format."""
    registry = CollectorRegistry(auto_describe=False)
    collectors: list[Any] = [_Recorded(), *map(_Guarded, scrape_collectors)]
    for collector in collectors:
        registry.register(collector)
    return generate_latest(registry)
