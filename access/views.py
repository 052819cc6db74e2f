"""Reveal: one record's full content, for Support, written to the audit trail."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from access.audit import audit_record
from access.display import phone_text
from access.models import Action
from access.roles import REVEAL, permission_required
from deliveries.models import SmsRecord


@require_POST
@permission_required(REVEAL)
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(SmsRecord.objects.select_related("fetch"), pk=pk)
    audit_record(
        request,
        Action.REVEAL,
        phone=record.phone,
        date_from=record.send_day,
        biz_id=record.fetch.biz_id,
        filters={"record": record.pk},
        result_count=1,
    )
    context = {"record": record, "phone": phone_text(request.user, record.phone)}
    response = render(request, "access/reveal.html", context)
    response["Cache-Control"] = "no-store"
    return response
