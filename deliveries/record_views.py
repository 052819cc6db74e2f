"""One stored record's pages: its detail page (a permalink support can paste into a ticket),
its status for the search page's waiting rows, and Reveal (its full content, audited)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from access.audit import audit_record, audit_record_view
from access.display import phone_text
from access.models import Action
from access.roles import REVEAL, SEARCH, permission_required
from access.sessions import not_activity
from core.accounts import several_accounts
from core.failures import late_days, words
from deliveries.cells import account_label, explanation_cell, status_badge
from deliveries.models import SmsRecord, Status
from deliveries.record_page import record_shown
from deliveries.replies_shown import record_replies
from deliveries.results import RefreshResult
from deliveries.selectors import records_neighbours
from deliveries.services import records_refresh
from dysms.values import SendStatus


@require_GET
@never_cache
@permission_required(SEARCH)
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(SmsRecord.objects.select_related("fetch"), pk=pk)
    audit_record_view(request, record)
    shown = record_shown(record, user=request.user, now=timezone.now())
    replies = record_replies(
        user=request.user, phone=record.phone, account=record.account, sent=record.send_time
    )
    # Roles without full numbers (Managers) see 138****1234 everywhere on the page.
    record.phone = shown.phone
    context = {
        "record": record,
        "fetch": record.fetch,
        "badge": status_badge(record.status),
        # One-time codes stay hidden here as in the table.
        "content": shown.content,
        "explanation": shown.explanation,
        "waited": shown.waited,
        "request_id": shown.request_id,
        "template_name": shown.template_name,
        "sign": shown.sign,
        "phone_place": shown.phone_place,
        "summary": shown.summary,
        "account_label": account_label(record.account) if several_accounts() else "",
        "replies": replies,
        "neighbours": records_neighbours(record),
        "may_reveal": request.user.has_perm(REVEAL) and shown.content != record.content,
        "permalink": request.build_absolute_uri(),
    }
    return render(request, "deliveries/record.html", context)


@require_GET
@never_cache
@not_activity
@permission_required(SEARCH)
def record_status(request: HttpRequest, pk: int) -> JsonResponse:
    """A waiting record's current state, for the search page to update its row in place.

    A refetch keeps the record's id (``record_store``), so the answer names the same id (and
    the URL to ask next) as long as upstream returns the send. When Alibaba Cloud could not be
    asked, ``problem`` says why in the words of the search page's banner (core.failures), with
    its ``request_id``. A check that went upstream (or tried to) is in the audit trail; one
    answered from the store is not, as the row it updates was audited with its search. The page
    asks on its own every 15 seconds, so the check does not keep the session from ending when
    idle.
    """
    record = get_object_or_404(SmsRecord.objects.select_related("fetch"), pk=pk)
    refreshed, gone = None, False
    if record.status == Status.WAITING:
        fetch = record.fetch
        refreshed = records_refresh(
            phone=fetch.phone, day=fetch.day, biz_id=fetch.biz_id, account=fetch.account
        )
        if refreshed.fetched or refreshed.failure or refreshed.late:
            audit_record_view(request, record, action=Action.STATUS_POLL)
        # Updated in place (``record_store``). Gone (upstream no longer returns it): the last
        # state known, and nothing more to ask.
        current = SmsRecord.objects.filter(pk=record.pk).first()
        gone, record = current is None, current or record
    return JsonResponse(status_answer(record, refreshed, gone=gone))


def status_answer(record: SmsRecord, refreshed: RefreshResult | None, *, gone: bool) -> dict:
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
        "next": "" if final or gone else reverse("deliveries:record-status", args=[record.pk]),
        "problem": problem,
        "request_id": failure.request_id if failure else "",
    }


@require_http_methods(["GET", "POST"])
@permission_required(REVEAL)
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """The record with its content unmasked, for Support; every reveal is in the audit trail.

    The page's script asks for JSON and puts the text in place of the masked one, so the search
    stays as it was; without the script this is a page of its own. Opened again (a reload, a
    bookmark: a GET) it is the record's page, where Reveal is one more audited POST away.
    """
    if request.method == "GET":
        return redirect(reverse("deliveries:record", args=[pk]))
    record = get_object_or_404(SmsRecord.objects.select_related("fetch"), pk=pk)
    audit_record(
        request,
        Action.REVEAL,
        phone=record.phone,
        date_from=record.send_day,
        biz_id=record.fetch.biz_id,
        filters={"record": record.pk},
        result_count=1,
        accounts=[record.account],
    )
    if "application/json" in request.headers.get("Accept", ""):
        response: HttpResponse = JsonResponse({"content": record.content})
    else:
        context = {"record": record, "phone": phone_text(request.user, record.phone)}
        response = render(request, "access/reveal.html", context)
    response["Cache-Control"] = "no-store"
    return response
