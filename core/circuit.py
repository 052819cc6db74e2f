"""A circuit breaker around Alibaba Cloud: stop calling for a while after repeated outages.

After ``CIRCUIT_FAILURES`` consecutive calls failed with an outage (service
unavailable, timeouts, throttling) the circuit opens: for ``CIRCUIT_COOLDOWN_SECONDS``
no call goes upstream and every search says when the next try will be. The state
lives in the default cache, so with Redis every instance behind the load balancer
agrees; without it each process keeps its own.

After the cool-down the next call is a trial: one more outage reopens the circuit
at once, a success closes it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.utils.translation import gettext_noop

from core.metrics import upstream_observed
from dysms.errors import (
    AuthError,
    InvalidParametersError,
    InvalidQuery,
    ServiceUnavailableError,
    ThrottledError,
)
from dysms.listing import ListPage
from dysms.protocol import SmsClient
from dysms.signs import SmsSign
from dysms.templates import SmsTemplate
from dysms.values import SendDetailsPage, StatisticsPage

# Kept in English in the exception (logs); pages say it through core.failures.
CIRCUIT_OPEN = gettext_noop("Alibaba Cloud is unavailable, retrying in {seconds} s.")
OUTAGES = (ServiceUnavailableError, ThrottledError)
KEY = "circuit:{name}:{part}"
# The account's name when there is one (the metrics' ``account`` label).
DEFAULT_ACCOUNT = "default"
# The metrics' outcome of a failed query: a small fixed set (first match wins), never a code.
OUTCOMES: tuple[tuple[type[BaseException], str], ...] = (
    (InvalidQuery, "invalid"),
    (ThrottledError, "throttled"),
    (ServiceUnavailableError, "unavailable"),
    (AuthError, "auth"),
    (InvalidParametersError, "rejected"),
)
T = TypeVar("T")


class CircuitOpenError(ServiceUnavailableError):
    """Raised instead of calling upstream while the circuit is open."""

    retryable = False

    def __init__(self, retry_in: int):
        super().__init__(CIRCUIT_OPEN.format(seconds=retry_in), code="CircuitOpen")
        self.retry_in = retry_in


class CircuitBreaker:
    def __init__(
        self,
        name: str = "dysms",
        *,
        failures: int | None = None,
        cooldown: float | None = None,
        cache: BaseCache | None = None,
        clock: Callable[[], float] = time.time,
    ):
        self.name = name
        self.threshold = max(1, failures or settings.CIRCUIT_FAILURES)
        self.cooldown = cooldown or settings.CIRCUIT_COOLDOWN_SECONDS
        self._cache = cache
        self._clock = clock

    @property
    def cache(self):
        # Looked up per use: Django's cache objects are per thread.
        return self._cache if self._cache is not None else caches["default"]

    def _key(self, part: str) -> str:
        return KEY.format(name=self.name, part=part)

    def retry_in(self) -> int:
        """Seconds until the next call may go upstream; 0 when the circuit is closed."""
        opened_until = self.cache.get(self._key("open_until"))
        if opened_until is None:
            return 0
        return max(0, math.ceil(opened_until - self._clock()))

    def check(self) -> None:
        """Raise ``CircuitOpenError`` while the circuit is open."""
        wait = self.retry_in()
        if wait > 0:
            raise CircuitOpenError(wait)

    def record_success(self) -> None:
        if self.cache.get(self._key("failures")):
            self.cache.delete(self._key("failures"))

    def record_failure(self) -> None:
        key = self._key("failures")
        # Consecutive failures are forgotten after a quiet spell of a few cool-downs.
        memory = int(self.cooldown * 4) + 60
        self.cache.add(key, 0, memory)
        try:
            count = self.cache.incr(key)
        except ValueError:  # expired between add and incr
            self.cache.set(key, 1, memory)
            count = 1
        if count >= self.threshold:
            self.cache.set(self._key("open_until"), self._clock() + self.cooldown, self.cooldown)
            # One short of the threshold: the trial call after the cool-down reopens at once.
            self.cache.set(key, self.threshold - 1, memory)

    def call(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        self.check()
        try:
            result = function(*args, **kwargs)
        except OUTAGES as error:
            if not isinstance(error, CircuitOpenError):
                self.record_failure()
            raise
        self.record_success()
        return result

    def state(self) -> dict:
        """For /healthz: is the circuit open, and for how long still."""
        wait = self.retry_in()
        return {"open": wait > 0, "retry_in": wait}


class GuardedClient:
    """A Dysmsapi client whose queries go through a ``CircuitBreaker``; itself an ``SmsClient``.

    Each query of the ``SmsClient`` Protocol is one breaker call: a statistics walk over many
    pages is one call, as the outage that stops it is one outage. Each query is counted and
    timed in the metrics (``core.metrics``) under the client's ``account``.
    """

    def __init__(
        self,
        client: SmsClient,
        breaker: CircuitBreaker | None = None,
        *,
        account: str = DEFAULT_ACCOUNT,
    ):
        self.client = client
        self.breaker = breaker or CircuitBreaker()
        self.account = account

    def _call(self, api: str, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """One breaker call, counted in the metrics by ``api`` and outcome, and timed (unless
        nothing was sent: the circuit was open, or the query was invalid)."""
        started = time.perf_counter()
        try:
            result = self.breaker.call(function, *args, **kwargs)
        except Exception as error:
            outcome = outcome_of(error)
            spent = (
                None if outcome in ("circuit_open", "invalid") else time.perf_counter() - started
            )
            upstream_observed(account=self.account, api=api, outcome=outcome, seconds=spent)
            raise
        spent = time.perf_counter() - started
        upstream_observed(account=self.account, api=api, outcome="ok", seconds=spent)
        return result

    def query_send_details(
        self,
        phone: str,
        send_date: date | str,
        page: int = 1,
        page_size: int = 50,
        biz_id: str | None = None,
    ) -> SendDetailsPage:
        return self._call(
            "QuerySendDetails",
            self.client.query_send_details,
            phone,
            send_date,
            page=page,
            page_size=page_size,
            biz_id=biz_id,
        )

    def query_all_send_statistics(
        self,
        *,
        is_globe: int,
        start_date: date | str,
        end_date: date | str,
        page_size: int = 50,
        template_type: int | None = None,
        sign_name: str | None = None,
    ) -> StatisticsPage:
        return self._call(
            "QuerySendStatistics",
            self.client.query_all_send_statistics,
            is_globe=is_globe,
            start_date=start_date,
            end_date=end_date,
            page_size=page_size,
            template_type=template_type,
            sign_name=sign_name,
        )

    def query_all_sms_templates(self, page_size: int = 50) -> ListPage[SmsTemplate]:
        return self._call(
            "QuerySmsTemplateList", self.client.query_all_sms_templates, page_size=page_size
        )

    def query_all_sms_signs(self, page_size: int = 50) -> ListPage[SmsSign]:
        return self._call("QuerySmsSignList", self.client.query_all_sms_signs, page_size=page_size)

    def __repr__(self) -> str:
        return f"GuardedClient({self.client!r}, account={self.account!r})"


def outcome_of(error: BaseException) -> str:
    """The metrics' word for a failed query: ``circuit_open``, one of ``OUTCOMES``, or ``error``."""
    if isinstance(error, CircuitOpenError):
        return "circuit_open"
    return next((word for kind, word in OUTCOMES if isinstance(error, kind)), "error")
