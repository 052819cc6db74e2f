"""Who is calling, and how often: ``Authorization: Bearer <token>`` and a limit per token.

``TokenAuth`` finds the token (``api.tokens``) and makes its user the request's user, so the
roles, the masking and the audit trail read the same ``request.user`` as on the pages. No
session is used or created: a call carries its token, and the site's cookies (and so CSRF)
play no part. ninja's own ``HttpBearer`` is not used as is: with DEBUG on it logs a header it
does not understand, which may be a secret.

``TokenRateThrottle`` counts each token's calls in fixed windows (``API_RATE_LIMIT``, e.g.
``60/min``) in the site's cache, so every worker and instance shares the count with Redis. A
fixed window lets a token make up to twice its rate across a window's edge, a fair price for
one atomic ``incr`` a call; ninja's ``SimpleRateThrottle`` keeps each caller's history in one
cache value (read, then written: not atomic) and its state on the shared throttle object,
which threads would overwrite.
"""

from __future__ import annotations

import re
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from api.models import ApiToken
from api.tokens import token_authenticate

RATE_KEY = "api:rate:{digest}:{window}"
_RATE = re.compile(r"\s*(\d+)\s*/\s*(s|sec|second|m|min|minute|h|hour|d|day)\s*")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
BAD_RATE = "API_RATE_LIMIT must read like 60/min (a number, then /s, /min, /hour or /day): {rate!r}"


class TokenAuth(HttpBearer):
    """A bearer token of ``api.tokens``; the OpenAPI document names the scheme ``bearer``."""

    def __call__(self, request: HttpRequest) -> ApiToken | None:
        scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            return None
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = token_authenticate(secret=token)
        if found is not None:
            request.user = found.user
        return found


def rate_limit() -> tuple[int, int]:
    """``API_RATE_LIMIT`` as (calls, seconds); a value that does not parse is refused."""
    rate = settings.API_RATE_LIMIT
    match = _RATE.fullmatch(rate)
    if match is None or int(match.group(1)) < 1:
        raise ImproperlyConfigured(BAD_RATE.format(rate=rate))
    return int(match.group(1)), _SECONDS[match.group(2)[0]]


class TokenRateThrottle(BaseThrottle):
    """At most ``API_RATE_LIMIT`` calls per token and window; ``wait`` gives the window's end."""

    def __init__(self) -> None:
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        calls, seconds = rate_limit()
        now = time.time()
        window = int(now // seconds)
        key = RATE_KEY.format(digest=request.auth.digest, window=window)
        # A key that outlives its window is never read again: the next window has its own.
        cache.add(key, 0, timeout=seconds + 1)
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=seconds + 1)
            used = 1
        self._local.wait = (window + 1) * seconds - now
        return used <= calls

    def wait(self) -> float | None:
        return max(1.0, getattr(self._local, "wait", 1.0))
