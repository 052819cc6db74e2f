"""``/healthz``: is this instance able to serve? For load balancers and monitoring.

200 when the database and the cache answer, 503 naming what does not. The
upstream part only reports configuration: a health probe must never call
Alibaba Cloud (it would cost quota and make every instance depend on it).
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .circuit import CircuitBreaker

PROBE_KEY = "healthz:probe"


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    report = health_report()
    return JsonResponse(report, status=503 if report["down"] else 200)


def health_report() -> dict:
    """The database, the cache, the upstream configuration; ``down`` lists what is unreachable."""
    parts = {"database": database_health(), "cache": cache_health(), "upstream": upstream()}
    down = [name for name in ("database", "cache") if not parts[name]["ok"]]
    return {"status": "down" if down else "ok", "down": down, **parts}


def database_health() -> dict:
    result = {"vendor": connection.vendor, "ok": True}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure means "down"; the class name says which
        result.update(ok=False, error=type(error).__name__)
    return result


def cache_health() -> dict:
    cache = caches["default"]
    backend = type(cache)
    result = {"backend": f"{backend.__module__}.{backend.__qualname__}", "ok": True}
    try:
        if hasattr(cache, "ping"):  # the Redis cache: ask Redis, not its local fallback
            cache.ping()
        else:
            cache.set(PROBE_KEY, 1, 10)
            if cache.get(PROBE_KEY) != 1:
                raise LookupError("the cache did not keep a value")
    except Exception as error:
        result.update(ok=False, error=type(error).__name__)
    return result


def upstream() -> dict:
    endpoint = settings.DYSMS_ENDPOINT
    return {
        "endpoint": _without_userinfo(endpoint),
        "sandbox": endpoint == "sandbox",
        "signature_version": settings.DYSMS_SIGNATURE_VERSION,
        "region": settings.DYSMS_REGION,
        "credentials_set": bool(
            settings.ALIBABA_CLOUD_ACCESS_KEY_ID and settings.ALIBABA_CLOUD_ACCESS_KEY_SECRET
        ),
        "circuit": _circuit_state(),
    }


def _circuit_state() -> dict:
    try:
        return CircuitBreaker().state()
    except Exception as error:  # the cache is down: already reported under "cache"
        return {"open": None, "error": type(error).__name__}


def _without_userinfo(url: str) -> str:
    parts = urlsplit(url)
    if not parts.netloc or "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
