"""Each account's templates and signatures, as QuerySmsTemplateList and QuerySmsSignList gave them.

Stored so that the search page can offer them in its pickers and name a record's template
without asking Alibaba Cloud on every page view: ``catalogue_refresh`` replaces an account's
rows with a new walk of every page when they are older than ``TEMPLATE_LIST_FRESH_SECONDS``,
and leaves them as they are when the walk fails. ``CatalogueFetch`` says when each account was
last asked and whether it answered. Imported by ``deliveries.models`` (the app's models).
"""

from __future__ import annotations

from django.db import models

from deliveries.record_search import DEFAULT_ACCOUNT


class CatalogueFetch(models.Model):
    """When an account's lists were last asked for (``tried_at``) and last stored
    (``fetched_at``, ``None`` before the first success); ``problem``: the failed try's code;
    ``generation``: how many times they were stored."""

    account = models.CharField(max_length=32, unique=True, default=DEFAULT_ACCOUNT)
    tried_at = models.DateTimeField()
    fetched_at = models.DateTimeField(null=True, blank=True)
    problem = models.CharField(max_length=100, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    # One more at each store: what pages that keep a read of the lists compare (catalogue_page).
    generation = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.account}: {self.fetched_at or 'never'}"


class AccountTemplate(models.Model):
    """One template of an account. ``sign_name``: the signature it was applied for with."""

    account = models.CharField(max_length=32, default=DEFAULT_ACCOUNT)
    code = models.CharField(max_length=100)
    name = models.CharField(max_length=255, blank=True)
    sign_name = models.CharField(max_length=100, blank=True)
    content = models.TextField(blank=True)
    kind = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="dysms.templates.TemplateKind (0 verification, ...)."
    )
    audit_status = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["account", "name", "code"]
        constraints = [
            models.UniqueConstraint(fields=["account", "code"], name="one_template_per_code")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class AccountSign(models.Model):
    """One signature of an account (the 【sign】 its messages start with)."""

    account = models.CharField(max_length=32, default=DEFAULT_ACCOUNT)
    name = models.CharField(max_length=100)
    audit_status = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["account", "name"]
        constraints = [
            models.UniqueConstraint(fields=["account", "name"], name="one_sign_per_name")
        ]

    def __str__(self) -> str:
        return self.name
