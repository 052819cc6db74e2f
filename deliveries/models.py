"""The record store: SMS records fetched from QuerySendDetails, and one row per fetch.

A search is keyed by (phone, day, BizId); each key has one ``Fetch`` row, and its
records hang off it. A new fetch updates the key's records in place (``record_store``): a record
keeps its id for as long as upstream returns it, so its page and the audit entries naming it
stay valid.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import models
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from deliveries.record_keys import KEY_FIELDS, record_send_key
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


# Records stored before there were several accounts belong to the one there was.
DEFAULT_ACCOUNT = "default"


class Fetch(models.Model):
    """The last time one search key was fetched from Alibaba Cloud, and what came back.

    ``account`` is the Alibaba Cloud account asked (core.accounts): each account's answer for
    a number and day is stored, kept fresh and locked apart.
    """

    account = models.CharField(max_length=32, default=DEFAULT_ACCOUNT)
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
            models.UniqueConstraint(
                fields=["account", "phone", "day", "biz_id"], name="one_fetch_per_account_search"
            )
        ]

    def __str__(self) -> str:
        suffix = f" BizId {self.biz_id}" if self.biz_id else ""
        return f"{self.phone} on {self.day:%Y-%m-%d}{suffix} ({self.account})"

    def is_final(self) -> bool:
        """Nothing can change any more: the day was over when fetched, nothing was waiting,
        and upstream listed every record it counted."""
        day_end = datetime.combine(self.day + timedelta(days=1), time.min, tzinfo=CHINA_TZ)
        return self.waiting_count == 0 and self.fetched_at >= day_end and not self.is_incomplete()

    def is_incomplete(self) -> bool:
        """Upstream's ``TotalCount`` says more than its pages listed (not for a capped fetch).

        The service has been seen answering an empty list with a non-zero count: the rows
        shown are what it listed, and the day is asked again like one still changing.
        """
        return not self.capped and (self.stored_count or 0) < (self.total_count or 0)


class SmsRecord(models.Model):
    """One SMS as QuerySendDetails reported it. ``position`` keeps upstream order (newest first).

    **Identity.** The service gives a send no id, so a record is known within its search by its
    natural key: phone, send time, template code, content and OutId (what the service fixes
    once a message is sent; their SHA-256 is ``send_key``), and ``ordinal``, which tells
    identical sends of one second apart (0, 1, ... in upstream's order). One row per
    (fetch, send_key, ordinal); a refetch finds each record again by it and updates status,
    error code, receive time and position in place, so the id lasts as long as the record is
    stored. ``record_keys`` says why these fields and what follows from it.

    ``content_masked`` is the content with one-time codes hidden, what pages, exports and the
    text filter use while masking is on (``stored_masking`` says why, and how to recompute it).

    ``biz_id`` is the search's (its fetch's, never changed): the search page finds a range's
    rows, counts and orders them through one index (``record_page``) without joining the
    fetches, whose table grows by one row per number and day searched. ``account`` likewise
    (its fetch's): a search of several accounts reads one list, newest send first.
    """

    # No index of its own: ``one_record_per_send`` and ``record_order`` both start with it, so
    # either serves a lookup by fetch, and a third would only slow every insert down.
    fetch = models.ForeignKey(
        Fetch, on_delete=models.CASCADE, related_name="records", db_index=False
    )
    # Kept in step with ``fetch.account`` (``save``, ``record_store.store_day``).
    account = models.CharField(max_length=32, default=DEFAULT_ACCOUNT, editable=False)
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
    # Kept in step with ``fetch.biz_id`` (``save``, ``record_store.store_day``).
    biz_id = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="The BizId of the record's search (its fetch's), \"\" for none.",
    )
    send_time = models.DateTimeField(null=True, blank=True)
    receive_time = models.DateTimeField(null=True, blank=True)
    # Kept in step with the five key fields (``save``, ``record_store.store_day``).
    send_key = models.CharField(
        max_length=64,
        editable=False,
        help_text="SHA-256 of phone, send time, template code, content and OutId.",
    )
    ordinal = models.PositiveIntegerField(
        help_text="0, 1, ... among the search's sends with the same key, in upstream order."
    )

    class Meta:
        ordering = ["fetch", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["fetch", "send_key", "ordinal"], name="one_record_per_send"
            )
        ]
        indexes = [
            # The search page: phone, BizId and days, in its order (newest day first, then newest
            # send, upstream's order for sends of one second); with the account and the status,
            # the summary's counts read the index alone.
            models.Index(
                fields=[
                    *("phone", "biz_id", "-send_day", "-send_time"),
                    *("position", "account", "status"),
                ],
                name="record_page",
            ),
            models.Index(fields=["fetch", "position"], name="record_order"),
            models.Index(fields=["phone", "send_time"], name="record_phone_time"),
        ]

    def __str__(self) -> str:
        return f"{self.phone} {self.send_time or '?'} {self.get_status_display()}"

    def save(self, *args, **kwargs):
        # Whoever stores a content stores its masked form and its key with it, and a record its
        # search's BizId (bulk_create callers set all three). A new record without an ordinal
        # comes after its identical sends.
        self.content_masked = masked_content(self.content)
        self.send_key = record_send_key(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "fetch" in update_fields:
            self.biz_id = self.fetch.biz_id
            self.account = self.fetch.account
        if self.ordinal is None:
            self.ordinal = self._next_ordinal()
        if update_fields is not None:
            derived = {"content_masked"} if "content" in update_fields else set()
            if "fetch" in update_fields:
                derived.update({"biz_id", "account"})
            if not KEY_FIELDS.isdisjoint(update_fields):
                derived.add("send_key")
            kwargs["update_fields"] = {*update_fields, *derived}
        super().save(*args, **kwargs)

    def _next_ordinal(self) -> int:
        same = SmsRecord.objects.filter(fetch_id=self.fetch_id, send_key=self.send_key)
        last = same.exclude(pk=self.pk).aggregate(last=Max("ordinal"))["last"]
        return 0 if last is None else last + 1


class SmsReply(models.Model):
    """A message a customer sent back (SmsUp, pushed by Alibaba Cloud to ``/replies/...``).

    Here rather than beside the receipts in rates: a reply belongs to a number's timeline, which
    the search and record pages (deliveries) show, and deliveries may not import rates. The push
    endpoint (rates, next to the receipts') stores them through ``deliveries.services``.

    A re-push is the same (account, phone, send time, sequence id), stored once: the sequence id
    alone might only be unique per number. ``content`` is the customer's text, cleaned and cut
    by ``dysms.replies``, shown escaped, never logged.
    """

    account = models.CharField(max_length=32, default=DEFAULT_ACCOUNT)
    phone = models.CharField(max_length=32)
    send_time = models.DateTimeField()
    content = models.TextField(blank=True)
    sign_name = models.CharField(max_length=64, blank=True)
    dest_code = models.CharField(max_length=32, blank=True)
    sequence_id = models.BigIntegerField()
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["phone", "send_time"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "phone", "send_time", "sequence_id"], name="one_row_per_reply"
            )
        ]
        indexes = [models.Index(fields=["phone", "send_time"], name="reply_phone_time")]

    def __str__(self) -> str:
        return f"{self.phone} {self.send_time}"


# The accounts' template and signature lists live in their own module (``catalogue_models``).
from deliveries.catalogue_models import AccountSign, AccountTemplate, CatalogueFetch  # noqa: E402

__all__ = ["AccountSign", "AccountTemplate", "CatalogueFetch", "Fetch", "SmsRecord", "SmsReply"]
