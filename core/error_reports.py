"""Django's error reports (the DEBUG technical 500 page, error e-mails) without credentials.

Django already hides settings whose *name* looks secret (KEY, PASS, TOKEN...). Two kinds of
credentials slip through that: a connection URL (``DATABASE_URL``, ``REDIS_URL``, a Sentry
DSN; under ``runserver`` the whole environment is in ``request.META``), and a URL with a
password under a harmless name (``CACHES["default"]["LOCATION"]`` is the Redis URL). So
here names ending in URL or DSN are hidden too, and any ``scheme://user:password@`` in a
value has its password replaced, in settings, request data and frame variables alike;
last, the rendered report itself goes through the same replacement, for what the filter
never sees (an exception message quoting a URL).

The filter is active with DEBUG on as well: a development machine may hold real
credentials, and "no URL with a password on any page" has no exception.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

# Django's own list, plus names that hold connection URLs.
HIDDEN_NAMES = re.compile(
    r"API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|(?:URL|DSN)S?$", re.IGNORECASE
)
# scheme://user:password@ (user may be empty, as in redis://:password@host).
URL_PASSWORD = re.compile(r"(?P<before>\b[a-z][a-z0-9+.\-]*://[^\s/@:]*:)[^\s/@]+@", re.I)
SUBSTITUTE = SafeExceptionReporterFilter.cleansed_substitute


def without_passwords(text: str) -> str:
    return URL_PASSWORD.sub(rf"\g<before>{SUBSTITUTE}@", text)


class CredentialFilter(SafeExceptionReporterFilter):
    hidden_settings = HIDDEN_NAMES

    def is_active(self, request: HttpRequest | None) -> bool:
        return True

    def cleanse_setting(self, key: int | str, value: Any) -> Any:
        cleansed = super().cleanse_setting(key, value)
        if isinstance(cleansed, str):  # lazy strings too (str() evaluates them)
            return without_passwords(str(cleansed))
        return cleansed

    def get_traceback_frame_variables(self, request, tb_frame):
        """Frame variables cleansed like settings' values: URLs lose their password, and the
        secret-looking keys of dicts (a connection's parameters) are hidden."""
        cleansed = []
        for name, value in super().get_traceback_frame_variables(request, tb_frame):
            try:
                value = self.cleanse_setting("", value)
            except Exception:  # an odd object must not break the report: hide it instead
                value = SUBSTITUTE
            cleansed.append((name, value))
        return cleansed


class CredentialReporter(ExceptionReporter):
    """The report as rendered, with a last pass for URL passwords (exception messages)."""

    def get_traceback_html(self):
        return without_passwords(str(super().get_traceback_html()))

    def get_traceback_text(self):
        return without_passwords(str(super().get_traceback_text()))
