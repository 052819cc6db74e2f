"""The audit trail as an auditor reads it: who did what, when (China time), in words.

The admin's list showed codes (``record_view``), UTC-free timestamps and the filters as a JSON
dict. Here each entry is a ``TrailEntry`` of finished words, made once for the page and the CSV
alike, and the search finds a number however it is typed (``phone_query``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils.translation import gettext, gettext_lazy, ngettext

from access.models import Action, AuditEntry, Outcome

CHINA_TZ = ZoneInfo("Asia/Shanghai")
# The recorded filters' names, as the pages call them (unknown names are shown as they are).
FILTER_NAMES = {
    "status": gettext_lazy("Status"),
    "template": gettext_lazy("Template"),
    "sign": gettext_lazy("Sign"),
    "q": gettext_lazy("Text"),
    "format": gettext_lazy("Format"),
    "page": gettext_lazy("Page"),
    "record": gettext_lazy("Record"),
    "username": gettext_lazy("Username"),
    "phone": gettext_lazy("Phone number"),
    "action": gettext_lazy("Action"),
    "user": gettext_lazy("User"),
    "date_from": gettext_lazy("From"),
    "date_to": gettext_lazy("To"),
    # The All sends page's window and filters (rates.sends_form)
    "since": gettext_lazy("From (date and time)"),
    "until": gettext_lazy("Until (date and time)"),
    "error_code": gettext_lazy("Error code"),
    # manage.py purge's counts and periods
    "fetches": gettext_lazy("Fetches deleted"),
    "records": gettext_lazy("Records deleted"),
    "receipts": gettext_lazy("Receipts deleted"),
    "audit_entries": gettext_lazy("Audit entries deleted"),
    "records_retention_days": gettext_lazy("Records kept (days)"),
    "audit_retention_days": gettext_lazy("Audit entries kept (days)"),
}
_NON_DIGITS = re.compile(r"\D")


@dataclass(frozen=True)
class TrailEntry:
    """One entry in words: ``title`` reads "2026-12-02 10:13:05 · alice · Search"."""

    pk: int
    at: datetime
    title: str
    username: str
    action: str
    phone: str
    days: str
    filters: str
    accounts: str
    result: str
    upstream_failed: bool
    remote_addr: str


def phone_query(text: str) -> str:
    """The digits to look for in the stored numbers, however the number was typed.

    Numbers are stored as the search normalised them (``deliveries.phones``): mainland numbers
    as their 11 digits, others as country code + number. So ``+86 138 0013 8000``,
    ``138-0013-8000`` and ``8613800138000`` all look for ``13800138000``; a part of a number
    (``+86 138``) finds every number containing it. The mainland prefix is dropped only where
    it is one: after ``+`` or ``00``, or in front of an 11-digit mainland number.
    """
    typed = (text or "").strip()
    digits = _NON_DIGITS.sub("", typed)
    international = typed.startswith("+") or digits.startswith("00")
    digits = digits.removeprefix("00") if digits.startswith("00") else digits
    mainland = digits.startswith("861") and (international or len(digits) == 13)
    return digits[2:] if mainland else digits


def trail_entries(
    *,
    phone: str = "",
    user: str = "",
    action: str = "",
    first: date | None = None,
    last: date | None = None,
) -> QuerySet[AuditEntry]:
    """Entries newest first, narrowed by what the auditor gave (China days, both included)."""
    entries = AuditEntry.objects.all()
    digits = phone_query(phone)
    if digits:
        entries = entries.filter(phone__contains=digits)
    if user:
        entries = entries.filter(username__icontains=user)
    if action:
        entries = entries.filter(action=action)
    if first is not None:
        entries = entries.filter(at__gte=datetime.combine(first, time(), CHINA_TZ))
    if last is not None:
        next_day = datetime.combine(last + timedelta(days=1), time(), CHINA_TZ)
        entries = entries.filter(at__lt=next_day)
    return entries.order_by("-at", "-id")


def trail_entry(entry: AuditEntry) -> TrailEntry:
    """``entry`` in the active language's words."""
    at = entry.at.astimezone(CHINA_TZ)
    action = _action_words(entry.action)
    who = entry.username or "—"
    failed = entry.outcome == Outcome.UPSTREAM_FAILED
    return TrailEntry(
        pk=entry.pk,
        at=at,
        title=f"{at:%Y-%m-%d %H:%M:%S} · {who} · {action}",
        username=entry.username,
        action=action,
        phone=entry.phone,
        days=_days(entry.date_from, entry.date_to),
        filters=filters_text(entry.filters),
        accounts=entry.accounts,
        result=_result(entry.result_count, failed),
        upstream_failed=failed,
        remote_addr=entry.remote_addr or "",
    )


def filters_text(filters: dict) -> str:
    """``{"status": "Failed", "format": "csv"}`` as "Status: Failed; Format: csv" (translated)."""
    known = list(FILTER_NAMES)
    # PostgreSQL's jsonb keeps no key order: the known names in their order, then the others.
    order = sorted(
        filters or {}, key=lambda name: (known.index(name) if name in known else len(known), name)
    )
    said = [
        gettext("%(name)s: %(value)s")
        % {"name": FILTER_NAMES.get(name, name), "value": _value(name, filters[name])}
        for name in order
        if filters[name] not in (None, "")
    ]
    return gettext("; ").join(said)


def _value(name: str, value) -> str:
    # The status was recorded as its English label ("Failed"): the page's language says it.
    return gettext(value) if name == "status" and isinstance(value, str) else str(value)


def _action_words(action: str) -> str:
    try:
        return str(Action(action).label)
    except ValueError:
        return action


def _days(first: date | None, last: date | None) -> str:
    if first is None:
        return ""
    if last is None or last == first:
        return first.isoformat()
    return gettext("%(first)s to %(last)s") % {"first": first, "last": last}


def _result(count: int | None, failed: bool) -> str:
    if count is None:
        return ""
    if failed:  # the page showed what was stored before: not the answer to the search
        return ngettext(
            "Alibaba Cloud did not answer; %(count)d stored record shown",
            "Alibaba Cloud did not answer; %(count)d stored records shown",
            count,
        ) % {"count": count}
    return ngettext("%(count)d record", "%(count)d records", count) % {"count": count}
