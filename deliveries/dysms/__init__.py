"""Alibaba Cloud SMS (Dysmsapi 2017-05-25) client. No Django in here."""

from .client import API_VERSION, DEFAULT_ENDPOINT, DysmsClient
from .credentials import from_environment
from .errors import (
    AuthError,
    DysmsError,
    InvalidParametersError,
    InvalidQuery,
    ServiceUnavailableError,
    ThrottledError,
)
from .parsing import parse_send_details
from .records import CHINA_TZ, Credentials, SendDetailsPage, SendStatus, SmsRecord
from .validation import validate_send_details_query

__all__ = [
    "API_VERSION",
    "CHINA_TZ",
    "DEFAULT_ENDPOINT",
    "AuthError",
    "Credentials",
    "DysmsClient",
    "DysmsError",
    "InvalidParametersError",
    "InvalidQuery",
    "SendDetailsPage",
    "SendStatus",
    "ServiceUnavailableError",
    "SmsRecord",
    "ThrottledError",
    "from_environment",
    "parse_send_details",
    "validate_send_details_query",
]
