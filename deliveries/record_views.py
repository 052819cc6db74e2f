"""The detail page of one stored record: a permalink support can paste into a ticket."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .escalation import escalation_summary, record_request_id
from .explanations import explain, explain_waiting
from .masking import mask_codes
from .models import SmsRecord, Status
from .tables import status_badge


def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(SmsRecord.objects.select_related("fetch"), pk=pk)
    waiting = record.status == Status.WAITING
    context = {
        "record": record,
        "fetch": record.fetch,
        "badge": status_badge(record.status),
        # One-time codes stay hidden here as in the table.
        "content": mask_codes(record.content),
        "explanation": None if waiting else explain(record.err_code),
        "waited": explain_waiting(record.send_time, timezone.now())
        if waiting and record.send_time
        else "",
        "request_id": record_request_id(record),
        "summary": escalation_summary(record),
    }
    return render(request, "deliveries/record.html", context)
