"""Keep the report token (receipt and reply pushes) out of logs.

The token is part of the push URL, and request paths are logged by
``django.request`` (responses of 4xx/5xx), ``django.server`` (the development
server's access log) and ``deliveries.database`` (database outages). A filter on
those loggers rewrites any ``/receipts/<token>/`` or ``/receipts/<account>/<token>/``
path (and the same under ``/replies/``, Alibaba Cloud's push of the customers' replies)
before the record is formatted; gunicorn's access log uses ``core.gunicorn_logger``.
"""

from __future__ import annotations

import logging
import re

# The token is the path's last part: /receipts/<token>/ or /receipts/<account>/<token>/, and
# /replies/ alike (both parts go, so the account's URL is not half redacted).
_TOKEN_IN_PATH = re.compile(r"(/(?:receipts|replies)/)(?:[^/\s?\"']+/)?[^/\s?\"']+")
REDACTED = r"\1[redacted]"
_LOGGERS = ("django.request", "django.server", "deliveries.database")


def redact(text: str) -> str:
    return _TOKEN_IN_PATH.sub(REDACTED, text)


class RedactReceiptToken(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/receipts/" in message or "/replies/" in message:
            record.msg = redact(message)
            record.args = ()
        return True


def install_token_redaction() -> None:
    for name in _LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactReceiptToken) for f in logger.filters):
            logger.addFilter(RedactReceiptToken())
