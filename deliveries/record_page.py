"""What a user is shown of one stored record: its page (``record_views.record_detail``) and the
JSON API's ``/api/v1/records/{id}`` both read it, so they cannot tell two stories.

The number as the user's role may see it (Managers: ``138****1234``, also in the escalation
summary), the content with one-time codes masked (``access.display``), what a failure means or
how long a waiting record has waited, the RequestId of the page that brought it, the
template's name and the sign (``deliveries.catalogue``: the content's sign, else the template's).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime

from access.display import phone_text, record_content
from deliveries.catalogue import Catalogue, template_named
from deliveries.escalation import escalation_summary, record_request_id
from deliveries.explanations import Explanation, explain, explain_waiting
from deliveries.models import SmsRecord, Status
from deliveries.phones import phone_place


@dataclass(frozen=True)
class RecordShown:
    """One record as its page shows it to one user (after masking)."""

    phone: str
    content: str
    explanation: Explanation | None
    waited: str
    request_id: str
    phone_place: str
    summary: str
    template_name: str = ""
    sign: str = ""


def record_shown(record: SmsRecord, *, user, now: datetime) -> RecordShown:
    """``record`` (with its fetch) as ``user`` may see it. ``record.phone`` is left as stored."""
    phone = phone_text(user, record.phone)
    waiting = record.status == Status.WAITING
    # The escalation summary names the number as the page does: masked for those who see it so.
    summary = escalation_summary(replace_phone(record, phone))
    template = template_named(account=record.account, code=record.template_code)
    catalogue = Catalogue(templates=(template,) if template else ())
    return RecordShown(
        phone=phone,
        content=record_content(record),
        explanation=None if waiting else explain(record.err_code),
        waited=explain_waiting(record.send_time, now) if waiting and record.send_time else "",
        request_id=record_request_id(record),
        phone_place=phone_place(phone) or "",
        summary=summary,
        template_name=template.name if template else "",
        sign=catalogue.sign(record.account, record.template_code, record.content),
    )


def replace_phone(record: SmsRecord, phone: str) -> SmsRecord:
    """A copy of the record (never saved) showing ``phone``; the stored row keeps its number."""
    shown = copy.copy(record)
    shown.phone = phone
    return shown


__all__ = ["RecordShown", "record_shown"]
