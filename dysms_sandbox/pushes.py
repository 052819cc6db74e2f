"""What Alibaba Cloud would push to a sandbox account: receipts (SmsReport), replies (SmsUp).

``receipts_between(account, start, end)`` holds a receipt for each send of the account's
customers (dysms_sandbox.population) whose receipt came in ``[start, end)``: the same send as
QuerySendDetails shows for that number and day (BizId, times, status, code), and counted by
QuerySendStatistics once ``now`` has passed its receipt time. A send whose receipt never comes
has none. ``replies_between`` holds the customers' replies sent in ``[start, end)``
(dysms_sandbox.replies says who replies what). Both are lists of dicts in the push JSON's
shape (dysms.receipts, dysms.replies), oldest first, the same on every call: a consumer asks
for the time since its last push, and may ask again (the stores keep each item once).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from dysms.values import SendStatus
from dysms_sandbox.generator import TIME_FORMAT, Outline, SentMessage, day_messages
from dysms_sandbox.incidents import DEGRADED_CODE, SILENCE, Incident, held_until, pump_items
from dysms_sandbox.population import account_day, days_around, midnight
from dysms_sandbox.replies import Reply, reply_to
from dysms_sandbox.traffic import DELIVERED

# err_msg of a receipt (own words): Alibaba Cloud's text for a delivery, a short description
# of the others; a code without one is its own description, as the service does.
ERR_MESSAGES = {
    DELIVERED: "用户接收成功",
    "MOBILE_NOT_ON_SERVICE": "停机、空号或暂停服务",
    "MOBILE_IN_BLACK": "手机号在黑名单中",
    "MOBILE_SEND_LIMIT": "单个号码发送超限",
    "MOBILE_ACCOUNT_ABNORMAL": "用户账户异常",
    "MOBLLE_TERMINAL_ERROR": "手机终端问题",
    "SP_UNKNOWN_ERROR": "运营商未知错误",
    "USER_REJECT": "用户已退订或拒收",
    "CONTENT_KEYWORD": "内容被运营商关键字拦截",
    "INVALID_NUMBER": "号码状态异常",
    "EXPIRED": "短信超时未送达",
}
# One SMS holds 70 characters (the 【sign】 included); a longer text goes in parts of 67.
SINGLE, PART = 70, 67
# A customer's receipt comes within minutes of the send, a reply within an hour of the receipt:
# what comes on a day is of a send of that day or the day before, never older.
RECEIPT_DAYS_BACK = REPLY_DAYS_BACK = 1


def receipts_between(
    account: str, start: datetime, end: datetime, incidents: Sequence[Incident] = ()
) -> list[dict[str, object]]:
    """The SmsReport items of the account's receipts that came in ``[start, end)``, as the
    ``incidents`` (dysms_sandbox.incidents) change them."""
    due = _due(account, start, end, incidents)
    messages = _Messages(account)
    items = [(came, receipt_item(messages.of(send), incidents)) for came, send in due]
    items += pump_items(incidents, start, end)
    items.sort(key=lambda item: (item[0], str(item[1]["biz_id"])))
    return [item for _, item in items]


def _due(
    account: str, start: datetime, end: datetime, incidents: Sequence[Incident]
) -> list[tuple[datetime, Outline]]:
    """(arrival, send) of the receipts that come in ``[start, end)``: those a silence held
    come at its end, so a silence ending in the window reaches back to its start."""
    ending = [one.start for one in incidents if one.kind == SILENCE and start <= one.end < end]
    first = min([start, *ending])
    due = []
    for day in days_around(first, end, back=RECEIPT_DAYS_BACK):
        base = midnight(day)
        low, high = (first - base).total_seconds(), (end - base).total_seconds()
        for send in account_day(account, day):
            if send.final_status is not SendStatus.WAITING and low <= send.sent + send.delay < high:
                came = held_until(incidents, base + timedelta(seconds=send.sent + send.delay))
                if start <= came < end:
                    due.append((came, send))
    return due


def replies_between(account: str, start: datetime, end: datetime) -> list[dict[str, object]]:
    """The SmsUp items of the account's customers' replies sent in ``[start, end)``."""
    due: list[Reply] = []
    for day in days_around(start, end, back=REPLY_DAYS_BACK):
        base = midnight(day)
        for send in account_day(account, day):
            reply = reply_to(send, base, account=account)
            if reply is not None and start <= reply.sent < end:
                due.append(reply)
    due.sort(key=lambda reply: (reply.sent, reply.sequence_id))
    return [reply.as_item() for reply in due]


def receipt_item(message: SentMessage, incidents: Sequence[Incident] = ()) -> dict[str, object]:
    """The SmsReport push of one send whose receipt came (keys in the documented order)."""
    success, code = message.final_status is SendStatus.DELIVERED, message.err_code
    if any(one.degrades(message.send_time, message.template_code) for one in incidents):
        success, code = False, DEGRADED_CODE
    return {
        "phone_number": message.phone,
        "send_time": message.send_time.strftime(TIME_FORMAT),
        "report_time": message.receive_time.strftime(TIME_FORMAT),
        "success": success,
        "err_code": code,
        "err_msg": ERR_MESSAGES.get(code, code),
        "sms_size": str(segments(message.content)),
        "biz_id": message.biz_id,
        "out_id": message.out_id,
    }


def segments(content: str) -> int:
    """How many SMS a text is billed as."""
    return 1 if len(content) <= SINGLE else -(-len(content) // PART)


class _Messages:
    """The whole records behind outlines, each number's day made once per call."""

    def __init__(self, account: str):
        self.account = account
        self.days: dict[tuple[str, date], dict[str, SentMessage]] = {}

    def of(self, send: Outline) -> SentMessage:
        key = (send.phone, send.day)
        if key not in self.days:
            messages = day_messages(send.phone, send.day, account=self.account)
            self.days[key] = {message.biz_id: message for message in messages}
        return self.days[key][send.biz_id]
