"""Phone numbers as agents type them, turned into what QuerySendDetails expects.

Mainland China numbers become their 11 digits (spaces, dashes, brackets and a
leading +86 or 0086 removed); numbers elsewhere become country code + number,
digits only, as the API wants for international messages. Validity comes from
the ``phonenumbers`` library (Google's libphonenumber data), not our own rules.
"""

from __future__ import annotations

import re

import phonenumbers
from django.utils.translation import get_language, gettext_noop
from phonenumbers import carrier, geocoder

MAINLAND = "CN"
PHONE_REQUIRED = gettext_noop("Enter a phone number.")
PHONE_INVALID = gettext_noop(
    "This is not a valid phone number. Mainland numbers have 11 digits, like 138 0013 8000."
)
PHONE_NOT_MOBILE = gettext_noop("This is a landline number; text messages go to mobile numbers.")

# What people put between digits when they copy a number from somewhere.
_SEPARATORS = re.compile(r"[\s\-().\u00a0\u3000\uff0d]+")
_MOBILE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


class InvalidPhone(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def normalise_phone(text: str) -> str:
    """The number as the API expects it, or ``InvalidPhone`` with words for the agent."""
    compact = _SEPARATORS.sub("", text or "")
    if not compact:
        raise InvalidPhone(PHONE_REQUIRED)
    if not re.fullmatch(r"\+?[0-9]{5,20}", compact):
        raise InvalidPhone(PHONE_INVALID)
    number = _parse(compact)
    if number is None:
        raise InvalidPhone(PHONE_INVALID)
    if phonenumbers.region_code_for_number(number) == MAINLAND:
        if phonenumbers.number_type(number) not in _MOBILE_TYPES:
            raise InvalidPhone(PHONE_NOT_MOBILE)
        return str(number.national_number)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[1:]


def _parse(compact: str) -> phonenumbers.PhoneNumber | None:
    """Read as mainland first (with +, 00 or nothing in front), then as country code + number."""
    candidates = [compact] if compact.startswith("+") else [compact, "+" + compact]
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, MAINLAND)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return number
    return None


def phone_place(phone: str, language: str | None = None) -> str:
    """Carrier and region of a normalised number, in the language given (or the active one).

    "China Mobile, Hangzhou, Zhejiang" / "中国移动，浙江省杭州市"; "" when the data knows neither.
    The carrier is the one the number was first given to: numbers move between carriers.
    """
    language = language or get_language() or "en"
    locale = "zh" if language.lower().startswith("zh") else "en"
    try:
        mainland = len(phone) == 11 and phone.startswith("1")
        number = phonenumbers.parse(phone if mainland else "+" + phone, MAINLAND)
    except phonenumbers.NumberParseException:
        return ""
    parts = [
        carrier.name_for_number(number, locale),
        geocoder.description_for_number(number, locale),
    ]
    return ("，" if locale == "zh" else ", ").join(part for part in parts if part)
