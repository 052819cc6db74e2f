"""The export formats the pages offer, and the one answer to any other.

The search page and /stats/ link to CSV and Excel (xlsx) only. django-tables2 knows more
(json, yaml, tsv, latex, ods, xls, some of which need packages we do not install): a format
nobody offered is a hand-written URL, so it gets a 400 with a plain message, costs no call
upstream and is no export in the audit trail.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext, gettext_noop

from access.roles import EXPORT_PARAM

EXPORT_FORMATS = ("csv", "xlsx")
UNKNOWN_FORMAT = gettext_noop(
    "This export format is not offered. Export as CSV or Excel (xlsx) with the links on the page."
)


def export_format(request: HttpRequest) -> str:
    """The offered format the request asks for; "" when it asks for none or for another."""
    asked = request.GET.get(EXPORT_PARAM, "")
    return asked if asked in EXPORT_FORMATS else ""


def unoffered_format(request: HttpRequest) -> bool:
    """The request asks for an export in a format the pages do not offer (``CSV``, ``ods``)."""
    return bool(request.GET.get(EXPORT_PARAM)) and not export_format(request)


def unoffered_message() -> str:
    return gettext(UNKNOWN_FORMAT)
