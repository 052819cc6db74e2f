"""Every change on the Alerts page in the audit trail: what changed and its name, never a
channel's URL (it holds the secret)."""

from __future__ import annotations

from django.http import HttpRequest

from access.audit import audit_record
from access.models import Action


def change_audited(request: HttpRequest, *, change: str, name: str, **details: object) -> None:
    audit_record(request, Action.ALERT_CHANGE, filters={"change": change, "name": name, **details})
