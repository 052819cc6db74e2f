"""Alibaba Cloud SMS (Dysmsapi 2017-05-25) client. No Django in here."""

from dysms.client import API_VERSION, DEFAULT_ENDPOINT, DysmsClient
from dysms.errors import (
    AuthError,
    DysmsError,
    InvalidParametersError,
    InvalidQuery,
    ServiceUnavailableError,
    ThrottledError,
)
from dysms.parsing import parse_send_details, parse_send_statistics
from dysms.protocol import SmsClient
from dysms.ratelimit import RateLimiter
from dysms.validation import validate_send_details_query, validate_send_statistics_query
from dysms.values import (
    CHINA_TZ,
    Credentials,
    DailyStatistics,
    SendDetailsPage,
    SendStatus,
    SmsRecord,
    StatisticsPage,
)

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
    "SmsClient",
    "SmsRecord",
    "StatisticsPage",
    "ThrottledError",
    "parse_send_details",
    "parse_send_statistics",
    "validate_send_details_query",
    "validate_send_statistics_query",
]
