"""``/metrics``: the Prometheus scrape endpoint, for a configured scraper only.

Who may scrape: the caller sending ``Authorization: Bearer <METRICS_TOKEN>`` (compared in
constant time), and/or a caller whose address is in ``METRICS_ALLOWED_IPS`` (addresses or
networks, matched against the connection's own address, ``REMOTE_ADDR``, never a forwarded
header: Prometheus scrapes each instance directly, and a header is whatever the client
wrote). With both set, a scrape needs both: setting a second condition must never make the
endpoint easier to reach. Others get 403.

With neither set the endpoint does not exist (404), as the receipt push without its token:
the metrics name accounts, views and failure rates, which are nobody's business by
default, and a 404 does not tell a prober that there is something to get the token for.
A 403 once configured, though: an operator whose scraper is refused sees why at once.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric

from core.clients import account_breakers
from core.metrics import CONTENT_TYPE, scrape


@login_not_required
@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    refused = refusal(request)
    if refused:
        return HttpResponse(status=refused)
    return HttpResponse(scrape(), content_type=CONTENT_TYPE)


def refusal(request: HttpRequest) -> int | None:
    """None when the caller may scrape, else the status to answer (404 off, 403 refused)."""
    token, allowed = settings.METRICS_TOKEN, tuple(settings.METRICS_ALLOWED_IPS)
    if not token and not allowed:
        return 404
    if token and not _bearer_matches(request, token):
        return 403
    if allowed and not _address_allowed(request.META.get("REMOTE_ADDR", ""), allowed):
        return 403
    return None


def _bearer_matches(request: HttpRequest, token: str) -> bool:
    given = request.headers.get("Authorization", "")
    return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


def _address_allowed(remote: str, allowed: tuple[str, ...]) -> bool:
    try:
        address = ip_address(remote)
    except ValueError:
        return False
    # An IPv4 client of a server listening on [::] arrives as ::ffff:a.b.c.d.
    mapped = getattr(address, "ipv4_mapped", None) or address
    return any(mapped in network for network in _networks(allowed))


@lru_cache(maxsize=8)
def _networks(allowed: tuple[str, ...]) -> tuple[IPv4Network | IPv6Network, ...]:
    # Checked at start-up (settings): every entry is an address or a network.
    return tuple(ip_network(entry, strict=False) for entry in allowed)


class CircuitCollector:
    """``smsadmin_circuit_open{account}``: 1 while the account's circuit is open, from the
    breaker's state in the shared cache (so every instance says the same)."""

    def collect(self) -> Iterable[Metric]:
        gauge = GaugeMetricFamily(
            "smsadmin_circuit_open",
            "1 while the account's circuit breaker stops calls to Alibaba Cloud, else 0.",
            labels=["account"],
        )
        for account, breaker in account_breakers().items():
            gauge.add_metric([account], 1.0 if breaker.state()["open"] else 0.0)
        yield gauge
