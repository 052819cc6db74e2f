"""The gateway's checks that V3 and V1 requests share: the API, the timestamp, the AccessKey,
and after the signature the key's RAM permission."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from dysms_sandbox.accounts import AccessKey
from dysms_sandbox.answers import ServiceError

API_VERSION = "2017-05-25"
TIMESTAMP_WINDOW = timedelta(minutes=15)
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z")


def check_api(version: str, action: str, actions: tuple[str, ...]) -> None:
    if version != API_VERSION:
        raise ServiceError(
            "InvalidVersion", f"Specified parameter Version is not valid: {version}."
        )
    if action not in actions:
        raise ServiceError(
            "InvalidAction.NotFound",
            f"Specified api is not found, please check your url and method. ({action})",
            status=404,
        )


def check_timestamp(value: str, now: datetime) -> datetime:
    if not _TIMESTAMP.fullmatch(value):
        raise ServiceError(
            "InvalidTimeStamp.Format",
            "Specified time stamp or date value is not well formatted (yyyy-MM-ddTHH:mm:ssZ, UTC).",
        )
    try:
        moment = datetime.strptime(value[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        raise ServiceError(
            "InvalidTimeStamp.Format", "Specified time stamp or date value is not a real time."
        ) from None
    if abs(now - moment) > TIMESTAMP_WINDOW:
        raise ServiceError(
            "InvalidTimeStamp.Expired",
            f"Specified time stamp or date value is expired: {value} is more than 15 minutes "
            "away from the server time.",
        )
    return moment


def key_of(keys: Mapping[str, AccessKey], access_key_id: str) -> AccessKey:
    """The known, active key of that id (its secret verifies the signature next)."""
    key = keys.get(access_key_id)
    if key is None:
        raise ServiceError(
            "InvalidAccessKeyId.NotFound", "Specified access key is not found.", status=404
        )
    if not key.active:
        raise ServiceError("InvalidAccessKeyId.Inactive", "Specified access key is disabled.")
    return key


def check_permission(key: AccessKey, action: str) -> None:
    """A RAM user's key may call only what its policy grants: Dysmsapi says so in a 200 body."""
    if not key.may(action):
        raise ServiceError(
            "isp.RAM_PERMISSION_DENY", f"RAM 用户没有调用 {action} 的权限。", status=200
        )
