"""``/healthz``: is this instance able to serve? For load balancers and monitoring.

Three answers, each naming in ``down`` what does not answer:

- 200 ``{"status": "ok", "down": []}``;
- 200 ``{"status": "degraded", "down": ["cache"]}``: Redis is unreachable or refuses
  commands (full, read-only). The instance still serves every page from its
  per-process cache (``cache_backends``), so a load balancer must keep sending it
  traffic: answering 503 would take every instance out at once when the shared
  Redis fails, turning a degraded service into none. Monitoring alerts on the status;
- 503 ``{"status": "down", "down": ["database", ...]}``: without the database no page
  can be served.

Anonymous callers (load balancers) get only that. The details (database vendor,
cache class and errors, upstream endpoint, region, circuit) tell an attacker what
runs where, so they are for ``Authorization: Bearer <HEALTHZ_TOKEN>`` (monitoring)
and for signed-in superusers; staff alone is not enough, since Auditors are staff
only to read the audit trail. The upstream part only reports configuration: a
health probe must never call Alibaba Cloud (it would cost quota and make every
instance depend on it).
"""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.accounts import Account, configured_accounts
from core.circuit import CircuitBreaker
from core.clients import breaker_for
from core.middleware import report_outage

PROBE_KEY = "healthz:probe"


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    report = health_report()
    body = report if may_see_details(request) else summary(report)
    response = JsonResponse(body, status=503 if report["status"] == "down" else 200)
    if "database" in report["down"]:
        # Logged as any request of the outage is: once in a while, not at every probe.
        report_outage(request, report["database"]["error"])
        response._has_been_logged = True  # type: ignore[attr-defined]  # Django's own flag
    return response


def health_report() -> dict:
    """The database, the cache, the upstream configuration; ``down`` lists what is unreachable."""
    parts = {"database": database_health(), "cache": cache_health(), "upstream": upstream()}
    down = [name for name in ("database", "cache") if not parts[name]["ok"]]
    status = "down" if "database" in down else "degraded" if down else "ok"
    return {"status": status, "down": down, **parts}


def summary(report: dict) -> dict:
    """What anyone may know: the status and which component is down."""
    return {"status": report["status"], "down": report["down"]}


def may_see_details(request: HttpRequest) -> bool:
    """The monitoring token, or a signed-in superuser (when the database can tell)."""
    expected = settings.HEALTHZ_TOKEN
    given = request.headers.get("Authorization", "")
    if expected and hmac.compare_digest(given.encode(), f"Bearer {expected}".encode()):
        return True
    try:
        return bool(getattr(request, "user", None) and request.user.is_superuser)
    except DatabaseError:  # the session or the user cannot be loaded: anonymous
        return False


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
        if hasattr(cache, "probe"):  # the Redis cache: write to Redis, not its local fallback
            cache.probe()
        else:
            cache.set(PROBE_KEY, 1, 10)
            if cache.get(PROBE_KEY) != 1:
                raise LookupError("the cache did not keep a value")
    except Exception as error:
        result.update(ok=False, error=type(error).__name__)
    return result


def upstream() -> dict:
    """The default account's connection at the top (as before accounts), every account's in
    ``accounts``: endpoint, region, signature, whether a key is set, its circuit."""
    accounts = [_account_state(account) for account in configured_accounts()]
    return {**accounts[0], "accounts": accounts}


def _account_state(account: Account) -> dict:
    return {
        "account": account.name,
        "endpoint": _without_userinfo(account.endpoint),
        "sandbox": account.is_sandbox,
        "signature_version": account.signature_version,
        "region": account.region,
        "credentials_set": bool(account.key_id and account.secret),
        "circuit": _circuit_state(breaker_for(account.name)),
    }


def _circuit_state(breaker: CircuitBreaker) -> dict:
    try:
        return breaker.state()
    except Exception as error:  # the cache is down: already reported under "cache"
        return {"open": None, "error": type(error).__name__}


def _without_userinfo(url: str) -> str:
    parts = urlsplit(url)
    if not parts.netloc or "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
