"""The audit trail: one append-only row per search, view, export, reveal and login.

The model also carries the permissions the roles are made of (``roles.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

IMMUTABLE = "Audit entries are append-only: they cannot be changed or deleted."


class Action(models.TextChoices):
    SEARCH = "search", _("Search")
    # The Refresh button: a forced fetch upstream of one search.
    REFRESH = "refresh", _("Refresh")
    # A waiting row's status check (the search page's poll) that fetched upstream.
    STATUS_POLL = "status_poll", _("Status check")
    RECORD_VIEW = "record_view", _("Record view")
    EXPORT = "export", _("Export")
    REVEAL = "reveal", _("Reveal")
    LOGIN_SUCCESS = "login_success", _("Login")
    LOGIN_FAILURE = "login_failure", _("Login failure")
    # manage.py purge: what the retention periods deleted, and how many.
    PURGE = "purge", _("Purge")
    # The Alerts page (alerts/): a rule or channel made, changed, silenced, tested or deleted.
    ALERT_CHANGE = "alert_change", _("Alert settings change")


class Outcome(models.TextChoices):
    """How a search went upstream: an auditor must tell "0 results" from "Alibaba Cloud did not
    answer" (the stored rows, maybe none, were all the page could show). Entries written
    before this field, and actions that are no search, have none ("")."""

    ANSWERED = "answered", _("Answered")
    UPSTREAM_FAILED = "upstream_failed", _("Alibaba Cloud did not answer")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    # Kept as text too, so the entry still names the person after the account is gone.
    username = models.CharField(_("username"), max_length=150, blank=True)
    remote_addr = models.GenericIPAddressField(_("remote addr"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # One number, or the numbers of a search of several, comma-separated (up to 20 of up to 15
    # digits: deliveries.phone_lists).
    phone = models.CharField(_("phone"), max_length=400, blank=True, db_index=True)
    date_from = models.DateField(_("date from"), null=True, blank=True)
    date_to = models.DateField(_("date to"), null=True, blank=True)
    biz_id = models.CharField(_("biz id"), max_length=64, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    # The Alibaba Cloud accounts the action read, comma-separated ("default" before accounts).
    accounts = models.CharField(_("accounts"), max_length=255, blank=True)
    result_count = models.PositiveIntegerField(_("result count"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        default_permissions = ("view",)
        permissions = [
            ("search_records", "Can search SMS records"),
            ("see_phone_numbers", "Can see full phone numbers"),
            ("reveal_content", "Can reveal a message's verification codes"),
            ("view_rates", "Can see delivery rates"),
            ("export_data", "Can export records and delivery rates"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username or '-'} {self.action}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise PermissionError(IMMUTABLE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(IMMUTABLE)
