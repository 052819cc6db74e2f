"""One record, as support needs it: the RequestId of the call that brought it, and the
"escalation summary" an agent pastes into a ticket to Alibaba Cloud."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from access.display import phone_display
from deliveries.fetching import PAGE_SIZE
from deliveries.models import SmsRecord, Status

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def record_request_id(record: SmsRecord) -> str:
    """RequestId of the QuerySendDetails page that held the record ("" when unknown)."""
    request_ids = record.fetch.request_ids or []
    page = record.position // PAGE_SIZE
    return request_ids[page] if page < len(request_ids) else ""


def page_request_id(request_ids: list[str], position: int) -> str:
    """The RequestId an export gives a record: its page's (``record_request_id``), else the
    fetch's first, which at least names the fetch to Alibaba Cloud ("" with none stored).

    A fetch keeps one id per page in page order (``fetching.fetch_day``) and a record's
    ``position`` is its place in those pages, so the page is known for every record stored
    since the ids are; the first is for a fetch that kept fewer ids than it had pages.
    """
    page = position // PAGE_SIZE
    if page < len(request_ids):
        return request_ids[page]
    return request_ids[0] if request_ids else ""


def escalation_summary(record: SmsRecord) -> str:
    """Plain text for a ticket: phone, BizId when known, send time, template, code, RequestId.

    In the page's language throughout, punctuation included: a Chinese summary reads
    "状态：失败", not "状态: FAILED"; codes and ids stay as Alibaba Cloud writes them.
    """

    def when(value) -> str:
        if not value:
            return "—"
        return timezone.localtime(value).strftime(TIME_FORMAT) + _(" (UTC+8)")

    lines = [
        (_("Phone number"), phone_display(record.phone)),
        (_("BizId"), record.fetch.biz_id or _("not known (found by phone number and day)")),
        (_("Sent"), when(record.send_time)),
        (_("Received"), when(record.receive_time)),
        (_("Status"), Status(record.status).label),
        (_("Template"), record.template_code or "—"),
        (_("Error code"), record.err_code or "—"),
        (_("OutId"), record.out_id or "—"),
        (_("RequestId"), record_request_id(record) or "—"),
    ]
    return "\n".join(
        _("%(name)s: %(value)s") % {"name": name, "value": value} for name, value in lines
    )
