"""The detail page of one stored record: a permalink support can paste into a ticket."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from access.audit import audit_record_view
from access.display import content_text, phone_text
from access.roles import SEARCH, permission_required

from .escalation import escalation_summary, record_request_id
from .explanations import explain, explain_waiting
from .models import SmsRecord, Status
from .phones import phone_place
from .tables import status_badge


@permission_required(SEARCH)
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(SmsRecord.objects.select_related("fetch"), pk=pk)
    audit_record_view(request, record)
    # Roles without full numbers (Managers) see 138****1234 everywhere on the page.
    record.phone = phone_text(request.user, record.phone)
    waiting = record.status == Status.WAITING
    context = {
        "record": record,
        "fetch": record.fetch,
        "badge": status_badge(record.status),
        # One-time codes stay hidden here as in the table.
        "content": content_text(record.content),
        "explanation": None if waiting else explain(record.err_code),
        "waited": explain_waiting(record.send_time, timezone.now())
        if waiting and record.send_time
        else "",
        "request_id": record_request_id(record),
        "phone_place": phone_place(record.phone),
        "summary": escalation_summary(record),
    }
    return render(request, "deliveries/record.html", context)
