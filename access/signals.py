"""Logins, good and bad, go to the audit trail; Auditors are let into the admin."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from access.audit import audit_record
from access.models import Action
from access.roles import AUDITOR


@receiver(user_logged_in, dispatch_uid="access.login_success")
def login_succeeded(sender, request, user, **kwargs) -> None:
    # force_login (tests, shells) sends a bare HttpRequest: no request came in, nothing to record.
    if request is not None and "REQUEST_METHOD" in request.META:
        audit_record(request, Action.LOGIN_SUCCESS, user=user)


@receiver(user_login_failed, dispatch_uid="access.login_failure")
def login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Django has already replaced the password in ``credentials`` with stars; keep the name only.
    username = str(credentials.get("username", ""))[:150]
    audit_record(request, Action.LOGIN_FAILURE, username=username, filters={"username": username})


@receiver(m2m_changed, sender=get_user_model().groups.through, dispatch_uid="access.auditor_staff")
def auditors_may_enter_the_admin(sender, instance, action, pk_set, **kwargs) -> None:
    """The audit trail lives in the admin, which lets in staff only: an Auditor is staff."""
    if action != "post_add" or not isinstance(instance, get_user_model()) or instance.is_staff:
        return
    if instance.groups.filter(name=AUDITOR).exists():
        instance.is_staff = True
        instance.save(update_fields=["is_staff"])
