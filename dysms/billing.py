"""How many billed parts (计费条数) an SMS is: Alibaba Cloud bills per part, not per message.

Mainland China (and the Chinese rule Alibaba applies to every domestic message, whatever its
script): up to 70 characters is one part; a longer message is sent in parts of 67 characters
(each part gives 3 characters to the header that joins them). Every character counts as one:
Chinese, Latin, digits, spaces, punctuation, and the sign (【…】), which the content of
``QuerySendDetails`` already starts with.

International messages follow the GSM rules: text made only of the GSM 7-bit alphabet is one part
up to 160 characters and parts of 153 beyond (the characters of the extension table, such as
``€`` and ``[``, take two); one character outside it (a Chinese character, an emoji, a curly
quote) makes the whole message UCS-2, 70 characters in one part and 67 per part beyond, counted
in UTF-16 units (an emoji outside the Basic Multilingual Plane takes two).

A receipt's ``sms_size`` is what Alibaba Cloud billed; prefer it where there is one, and say that
these figures are an estimate where there is not.
"""

from __future__ import annotations

import math

DOMESTIC_SINGLE, DOMESTIC_PART = 70, 67
GSM_SINGLE, GSM_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67

# The GSM 03.38 basic character set and its extension table (each extension character is sent
# as an escape and the character: two septets).
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = frozenset("\f^{}\\[~]|€")


def billed_parts(text: str, *, international: bool = False) -> int:
    """The parts ``text`` is billed as; 0 for an empty text (nothing known to count)."""
    if not text:
        return 0
    if not international:
        return _parts(len(text), DOMESTIC_SINGLE, DOMESTIC_PART)
    septets = gsm_septets(text)
    if septets is not None:
        return _parts(septets, GSM_SINGLE, GSM_PART)
    return _parts(utf16_units(text), UCS2_SINGLE, UCS2_PART)


def gsm_septets(text: str) -> int | None:
    """The length of ``text`` in the GSM 7-bit alphabet, or None when it is not all in it."""
    septets = 0
    for character in text:
        if character in GSM_BASIC:
            septets += 1
        elif character in GSM_EXTENSION:
            septets += 2
        else:
            return None
    return septets


def utf16_units(text: str) -> int:
    """UCS-2 counts 16-bit units: a character beyond U+FFFF (most emoji) takes two."""
    return len(text.encode("utf-16-le")) // 2


def _parts(length: int, single: int, part: int) -> int:
    return 1 if length <= single else math.ceil(length / part)
