"""A plain 503 page, not a traceback, while the database is briefly unreachable.

During an outage every request fails, most of them before any view runs (the
session and the user are loaded by middleware), some after it (the session is
saved on every request). Each way ends on the 503 page:

- in a view: ``DatabaseUnavailableMiddleware.process_exception``;
- in other middleware: Django turns the error into a 500 on the spot, through
  ``handler500`` (``server_error`` here, with DEBUG off) and the
  ``got_request_exception`` signal (remembered for the outermost middleware);
- when saving the session: Django's session store reports any database error on
  saving as "the session was deleted", which the session middleware answers with
  400 (``SessionInterrupted``) through ``handler400`` (``bad_request`` here): when
  the error behind it is an outage, that is the 503 page too. With DEBUG on Django
  shows its debug page for that 400 instead (no handler is asked); development only.

An outage is logged once per ``OUTAGE_LOG_SECONDS`` per process, saying how many
requests failed since the last warning, and without a traceback: a thousand
identical tracebacks a second hide everything else in the log and tell nothing
the first did not.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable

from django.core.signals import got_request_exception
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy, gettext_noop
from django.views import defaults

from core import error_pages

logger = logging.getLogger("deliveries.database")

DATABASE_DOWN = gettext_noop(
    "The database is not answering right now. Please try again in a minute."
)
DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
OUTAGE_LOG_SECONDS = 10.0
OUTAGE = "Database unavailable during %s %s: %s"
OUTAGE_REPEATED = "Database unavailable during %s %s: %s (%d more failed requests since %d s)"
_MARK = "_smsadmin_database_down"
_REPORTED = "_smsadmin_database_down_reported"


class OutageLog:
    """At most one warning per ``interval`` seconds; the ones left out are counted."""

    def __init__(
        self, interval: float = OUTAGE_LOG_SECONDS, clock: Callable[[], float] = time.monotonic
    ):
        self.interval = interval
        self._clock = clock
        self._lock = threading.Lock()
        self._next_at = float("-inf")
        self._last_at = 0.0
        self._left_out = 0

    def report(self, request: HttpRequest, error: str) -> None:
        """Count the request (once, however many middleware failed in it); warn if it is time."""
        if getattr(request, _REPORTED, False):
            return
        setattr(request, _REPORTED, True)
        with self._lock:
            now = self._clock()
            if now < self._next_at:
                self._left_out += 1
                return
            left_out, since = self._left_out, now - self._last_at
            self._left_out, self._last_at, self._next_at = 0, now, now + self.interval
        if left_out:
            logger.warning(OUTAGE_REPEATED, request.method, request.path, error, left_out, since)
        else:
            logger.warning(OUTAGE, request.method, request.path, error)


# One per process: every thread's requests share it.
outage_log = OutageLog()


def report_outage(request: HttpRequest, error: str) -> None:
    """Count a request that failed because the database is unreachable (``error``: its class)."""
    outage_log.report(request, error)


def database_error(exception: BaseException | None) -> BaseException | None:
    """The outage behind ``exception`` (itself, or what it was raised from or during)."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, DATABASE_ERRORS):
            return exception
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return None


def database_unavailable(request: HttpRequest, error: BaseException | str = "") -> HttpResponse:
    """The 503 page. Rendered without the request: its context would query the database.

    The language comes from the request's cookie or Accept-Language header alone (the
    session, like the user, lives in the database); see ``error_pages.plain_page``. With
    ``error`` the outage is reported to ``outage_log``; Django's own line is left out.
    """
    if error:
        report_outage(request, error if isinstance(error, str) else type(error).__name__)
    # Lazy: translated while rendering, in the language plain_page chose.
    context = {"message": gettext_lazy(DATABASE_DOWN), "retry_after": RETRY_AFTER_SECONDS}
    response = error_pages.plain_page(request, "503.html", context, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # django.request would log every request of the outage (Django's own flag, not in its types).
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: the 503 page for an outage, the plain 500 page for anything else."""
    error = database_error(sys.exc_info()[1])
    if error is not None:
        return database_unavailable(request, error)
    return error_pages.server_error(request)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler400``: a session save that failed because the database is gone is a 503."""
    error = database_error(exception)
    if error is not None:
        return database_unavailable(request, error)
    return defaults.bad_request(request, exception)


def _mark_database_errors(
    sender: object, request: HttpRequest | None = None, **kwargs: object
) -> None:
    # Errors raised inside other middleware (the session or the user being loaded)
    # never reach process_exception: Django turns them into a 500 response on the
    # spot, announcing them with this signal first. Remember them for __call__.
    error = database_error(sys.exc_info()[1])
    if request is not None and error is not None:
        setattr(request, _MARK, type(error).__name__)


class DatabaseUnavailableMiddleware:
    """Outermost middleware: any database connection error becomes ``database_unavailable``."""

    def __init__(self, get_response):
        self.get_response = get_response
        got_request_exception.connect(_mark_database_errors, dispatch_uid=__name__)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        error = getattr(request, _MARK, "")
        if error and not _is_outage_page(response):  # DEBUG on: no handler500, a technical page
            return database_unavailable(request, error)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        error = database_error(exception)
        if error is not None:
            return database_unavailable(request, error)
        return None


def _is_outage_page(response: HttpResponse) -> bool:
    return response.status_code == 503 and getattr(response, "_has_been_logged", False)
