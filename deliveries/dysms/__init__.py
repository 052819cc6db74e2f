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
from .parsing import parse_send_details, parse_send_statistics
from .ratelimit import RateLimiter
from .records import (
    CHINA_TZ,
    Credentials,
    DailyStatistics,
    SendDetailsPage,
    SendStatus,
    SmsRecord,
    StatisticsPage,
)
from .validation import validate_send_details_query, validate_send_statistics_query

__all__ = [
    "API_VERSION",
    "CHINA_TZ",
    "DEFAULT_ENDPOINT",
    "AuthError",
    "Credentials",
    "DailyStatistics",
    "DysmsClient",
    "DysmsError",
    "InvalidParametersError",
    "InvalidQuery",
    "RateLimiter",
    "SendDetailsPage",
    "SendStatus",
    "ServiceUnavailableError",
    "SmsRecord",
    "StatisticsPage",
    "ThrottledError",
    "from_environment",
    "parse_send_details",
    "parse_send_statistics",
    "validate_send_details_query",
    "validate_send_statistics_query",
]
