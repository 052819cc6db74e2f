"""Stored daily statistics (QuerySendStatistics) and receipts pushed by Alibaba Cloud."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.accounts import DEFAULT_ACCOUNT

# Receipts keep arriving for about two days: today and the two days before are "settling".
SETTLING_DAYS = 2


class Globe(models.IntegerChoices):
    """``IsGlobe`` of QuerySendStatistics."""

    DOMESTIC = 1, _("Domestic (mainland China)")
    INTERNATIONAL = 2, _("International / HK, Macao, Taiwan")


class TemplateType(models.IntegerChoices):
    """``TemplateType`` of QuerySendStatistics; ``ALL`` means the parameter is left out.

    ``ALL`` is stored as -1 rather than NULL so that the unique constraint holds.
    """

    ALL = -1, _("All types")
    VERIFICATION = 0, _("Verification code")
    NOTIFICATION = 1, _("Notification")
    PROMOTIONAL = 2, _("Promotional")
    INTERNATIONAL = 3, _("International")
    DIGITAL = 7, _("Digital")


def is_settling(day: date, today: date) -> bool:
    """True for today and the two days before it: their receipts may still arrive."""
    return day >= today - timedelta(days=SETTLING_DAYS)


def ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator > 0 else None


class DailyStatistics(models.Model):
    """One day of QuerySendStatistics of one account for one (globe, template type, sign name)
    filter.

    ``account`` names the Alibaba Cloud account (core.accounts); rows stored before accounts
    existed are the default one's. ``sign_name`` is "" for all signs. Days without traffic
    are stored with zero counts, so a stored row also records that the day was fetched.
    """

    account = models.CharField(max_length=32, default=DEFAULT_ACCOUNT)
    day = models.DateField()
    globe = models.PositiveSmallIntegerField(choices=Globe.choices)
    template_type = models.SmallIntegerField(choices=TemplateType.choices)
    sign_name = models.CharField(max_length=100, blank=True)
    total_count = models.PositiveBigIntegerField(default=0)
    responded_success_count = models.PositiveBigIntegerField(default=0)
    responded_fail_count = models.PositiveBigIntegerField(default=0)
    no_responded_count = models.PositiveBigIntegerField(default=0)
    fetched_at = models.DateTimeField()

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "day", "globe", "template_type", "sign_name"],
                name="rates_daily_statistics_unique_account_filter",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.get_globe_display()}: {self.total_count} sent"

    @property
    def delivery_rate(self) -> float | None:
        """Delivered / sent, as the Alibaba Cloud console shows it."""
        return ratio(self.responded_success_count, self.total_count)

    @property
    def receipted_rate(self) -> float | None:
        """Delivered / (sent - still without a receipt)."""
        return ratio(self.responded_success_count, self.total_count - self.no_responded_count)

    def is_final(self) -> bool:
        """Fetched after the day had settled, so its counts will not change any more."""
        fetched_day = timezone.localdate(self.fetched_at)
        return fetched_day > self.day + timedelta(days=SETTLING_DAYS)


class SmsReceipt(models.Model):
    """One delivery receipt pushed by Alibaba Cloud (SmsReport, HTTP batch push).

    Alibaba re-pushes on any failure, so (account, biz_id, phone_number) is unique and
    the first copy is kept. ``account`` is the account whose receipts URL it came to.
    """

    account = models.CharField(max_length=32, default=DEFAULT_ACCOUNT)
    phone_number = models.CharField(max_length=32)
    send_time = models.DateTimeField()
    report_time = models.DateTimeField()
    success = models.BooleanField()
    err_code = models.CharField(max_length=64, blank=True)
    err_msg = models.CharField(max_length=512, blank=True)
    sms_size = models.PositiveSmallIntegerField()
    biz_id = models.CharField(max_length=64)
    out_id = models.CharField(max_length=256, blank=True)
    received_at = models.DateTimeField()
    # Where the number belongs (rates.places.receipt_place), kept when stored so the All sends
    # page filters by the carrier and region the breakdowns count; "" where unknown.
    carrier = models.CharField(max_length=64, blank=True, default="")
    region = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["-send_time"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "biz_id", "phone_number"],
                name="rates_receipt_unique_account_biz_id_phone",
            )
        ]
        indexes = [
            models.Index(fields=["send_time"]),
            # The All sends page (rates.sends): one account's window of sends, newest first.
            models.Index(fields=["account", "-send_time", "-id"], name="receipt_account_time"),
        ]

    def __str__(self) -> str:
        return f"{self.biz_id} {self.phone_number}: {self.err_code or self.success}"


# Latencies are kept to the second under a minute, to 5 s under 5 minutes and to the minute up
# to this cap; beyond, one bucket (rates.tallies.latency_bucket).
LATENCY_CAP_SECONDS = 3600


class ReceiptTally(models.Model):
    """Pushed receipts counted per day of sending (China time), account, template code (of the
    stored record the receipt matched when it arrived; "" when none), carrier, region and
    outcome: what the breakdowns of the rates page read, instead of every receipt.

    Kept by ``rates.tallies.tallies_add`` in the transaction that stores new receipts, so a
    re-pushed receipt is never counted twice; purged with the receipts.
    """

    account = models.CharField(max_length=32, default=DEFAULT_ACCOUNT)
    day = models.DateField()
    template_code = models.CharField(max_length=64, blank=True)
    carrier = models.CharField(max_length=64, blank=True)
    region = models.CharField(max_length=64, blank=True)
    success = models.BooleanField()
    err_code = models.CharField(max_length=64, blank=True)
    count = models.PositiveBigIntegerField(default=0)
    # The parts these receipts were billed as (the sum of their ``sms_size``): what it costs.
    parts = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "account",
                    "day",
                    "template_code",
                    "carrier",
                    "region",
                    "success",
                    "err_code",
                ],
                name="rates_receipt_tally_unique",
            )
        ]
        indexes = [models.Index(fields=["day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.account} {self.template_code or '?'}: {self.count}"


class ReceiptLatency(models.Model):
    """Pushed receipts counted per day of sending, account, template code and seconds from send
    to receipt, in the steps of ``rates.tallies.latency_bucket`` (the second under a minute, 5 s
    under 5 minutes, the minute up to ``LATENCY_CAP_SECONDS``): percentiles exact to that step,
    from at most 163 rows a day and template."""

    account = models.CharField(max_length=32, default=DEFAULT_ACCOUNT)
    day = models.DateField()
    template_code = models.CharField(max_length=64, blank=True)
    seconds = models.PositiveIntegerField()
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "day", "template_code", "seconds"],
                name="rates_receipt_latency_unique",
            )
        ]
        indexes = [models.Index(fields=["day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.account} {self.seconds} s: {self.count}"
