"""Personal API tokens: a name, an owner, and the SHA-256 of the secret, never the secret.

The secret is shown once when the token is made (``api.tokens.token_create``); what is stored
cannot be turned back into it, so a copy of the database opens nothing. The digest of a
random 256-bit secret needs no salt or slow hash: there is nothing to guess from a dictionary.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("token name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(_("created"), default=timezone.now)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    expires = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    def is_active(self, now: datetime | None = None) -> bool:
        """Neither revoked nor expired at ``now``."""
        now = now or timezone.now()
        return self.revoked is None and (self.expires is None or self.expires > now)
