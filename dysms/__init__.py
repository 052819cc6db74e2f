"""Alibaba Cloud SMS (Dysmsapi 2017-05-25) client. No Django in here."""

from dysms.client import API_VERSION, DEFAULT_ENDPOINT, DysmsClient
from dysms.errors import (
    AuthError,
    DysmsError,
    InvalidParametersError,
    InvalidQuery,
    ServiceUnavailableError,
    ThrottledError,
    XmlAnswerError,
)
from dysms.listing import ListPage
from dysms.parsing import parse_send_details, parse_send_statistics
from dysms.protocol import SmsClient
from dysms.ratelimit import RateLimiter
from dysms.signs import SmsSign, parse_sign_list
from dysms.templates import (
    AuditStatus,
    SmsTemplate,
    TemplateDetail,
    TemplateKind,
    parse_template_detail,
    parse_template_list,
)
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
    "AuditStatus",
    "DEFAULT_ENDPOINT",
    "AuthError",
    "Credentials",
    "DailyStatistics",
    "DysmsClient",
    "DysmsError",
    "InvalidParametersError",
    "InvalidQuery",
    "ListPage",
    "RateLimiter",
    "SendDetailsPage",
    "SendStatus",
    "ServiceUnavailableError",
    "SmsClient",
    "SmsRecord",
    "SmsSign",
    "SmsTemplate",
    "StatisticsPage",
    "TemplateDetail",
    "TemplateKind",
    "ThrottledError",
    "XmlAnswerError",
    "parse_send_details",
    "parse_send_statistics",
    "parse_sign_list",
    "parse_template_detail",
    "parse_template_list",
    "validate_send_details_query",
    "validate_send_statistics_query",
]
