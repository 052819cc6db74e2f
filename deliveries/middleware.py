"""A plain 503 page, not a traceback, while the database is briefly unreachable."""

from __future__ import annotations

import logging
import sys

from django.core.signals import got_request_exception
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy, gettext_noop

from .error_pages import plain_page

logger = logging.getLogger("deliveries.database")

DATABASE_DOWN = gettext_noop(
    "The database is not answering right now. Please try again in a minute."
)
DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
_MARK = "_smsadmin_database_down"


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 page. Rendered without the request: its context would query the database.

    The language comes from the request's cookie or Accept-Language header alone (the
    session, like the user, lives in the database); see ``error_pages.plain_page``.
    """
    # Lazy: translated while rendering, in the language plain_page chose.
    context = {"message": gettext_lazy(DATABASE_DOWN), "retry_after": RETRY_AFTER_SECONDS}
    response = plain_page(request, "503.html", context, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _mark_database_errors(sender, request=None, **kwargs) -> None:
    # Errors raised inside other middleware (the session or the user being loaded)
    # never reach process_exception: Django turns them into a 500 response on the
    # spot, announcing them with this signal first. Remember them for __call__.
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        setattr(request, _MARK, True)


class DatabaseUnavailableMiddleware:
    """Outermost middleware: any database connection error becomes ``database_unavailable``."""

    def __init__(self, get_response):
        self.get_response = get_response
        got_request_exception.connect(_mark_database_errors, dispatch_uid=__name__)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, _MARK, False):
            return database_unavailable(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.warning(
                "Database unavailable during %s %s: %s",
                request.method,
                request.path,
                type(exception).__name__,
            )
            return database_unavailable(request)
        return None
