"""The token services: make one (its secret returned once), find the one a request carries,
revoke one. The tokens page, ``manage.py api_token`` and the API's authentication use them.

A secret reads ``smsadmin_`` and 43 URL-safe characters (256 random bits): the prefix lets a
secret scanner or a person recognise a leaked one. Only its SHA-256 is stored
(``api.models``); lookups compare digests through the database's unique index.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from api.models import ApiToken

PREFIX = "smsadmin_"
# Written at most this often per token: every call would be a write for a field shown in minutes.
LAST_USED_EVERY = timedelta(minutes=1)


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(*, user, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new token of ``user``, valid ``days`` days (``None``: until revoked), and its secret."""
    secret = PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        digest=token_digest(secret),
        created=now,
        expires=now + timedelta(days=days) if days else None,
    )
    return token, secret


def token_authenticate(*, secret: str) -> ApiToken | None:
    """The active token whose secret this is (its user loaded), noting when it was used."""
    if not secret.startswith(PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(digest=token_digest(secret)).first()
    now = timezone.now()
    if token is None or not token.is_active(now) or not token.user.is_active:
        return None
    if token.last_used is None or now - token.last_used >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now
    return token


def token_revoke(*, token: ApiToken) -> bool:
    """End the token now; ``False`` when it was revoked already."""
    if token.revoked is not None:
        return False
    token.revoked = timezone.now()
    token.save(update_fields=["revoked"])
    return True
