"""Raw carrier status codes that some receipts pass through unchanged.

China Mobile gateways speak CMPP (states such as ``DELIVRD``, ``UNDELIV`` and codes such as
``MK:0005``), China Unicom SGIP (``SGIP:n``) and China Telecom SMGP (``SMGPERR:n``). Alibaba Cloud
normally maps them to its own codes; the meanings below are the commonly reported ones from the
carriers' gateway tables. Codes without an entry fall back to ``CARRIER_PREFIXES``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from deliveries.error_catalogue.base import (
    NEXT_CHECK_AGAIN,
    NEXT_CONFIRM_RETRY,
    NEXT_FIX_NUMBER,
    NEXT_NONE,
    NEXT_RETRY_LATER,
    NEXT_TICKET,
    TELL_CARRIER,
    TELL_CHECK_NUMBER,
    TELL_DELIVERED,
    TELL_PENDING,
    TELL_PHONE_ON,
    TELL_TRY_LATER,
    TELL_WRONG_NUMBER,
    Category,
    Entry,
    group,
)

_EMPTY = _("The number is usually unassigned (empty) or unknown to the carrier.")
_INTERNAL = _("An internal error inside the carrier's network.")
_UNDOCUMENTED = {
    "CMPP": _("A China Mobile gateway (CMPP) code that is carrier-specific and not documented."),
    "SGIP": _("A China Unicom gateway (SGIP) code that is carrier-specific and not documented."),
    "SMGP": _("A China Telecom gateway (SMGP) code that is carrier-specific and not documented."),
}

CARRIER_CODES: dict[str, Entry] = {
    **group(
        Category.DELIVERED,
        TELL_DELIVERED,
        NEXT_NONE,
        {
            "DELIVRD": _("The message was delivered to the phone (the carrier's own code)."),
        },
    ),
    **group(
        Category.NO_RECEIPT,
        TELL_PENDING,
        NEXT_CHECK_AGAIN,
        {
            "ACCEPTD": _("The carrier accepted the message but has not reported its delivery."),
        },
    ),
    **group(
        Category.NUMBER_PROBLEM,
        TELL_CHECK_NUMBER,
        NEXT_CONFIRM_RETRY,
        {
            "UNDELIV": _("The carrier could not deliver: the number is suspended or not in use."),
            "MK:0005": _("The number is suspended, or barred from receiving SMS."),
        },
    ),
    **group(
        Category.NUMBER_PROBLEM,
        TELL_WRONG_NUMBER,
        NEXT_FIX_NUMBER,
        {
            "MK:0000": _EMPTY,
            "MK:0001": _EMPTY,
            "MK:0012": _EMPTY,
            "MN:0001": _EMPTY,
            "DB:0101": _("The carrier's gateway reports a wrong number."),
        },
    ),
    **group(
        Category.HANDSET_PROBLEM,
        TELL_PHONE_ON,
        NEXT_RETRY_LATER,
        {
            "MK:0010": _(
                "The phone stayed switched off or out of coverage longer than the carrier keeps "
                "messages."
            ),
            "DELETED": _("The carrier deleted the message before it could be delivered."),
        },
    ),
    **group(
        Category.RATE_LIMITED,
        TELL_TRY_LATER,
        NEXT_RETRY_LATER,
        {
            "IB:0008": _("The carrier's gateway throttled the traffic (flow control)."),
        },
    ),
    **group(
        Category.CARRIER,
        TELL_CARRIER,
        NEXT_TICKET,
        {
            "REJECTD": _("The carrier's gateway rejected the message."),
            "UNKNOWN": _("The carrier reported the message state as unknown."),
            "IC:0154": _INTERNAL,
            "MA:0054": _INTERNAL,
        },
    ),
}

CARRIER_PREFIXES: dict[str, Entry] = group(
    Category.CARRIER,
    TELL_CARRIER,
    NEXT_RETRY_LATER,
    {
        **dict.fromkeys(("MK:", "MN:", "MI:", "MA:", "IC:", "IB:", "DB:"), _UNDOCUMENTED["CMPP"]),
        "SGIP:": _UNDOCUMENTED["SGIP"],
        "SMGPERR:": _UNDOCUMENTED["SMGP"],
    },
)
