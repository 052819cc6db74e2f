"""Today hour by hour, from the receipts pushed for today's sends: is it getting worse right now?

The daily statistics have no hours; the receipts do (each has its send time). So this counts
receipts by the hour of their send, China time, from midnight to the current hour, which is
partial. A message still without a receipt is in no hour yet: the counts of the last hours
grow as receipts come in, and the page says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.db.models.functions import ExtractHour

from rates.models import SmsReceipt, ratio

# The database groups by the hour in a named zone (SQLite's functions need a zoneinfo name).
CHINA = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Hour:
    hour: int
    receipts: int
    delivered: int
    partial: bool  # the hour under way

    @property
    def failed(self) -> int:
        return self.receipts - self.delivered

    @property
    def delivery_rate(self) -> float | None:
        return ratio(self.delivered, self.receipts)


def hours_today(*, accounts: Sequence[str], now: datetime) -> tuple[Hour, ...]:
    """Every hour of today up to ``now``'s, empty ones included; () before any receipt."""
    local = now.astimezone(CHINA)
    midnight = datetime.combine(local.date(), time.min, tzinfo=CHINA)
    found = (
        SmsReceipt.objects.filter(account__in=accounts, send_time__gte=midnight)
        .annotate(hour=ExtractHour("send_time", tzinfo=CHINA))
        .values_list("hour")
        .annotate(receipts=Count("id"), delivered=Count("id", filter=Q(success=True)))
        .order_by()
    )
    counted = {hour: (receipts, delivered) for hour, receipts, delivered in found}
    if not counted:
        return ()
    return tuple(
        Hour(hour, *counted.get(hour, (0, 0)), partial=hour == local.hour)
        for hour in range(local.hour + 1)
    )
