"""The delivery-rates page (/stats/) and the receipt push endpoint (/receipts/<token>/)."""

from __future__ import annotations

import hmac
import json
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import select_template
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from access.audit import audit_export
from access.roles import RATES, permission_required
from deliveries.middleware import database_error, report_outage

from .forms import StatsForm
from .page import stats_context, stats_export
from .receipts import MalformedReceipts
from .services import receipts_store
from .tables import EXPORT_FORMATS

logger = logging.getLogger("rates")

ACCEPTED = {"code": 0, "msg": "接收成功"}
NOT_JSON = "The body is not JSON."
TOO_LARGE = "The body is too large."
STORE_FAILED = "Receipts could not be stored; push again later."


# The dashboard's base.html; a minimal page of our own while it does not exist.
BASE_TEMPLATES = ["base.html", "rates/_fallback_base.html"]


@permission_required(RATES)
@audit_export
def stats(request: HttpRequest) -> HttpResponse:
    form = StatsForm(request.GET, today=timezone.localdate())
    base = {"base_template": select_template(BASE_TEMPLATES)}
    if not form.is_valid():
        return render(request, "rates/stats.html", {**base, "form": form}, status=400)
    export = request.GET.get("_export")
    context = stats_context(request, form, compare=export not in EXPORT_FORMATS)
    if export in EXPORT_FORMATS:
        return stats_export(context["table"], export, form)
    return render(request, "rates/stats.html", {**base, **context})


def _quiet(response: HttpResponse) -> HttpResponse:
    # Django would log the request path, which holds the token, for 4xx/5xx answers.
    response._has_been_logged = True
    return response


def _token_matches(token: str) -> bool:
    expected = settings.SMS_REPORT_TOKEN
    return bool(expected) and hmac.compare_digest(token.encode(), expected.encode())


@csrf_exempt
@login_not_required
def receipts_push(request: HttpRequest, token: str) -> HttpResponse:
    """Alibaba Cloud's SmsReport HTTP batch push. Off (404) unless SMS_REPORT_TOKEN is set."""
    if not _token_matches(token):
        logger.warning("Receipt push refused: unknown token")
        return _quiet(HttpResponse(status=404))
    if request.method != "POST":
        return _quiet(HttpResponse(status=405, headers={"Allow": "POST"}))
    try:
        payload = json.loads(request.body)
    except RequestDataTooBig:
        return _quiet(JsonResponse({"code": 413, "msg": TOO_LARGE}, status=413))
    except (ValueError, UnicodeDecodeError):
        return _quiet(JsonResponse({"code": 400, "msg": NOT_JSON}, status=400))
    try:
        receipts_store(payload)
    except MalformedReceipts as exc:
        logger.warning("Receipt push rejected: %s", exc.message)
        return _quiet(JsonResponse({"code": 400, "msg": exc.message}, status=400))
    except DatabaseError as error:
        _store_failed(request, error)
        return _quiet(JsonResponse({"code": 503, "msg": STORE_FAILED}, status=503))
    return JsonResponse(ACCEPTED, json_dumps_params={"ensure_ascii": False})


def _store_failed(request: HttpRequest, error: DatabaseError) -> None:
    """Log why a push was not stored: an outage like any request of it, a bug with its traceback."""
    outage = database_error(error)
    if outage is not None:
        report_outage(request, type(outage).__name__)
    else:
        logger.exception("Receipt push could not be stored; Alibaba Cloud will push again")
