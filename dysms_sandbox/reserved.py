"""Reserved phone numbers: each one makes the sandbox misbehave in one documented way.

They exist so that demos and tests can show every unhappy path on purpose.
Keep this table, ``RESERVED_NUMBERS`` and docs/sandbox.md in step.
"""

from __future__ import annotations

from dysms_sandbox.answers import JSON_CONTENT_TYPE, SandboxResponse, ServiceError
from dysms_sandbox.flow_control import throttled

INTERNAL_ERROR_MESSAGE = "The request failed because of an error inside the service."
UNAVAILABLE_MESSAGE = "The service is temporarily unable to handle the request."

NO_TRAFFIC = "13800000000"
STILL_WAITING = "13800000001"
DEAD_NUMBER = "13800000002"
ONE_PAGE = "13800000010"
ALL_DELIVERED = "13800000011"
EVERY_STATUS = "13800000020"
TWO_PAGES = "13800000075"
NOT_JSON = "13800000200"
COUNT_WITHOUT_RECORDS = "13800000204"
ACCOUNT_PROBLEM = "13800000403"
SLOW_ANSWER = "13800000408"
THROTTLED = "13800000429"
BAD_GATEWAY = "13800000500"
INTERNAL_ERROR = "13800000501"
SERVICE_UNAVAILABLE = "13800000503"
HUNDREDS = "13800000999"
THOUSANDS = "13800009999"

BULK_DAILY_COUNTS = {HUNDREDS: 420, THOUSANDS: 1200}
# What COUNT_WITHOUT_RECORDS' TotalCount says on every page, while no page lists a record.
COUNT_WITHOUT_RECORDS_TOTAL = 12
# How long the HTTP server keeps a SLOW_ANSWER request waiting: past any sane read timeout.
SLOW_ANSWER_SECONDS = 30.0

RESERVED_NUMBERS = {
    NO_TRAFFIC: "Never receives anything: every day has 0 records.",
    STILL_WAITING: (
        "Gets a message on every full and half hour from 00:00 whose receipt takes 35 to 55 "
        "minutes, so at any moment today's latest send is still waiting (SendStatus 1)."
    ),
    DEAD_NUMBER: (
        "A disconnected number: 6 sends every day (09:10 to 20:25), all failed "
        "(4 MOBILE_NOT_ON_SERVICE, 1 MK:0001, 1 UNDELIV)."
    ),
    ONE_PAGE: (
        "20 sends every day (08:00 to 17:30, one every 30 minutes), one page: "
        "16 delivered, 4 failed (MOBILE_NOT_ON_SERVICE, MOBILE_IN_BLACK, MK:0001, UNDELIV)."
    ),
    ALL_DELIVERED: "5 sends every day (09:00 to 17:00, every 2 hours), all delivered.",
    EVERY_STATUS: (
        "20 sends every day (08:15 to 17:45, one every 30 minutes), one page: 14 delivered, "
        "4 failed and 2 whose receipt never comes (waiting on every day)."
    ),
    TWO_PAGES: (
        "75 sends every day (07:00 to 19:20, one every 10 minutes), two pages of 50: "
        "70 delivered, 5 failed (MOBILE_SEND_LIMIT)."
    ),
    NOT_JSON: "HTTP 200 whose body is not JSON (a truncated answer).",
    COUNT_WITHOUT_RECORDS: (
        "TotalCount 12 on every day and every page, but no page lists a record "
        "(an empty SmsSendDetailDTO list)."
    ),
    ACCOUNT_PROBLEM: "The account is in arrears: Code isv.ACCOUNT_ABNORMAL (HTTP 200 body).",
    SLOW_ANSWER: (
        "Answers only after 30 seconds (4 delivered sends a day, 09:00 to 18:00: one page): "
        "past the client's read timeout "
        "(in process: requests' ReadTimeout once the timeout passed to send() has elapsed)."
    ),
    THROTTLED: "Flow control on every try: Code Throttling.User, HTTP 400.",
    BAD_GATEWAY: "HTTP 502 with an HTML error page from the load balancer.",
    INTERNAL_ERROR: "The service's own error: Code InternalError, HTTP 500, JSON body.",
    SERVICE_UNAVAILABLE: "The service is overloaded: Code ServiceUnavailable, HTTP 503, JSON body.",
    HUNDREDS: (
        "420 records on every day (a bulk sender from just after midnight): nine pages, "
        "406 delivered and 14 failed."
    ),
    THOUSANDS: (
        "1200 records on every day: more than a 1000-record fetch cap; 1160 delivered, 40 failed."
    ),
}

BAD_GATEWAY_PAGE = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n"
    b"<hr><center>sandbox load balancer</center>\r\n</body>\r\n</html>\r\n"
)


def reserved_answer(phone: str, request_id: str) -> SandboxResponse | None:
    """The misbehaving answer for ``phone``, or ``None`` for a normal one.

    ``ServiceError`` is raised for answers in the service's JSON error shape.
    """
    if phone == THROTTLED:
        raise throttled()
    if phone == INTERNAL_ERROR:
        raise ServiceError("InternalError", INTERNAL_ERROR_MESSAGE, status=500)
    if phone == SERVICE_UNAVAILABLE:
        raise ServiceError("ServiceUnavailable", UNAVAILABLE_MESSAGE, status=503)
    if phone == ACCOUNT_PROBLEM:
        raise ServiceError("isv.ACCOUNT_ABNORMAL", "账户异常", status=200)
    if phone == BAD_GATEWAY:
        headers = {"Content-Type": "text/html", "Server": "Tengine"}
        return SandboxResponse(502, headers, BAD_GATEWAY_PAGE)
    if phone == NOT_JSON:
        body = f'{{"RequestId":"{request_id}","Code":"OK","TotalCount":'.encode()
        return SandboxResponse(200, {"Content-Type": JSON_CONTENT_TYPE}, body)
    return None
