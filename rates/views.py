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
from core.failures import Failure
from core.middleware import database_error, report_outage
from dysms.receipts import MalformedReceipts, decode_push
from rates.comparison import Comparison, period_comparison, previous_period
from rates.forms import StatsForm
from rates.page import daily_table, quick_periods, stats_context, stats_export
from rates.selectors import period_totals, template_breakdown
from rates.services import StatisticsFilter, StatisticsResult, receipts_store, statistics_or_stored

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
    wanted = form.statistics_filter
    result = statistics_or_stored(wanted)
    export = exports.export_format(request)
    if export:
        return stats_export(daily_table(params, form, result.rows), export, form)
    context = stats_context(
        params,
        form,
        rows=result.rows,
        failure=Failure.of(result.error) if result.error else None,
        comparison=comparison(form, wanted, result),
        breakdown=template_breakdown(start=wanted.start, end=wanted.end, accounts=wanted.accounts),
        accounts=result,
    )
    return render(request, "rates/stats.html", {**base, **context})


def comparison(
    form: StatsForm, wanted: StatisticsFilter, result: StatisticsResult
) -> Comparison | None:
    """The period against the previous one, whose days are fetched here (the comparison is pure).

    Days missing from the period itself (a fetch failed; the banner says so), of any of its
    accounts, would make any change meaningless. After a failure upstream is not asked for the
    previous period, and one older than the page may show is not fetched at all.
    """
    if not result.complete:
        return None
    previous = previous_period(wanted)
    stored = []
    if previous.start >= form.earliest:
        stored = previous_rows(previous, ask_upstream=result.error is None)
    return period_comparison(
        wanted,
        period_totals(result.rows),
        previous_rows=stored,
        earliest=form.earliest,
        today=form.today,
    )


def previous_rows(previous: StatisticsFilter, *, ask_upstream: bool) -> list:
    """The previous period's rows (summed over the accounts), fetched if ``ask_upstream``."""
    result = statistics_or_stored(previous, ask_upstream=ask_upstream)
    for account, error in result.failures:
        # The period's own numbers are shown all the same; only the comparison is missing.
        logger.warning(
            "Previous period %s..%s of account %s not fetched: %r",
            previous.start,
            previous.end,
            account,
            error,
        )
    return result.rows


def _quiet(response: HttpResponse) -> HttpResponse:
    # Django would log the request path, which holds the token, for 4xx/5xx answers.
    response._has_been_logged = True
    return response


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
    if (pushed_to := _pushed_to(account, token)) is None:
        logger.warning("Receipt push refused: unknown token")
        return _quiet(HttpResponse(status=404))
    if request.method != "POST":
        return _quiet(HttpResponse(status=405, headers={"Allow": "POST"}))
    try:
        payload = decode_push(_push_body(request))
    except RequestDataTooBig:
        return _quiet(JsonResponse({"code": 413, "msg": TOO_LARGE}, status=413))
    except MalformedReceipts as exc:
        return _quiet(JsonResponse({"code": 400, "msg": exc.message}, status=400))
    try:
        receipts_store(payload, account=pushed_to.name)
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
