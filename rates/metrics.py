"""Delivery rates in the metrics: ``smsadmin_delivery_rate{account,globe}`` and
``smsadmin_delivery_sent{account,globe}``, for yesterday (the last whole day in China).

Computed at each scrape from the stored statistics (``DailyStatistics``, all templates and
signs), never by calling Alibaba Cloud: a scrape every 15 s on every instance would spend
the account's quota, and the answer would depend on the service being up. So a day is
there once /stats/ has shown it (a day not stored has no sample: an alert tells "no data"
from "a bad rate" with ``absent()``); yesterday is still settling, so its rate may rise a
little as late receipts arrive. Registered by ``RatesConfig.ready`` into core's scrape
collectors (core imports no app); the database is shared, so every instance agrees.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric

from rates.models import DailyStatistics, Globe, TemplateType

GLOBES = {Globe.DOMESTIC: "domestic", Globe.INTERNATIONAL: "international"}


class DeliveryRateCollector:
    def collect(self) -> Iterable[Metric]:
        labels = ["account", "globe"]
        rate = GaugeMetricFamily(
            "smsadmin_delivery_rate",
            "Delivered / sent of yesterday (China time), from the stored statistics.",
            labels=labels,
        )
        sent = GaugeMetricFamily(
            "smsadmin_delivery_sent",
            "Messages sent yesterday (China time), from the stored statistics.",
            labels=labels,
        )
        day = timezone.localdate() - timedelta(days=1)
        rows = DailyStatistics.objects.filter(
            day=day, template_type=TemplateType.ALL, sign_name=""
        ).order_by("account", "globe")
        for row in rows:
            names = [row.account, GLOBES.get(row.globe, str(row.globe))]
            sent.add_metric(names, float(row.total_count))
            if row.delivery_rate is not None:
                rate.add_metric(names, row.delivery_rate)
        return [rate, sent]
