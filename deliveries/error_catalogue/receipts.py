"""Alibaba Cloud's receipt codes: ``ErrCode`` of QuerySendDetails, ``err_code`` of the receipt push.

Platform-side rejections (``isv.*``) are echoed in receipts too; those that only ever appear in
receipts are here, the ones an API call can return live in ``api.py``. The carrier's own raw
codes are in ``carrier.py``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from deliveries.error_catalogue.base import (
    NEXT_CHECK_AGAIN,
    NEXT_CONFIRM_RETRY,
    NEXT_CONSENT,
    NEXT_CONSOLE,
    NEXT_FIX_CONTENT,
    NEXT_FIX_NUMBER,
    NEXT_NO_RESEND_TODAY,
    NEXT_NONE,
    NEXT_RETRY_LATER,
    NEXT_TICKET,
    TELL_ACCOUNT,
    TELL_BLOCKED,
    TELL_CARRIER,
    TELL_CHECK_NUMBER,
    TELL_DELIVERED,
    TELL_HANDSET,
    TELL_INTERNATIONAL,
    TELL_OUR_SIDE,
    TELL_PENDING,
    TELL_PHONE_ON,
    TELL_WAIT_LIMIT,
    TELL_WRONG_NUMBER,
    Category,
    Entry,
    group,
)

_TERMINAL = _(
    "The phone could not take the message: storage or SIM full, or an unsupported device."
)

RECEIPT_CODES: dict[str, Entry] = {
    **group(
        Category.DELIVERED,
        TELL_DELIVERED,
        NEXT_NONE,
        {
            "DELIVERED": _("The message was delivered to the phone."),
        },
    ),
    **group(
        Category.NO_RECEIPT,
        TELL_PENDING,
        NEXT_CHECK_AGAIN,
        {
            "REQUEST_SUCCESS": _(
                "The request was accepted, but the carrier never sent a receipt; most often the "
                "cause lies with the recipient's phone or number."
            ),
        },
    ),
    **group(
        Category.NUMBER_PROBLEM,
        TELL_CHECK_NUMBER,
        NEXT_CONFIRM_RETRY,
        {
            "MOBILE_NOT_ON_SERVICE": _(
                "The number is out of service (suspended, unassigned, switched off or out of "
                "coverage)."
            ),
        },
    ),
    **group(
        Category.NUMBER_PROBLEM,
        TELL_WRONG_NUMBER,
        NEXT_FIX_NUMBER,
        {
            "INVALID_NUMBER": _("The number is malformed or its state is abnormal."),
        },
    ),
    **group(
        Category.NUMBER_PROBLEM,
        TELL_ACCOUNT,
        NEXT_CONFIRM_RETRY,
        {
            "MOBILE_ACCOUNT_ABNORMAL": _(
                "The subscriber's account is abnormal, for example unpaid, or the number was "
                "ported to another carrier."
            ),
        },
    ),
    **group(
        Category.NUMBER_PROBLEM,
        TELL_INTERNATIONAL,
        NEXT_CONFIRM_RETRY,
        {
            "SP_NOT_BY_INTER_SMS": _("The recipient has not enabled receiving international SMS."),
        },
    ),
    **group(
        Category.HANDSET_PROBLEM,
        TELL_HANDSET,
        NEXT_RETRY_LATER,
        {
            "MOBLLE_TERMINAL_ERROR": _TERMINAL,
            "MOBILE_TERMINAL_ERROR": _TERMINAL,
        },
    ),
    **group(
        Category.HANDSET_PROBLEM,
        TELL_PHONE_ON,
        NEXT_RETRY_LATER,
        {
            "EXPIRED": _(
                "The message expired in the carrier's queue: the phone was switched off or out "
                "of coverage for too long."
            ),
        },
    ),
    **group(
        Category.USER_BLOCKED,
        TELL_BLOCKED,
        NEXT_CONSENT,
        {
            "MOBILE_IN_BLACK": _(
                "The number is on a blacklist of the platform or carrier, usually because the "
                "user unsubscribed from this sender."
            ),
            "USER_REJECT": _(
                "The user refused messages from this sender, or the service is not enabled for "
                "them."
            ),
        },
    ),
    **group(
        Category.RATE_LIMITED,
        TELL_WAIT_LIMIT,
        NEXT_NO_RESEND_TODAY,
        {
            "MOBILE_SEND_LIMIT": _(
                "Too many messages were sent to this number: a daily or monthly cap, or the "
                "anti-abuse limit, was reached."
            ),
        },
    ),
    **group(
        Category.CONTENT_REJECTED,
        TELL_OUR_SIDE,
        NEXT_FIX_CONTENT,
        {
            "CONTENT_KEYWORD": _(
                "The carrier blocked the text because it contains risky or often-complained-about "
                "words."
            ),
            "CONTENT_ERROR": _(
                "A promotional message lacks the opt-out line (such as “reply R to unsubscribe”)."
            ),
            "isv.UNSUPPORTED_CONTENT": _(
                "The text contains unsupported characters, such as traditional Chinese, emoji or "
                "rare characters."
            ),
            "isv.SMS_CONTENT_MISMATCH_TEMPLATE_TYPE": _(
                "The text does not fit the template type, for example marketing text sent with a "
                "notification template."
            ),
        },
    ),
    **group(
        Category.REQUEST_PROBLEM,
        TELL_OUR_SIDE,
        NEXT_CONSOLE,
        {
            "PARAMS_ILLEGAL": _("The signature, content or number parameters were invalid."),
        },
    ),
    **group(
        Category.ACCOUNT_OR_CONFIG,
        TELL_OUR_SIDE,
        NEXT_CONSOLE,
        {
            "isv.ONE_CODE_MULTIPLE_SIGN": _("One extension code is used with several signatures."),
            "isv.CODE_EXCEED_LIMIT": _("The extension code quota is exhausted."),
            "isv.CODE_ERROR": _("The extension code cannot be used."),
            "PORT_NOT_REGISTERED": _(
                "The sending port has not completed the carrier's real-name (enterprise) filing."
            ),
            "isv.SIGN_SOURCE_ILLEGAL": _("The signature's source type is not supported."),
            "SIGNATURE_BLACKLIST": _("The SMS signature is blacklisted."),
        },
    ),
    **group(
        Category.CARRIER,
        TELL_CARRIER,
        NEXT_TICKET,
        {
            "SP_UNKNOWN_ERROR": _("The carrier reported an error without saying what it was."),
            "NO_ROUTE": _("No carrier channel is available for this content or scenario."),
        },
    ),
    **group(
        Category.CARRIER,
        TELL_CARRIER,
        NEXT_RETRY_LATER,
        {
            "IS_CLOSE": _(
                "The carrier channel was shut down; Alibaba Cloud removes such channels."
            ),
        },
    ),
}
