"""Plain words for everything that can go wrong between a search and Alibaba Cloud.

The banner shows one of these sentences, plus the RequestId when there is one.
Sentences are translated into the active language when described. Upstream text is
never trusted: only a rejected query quotes the service's own
message (the template escapes it), and codes are shown as codes.
"""

from __future__ import annotations

from datetime import date, timedelta

import requests
from django.utils.translation import gettext, gettext_noop, pgettext

from core.circuit import CIRCUIT_OPEN
from dysms.errors import (
    AuthError,
    DysmsError,
    InvalidParametersError,
    InvalidQuery,
    ServiceUnavailableError,
    ThrottledError,
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
LATE_DAYS = gettext_noop(
    "Alibaba Cloud did not answer in time for {days}. For those days the page shows only "
    "what was fetched earlier, if anything."
)
DAY_SPAN = gettext_noop("{first} to {last}")
FAILED = gettext_noop("Alibaba Cloud could not give the records ({code}).")

_PERMISSION_CODES = ("isp.RAM_PERMISSION_DENY", "Forbidden", "isv.DENY_IP_RANGE")
_ACCOUNT_CODES = ("isv.ACCOUNT", "isv.OUT_OF_SERVICE", "isv.PRODUCT_UN")


def describe(error: DysmsError | InvalidQuery) -> str:
    """One sentence for the banner."""
    if isinstance(error, InvalidQuery | InvalidParametersError):
        return gettext(REJECTED).format(message=error.message)
    if isinstance(error, ThrottledError):
        return gettext(THROTTLED)
    if isinstance(error, AuthError):
        return _auth(error)
    if isinstance(error, ServiceUnavailableError):
        return _unavailable(error)
    return gettext(FAILED).format(code=error.code or type(error).__name__)


def _auth(error: AuthError) -> str:
    code = error.code
    if code == "NotConfigured":  # our own words: which setting is missing
        return error.message
    if code.startswith("InvalidTimeStamp"):
        return gettext(CLOCK_WRONG)
    if code.startswith(_PERMISSION_CODES):
        return gettext(NO_PERMISSION).format(code=code)
    if code.startswith(_ACCOUNT_CODES):
        return gettext(ACCOUNT_REFUSED).format(code=code)
    return gettext(ACCESS_KEY_INVALID)


def _unavailable(error: ServiceUnavailableError) -> str:
    if hasattr(error, "retry_in"):  # the circuit breaker's words say when the next try is
        return gettext(CIRCUIT_OPEN).format(seconds=error.retry_in)
    if error.http_status is not None and error.http_status >= 500:
        return gettext(UNAVAILABLE).format(status=error.http_status)
    if error.http_status is not None:
        return gettext(UNREADABLE)
    # The client raises its own error "from None"; the requests error is still the context.
    if isinstance(error.__context__, requests.Timeout):
        return gettext(TIMED_OUT)
    return gettext(UNREACHABLE)


def late_days(days: list[date]) -> str:
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
