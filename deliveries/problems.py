"""Plain words for everything that can go wrong between a search and Alibaba Cloud.

The banner shows one of these sentences, plus the RequestId when there is one.
Upstream text is never trusted: only a rejected query quotes the service's own
message (the template escapes it), and codes are shown as codes.
"""

from __future__ import annotations

import requests

from .dysms.errors import (
    AuthError,
    DysmsError,
    InvalidParametersError,
    InvalidQuery,
    ServiceUnavailableError,
    ThrottledError,
)

THROTTLED = "Alibaba Cloud is throttling requests, try again in a few seconds."
ACCESS_KEY_INVALID = (
    "The AccessKey is not valid: Alibaba Cloud did not accept it. "
    "An administrator needs to check the configuration."
)
NO_PERMISSION = (
    "The AccessKey may not read SMS records (Alibaba Cloud said {code}); "
    "an administrator needs to grant the permission."
)
ACCOUNT_REFUSED = (
    "Alibaba Cloud refused this account ({code}): it may be in arrears, "
    "suspended or not subscribed to SMS."
)
CLOCK_WRONG = (
    "Alibaba Cloud refused the request because this server's clock is wrong; "
    "an administrator needs to fix the time."
)
TIMED_OUT = "Alibaba Cloud did not answer in time, try again in a moment."
UNREACHABLE = "Alibaba Cloud could not be reached, try again in a moment."
UNAVAILABLE = "Alibaba Cloud is having trouble (HTTP {status}), try again in a moment."
UNREADABLE = "Alibaba Cloud sent an answer that could not be read, try again in a moment."
REJECTED = "Alibaba Cloud rejected the search: {message}"
FAILED = "Alibaba Cloud could not give the records ({code})."

_PERMISSION_CODES = ("isp.RAM_PERMISSION_DENY", "Forbidden", "isv.DENY_IP_RANGE")
_ACCOUNT_CODES = ("isv.ACCOUNT", "isv.OUT_OF_SERVICE", "isv.PRODUCT_UN")


def describe(error: DysmsError | InvalidQuery) -> str:
    """One sentence for the banner."""
    if isinstance(error, InvalidQuery | InvalidParametersError):
        return REJECTED.format(message=error.message)
    if isinstance(error, ThrottledError):
        return THROTTLED
    if isinstance(error, AuthError):
        return _auth(error)
    if isinstance(error, ServiceUnavailableError):
        return _unavailable(error)
    return FAILED.format(code=error.code or type(error).__name__)


def _auth(error: AuthError) -> str:
    code = error.code
    if code == "NotConfigured":  # our own words: which setting is missing
        return error.message
    if code.startswith("InvalidTimeStamp"):
        return CLOCK_WRONG
    if code.startswith(_PERMISSION_CODES):
        return NO_PERMISSION.format(code=code)
    if code.startswith(_ACCOUNT_CODES):
        return ACCOUNT_REFUSED.format(code=code)
    return ACCESS_KEY_INVALID


def _unavailable(error: ServiceUnavailableError) -> str:
    if hasattr(error, "retry_in"):  # the circuit breaker's own words say when the next try is
        return error.message
    if error.http_status is not None and error.http_status >= 500:
        return UNAVAILABLE.format(status=error.http_status)
    if error.http_status is not None:
        return UNREADABLE
    # The client raises its own error "from None"; the requests error is still the context.
    if isinstance(error.__context__, requests.Timeout):
        return TIMED_OUT
    return UNREACHABLE
