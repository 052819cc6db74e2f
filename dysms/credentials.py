"""Where the client's AccessKey comes from: the standard Alibaba Cloud environment variables."""

from __future__ import annotations

from collections.abc import Mapping

from dysms.values import Credentials

ACCESS_KEY_ID_VAR = "ALIBABA_CLOUD_ACCESS_KEY_ID"
ACCESS_KEY_SECRET_VAR = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
SECURITY_TOKEN_VAR = "ALIBABA_CLOUD_SECURITY_TOKEN"


def from_environment(environ: Mapping[str, str]) -> Credentials | None:
    """Read an AccessKey pair (and an optional STS token) from ``environ``.

    Returns ``None`` when neither the id nor the secret is set, so callers can
    fall back to the sandbox. Setting only one of the two is a configuration
    mistake and raises ``ValueError`` naming the missing variable (never a value).
    """
    key_id = environ.get(ACCESS_KEY_ID_VAR, "").strip()
    secret = environ.get(ACCESS_KEY_SECRET_VAR, "").strip()
    token = environ.get(SECURITY_TOKEN_VAR, "").strip() or None
    if not key_id and not secret:
        return None
    if not key_id:
        raise ValueError(f"{ACCESS_KEY_SECRET_VAR} is set but {ACCESS_KEY_ID_VAR} is not.")
    if not secret:
        raise ValueError(f"{ACCESS_KEY_ID_VAR} is set but {ACCESS_KEY_SECRET_VAR} is not.")
    return Credentials(access_key_id=key_id, access_key_secret=secret, security_token=token)
