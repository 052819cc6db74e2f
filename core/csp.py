"""Content-Security-Policy: our own few lines, as Django 5.2 has none built in.

Scripts and styles come only from our own static files. The one exception is the
``<style>`` inside the server-rendered SVG charts: each response carries a fresh nonce
(``request.csp_nonce``) that the ``csp_svg`` template filter puts on those elements.
"""

from __future__ import annotations

import secrets

from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'nonce-{nonce}'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce  # type: ignore[attr-defined]  # ours, for the templates
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = POLICY.format(nonce=nonce)
        return response
