"""The delivery-rates page (/stats/) and the receipt push endpoints (/receipts/<account>/<token>/,
and /receipts/<token>/ for the default account)."""

from __future__ import annotations

import hmac
import logging

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from access import exports
from access.audit import audit_export
from access.roles import RATES, permission_required
from core.accounts import Account, account_named, default_account
from core.metrics import receipt_push_counted
from core.middleware import database_error, report_outage
from dysms.receipts import MalformedReceipts, decode_push
from rates.answers import stats_answer
from rates.forms import StatsForm
from rates.page import daily_table, quick_periods, stats_context, stats_export
from rates.services import receipts_store, statistics_or_stored

logger = logging.getLogger("rates")

ACCEPTED = {"code": 0, "msg": "接收成功"}
TOO_LARGE = "The body is too large."
# Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) is meant for forms; a real push of 10,000
# pretty-printed receipts is about 3 MB. This endpoint alone accepts up to 16 MB.
MAX_PUSH_BYTES = 16 * 1024 * 1024
STORE_FAILED = "Receipts could not be stored; push again later."


# GET only (a HEAD would fetch upstream for no reader); never stored by the browser.
@require_GET
@never_cache
@permission_required(RATES)
@audit_export
def stats(request: HttpRequest) -> HttpResponse:
    form = StatsForm(request.GET, today=timezone.localdate())
    params = {key: value for key, value in request.GET.items() if key not in ("day", "_export")}
    base: dict = {"form": form, "quick_periods": quick_periods(params, form.today)}
    if exports.unoffered_format(request):
        context = {**base, "export_error": exports.unoffered_message()}
        return render(request, "rates/stats.html", context, status=400)
    if not form.is_valid():
        return render(request, "rates/stats.html", base, status=400)
    export = exports.export_format(request)
    if export:
        rows = statistics_or_stored(form.statistics_filter).rows
        return stats_export(daily_table(params, form, rows), export, form)
    answer = stats_answer(form=form)
    context = stats_context(
        params,
        form,
        rows=answer.rows,
        failure=answer.failure,
        comparison=answer.comparison,
        breakdown=answer.breakdown,
        accounts=answer.accounts,
    )
    return render(request, "rates/stats.html", {**base, **context})


def _quiet(response: HttpResponse) -> HttpResponse:
    # Django would log the request path, which holds the token, for 4xx/5xx answers.
    response._has_been_logged = True
    return response


def _pushed(outcome: str, response: HttpResponse, *, account: str) -> HttpResponse:
    """A push's answer, counted in the metrics by ``outcome``; kept out of Django's request
    log (``_quiet``: the path holds the token)."""
    receipt_push_counted(account=account, outcome=outcome)
    return _quiet(response)


def _pushed_to(account: str | None, token: str) -> Account | None:
    """The account whose receipts URL this is (the default account's without a name), if the
    token is its ``report_token``; compared in constant time, an unknown account included."""
    found = default_account() if account is None else account_named(account)
    expected = found.report_token if found is not None else ""
    matches = hmac.compare_digest(token.encode(), (expected or "-").encode())
    return found if expected and matches else None


def _push_body(request: HttpRequest) -> bytes:
    """The request body, refused (``RequestDataTooBig``) beyond ``MAX_PUSH_BYTES``.

    Read from the stream, as ``request.body`` would apply the site-wide form limit.
    """
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_PUSH_BYTES:
        raise RequestDataTooBig(TOO_LARGE)
    body = request.read(MAX_PUSH_BYTES + 1)
    if len(body) > MAX_PUSH_BYTES:
        raise RequestDataTooBig(TOO_LARGE)
    return body


@csrf_exempt
@login_not_required
def receipts_push(request: HttpRequest, token: str, account: str | None = None) -> HttpResponse:
    """Alibaba Cloud's SmsReport HTTP batch push to one account's URL (the default account's
    without ``account``). Off (404) for an account without a report token.

    Any answer but code 0 makes Alibaba Cloud push the batch again. So a batch
    whose unusable receipts were rejected (``receipts_store`` logs how many) is
    answered code 0: another push would bring the same unusable receipts. Only a
    storage failure (503), which a later push may get past, asks for one, and a
    body that is not a receipt array at all gets 400.
    """
    pushed_to = _pushed_to(account, token)
    if pushed_to is None:
        logger.warning("Receipt push refused: unknown token")
        return _pushed("bad_token", HttpResponse(status=404), account=_label(account))
    if request.method != "POST":
        return _quiet(HttpResponse(status=405, headers={"Allow": "POST"}))
    outcome, response = _received(request, pushed_to)
    return _pushed(outcome, response, account=pushed_to.name)


def _received(request: HttpRequest, pushed_to: Account) -> tuple[str, HttpResponse]:
    """Store the push's receipts: the metrics' outcome and the answer for Alibaba Cloud."""
    try:
        payload = decode_push(_push_body(request))
    except RequestDataTooBig:
        return "too_large", JsonResponse({"code": 413, "msg": TOO_LARGE}, status=413)
    except MalformedReceipts as exc:
        return "malformed", JsonResponse({"code": 400, "msg": exc.message}, status=400)
    try:
        receipts_store(payload, account=pushed_to.name)
    except MalformedReceipts as exc:
        logger.warning("Receipt push rejected: %s", exc.message)
        return "malformed", JsonResponse({"code": 400, "msg": exc.message}, status=400)
    except DatabaseError as error:
        _store_failed(request, error)
        return "store_failed", JsonResponse({"code": 503, "msg": STORE_FAILED}, status=503)
    return "accepted", JsonResponse(ACCEPTED, json_dumps_params={"ensure_ascii": False})


def _label(account: str | None) -> str:
    """The metrics' account of a refused push: a configured account's name, never what a
    stranger wrote in the URL (so the label keeps a few values)."""
    if account is None:
        return default_account().name
    return account if account_named(account) is not None else "unknown"


def _store_failed(request: HttpRequest, error: DatabaseError) -> None:
    """Log why a push was not stored: an outage like any request of it, a bug with its traceback."""
    outage = database_error(error)
    if outage is not None:
        report_outage(request, type(outage).__name__)
    else:
        logger.exception("Receipt push could not be stored; Alibaba Cloud will push again")
