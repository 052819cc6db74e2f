"""Cells of one record that the table, the record page and the All sends page share: the status
badge (its colour a CSS class, always with its word), the explanation cell, the account's label."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from core.accounts import account_labels
from deliveries.explanations import explain, explain_waiting
from deliveries.models import SmsRecord, Status
from deliveries.table_rows import failure_html

# One CSS class per status; the badge always carries the word as well, never colour alone.
BADGE_CLASSES = {
    Status.DELIVERED: "status-delivered",
    Status.FAILED: "status-failed",
    Status.WAITING: "status-waiting",
}


def status_badge(status: int) -> str:
    status = Status(status)
    return format_html('<span class="badge {}">{}</span>', BADGE_CLASSES[status], status.label)


def explanation_cell(record: SmsRecord) -> str:
    """The table's explanation cell; a waiting record's names the URL app.js polls until final."""
    if record.status == Status.WAITING:
        if record.send_time is None:
            return ""
        return format_html(
            '<p class="waited" data-poll="{}">{}</p>',
            reverse("deliveries:record-status", args=[record.pk]),
            explain_waiting(record.send_time, timezone.now()),
        )
    return failure_html(explain(record.err_code)) if record.status == Status.FAILED else ""


def account_label(name: str) -> str:
    return account_labels().get(name, name)
