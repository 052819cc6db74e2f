"""A number's replies as the search and record pages show them: in words, masked for the role.

A reply such as TD or 退订 is why the later marketing messages to a number stop arriving (the
carrier or Alibaba Cloud blocks them), which is the question support is asked; the sentence
says so. The content stays plain text: the templates escape it like any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from access.display import phone_text
from deliveries.record_search import RecordSearch
from deliveries.replies import ReplyLine, replies_for
from dysms.values import CHINA_TZ

UNSUBSCRIBED = gettext_noop(
    "The customer replied “%(content)s” (unsubscribe) at %(time)s: later marketing messages "
    "to this number are not delivered."
)
REPLIED = gettext_noop("The customer replied “%(content)s” at %(time)s.")
UNSUBSCRIBED_BEFORE = gettext_noop(
    "The customer replied “%(content)s” (unsubscribe) at %(time)s, before this message: "
    "marketing messages to this number are not delivered since."
)
# How long after a send its record page looks for replies (a customer answers within hours).
AFTER_A_SEND = timedelta(days=1)


@dataclass(frozen=True)
class ReplyShown:
    send_time: datetime
    phone: str
    content: str
    sentence: str
    unsubscribes: bool


def search_replies(*, user, search: RecordSearch) -> list[ReplyShown]:
    """The replies of the searched numbers on the searched days, from the searched accounts."""
    replies = replies_for(
        phones=list(search.phones),
        since=_start(search.first),
        until=_start(search.last + timedelta(days=1)),
        accounts=list(search.accounts),
    )
    return [_shown(reply, user=user, with_day=search.is_range) for reply in replies]


def record_replies(*, user, phone: str, account: str, sent: datetime | None) -> list[ReplyShown]:
    """The replies of the record's number within a day after its send (none without a time),
    after the last unsubscribe before it, if any: why a marketing message was not delivered."""
    if sent is None:
        return []
    earlier = replies_for(
        phones=[phone],
        since=sent - timedelta(days=settings.RECORDS_RETENTION_DAYS),
        until=sent,
        accounts=[account],
    )
    unsubscribed = [reply for reply in earlier if reply.unsubscribes][-1:]
    replies = replies_for(phones=[phone], since=sent, until=sent + AFTER_A_SEND, accounts=[account])
    return [
        *(_shown(reply, user=user, with_day=True, before=True) for reply in unsubscribed),
        *(_shown(reply, user=user, with_day=True) for reply in replies),
    ]


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=CHINA_TZ)


def _shown(reply: ReplyLine, *, user, with_day: bool, before: bool = False) -> ReplyShown:
    local = timezone.localtime(reply.send_time, CHINA_TZ)
    moment = local.strftime("%Y-%m-%d %H:%M" if with_day else "%H:%M")
    if before:
        words = gettext(UNSUBSCRIBED_BEFORE)
    else:
        words = gettext(UNSUBSCRIBED if reply.unsubscribes else REPLIED)
    return ReplyShown(
        send_time=reply.send_time,
        phone=phone_text(user, reply.phone),
        content=reply.content,
        sentence=words % {"content": reply.content, "time": moment},
        unsubscribes=reply.unsubscribes,
    )
