"""The record store: SMS records fetched from QuerySendDetails, and one row per fetch.

A search is keyed by (phone, day, BizId); each key has one ``Fetch`` row, and its
records hang off it. A new fetch replaces the key's records as a whole.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from deliveries.stored_masking import masked_content
from dysms.values import CHINA_TZ, SendStatus

STATUS_LABELS = {
    SendStatus.WAITING: _("Waiting"),
    SendStatus.FAILED: _("Failed"),
    SendStatus.DELIVERED: _("Delivered"),
}
# One send status: ``dysms.values.SendStatus`` (the client's, which knows no Django) is the
# source; ``Status`` is the same members as Django choices, with a label in the page's language.
# ``Status.FAILED == SendStatus.FAILED == 2``: the store keeps the service's number.
Status = models.IntegerChoices(
    "Status", [(member.name, (member.value, STATUS_LABELS[member])) for member in SendStatus]
)


class Fetch(models.Model):
    """The last time one search key was fetched from Alibaba Cloud, and what came back."""

    phone = models.CharField(max_length=20)
    day = models.DateField(help_text="Send day, China time.")
    biz_id = models.CharField(max_length=64, blank=True, help_text='"" when the search had none.')
    fetched_at = models.DateTimeField()
    total_count = models.PositiveIntegerField(help_text="TotalCount as upstream reported it.")
    stored_count = models.PositiveIntegerField()
    waiting_count = models.PositiveIntegerField(default=0)
    capped = models.BooleanField(default=False, help_text="More records than the fetch cap.")
    request_ids = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["phone", "day", "biz_id"], name="one_fetch_per_search")
        ]

    def __str__(self) -> str:
        suffix = f" BizId {self.biz_id}" if self.biz_id else ""
        return f"{self.phone} on {self.day:%Y-%m-%d}{suffix}"

    def is_final(self) -> bool:
        """Nothing can change any more: the day was over when fetched, and nothing was waiting."""
        day_end = datetime.combine(self.day + timedelta(days=1), time.min, tzinfo=CHINA_TZ)
        return self.waiting_count == 0 and self.fetched_at >= day_end


class SmsRecord(models.Model):
    """One SMS as QuerySendDetails reported it. ``position`` keeps upstream order (newest first).

    ``content_masked`` is the content with one-time codes hidden, what pages, exports and the
    text filter use while masking is on (``stored_masking`` says why, and how to recompute it).
    """

    fetch = models.ForeignKey(Fetch, on_delete=models.CASCADE, related_name="records")
    phone = models.CharField(max_length=20)
    send_day = models.DateField()
    position = models.PositiveIntegerField()
    status = models.PositiveSmallIntegerField(choices=Status.choices)
    err_code = models.CharField(max_length=100, blank=True)
    template_code = models.CharField(max_length=100, blank=True)
    content = models.TextField(blank=True)
    # Kept in step with ``content`` (``save``, ``record_store.store_day``): see ``stored_masking``.
    content_masked = models.TextField(
        blank=True,
        editable=False,
        help_text="The content as pages show it: one-time codes as ******.",
    )
    out_id = models.CharField(max_length=255, blank=True)
    send_time = models.DateTimeField(null=True, blank=True)
    receive_time = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["fetch", "position"]
        indexes = [
            models.Index(fields=["phone", "send_day"], name="record_search"),
            models.Index(fields=["fetch", "position"], name="record_order"),
            models.Index(fields=["phone", "send_time"], name="record_phone_time"),
        ]

    def __str__(self) -> str:
        return f"{self.phone} {self.send_time or '?'} {self.get_status_display()}"

    def save(self, *args, **kwargs):
        # Whoever stores a content stores its masked form with it (bulk_create callers set it).
        self.content_masked = masked_content(self.content)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "content" in update_fields:
            kwargs["update_fields"] = {*update_fields, "content_masked"}
        super().save(*args, **kwargs)
