"""``audit_record``: the one way views and signals write to the audit trail."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping, Sequence
from datetime import date
from functools import wraps

from django.conf import settings
from django.http import HttpRequest

from access.exports import export_format
from access.models import Action, AuditEntry, Outcome

_PORT = re.compile(r":[0-9]{1,5}")


def remote_address(request: HttpRequest | None) -> str | None:
    """The client's address, for the audit trail and for django-axes' lockouts.

    ``REMOTE_ADDR`` unless ``TRUSTED_PROXIES`` reverse proxies stand in front: each appends the
    address it saw to X-Forwarded-For, so the entry that many places from the right is the one
    our outermost proxy saw. Entries left of it are whatever the client chose to send.

    Only a valid IP address is taken from the header (``ip_address``): a proxy may write
    ``unknown`` or add a port, and a client can write anything, while the audit trail and
    axes store the address in an IP column that PostgreSQL refuses garbage in. Anything else
    falls back to the socket's address, which the server itself wrote.
    """
    if request is None:
        return None
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            address = ip_address(hops[-proxies])
            if address is not None:
                return address
    return ip_address(request.META.get("REMOTE_ADDR", ""))


def ip_address(text: str) -> str | None:
    """``text`` as an IP address, with a port taken off where that is unambiguous, else None.

    ``1.2.3.4:5678`` and ``[::1]:80`` carry a port; a bare IPv6 address has colons of its
    own, so only the bracketed form says where the port starts. Zone ids (``fe80::1%eth0``)
    mean nothing outside the proxy's host and are refused.
    """
    text = text.strip()
    if text.startswith("["):
        host, bracket, rest = text[1:].partition("]")
        if not bracket or (rest and not _PORT.fullmatch(rest)):
            return None
        text = host
    elif text.count(":") == 1:
        host, _, port = text.partition(":")
        if not _PORT.fullmatch(":" + port):
            return None
        text = host
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if getattr(address, "scope_id", None):
        return None
    return str(address)


def audit_record(
    request: HttpRequest | None,
    action: str,
    *,
    user=None,
    username: str = "",
    phone: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    biz_id: str = "",
    filters: dict | None = None,
    result_count: int | None = None,
    accounts: Sequence[str] = (),
    outcome: str = "",
) -> AuditEntry:
    """Append one entry; who and from where come from ``request`` unless given."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    return AuditEntry.objects.create(
        user=user,
        username=username or (user.get_username() if user is not None else ""),
        remote_addr=remote_address(request),
        action=action,
        phone=phone or "",
        date_from=date_from,
        date_to=date_to or date_from,
        biz_id=biz_id or "",
        filters=_jsonable(filters or {}),
        result_count=result_count,
        accounts=",".join(accounts),
        outcome=outcome,
    )


def _jsonable(filters: dict) -> dict:
    return {
        key: value.isoformat() if isinstance(value, date) else value
        for key, value in filters.items()
        if value not in (None, "")
    }


# Query parameters that shape the page, not the search: left out of the recorded filters.
_LAYOUT_PARAMS = {"page", "per_page", "sort", "csrfmiddlewaretoken", "_export"}


def audit_search(
    request: HttpRequest,
    *,
    action: str,
    phone: str,
    first: date,
    last: date,
    biz_id: str,
    filters: Mapping[str, str],
    result_count: int,
    export_format: str = "",
    accounts: Sequence[str] = (),
    upstream_failed: bool = False,
) -> AuditEntry:
    """One search of the records page: a search, an export or a Refresh.

    The view hands over what it already knows (the validated search, its filters, the
    number of records it matched, all pages, as the export holds, and whether Alibaba Cloud
    failed to answer, when that count is only of what was stored before); nothing is parsed or
    counted again here. An export's ``format`` joins the filters.
    """
    recorded = dict(filters)
    if export_format:
        recorded["format"] = export_format
    return audit_record(
        request,
        action,
        phone=phone,
        date_from=first,
        date_to=last,
        biz_id=biz_id,
        filters=recorded,
        result_count=result_count,
        accounts=accounts,
        outcome=Outcome.UPSTREAM_FAILED if upstream_failed else Outcome.ANSWERED,
    )


def audit_export(view):
    """Record each export of a page that is not a records search (the delivery rates)."""

    @wraps(view)
    def audited(request: HttpRequest, *args, **kwargs):
        response = view(request, *args, **kwargs)
        exported = export_format(request)
        if exported and "attachment" in response.get("Content-Disposition", ""):
            audit_record(
                request,
                Action.EXPORT,
                filters={"page": request.path, **_filters(request.GET, set()), "format": exported},
            )
        return response

    return audited


def audit_record_view(
    request: HttpRequest, record, *, action: str = Action.RECORD_VIEW, page: str = ""
) -> AuditEntry:
    """One entry naming the record: its page, its page in the admin (``page="admin"``, which
    shows the content unmasked), or a status check that fetched upstream (``STATUS_POLL``)."""
    return audit_record(
        request,
        action,
        phone=record.phone,
        date_from=record.send_day,
        biz_id=getattr(getattr(record, "fetch", None), "biz_id", ""),
        filters={"record": record.pk, "page": page},
        result_count=1,
        accounts=[record.account] if getattr(record, "account", "") else [],
    )


def _filters(params, fields: set[str]) -> dict:
    return {
        name: value
        for name, value in params.items()
        if name not in _LAYOUT_PARAMS and name not in fields
    }
