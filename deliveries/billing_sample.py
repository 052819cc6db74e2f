"""How many billed parts a message of an account takes on average, from stored contents: the
estimate of the rates page's costs where no receipt says what Alibaba Cloud billed."""

from __future__ import annotations

from datetime import date

from deliveries.models import SmsRecord
from dysms.billing import billed_parts

SAMPLE_SIZE = 2000  # the first stored records found: enough for an average, cheap on millions


def records_parts_average(*, account: str, start: date, end: date) -> float | None:
    """The mean parts of ``account``'s stored records sent from ``start`` to ``end`` (None when
        none has a content). A number outside mainland China (stored as country code and number, not
    as 11 digits from 1: deliveries.phones) follows the GSM rules."""
    found = (
        SmsRecord.objects.filter(account=account, send_day__gte=start, send_day__lte=end)
        .exclude(content="")
        .values_list("phone", "content")
        .order_by()[:SAMPLE_SIZE]
    )
    parts = [billed_parts(content, international=not _mainland(phone)) for phone, content in found]
    return sum(parts) / len(parts) if parts else None


def _mainland(phone: str) -> bool:
    return len(phone) == 11 and phone.startswith("1")
