"""Read-only queries over the record store: the summary above the table."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from deliveries.models import Status
from deliveries.receipts_applied import receipt_template_code as receipt_template_code


@dataclass(frozen=True)
class Summary:
    sent: int
    delivered: int
    failed: int
    waiting: int

    @property
    def delivery_rate(self) -> float | None:
        """Delivered ÷ sent, as the Alibaba Cloud console counts it; ``None`` with nothing sent."""
        return self.delivered / self.sent if self.sent else None

    @property
    def delivery_percent(self) -> str:
        rate = self.delivery_rate
        return "—" if rate is None else f"{rate * 100:.1f}%"


def records_summary(records: QuerySet) -> Summary:
    counts = records.order_by().aggregate(
        sent=Count("id"),
        delivered=Count("id", filter=Q(status=Status.DELIVERED)),
        failed=Count("id", filter=Q(status=Status.FAILED)),
        waiting=Count("id", filter=Q(status=Status.WAITING)),
    )
    return Summary(**counts)
