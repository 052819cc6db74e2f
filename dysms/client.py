"""The Dysmsapi HTTP client: validate, sign, send, retry, map errors, parse.

One ``requests.Session`` per client, reused for every call (connection
pooling); tests and the sandbox mount transport adapters on ``client.session``.
``signature_version`` picks V3 (``POST``, the official SDK's default) or V1
(``GET``); see ``transport`` for the exact request shapes.

Only throttling, HTTP 5xx, timeouts, connection errors and unreadable answers
are retried, each attempt signed afresh (the service refuses a reused nonce).
"""

from __future__ import annotations

import functools
import logging
import random
import time
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime

from requests.adapters import DEFAULT_POOLSIZE

from dysms import transport
from dysms.catalogue import CatalogueQueries
from dysms.errors import DysmsError
from dysms.parsing import parse_send_details, parse_send_statistics
from dysms.quotas import CALLS_PER_SECOND
from dysms.ratelimit import quota_limiters
from dysms.sending import new_session
from dysms.validation import check_client_settings as check_settings
from dysms.validation import validate_send_details_query, validate_send_statistics_query
from dysms.values import CHINA_TZ, Credentials, SendDetailsPage, StatisticsPage

__all__ = ["API_VERSION", "DEFAULT_ENDPOINT", "DysmsClient"]

DEFAULT_ENDPOINT = "https://dysmsapi.aliyuncs.com"
API_VERSION = "2017-05-25"
MAX_BACKOFF_SECONDS = 10.0
STATISTICS_CALLS_PER_SECOND = CALLS_PER_SECOND["QuerySendStatistics"]
# QuerySendDetails allows 5000 per account. A fifth of it per client (one per process): a
# search makes at most 600 calls (30 days of 20 pages), so one never waits, however many
# days and pages are in flight, and five processes together stay within the account's quota.
DETAILS_CALLS_PER_SECOND = CALLS_PER_SECOND["QuerySendDetails"] // 5
# One row per send day: 100 pages of 50 is more than 13 years, far beyond any real range.
MAX_STATISTICS_PAGES = 100

logger = logging.getLogger("dysms")


