"""What a user may see of a record: codes masked unless switched off, phones by role."""

from __future__ import annotations

import re

import phonenumbers
from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, gettext_noop

from access.masking import mask_phone
from access.roles import REVEAL, SEE_PHONES

REVEAL_LABEL = gettext_noop("Reveal code")
# A mainland mobile as the search stores it: 11 digits starting with 1, the rule
# deliveries.phones.phone_place reads them by (a stored North American number, 1 + 10 digits,
# has the same shape and is shown as mainland: the stored form cannot tell them apart).
_MAINLAND = re.compile(r"1[0-9*]{10}")


def record_content(record) -> str:
    """A stored record's content as shown: its stored masked column while masking is on.

    The same column the text filter searches (``deliveries.stored_masking``), so the page
    never shows less than a search can find, and nothing is masked again on every view.
    """
    if not getattr(settings, "MASK_VERIFICATION_CODES", True):
        return record.content
    return record.content_masked


def phone_text(user, phone: str) -> str:
    """The full number for roles that may see it, ``138****1234`` for the others."""
    return phone if user is not None and user.has_perm(SEE_PHONES) else mask_phone(phone)


def phone_display(phone: str) -> str:
    """A stored (or masked) number as people read it: mainland numbers as they are, others
    with their country code after a ``+`` (``85291234567`` -> ``+852 9123 4567``, masked
    ``852****4567`` -> ``+852****4567``), as the customer and the consoles write them."""
    if not phone or phone.startswith("+") or _MAINLAND.fullmatch(phone):
        return phone
    if "*" in phone or not phone.isdigit():
        return "+" + phone
    try:
        number = phonenumbers.parse("+" + phone)
    except phonenumbers.NumberParseException:
        return "+" + phone
    if not phonenumbers.is_valid_number(number):
        return "+" + phone
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def content_cell(request: HttpRequest | None, record) -> SafeString:
    """The content as a table cell: masked, with a Reveal button for those who may reveal."""
    shown = record_content(record)
    user = getattr(request, "user", None)
    if shown == record.content or user is None or not user.has_perm(REVEAL):
        return format_html("{}", shown)
    return format_html(
        '{} <form method="post" action="{}" class="reveal">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<button type="submit" class="link">{}</button></form>',
        shown,
        reverse("reveal", args=[record.pk]),
        get_token(request),
        gettext(REVEAL_LABEL),
    )


__all__ = ["content_cell", "phone_display", "phone_text", "record_content"]
