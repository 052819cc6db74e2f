"""Alert rules, the channels they notify, each rule's state (the lock row) and the history.

A rule's ``RuleState`` row is made with the rule and is the row ``alerts_check`` locks while it
decides a transition, so two runs at once never both fire (``alerts.engine``). The history
(``AlertEvent``) keeps the rule's name as text, so it still reads after the rule is deleted.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    DELIVERY_RATE = "delivery_rate", _("Delivery rate below a threshold")
    TEMPLATE_FAILURES = "template_failures", _("Template failure rate above its baseline")
    PUMPING = "pumping", _("Volume to a number prefix or region above its baseline")
    RECEIPTS_STOPPED = "receipts_stopped", _("Receipts stopped arriving")
    CIRCUIT_OPEN = "circuit_open", _("Alibaba Cloud unavailable (circuit open)")


class Status(models.TextChoices):
    OK = "ok", _("Normal")
    PENDING = "pending", _("Pending")
    FIRING = "firing", _("Firing")


class Channel(models.Model):
    """Where notifications go: an apprise URL (it holds the robot's token or a password, so it
    is never shown back in full nor logged: ``alerts.channels.masked``)."""

    name = models.CharField(max_length=80)
    url = models.CharField(max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Rule(models.Model):
    """One rule. ``threshold`` is a percentage for a delivery rate, a multiple of the baseline
    for template failures and pumping, unused otherwise; ``window_minutes`` is the period read
    (the minutes without receipts, the minutes the circuit stays open); ``minimum`` the volume
    below which the rule says nothing."""

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    enabled = models.BooleanField(default=True)
    account = models.CharField(max_length=32, blank=True)
    threshold = models.FloatField(default=0)
    window_minutes = models.PositiveIntegerField(default=30)
    minimum = models.PositiveIntegerField(default=0)
    template_code = models.CharField(max_length=64, blank=True)
    place = models.CharField(max_length=32, blank=True)
    for_minutes = models.PositiveIntegerField(default=0)
    silenced_until = models.DateTimeField(null=True, blank=True)
    channels = models.ManyToManyField(Channel, blank=True, related_name="rules")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class RuleState(models.Model):
    """Where a rule stands: ``since`` is when it became pending (or firing), ``notified_at`` the
    last message about it and ``reminders`` how many reminders went since it fired."""

    rule = models.OneToOneField(Rule, on_delete=models.CASCADE, primary_key=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OK)
    since = models.DateTimeField(null=True, blank=True)
    fired_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    reminders = models.PositiveIntegerField(default=0)
    checked_at = models.DateTimeField(null=True, blank=True)
    summary = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.status}"


class EventKind(models.TextChoices):
    PENDING = "pending", _("Pending")
    FIRING = "firing", _("Firing")
    RESOLVED = "resolved", _("Recovered")
    REMINDER = "reminder", _("Reminder")
    TURNED_OFF = "turned_off", _("Turned off while firing")
    SENT = "sent", _("Notification sent")
    FAILED = "failed", _("Notification failed")
    TEST = "test", _("Test message")


class AlertEvent(models.Model):
    """One line of the history: a transition, or a notification and whether it went."""

    at = models.DateTimeField(db_index=True)
    rule = models.ForeignKey(Rule, null=True, blank=True, on_delete=models.SET_NULL)
    rule_name = models.CharField(max_length=120, blank=True)
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    channel_name = models.CharField(max_length=80, blank=True)
    summary = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.rule_name}: {self.kind}"


class DailyReport(models.Model):
    """Yesterday in a few lines (sent, delivery rate, change, top failure codes, the slowest
    template) to a channel, once a day from ``hour`` (China time); ``last_day`` is the day last
    reported, the row ``alerts_check`` locks so that it goes once."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="reports")
    hour = models.PositiveSmallIntegerField(default=9)
    account = models.CharField(max_length=32, blank=True)
    last_day = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["hour", "id"]

    def __str__(self) -> str:
        return f"{self.channel_id} at {self.hour}:00"
