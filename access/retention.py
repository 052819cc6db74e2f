"""Retention of the audit trail: entries older than ``AUDIT_RETENTION_DAYS`` leave.

Audit entries are append-only for everyone else; this bulk delete of expired rows is the one
way they leave the database. ``manage.py purge`` (ops) runs it with the other apps' purges.
"""

from __future__ import annotations

from datetime import datetime

from access.models import AuditEntry


def audit_purge(*, before: datetime) -> int:
    """Delete the audit entries written before ``before``; returns how many went.

    ``QuerySet.delete`` does not call ``AuditEntry.delete()``, which refuses on purpose.
    """
    deleted, _ = AuditEntry.objects.filter(at__lt=before).delete()
    return deleted
