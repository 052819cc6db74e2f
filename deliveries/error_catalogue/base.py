"""The building blocks of the error catalogue: categories, entries, and advice shared by many codes.

Advice that fits many codes (what to tell the customer, what to do next) is written once here so
that the same situation always reads the same, in English and in Chinese.
"""

from __future__ import annotations

import enum
from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Category(enum.Enum):
    """What kind of problem a code stands for. The value doubles as a CSS-friendly slug."""

    DELIVERED = "delivered"
    NO_RECEIPT = "no_receipt"
    NUMBER_PROBLEM = "number_problem"
    HANDSET_PROBLEM = "handset_problem"
    USER_BLOCKED = "user_blocked"
    RATE_LIMITED = "rate_limited"
    CONTENT_REJECTED = "content_rejected"
    ACCOUNT_OR_CONFIG = "account_or_config"
    REQUEST_PROBLEM = "request_problem"
    CARRIER = "carrier"
    SERVICE_ERROR = "service_error"
    UNKNOWN = "unknown"

    @property
    def label(self) -> Promise:
        return _CATEGORY_LABELS[self]


_CATEGORY_LABELS = {
    Category.DELIVERED: _("Delivered"),
    Category.NO_RECEIPT: _("Waiting"),
    Category.NUMBER_PROBLEM: _("Number problem"),
    Category.HANDSET_PROBLEM: _("Phone problem"),
    Category.USER_BLOCKED: _("Blocked by the recipient"),
    Category.RATE_LIMITED: _("Sending limit reached"),
    Category.CONTENT_REJECTED: _("Content rejected"),
    Category.ACCOUNT_OR_CONFIG: _("Account or configuration"),
    Category.REQUEST_PROBLEM: _("Faulty request"),
    Category.CARRIER: _("Carrier problem"),
    Category.SERVICE_ERROR: _("Temporary service error"),
    Category.UNKNOWN: _("Unknown"),
}


class Entry(NamedTuple):
    category: Category
    meaning: Promise
    tell_customer: Promise
    next_step: Promise


def group(
    category: Category, tell_customer: Promise, next_step: Promise, meanings: dict[str, Promise]
) -> dict[str, Entry]:
    """Codes that share a category and advice, each with its own meaning."""
    return {
        code: Entry(category, meaning, tell_customer, next_step)
        for code, meaning in meanings.items()
    }


# --- What to tell the customer -----------------------------------------------------------------
TELL_DELIVERED = _(
    "The message reached your phone. Please look in your inbox and in any spam or "
    "blocked-messages folder."
)
TELL_PENDING = _("Your carrier has not confirmed delivery yet. Please wait a moment.")
TELL_CHECK_NUMBER = _("Please check the number, and that the phone is on and has signal.")
TELL_WRONG_NUMBER = _("Please check that the number you gave us is correct and complete.")
TELL_PHONE_ON = _("Please make sure your phone is switched on and has signal.")
TELL_HANDSET = _(
    "Please check your phone: free some storage, delete old messages, restart it and check "
    "the SIM card."
)
TELL_ACCOUNT = _(
    "Please check with your carrier that your mobile account is active and paid up, "
    "especially if you recently changed carrier."
)
TELL_BLOCKED = _(
    "Messages from us seem to be blocked for your number. If you want them, please check "
    "your phone's blocked senders or ask your carrier."
)
TELL_INTERNATIONAL = _(
    "Your number cannot receive messages from abroad. Please ask your carrier to enable "
    "international SMS, or give us another number."
)
TELL_WAIT_LIMIT = _(
    "Too many messages were sent to your number in a short time. Please wait before asking "
    "for a new one."
)
TELL_OUR_SIDE = _(
    "The problem is on our side, not with your phone. We are fixing it; please try again later."
)
TELL_TRY_LATER = _("The message could not be delivered just now. Please try again shortly.")
TELL_CARRIER = _("Your mobile carrier did not deliver the message. Please try again later.")
TELL_DASHBOARD = _(
    "Nothing yet: this error concerns our access to the delivery records, not the "
    "customer's message."
)
TELL_UNKNOWN = _("We could not confirm delivery. Please tell us if the message did not arrive.")

# --- What support does next ----------------------------------------------------------------------
NEXT_NONE = _("No action needed.")
NEXT_CHECK_AGAIN = _("Check again in a few minutes; the receipt usually follows quickly.")
NEXT_CONFIRM_RETRY = _("Confirm the number with the customer; if it is right, try again later.")
NEXT_FIX_NUMBER = _("Correct the number in the customer's record before sending again.")
NEXT_RETRY_LATER = _("Send again later. If it keeps failing, escalate with the code.")
NEXT_NO_RESEND_TODAY = _("Do not resend now; wait at least 24 hours.")
NEXT_WAIT_MINUTES = _(
    "Wait before sending again: verification codes to one number are limited per minute, "
    "hour and day."
)
NEXT_CONSENT = _("Do not resend until the customer confirms they want these messages.")
NEXT_CONSOLE = _(
    "Escalate to the administrator of the Alibaba Cloud SMS account; it needs a fix in the "
    "console (account, signature or template)."
)
NEXT_FIX_CONTENT = _(
    "Ask the template owner to revise the text; the same text will be rejected again."
)
NEXT_DEVELOPER = _("Report it to the developers: the sending software made a faulty request.")
NEXT_DASHBOARD_KEYS = _("Ask the administrator to check the dashboard's AccessKey settings.")
NEXT_CLOCK = _("Ask the administrator to synchronise the server clock (for example with NTP).")
NEXT_REFRESH_LATER = _(
    "Wait a few seconds, then refresh; all keys of the account share one query rate."
)
NEXT_TICKET = _(
    "Open a ticket with Alibaba Cloud quoting the code, the phone number and the send time."
)
NEXT_UNKNOWN = _(
    "If this code keeps appearing, ask Alibaba Cloud support what it means, quoting it exactly."
)
