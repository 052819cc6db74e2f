"""Alibaba Cloud's HTTP batch pushes (receipts: SmsReport; replies: SmsUp), answered alike.

Both are pushed to a URL that holds the account's ``report_token``; both want
``{"code": 0, "msg": "接收成功"}`` and push a batch again on any other answer. So one endpoint
factory serves both: ``push_endpoint(store=..., counted=..., what=...)`` with the app's store
function and metrics counter; the views module names the two views it makes.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from core.accounts import Account, account_named, default_account
from core.middleware import database_error, report_outage
from dysms.receipts import MalformedReceipts, decode_push

logger = logging.getLogger("rates")

ACCEPTED = {"code": 0, "msg": "接收成功"}
TOO_LARGE = "The body is too large."
# Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) is meant for forms; a real push of 10,000
# pretty-printed receipts is about 3 MB. This endpoint alone accepts up to 16 MB.
MAX_PUSH_BYTES = 16 * 1024 * 1024
STORE_FAILED = "{what} could not be stored; push again later."

Store = Callable[..., int]
Counted = Callable[..., None]


def push_endpoint(*, store: Store, counted: Counted, what: str) -> Callable[..., HttpResponse]:
    """A push view: ``store(payload, account=name)`` keeps what a push brings (``what``:
    "Receipt" or "Reply", in logs and answers); ``counted`` counts each push's outcome."""

    @csrf_exempt
    @login_not_required
    def push(request: HttpRequest, token: str, account: str | None = None) -> HttpResponse:
        """Alibaba Cloud's batch push to one account's URL (the default account's without
        ``account``). Off (404) for an account without a report token.

        Any answer but code 0 makes Alibaba Cloud push the batch again. So a batch whose
        unusable items were rejected (the store logs how many) is answered code 0: another
        push would bring the same unusable items. Only a storage failure (503), which a
        later push may get past, asks for one, and a body that is not an array gets 400.
        """
        pushed_to = _pushed_to(account, token)
        if pushed_to is None:
            logger.warning("%s push refused: unknown token", what)
            counted(account=_label(account), outcome="bad_token")
            return _quiet(HttpResponse(status=404))
        if request.method != "POST":
            return _quiet(HttpResponse(status=405, headers={"Allow": "POST"}))
        outcome, response = _received(request, pushed_to, store=store, what=what)
        counted(account=pushed_to.name, outcome=outcome)
        return _quiet(response)

    return push


def _quiet(response: HttpResponse) -> HttpResponse:
    # Django would log the request path, which holds the token, for 4xx/5xx answers.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def _pushed_to(account: str | None, token: str) -> Account | None:
    """The account whose push URL this is (the default account's without a name), if the
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


def _received(
    request: HttpRequest, pushed_to: Account, *, store: Store, what: str
) -> tuple[str, HttpResponse]:
    """Store the push's items: the metrics' outcome and the answer for Alibaba Cloud."""
    try:
        payload = decode_push(_push_body(request))
    except RequestDataTooBig:
        return "too_large", JsonResponse({"code": 413, "msg": TOO_LARGE}, status=413)
    except MalformedReceipts as exc:
        return "malformed", JsonResponse({"code": 400, "msg": exc.message}, status=400)
    try:
        store(payload, account=pushed_to.name)
    except MalformedReceipts as exc:
        logger.warning("%s push rejected: %s", what, exc.message)
        return "malformed", JsonResponse({"code": 400, "msg": exc.message}, status=400)
    except DatabaseError as error:
        _store_failed(request, error, what=what)
        failed = STORE_FAILED.format(what=f"{what}s" if what == "Receipt" else "Replies")
        return "store_failed", JsonResponse({"code": 503, "msg": failed}, status=503)
    return "accepted", JsonResponse(ACCEPTED, json_dumps_params={"ensure_ascii": False})


def _label(account: str | None) -> str:
    """The metrics' account of a refused push: a configured account's name, never what a
    stranger wrote in the URL (so the label keeps a few values)."""
    if account is None:
        return default_account().name
    return account if account_named(account) is not None else "unknown"


def _store_failed(request: HttpRequest, error: DatabaseError, *, what: str) -> None:
    """Log why a push was not stored: an outage like any request of it, a bug with its traceback."""
    outage = database_error(error)
    if outage is not None:
        report_outage(request, type(outage).__name__)
    else:
        logger.exception("%s push could not be stored; Alibaba Cloud will push again", what)
