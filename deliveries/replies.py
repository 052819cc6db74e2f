"""The customers' replies (SmsUp): stored from a push, read back for a number's timeline.

The model and these functions live in deliveries, not in rates beside the receipts, because a
reply is shown where a number's sends are (the search and record pages), and deliveries may not
import rates. rates' push endpoint stores them through ``deliveries.services.replies_store``,
as it applies receipts through ``records_apply_receipts``; the pages read ``replies_for``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from core.metrics import replies_counted
from deliveries.models import SmsReply
from deliveries.phones import InvalidPhone, normalise_phone
from dysms.replies import Reply, parse_replies

logger = logging.getLogger("deliveries")

REPLIES_BATCH = 1000
# What a customer sends to stop marketing messages (Alibaba Cloud's and the carriers' words).
UNSUBSCRIBE_WORDS = frozenset({"td", "退订", "t", "n", "r", "unsubscribe", "stop", "退"})


@dataclass(frozen=True)
class ReplyLine:
    """A reply as a page shows it (content still to be escaped by the template)."""

    account: str
    phone: str
    send_time: datetime
    content: str

    @property
    def unsubscribes(self) -> bool:
        return self.content.strip().strip("。.!！ ").lower() in UNSUBSCRIBE_WORDS


def replies_store(payload: object, *, account: str, now: datetime | None = None) -> int:
    """Store the usable replies of a decoded push to ``account``; returns how many were new.

    Raises ``MalformedReplies`` for a body that is not an array (nothing stored); unusable
    replies are left out and counted in the log by position and reason, never their content.
    A reply stored before is left as it is, so a re-push changes nothing. Database errors go
    through: the endpoint answers 503 and Alibaba Cloud pushes again.
    """
    parsed = parse_replies(payload)
    if parsed.rejected:
        logger.warning(
            "%d pushed replies rejected as unusable; the first: %s",
            len(parsed.rejected),
            parsed.rejected[0],
        )
    now = now or timezone.now()
    rows = {}
    for reply in parsed.replies:
        row = _row(reply, account=account, now=now)
        rows.setdefault((row.phone, row.send_time, row.sequence_id), row)
    with transaction.atomic():
        known = _stored_keys(rows, account=account)
        new = [row for key, row in rows.items() if key not in known]
        SmsReply.objects.bulk_create(new, batch_size=REPLIES_BATCH, ignore_conflicts=True)
    logger.info("Stored %d new replies of %d pushed to %s", len(new), len(rows), account)
    duplicate = len(parsed.replies) - len(new)
    replies_counted(
        account=account, stored=len(new), duplicate=duplicate, rejected=len(parsed.rejected)
    )
    return len(new)


def _row(reply: Reply, *, account: str, now: datetime) -> SmsReply:
    try:
        phone = normalise_phone(reply.phone_number)
    except InvalidPhone:
        phone = reply.phone_number  # kept as pushed: still findable by what was pushed
    return SmsReply(
        account=account,
        phone=phone,
        send_time=reply.send_time,
        content=reply.content,
        sign_name=reply.sign_name,
        dest_code=reply.dest_code,
        sequence_id=reply.sequence_id,
        received_at=now,
    )


def _stored_keys(rows: dict, *, account: str) -> set[tuple[str, datetime, int]]:
    phones = {phone for phone, _, _ in rows}
    stored = SmsReply.objects.filter(account=account, phone__in=phones)
    return set(stored.values_list("phone", "send_time", "sequence_id"))


def replies_for(
    *, phones: list[str], since: datetime, until: datetime, accounts: list[str] | None = None
) -> list[ReplyLine]:
    """The replies of ``phones`` sent in [since, until), oldest first; of ``accounts`` if given."""
    found = SmsReply.objects.filter(phone__in=phones, send_time__gte=since, send_time__lt=until)
    if accounts is not None:
        found = found.filter(account__in=accounts)
    return [
        ReplyLine(
            account=row.account, phone=row.phone, send_time=row.send_time, content=row.content
        )
        for row in found.order_by("send_time", "pk")[:200]
    ]


def replies_purge(*, before: datetime) -> int:
    """Delete the replies sent before ``before`` (the receipts' retention); returns how many."""
    deleted, _ = SmsReply.objects.filter(send_time__lt=before).delete()
    return deleted
