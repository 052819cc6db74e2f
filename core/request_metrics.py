"""Request latency by view, method and status class: ``smsadmin_http_request_seconds``.

Our own few lines rather than django-prometheus: its defaults keep per-process metrics
(and gauges that multiprocess mode cannot add up), its two middleware must wrap the whole
stack, and it is one dependency more for one histogram. Labels stay few whatever clients
send: the view's URL name (``resolver_match.view_name``, or ``unmatched`` when no URL
matched), never the path, which holds record ids, phone numbers and the receipt token; the
method, anything unusual counted as ``other``; the status class (``2xx`` ... ``5xx``).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from core.metrics import REQUEST_SECONDS

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"


class RequestMetricsMiddleware:
    """Outermost: the time includes every other middleware, and the status is the final one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        REQUEST_SECONDS.labels(*labels(request, response)).observe(time.perf_counter() - started)
        return response


def labels(request: HttpRequest, response: HttpResponse) -> tuple[str, str, str]:
    match = getattr(request, "resolver_match", None)
    view = match.view_name if match is not None else UNMATCHED
    method = request.method if request.method in METHODS else "other"
    return view or UNMATCHED, method or "other", f"{response.status_code // 100}xx"
