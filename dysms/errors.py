"""Errors of the Dysmsapi client: one small hierarchy, the service's facts as attributes.

``InvalidQuery`` is raised *before* anything is sent. Every ``DysmsError``
carries what the service said (``code``, ``message``, ``request_id``) and the
HTTP status; messages never include credentials.
"""

from __future__ import annotations


class InvalidQuery(ValueError):
    """A parameter failed local validation; no request was sent."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


class DysmsError(Exception):
    """The service (or the way to it) did not give a usable answer."""

    retryable = False

    def __init__(
        self,
        message: str,
        *,
        code: str = "",
        request_id: str = "",
        http_status: int | None = None,
    ):
        super().__init__(f"{code}: {message}" if code else message)
        self.code = code
        self.message = message
        self.request_id = request_id
        self.http_status = http_status


class AuthError(DysmsError):
    """Bad AccessKey, bad signature, expired timestamp, RAM permission denied, account problem."""


class ThrottledError(DysmsError):
    """Flow control: too many requests for the account, the API or the number."""

    retryable = True


class InvalidParametersError(DysmsError):
    """The service rejected a parameter (``isv.INVALID_PARAMETERS``, ``Missing*``, ...)."""


class ServiceUnavailableError(DysmsError):
    """Timeouts, connection errors, HTTP 5xx, or a body that is not the service's JSON."""

    retryable = True


class XmlAnswerError(ServiceUnavailableError):
    """The service answered in XML although the client asks for JSON (``Format=JSON``).

    Not retried: the same request would get the same XML. Something between the client and
    the service rewrote the request (a proxy dropping ``Format``), or the endpoint is not
    Dysmsapi's; either way an administrator has to look, so the client says so plainly.
    """

    retryable = False


_AUTH_PREFIXES = (
    "SignatureDoesNotMatch",
    "IncompleteSignature",
    "InvalidAccessKeyId",
    "InvalidAccessKeySecret",
    "InvalidSecurityToken",
    "InvalidTimeStamp",
    "SignatureNonceUsed",
    "InvalidSignatureMethod",
    "Forbidden",
    "isp.RAM_PERMISSION_DENY",
    "isv.ACCOUNT_NOT_EXISTS",
    "isv.ACCOUNT_ABNORMAL",
    "isv.OUT_OF_SERVICE",
    "isv.PRODUCT_UN_SUBSCRIPT",
    "isv.PRODUCT_UNSUBSCRIBE",
    "isv.DENY_IP_RANGE",
)
_THROTTLE_CODES = ("Throttling", "isv.BUSINESS_LIMIT_CONTROL", "isv.DAY_LIMIT_CONTROL")
_UNAVAILABLE_CODES = ("InternalError", "ServiceUnavailable", "isp.SYSTEM_ERROR", "UnknownError")


def error_for(code: str, message: str, request_id: str, http_status: int | None) -> DysmsError:
    """Build the typed error for a service answer whose ``Code`` is not ``OK``."""
    if code.startswith(_THROTTLE_CODES) or http_status == 429:
        cls: type[DysmsError] = ThrottledError
    elif code.startswith(_AUTH_PREFIXES):
        cls = AuthError
    elif code.startswith(_UNAVAILABLE_CODES) or (http_status or 0) >= 500:
        cls = ServiceUnavailableError
    else:
        cls = InvalidParametersError
    return cls(message, code=code, request_id=request_id, http_status=http_status)