class DysmsClient(CatalogueQueries):
    def __init__(
        self,
        credentials: Credentials,
        *,
        endpoint: str = DEFAULT_ENDPOINT,
        region_id: str = "cn-hangzhou",
        signature_version: str = "v3",
        connect_timeout: float = 3.0,
        read_timeout: float = 10.0,
        max_retries: int = 2,
        backoff: float = 0.2,
        clock: Callable[[], datetime] | None = None,
        nonce: Callable[[], str] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        today: Callable[[], date] | None = None,
        rate_clock: Callable[[], float] = time.monotonic,
        rate_sleep: Callable[[float], None] | None = None,
        pool_size: int = DEFAULT_POOLSIZE,
    ):
        check_settings(credentials, signature_version, max_retries)
        self.credentials = credentials
        self.endpoint, self.host = transport.split_endpoint(endpoint)
        self.region_id = region_id
        self.signature_version = signature_version
        self.timeout = (connect_timeout, read_timeout)
        self.max_retries = max_retries
        self.backoff = backoff
        self._clock = clock or (lambda: datetime.now(UTC))
        self._nonce = nonce or (lambda: uuid.uuid4().hex)
        self._sleep = sleep
        self._today = today or (lambda: self._clock().astimezone(CHINA_TZ).date())
        self._random = random.Random()
        # Per action, shared by every thread using this client; replaceable (e.g. a smaller share).
        self.rate_limits = quota_limiters(
            rate_clock, rate_sleep or sleep, share={"QuerySendDetails": DETAILS_CALLS_PER_SECOND}
        )
        self.session = new_session(self.endpoint, pool_size=pool_size)

    def __repr__(self) -> str:
        return (
            f"DysmsClient(endpoint={self.endpoint!r}, "
            f"access_key_id={self.credentials.access_key_id!r}, "
            f"signature_version={self.signature_version!r})"
        )

    def query_send_details(
        self,
        phone: str,
        send_date: date | str,
        page: int = 1,
        page_size: int = 50,
        biz_id: str | None = None,
    ) -> SendDetailsPage:
        """One page of one number's records for one day; ``InvalidQuery`` before any request."""
        params = validate_send_details_query(
            phone, send_date, page, page_size, biz_id, today=self._today()
        )
        return parse_send_details(self.call("QuerySendDetails", params))

    def query_send_statistics(
        self,
        *,
        is_globe: int,
        start_date: date | str,
        end_date: date | str,
        page_index: int = 1,
        page_size: int = 50,
        template_type: int | None = None,
        sign_name: str | None = None,
    ) -> StatisticsPage:
        """One page of daily totals (one row per send day); ``InvalidQuery`` before any request."""
        params = validate_send_statistics_query(
            is_globe=is_globe,
            start_date=start_date,
            end_date=end_date,
            page_index=page_index,
            page_size=page_size,
            template_type=template_type,
            sign_name=sign_name,
        )
        return parse_send_statistics(self.call("QuerySendStatistics", params))

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
        """Every page of ``query_send_statistics`` as one page (request id of the first).

        The page count comes from the first answer's ``TotalSize``; an empty
        page ends the walk early, and at most ``MAX_STATISTICS_PAGES`` are read.
        """

        def page_of(index: int) -> StatisticsPage:
            return self.query_send_statistics(
                is_globe=is_globe,
                start_date=start_date,
                end_date=end_date,
                page_index=index,
                page_size=page_size,
                template_type=template_type,
                sign_name=sign_name,
            )

        first = page_of(1)
        rows = list(first.rows)
        for index in range(2, _statistics_pages(first.total_size, page_size) + 1):
            page = page_of(index)
            if not page.rows:
                break
            rows.extend(page.rows)
        return StatisticsPage(
            total_size=first.total_size, request_id=first.request_id, rows=tuple(rows)
        )

    def call(self, action: str, params: Mapping[str, object]) -> dict:
        """Signed call with retries; returns the JSON body whose ``Code`` is ``"OK"``.

        Parameters whose value is ``None`` are left out. Only retryable errors
        (throttling, HTTP 5xx, timeouts, connection errors, unreadable answers)
        are tried again, at most ``max_retries`` times.
        """
        attempts = self.max_retries + 1
        for attempt in range(1, attempts + 1):
            try:
                return self._attempt(action, params)
            except DysmsError as error:
                if not error.retryable or attempt == attempts:
                    raise
                delay = self._backoff_delay(attempt)
                logger.warning(
                    # Upstream code and request id as repr: no newlines forged into our log.
                    "Dysmsapi %s attempt %d of %d failed (%s, HTTP %s, request id %r); "
                    "retrying in %.2f s",
                    action,
                    attempt,
                    attempts,
                    repr(error.code) if error.code else type(error).__name__,
                    error.http_status if error.http_status is not None else "-",
                    error.request_id,
                    delay,
                )
                self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> DysmsClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- one attempt ---------------------------------------------------------

    @functools.cached_property
    def _env(self) -> transport.EnvironmentSettings:
        """What requests takes from the environment for our endpoint, read when first needed."""
        return transport.EnvironmentSettings(self.endpoint + "/")

    def _attempt(self, action: str, params: Mapping[str, object]) -> dict:
        api_params = {name: str(value) for name, value in params.items() if value is not None}
        limiter = self.rate_limits.get(action)
        if limiter is not None:
            limiter.acquire()
        request = self._signed(action, api_params)
        response = transport.send(
            self.session, request, timeout=self.timeout, host=self.host, environment=self._env
        )
        return transport.read_answer(response, host=self.host, credentials=self.credentials)

    def _signed(self, action: str, params: dict[str, str]) -> transport.SignedRequest:
        """Signed afresh on every attempt: new timestamp, new nonce (a reused one is refused)."""
        return transport.signed_request(
            self.signature_version,
            endpoint=self.endpoint,
            host=self.host,
            action=action,
            version=API_VERSION,
            params=params,
            credentials=self.credentials,
            region_id=self.region_id,
            timestamp=self._clock(),
            nonce=self._nonce(),
        )

    def _backoff_delay(self, attempt: int) -> float:
        """Exponential (``backoff * 2**(attempt-1)``), capped, with jitter in [50 %, 100 %]."""
        ceiling = min(self.backoff * 2 ** (attempt - 1), MAX_BACKOFF_SECONDS)
        return ceiling * (0.5 + 0.5 * self._random.random())


def _statistics_pages(total_size: int, page_size: int) -> int:
    """How many pages to read: as ``TotalSize`` says, at most ``MAX_STATISTICS_PAGES``."""
    pages = -(-total_size // page_size)
    if pages > MAX_STATISTICS_PAGES:
        logger.warning(
            "QuerySendStatistics reports %d rows; reading the first %d pages only",
            total_size,
            MAX_STATISTICS_PAGES,
        )
    return min(pages, MAX_STATISTICS_PAGES)
