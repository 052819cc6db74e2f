"""The one vocabulary of what went wrong between a page and Alibaba Cloud.

Services do not speak: they return data or raise, and a failure they carry along with
data (stored rows shown under a banner) is a ``Failure``: its ``Kind`` and the service's
facts (code, RequestId, HTTP status), built by ``Failure.of`` from the client's error,
the circuit breaker's or the client factory's. Pages, JSON answers and flash messages
turn it into words here, with ``words``, in the active language, so one failure reads
the same on the search page, a record's status check and the delivery rates.

Upstream text is never trusted: only a rejected query quotes the service's own message
(templates escape it), codes are shown as codes, and the endpoint is the header's label.
Sentences that name what was asked for take a ``Subject``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import requests
from django.utils.translation import gettext, gettext_noop, pgettext

from core.circuit import CIRCUIT_OPEN, CircuitOpenError
from core.clients import NO_ACCESS_KEY, ClientNotConfigured
from dysms.errors import (
    AuthError,
    DysmsError,
    InvalidParametersError,
    InvalidQuery,
    ServiceUnavailableError,
    ThrottledError,
)

NOT_CONFIGURED = gettext_noop(
    "No AccessKey is configured for {endpoint}: set ALIBABA_CLOUD_ACCESS_KEY_ID and "
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET, or DYSMS_ENDPOINT=sandbox."
)
BAD_ENDPOINT = gettext_noop(
    "DYSMS_ENDPOINT must be a base URL such as https://dysmsapi.aliyuncs.com, or sandbox."
)
THROTTLED = gettext_noop("Alibaba Cloud is throttling requests, try again in a few seconds.")
ACCESS_KEY_INVALID = gettext_noop(
    "The AccessKey is not valid: Alibaba Cloud did not accept it. "
    "An administrator needs to check the configuration."
)
NO_PERMISSION = gettext_noop(
    "The AccessKey may not read SMS records (Alibaba Cloud said {code}); "
    "an administrator needs to grant the permission."
)
ACCOUNT_REFUSED = gettext_noop(
    "Alibaba Cloud refused this account ({code}): it may be in arrears, "
    "suspended or not subscribed to SMS."
)
CLOCK_WRONG = gettext_noop(
    "Alibaba Cloud refused the request because this server's clock is wrong; "
    "an administrator needs to fix the time."
)
TIMED_OUT = gettext_noop("Alibaba Cloud did not answer in time, try again in a moment.")
UNREACHABLE = gettext_noop("Alibaba Cloud could not be reached, try again in a moment.")
UNAVAILABLE = gettext_noop(
    "Alibaba Cloud is having trouble (HTTP {status}), try again in a moment."
)
UNREADABLE = gettext_noop(
    "Alibaba Cloud sent an answer that could not be read, try again in a moment."
)
REJECTED = gettext_noop("Alibaba Cloud rejected the search: {message}")
FAILED_RECORDS = gettext_noop("Alibaba Cloud could not give the records ({code}).")
FAILED_STATISTICS = gettext_noop("Alibaba Cloud could not give the statistics ({code}).")
LATE_DAYS = gettext_noop(
    "Alibaba Cloud did not answer in time for {days}. For those days the page shows only "
    "what was fetched earlier, if anything."
)
DAY_SPAN = gettext_noop("{first} to {last}")

_PERMISSION_CODES = ("isp.RAM_PERMISSION_DENY", "Forbidden", "isv.DENY_IP_RANGE")
_ACCOUNT_CODES = ("isv.ACCOUNT", "isv.OUT_OF_SERVICE", "isv.PRODUCT_UN")


class Kind(enum.Enum):
    """What went wrong, as a page tells it apart (one sentence each)."""

    NOT_CONFIGURED = "not-configured"  # a real endpoint and no AccessKey
    BAD_ENDPOINT = "bad-endpoint"
    ACCESS_KEY_INVALID = "access-key-invalid"
    NO_PERMISSION = "no-permission"
    ACCOUNT_REFUSED = "account-refused"
    CLOCK_WRONG = "clock-wrong"
    THROTTLED = "throttled"
    CIRCUIT_OPEN = "circuit-open"
    TIMED_OUT = "timed-out"
    UNREACHABLE = "unreachable"
    UNAVAILABLE = "unavailable"  # HTTP 5xx
    UNREADABLE = "unreadable"
    REJECTED = "rejected"
    FAILED = "failed"  # any other answer that was not OK


class Subject(enum.StrEnum):
    """What the page asked Alibaba Cloud for (templates pass it by value)."""

    RECORDS = "records"
    STATISTICS = "statistics"


SENTENCES: dict[Kind, str] = {
    Kind.NOT_CONFIGURED: NOT_CONFIGURED,
    Kind.BAD_ENDPOINT: BAD_ENDPOINT,
    Kind.ACCESS_KEY_INVALID: ACCESS_KEY_INVALID,
    Kind.NO_PERMISSION: NO_PERMISSION,
    Kind.ACCOUNT_REFUSED: ACCOUNT_REFUSED,
    Kind.CLOCK_WRONG: CLOCK_WRONG,
    Kind.THROTTLED: THROTTLED,
    Kind.CIRCUIT_OPEN: CIRCUIT_OPEN,
    Kind.TIMED_OUT: TIMED_OUT,
    Kind.UNREACHABLE: UNREACHABLE,
    Kind.UNAVAILABLE: UNAVAILABLE,
    Kind.UNREADABLE: UNREADABLE,
    Kind.REJECTED: REJECTED,
}
FAILED_SENTENCES: dict[Subject, str] = {
    Subject.RECORDS: FAILED_RECORDS,
    Subject.STATISTICS: FAILED_STATISTICS,
}


@dataclass(frozen=True)
class Failure:
    """One failure as a value: what kind, and the facts a page may show with it.

    ``detail`` is the service's own message of a rejected query, or the endpoint's label
    when no AccessKey is configured for it; ``retry_in`` is the open circuit's wait.
    """

    kind: Kind
    request_id: str = ""
    code: str = ""
    detail: str = ""
    http_status: int | None = None
    retry_in: int = 0

    @classmethod
    def of(cls, error: DysmsError | InvalidQuery) -> Failure:
        """The failure an error of the client, the circuit breaker or the factory stands for."""
        if isinstance(error, InvalidQuery):
            return cls(Kind.REJECTED, detail=error.message)
        detail, retry_in = "", 0
        if isinstance(error, ClientNotConfigured):
            kind = Kind.NOT_CONFIGURED if error.code == NO_ACCESS_KEY else Kind.BAD_ENDPOINT
            detail = error.endpoint
        elif isinstance(error, CircuitOpenError):
            kind, retry_in = Kind.CIRCUIT_OPEN, error.retry_in
        elif isinstance(error, InvalidParametersError):
            kind, detail = Kind.REJECTED, error.message
        else:
            kind = _kind(error)
        return cls(
            kind,
            request_id=error.request_id,
            code=error.code or type(error).__name__,
            detail=detail,
            http_status=error.http_status,
            retry_in=retry_in,
        )


def _kind(error: DysmsError) -> Kind:
    if isinstance(error, ThrottledError):
        return Kind.THROTTLED
    if isinstance(error, AuthError):
        return _auth_kind(error.code)
    if isinstance(error, ServiceUnavailableError):
        return _outage_kind(error)
    return Kind.FAILED


def _auth_kind(code: str) -> Kind:
    if code.startswith("InvalidTimeStamp"):
        return Kind.CLOCK_WRONG
    if code.startswith(_PERMISSION_CODES):
        return Kind.NO_PERMISSION
    if code.startswith(_ACCOUNT_CODES):
        return Kind.ACCOUNT_REFUSED
    return Kind.ACCESS_KEY_INVALID


def _outage_kind(error: ServiceUnavailableError) -> Kind:
    if error.http_status is not None and error.http_status >= 500:
        return Kind.UNAVAILABLE
    if error.http_status is not None:
        return Kind.UNREADABLE
    # The client raises its own error "from None"; the requests error is still the context.
    if isinstance(error.__context__, requests.Timeout):
        return Kind.TIMED_OUT
    return Kind.UNREACHABLE


def words(failure: Failure, *, subject: Subject = Subject.RECORDS) -> str:
    """The failure in one sentence of the active language (without its RequestId)."""
    if failure.kind is Kind.FAILED:
        sentence = FAILED_SENTENCES[Subject(subject)]
    else:
        sentence = SENTENCES[failure.kind]
    return gettext(sentence).format(
        code=failure.code,
        status=failure.http_status,
        message=failure.detail,
        endpoint=failure.detail,
        seconds=failure.retry_in,
    )


def words_with_request_id(failure: Failure, *, subject: Subject = Subject.RECORDS) -> str:
    """The sentence and "(RequestId ...)" in one line, for a flash message."""
    said = words(failure, subject=subject)
    if not failure.request_id:
        return said
    return gettext("%(words)s (RequestId %(request_id)s)") % {
        "words": said,
        "request_id": failure.request_id,
    }


def late_days(days: Iterable[date]) -> str:
    """The banner's sentence for days that had no answer by the search's deadline.

    Consecutive days are said as one span (a 30-day search of a slow number names one
    span, not thirty dates), oldest first, as a calendar reads.
    """
    spans: list[list[date]] = []
    for day in sorted(set(days)):
        if spans and day - spans[-1][-1] == timedelta(days=1):
            spans[-1].append(day)
        else:
            spans.append([day])
    said = [
        f"{span[0]:%Y-%m-%d}"
        if len(span) == 1
        else gettext(DAY_SPAN).format(first=f"{span[0]:%Y-%m-%d}", last=f"{span[-1]:%Y-%m-%d}")
        for span in spans
    ]
    return gettext(LATE_DAYS).format(days=pgettext("list separator", ", ").join(said))
