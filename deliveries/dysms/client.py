"""The Dysmsapi HTTP client: validate, sign, send, retry, map errors, parse.

One ``requests.Session`` per client, reused for every call (connection
pooling); tests and the sandbox mount transport adapters on ``client.session``.

Signing (``signature_version``):

* ``"v3"`` (default, as the official SDK): ``POST {endpoint}/?{query}`` with
  an empty body and ``ACS3-HMAC-SHA256`` headers. With STS credentials
  ``x-acs-security-token`` and ``x-acs-accesskey-id`` are added and signed,
  exactly as the official SDK does; without, the request matches the
  published QuerySendDetails vector byte for byte.
* ``"v1"``: ``GET {endpoint}/?{all parameters}``, HMAC-SHA1 over method GET.
  GET keeps one request shape for both versions (everything in the query).

Every attempt is signed afresh with a new timestamp and nonce, since the
service refuses a reused nonce.
"""

from __future__ import annotations

import logging
import random
import time
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from urllib.parse import quote, urlsplit

import requests

from . import signing
from .credentials import from_environment
from .errors import DysmsError, ServiceUnavailableError, error_for
from .parsing import parse_send_details
from .records import CHINA_TZ, Credentials, SendDetailsPage
from .validation import validate_send_details_query

__all__ = ["API_VERSION", "DEFAULT_ENDPOINT", "DysmsClient", "from_environment"]

DEFAULT_ENDPOINT = "https://dysmsapi.aliyuncs.com"
API_VERSION = "2017-05-25"
USER_AGENT = "smsadmin-dysms/1.0"
MAX_BACKOFF_SECONDS = 10.0
MAX_UPSTREAM_TEXT = 500

TIMED_OUT = "No answer from {host} in time (connect {connect} s, read {read} s)."
CONNECTION_FAILED = "Could not connect to {host}."
REQUEST_FAILED = "The request to {host} could not be sent."
NOT_SERVICE_JSON = "{host} answered HTTP {status} without the service's JSON body."

logger = logging.getLogger("deliveries.dysms")


class DysmsClient:
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
    ):
        if not credentials.access_key_id or not credentials.access_key_secret:
            raise ValueError("credentials need both an AccessKey id and a secret")
        if signature_version not in ("v1", "v3"):
            raise ValueError('signature_version must be "v1" or "v3"')
        if max_retries < 0:
            raise ValueError("max_retries cannot be negative")
        self.credentials = credentials
        self.endpoint, self.host = _split_endpoint(endpoint)
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
        self.session = requests.Session()
        self.session.headers.update({"Accept": "application/json", "User-Agent": USER_AGENT})

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
                    "Dysmsapi %s attempt %d of %d failed (%s, HTTP %s, request id %s); "
                    "retrying in %.2f s",
                    action,
                    attempt,
                    attempts,
                    error.code or type(error).__name__,
                    error.http_status if error.http_status is not None else "-",
                    error.request_id or "-",
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

    def _attempt(self, action: str, params: Mapping[str, object]) -> dict:
        api_params = {name: str(value) for name, value in params.items() if value is not None}
        if self.signature_version == "v3":
            method, url, headers = self._signed_v3(action, api_params)
        else:
            method, url, headers = self._signed_v1(action, api_params)
        try:
            response = self.session.request(method, url, headers=headers, timeout=self.timeout)
        except requests.Timeout:
            # ``from None``: requests' own message holds the URL, and a V1 URL holds the signature.
            connect, read = self.timeout
            message = TIMED_OUT.format(host=self.host, connect=connect, read=read)
            raise ServiceUnavailableError(message) from None
        except requests.ConnectionError:
            message = CONNECTION_FAILED.format(host=self.host)
            raise ServiceUnavailableError(message) from None
        except requests.RequestException:
            error = ServiceUnavailableError(REQUEST_FAILED.format(host=self.host))
            error.retryable = False
            raise error from None
        return self._read(response)

    def _signed_v3(self, action: str, query: dict[str, str]) -> tuple[str, str, dict[str, str]]:
        credentials = self.credentials
        headers = signing.v3_request_headers(
            host=self.host,
            action=action,
            version=API_VERSION,
            timestamp=self._clock(),
            nonce=self._nonce(),
            security_token=credentials.security_token,
        )
        if credentials.security_token:
            # As the official SDK: with STS the key id travels (signed) next to the token.
            headers["x-acs-accesskey-id"] = credentials.access_key_id
        signed = signing.sign_v3(
            method="POST",
            path="/",
            query=query,
            headers=headers,
            access_key_id=credentials.access_key_id,
            secret=credentials.access_key_secret,
        )
        return "POST", self._url(query), signed

    def _signed_v1(self, action: str, params: dict[str, str]) -> tuple[str, str, dict[str, str]]:
        credentials = self.credentials
        common = signing.v1_common_params(
            action=action,
            version=API_VERSION,
            access_key_id=credentials.access_key_id,
            timestamp=self._clock(),
            nonce=self._nonce(),
            region_id=self.region_id,
            security_token=credentials.security_token,
        )
        clashing = sorted(set(common).union({"Signature"}).intersection(params))
        if clashing:
            raise ValueError(f"API parameters may not override common ones: {clashing}")
        signed = signing.sign_v1("GET", {**common, **params}, credentials.access_key_secret)
        return "GET", self._url(signed), {}

    def _url(self, query: Mapping[str, str]) -> str:
        # Encoded exactly as signed; requests leaves valid %XX escapes alone.
        return (
            f"{self.endpoint}/?{signing.canonical_query(query)}" if query else self.endpoint + "/"
        )

    def _read(self, response: requests.Response) -> dict:
        status = response.status_code
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or not isinstance(body.get("Code"), str):
            message = NOT_SERVICE_JSON.format(host=self.host, status=status)
            raise ServiceUnavailableError(message, http_status=status)
        code = body["Code"]
        if code == "OK" and 200 <= status < 300:
            return body
        request_id = body.get("RequestId")
        raise error_for(
            self._clean(code),
            self._clean(body.get("Message")),
            self._clean(request_id),
            status,
        )

    def _clean(self, value: object) -> str:
        """Upstream text, shortened, with our secrets blanked out.

        A ``SignatureDoesNotMatch`` message echoes the server's string to
        sign, which for V1 contains the STS token (percent-encoded twice).
        """
        text = "" if value is None else str(value)[:MAX_UPSTREAM_TEXT]
        for secret in (self.credentials.access_key_secret, self.credentials.security_token):
            if not secret:
                continue
            once = quote(secret, safe="-_.~")
            for form in (secret, once, quote(once, safe="-_.~")):
                text = text.replace(form, "[redacted]")
        return text

    def _backoff_delay(self, attempt: int) -> float:
        """Exponential (``backoff * 2**(attempt-1)``), capped, with jitter in [50 %, 100 %]."""
        ceiling = min(self.backoff * 2 ** (attempt - 1), MAX_BACKOFF_SECONDS)
        return ceiling * (0.5 + 0.5 * self._random.random())


def _split_endpoint(endpoint: str) -> tuple[str, str]:
    """``(base URL without trailing slash, host[:port])``, or ``ValueError``."""
    parts = urlsplit(endpoint)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or "@" in parts.netloc
    ):
        raise ValueError(f"endpoint must look like https://host[:port], got {endpoint!r}")
    return f"{parts.scheme}://{parts.netloc}", parts.netloc
