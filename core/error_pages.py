"""Plain error pages (500, and the 503 of a database outage) that need nothing that may be down.

They are standalone templates rendered without the request: no context processor runs
(the user, the session and the messages live in the database), and no static file is
looked up (a missing manifest entry must not turn an error page into another error). The
language comes from the request's cookie or Accept-Language header alone, defaulting to
``LANGUAGE_CODE`` (Chinese).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation


def plain_page(request: HttpRequest, template: str, context: dict, *, status: int) -> HttpResponse:
    language = translation.get_language_from_request(request)
    with translation.override(language):
        # The page's one <style> carries this response's CSP nonce (access/csp.py), if any.
        context = {"csp_nonce": getattr(request, "csp_nonce", ""), **context}
        body = render_to_string(template, context)
    response = HttpResponse(body, status=status)
    response["Content-Language"] = language
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: a plain apology in the reader's language, never a traceback.

    Django has already logged the exception (logger ``django.request``) with its traceback.
    """
    return plain_page(request, "500.html", {}, status=500)
