"""The detail page of one stored record: a permalink support can paste into a ticket."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from access.audit import audit_record_view
from access.display import phone_text, record_content
from access.models import Action
from access.roles import SEARCH, permission_required
from access.sessions import not_activity
from core.failures import late_days, words
from deliveries.escalation import escalation_summary, record_request_id
from deliveries.explanations import explain, explain_waiting
from deliveries.models import SmsRecord, Status
from deliveries.phones import phone_place
from deliveries.results import RefreshResult
from deliveries.selectors import record_again
from deliveries.services import records_refresh
from deliveries.tables import explanation_cell, status_badge
from dysms.values import SendStatus


@require_GET
@never_cache
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
        "content": record_content(record),
        "explanation": None if waiting else explain(record.err_code),
        "waited": explain_waiting(record.send_time, timezone.now())
        if waiting and record.send_time
        else "",
        "request_id": record_request_id(record),
        "phone_place": phone_place(record.phone),
        "summary": escalation_summary(record),
    }
    return render(request, "deliveries/record.html", context)


@require_GET
@never_cache
@not_activity
@permission_required(SEARCH)
def record_status(request: HttpRequest, pk: int) -> JsonResponse:
    """A waiting record's current state, for the search page to update its row in place.

    Refreshing replaces the search's rows, so the answer names the record's new id (and the URL
    to ask next). When Alibaba Cloud could not be asked, ``problem`` says why in the words of
    the search page's banner (core.failures), with its ``request_id``. A check that went
    upstream (or tried to) is in the audit trail; one answered from the store is not, as the
    row it updates was audited with its search. The page asks on its own every 15 seconds, so
    the check does not keep the session from ending when idle.
    """
    record = get_object_or_404(SmsRecord.objects.select_related("fetch"), pk=pk)
    refreshed = None
    if record.status == Status.WAITING:
        fetch = record.fetch
        refreshed = records_refresh(phone=fetch.phone, day=fetch.day, biz_id=fetch.biz_id)
        if refreshed.fetched or refreshed.failure or refreshed.late:
            audit_record_view(request, record, action=Action.STATUS_POLL)
        record = record_again(record) or record
    return JsonResponse(status_answer(record, refreshed))


def status_answer(record: SmsRecord, refreshed: RefreshResult | None) -> dict:
    """The record's state; ``problem`` says in core's words why it could not be asked again."""
    final = record.status != Status.WAITING
    failure = refreshed.failure if refreshed else None
    problem = words(failure) if failure else ""
    if refreshed and refreshed.late:
        problem = late_days([record.send_day])
    return {
        "id": record.pk,
        "final": final,
        "status": SendStatus(record.status).label,
        "badge": status_badge(record.status),
        "explanation": explanation_cell(record),
        "next": "" if final else reverse("deliveries:record-status", args=[record.pk]),
        "problem": problem,
        "request_id": failure.request_id if failure else "",
    }
