"""What the All sends page (rates, ``/sends/``) says of a pushed receipt, in the search page's
words: the same status badge (colour and word), the same explanation of an error code.

A receipt is the service's final word on a send, so its status is delivered or failed, never
waiting. The rates app reaches these through ``deliveries.selectors``, as it may.
"""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe

from deliveries.cells import status_badge
from deliveries.explanations import explain
from deliveries.models import Status
from deliveries.table_rows import failure_html


def receipt_status(success: bool) -> Status:
    return Status.DELIVERED if success else Status.FAILED


def receipt_badge(success: bool) -> SafeString:
    """``<span class="badge status-failed">Failed</span>``, as on the search page."""
    return mark_safe(status_badge(receipt_status(success)))


def receipt_status_word(success: bool) -> str:
    return str(receipt_status(success).label)


def code_explanation_html(err_code: str) -> SafeString:
    """What a failure code means and what to tell the customer (the search page's cell)."""
    return mark_safe(failure_html(explain(err_code)))


def code_meaning(err_code: str) -> str:
    """The meaning of a failure code in plain words, for a spreadsheet cell."""
    explanation = explain(err_code)
    return str(explanation.meaning) if explanation else ""
