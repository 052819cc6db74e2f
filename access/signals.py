"""Logins, good and bad, go to the audit trail."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from .audit import audit_record
from .models import Action


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
