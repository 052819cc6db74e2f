"""The audit trail: one append-only row per search, view, export, reveal and login.

The model also carries the permissions the roles are made of (``roles.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

IMMUTABLE = "Audit entries are append-only: they cannot be changed or deleted."


class Action(models.TextChoices):
    SEARCH = "search", "Search"
    RECORD_VIEW = "record_view", "Record view"
    EXPORT = "export", "Export"
    REVEAL = "reveal", "Reveal"
    LOGIN_SUCCESS = "login_success", "Login"
    LOGIN_FAILURE = "login_failure", "Login failure"


class AuditEntry(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # Kept as text too, so the entry still names the person after the account is gone.
    username = models.CharField(max_length=150, blank=True)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    phone = models.CharField(max_length=20, blank=True, db_index=True)
    date_from = models.DateField(null=True, blank=True)
    date_to = models.DateField(null=True, blank=True)
    biz_id = models.CharField(max_length=64, blank=True)
    filters = models.JSONField(default=dict, blank=True)
    result_count = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
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
