"""Codes an API call can answer with: the gateway's common errors and Dysmsapi's own.

The dashboard meets these in two ways: as the answer to its own ``QuerySendDetails`` calls
(credentials, clock, throttling), and as ``isv.*`` rejections echoed in a record's receipt.
Gateway codes are CamelCase and partly templated (``Missing{Param}``), hence ``API_PATTERNS``.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from deliveries.error_catalogue.base import (
    NEXT_CHECK_AGAIN,
    NEXT_CLOCK,
    NEXT_CONSOLE,
    NEXT_DASHBOARD_KEYS,
    NEXT_DEVELOPER,
    NEXT_FIX_CONTENT,
    NEXT_FIX_NUMBER,
    NEXT_REFRESH_LATER,
    NEXT_RETRY_LATER,
    NEXT_WAIT_MINUTES,
    TELL_DASHBOARD,
    TELL_OUR_SIDE,
    TELL_PENDING,
    TELL_TRY_LATER,
    TELL_WAIT_LIMIT,
    TELL_WRONG_NUMBER,
    Category,
    Entry,
    group,
)

_SIGN_OR_TEMPLATE_APPLICATION = _(
    "A signature or template application was refused (a limit or a naming or file rule); "
    "this does not affect sending."
)
_PRODUCT_OFF = _("The SMS service, or this part of it, is not enabled for the account.")
_THROTTLED = _("Too many API requests in a short time: the account or the API is throttled.")

API_CODES: dict[str, Entry] = {
    **group(
        Category.NO_RECEIPT,
        TELL_PENDING,
        NEXT_CHECK_AGAIN,
        {
            "OK": _("The request succeeded; the delivery receipt follows separately."),
        },
    ),
    # The dashboard's own access to the records.
    **group(
        Category.ACCOUNT_OR_CONFIG,
        TELL_DASHBOARD,
        NEXT_DASHBOARD_KEYS,
        {
            "SignatureDoesNotMatch": _(
                "The request signature was not accepted: usually a wrong AccessKey secret."
            ),
            "IncompleteSignature": _("The request's signature parameters are incomplete."),
            "InvalidAccessKeyId.NotFound": _("The AccessKey ID does not exist."),
            "InvalidAccessKeyId.Inactive": _("The AccessKey is disabled."),
            "Forbidden.RAM": _("The AccessKey's RAM user is not authorised for this action."),
            "isp.RAM_PERMISSION_DENY": _(
                "The AccessKey's RAM user lacks SMS permissions (such as dysms:QuerySendDetails)."
            ),
            "SDK.InvalidCredential": _("The configured credentials are missing or unusable."),
        },
    ),
    **group(
        Category.REQUEST_PROBLEM,
        TELL_DASHBOARD,
        NEXT_CLOCK,
        {
            "InvalidTimeStamp.Expired": _(
                "The server clock differs from Alibaba Cloud's by more than 15 minutes."
            ),
        },
    ),
    **group(
        Category.REQUEST_PROBLEM,
        TELL_DASHBOARD,
        NEXT_DEVELOPER,
        {
            "InvalidTimeStamp.Format": _("The request's timestamp is not in the required format."),
            "SignatureNonceUsed": _("The request reused a one-time nonce."),
            "InvalidSignatureMethod": _("The request names an unsupported signature method."),
            "UnsupportedHTTPMethod": _("The request used an unsupported HTTP method."),
            "InvalidParameter.Format": _("The response format asked for is neither JSON nor XML."),
            "InvalidApi.NotFound": _("The API action name is wrong."),
            "InvalidAction.NotFound": _("The API action name is wrong."),
            "InvalidVersion": _("The API version is wrong; it must be 2017-05-25."),
            "SDK.EndpointResolvingError": _("The service address could not be determined."),
        },
    ),
    **group(
        Category.RATE_LIMITED,
        TELL_DASHBOARD,
        NEXT_REFRESH_LATER,
        {
            "Throttling": _THROTTLED,
            "Throttling.User": _THROTTLED,
            "Throttling.Api": _THROTTLED,
        },
    ),
    **group(
        Category.SERVICE_ERROR,
        TELL_TRY_LATER,
        NEXT_RETRY_LATER,
        {
            "InternalError": _("Alibaba Cloud had an internal error."),
            "ServiceUnavailable": _("The service is temporarily unavailable."),
            "UnknownError": _("Alibaba Cloud reported an unspecified error."),
            "isp.SYSTEM_ERROR": _("The SMS platform had a system error."),
            "SDK.HttpError": _("The network connection to Alibaba Cloud failed."),
            "SDK.UnknownServerError": _("Alibaba Cloud's answer could not be read."),
        },
    ),
    # Sending rejected by the platform.
    **group(
        Category.RATE_LIMITED,
        TELL_WAIT_LIMIT,
        NEXT_WAIT_MINUTES,
        {
            "isv.BUSINESS_LIMIT_CONTROL": _(
                "Too many messages to this number in a short time (by default one verification "
                "code a minute, five an hour, ten a day)."
            ),
        },
    ),
    **group(
        Category.RATE_LIMITED,
        TELL_OUR_SIDE,
        NEXT_CONSOLE,
        {
            "isv.DAY_LIMIT_CONTROL": _(
                "The account's daily sending quota (set in the console) is used up."
            ),
            "isv.MONTH_LIMIT_CONTROL": _(
                "The account's monthly sending quota (set in the console) is used up."
            ),
        },
    ),
    **group(
        Category.ACCOUNT_OR_CONFIG,
        TELL_OUR_SIDE,
        NEXT_CONSOLE,
        {
            "isv.SMS_SIGNATURE_SCENE_ILLEGAL": _(
                "The signature's type does not fit the template's type (a verification-code "
                "signature can only send verification codes)."
            ),
            "isv.EXTEND_CODE_ERROR": _("One extension code is being used by different signatures."),
            "isv.SIGN_STATE_ILLEGAL": _("The SMS signature is currently unusable."),
            "isv.SMS_SIGN_ILLEGAL": _("The SMS signature is forbidden."),
            "isv.SMS_SIGNATURE_ILLEGAL": _(
                "The SMS signature does not exist, is not approved, or belongs to another account."
            ),
            "isv.SMS_TEMPLATE_ILLEGAL": _("The SMS template does not exist or is not approved."),
            "isv.DENY_IP_RANGE": _(
                "The request came from an address outside mainland China, which is blocked for "
                "domestic SMS."
            ),
            "isv.OUT_OF_SERVICE": _(
                "The account is suspended for lack of balance; even prepaid packages cannot be "
                "used."
            ),
            "isv.AMOUNT_NOT_ENOUGH": _("The account balance is insufficient."),
            "isv.PRODUCT_UN_SUBSCRIPT": _PRODUCT_OFF,
            "isv.PRODUCT_UNSUBSCRIBE": _PRODUCT_OFF,
            "isv.ACCOUNT_NOT_EXISTS": _(
                "The account does not exist, or a wrong AccessKey was used."
            ),
            "isv.ACCOUNT_ABNORMAL": _("The Alibaba Cloud account is in an abnormal state."),
            **dict.fromkeys(
                (
                    "isv.SIGN_COUNT_OVER_LIMIT",
                    "isv.TEMPLATE_COUNT_OVER_LIMIT",
                    "isv.SIGN_NAME_ILLEGAL",
                    "isv.SIGN_FILE_LIMIT",
                    "isv.SIGN_OVER_LIMIT",
                    "isv.TEMPLATE_OVER_LIMIT",
                ),
                _SIGN_OR_TEMPLATE_APPLICATION,
            ),
        },
    ),
    **group(
        Category.CONTENT_REJECTED,
        TELL_OUR_SIDE,
        NEXT_FIX_CONTENT,
        {
            "isv.SMS_CONTENT_ILLEGAL": _("The text contains forbidden content."),
            "isv.BLACK_KEY_CONTROL_LIMIT": _(
                "A template variable contains blacklisted content, such as a link."
            ),
            "isv.PARAM_NOT_SUPPORT_URL": _(
                "A template variable contains a link, which is not allowed."
            ),
            "isv.TEMPLATE_PARAMS_ILLEGAL": _("A template variable contains a forbidden word."),
        },
    ),
    **group(
        Category.NUMBER_PROBLEM,
        TELL_WRONG_NUMBER,
        NEXT_FIX_NUMBER,
        {
            "isv.MOBILE_NUMBER_ILLEGAL": _("The phone number is not in a valid format."),
        },
    ),
    **group(
        Category.REQUEST_PROBLEM,
        TELL_OUR_SIDE,
        NEXT_DEVELOPER,
        {
            "isv.INVALID_PARAMETERS": _("A request parameter has the wrong format."),
            "isv.MOBILE_COUNT_OVER_LIMIT": _("Too many phone numbers in one request."),
            "isv.TEMPLATE_MISSING_PARAMETERS": _("Not every template variable was given a value."),
            "isv.INVALID_JSON_PARAM": _(
                "The template variables are not valid JSON, or a value is not a string."
            ),
            "isv.PARAM_LENGTH_LIMIT": _("A template variable is too long."),
            "isv.DOMESTIC_NUMBER_NOT_SUPPORTED": _(
                "An international template cannot send to a mainland China number."
            ),
        },
    ),
}

# Gateway codes built from a parameter name, matched case-sensitively on the code as given.
API_PATTERNS: list[tuple[re.Pattern[str], Entry]] = [
    (
        re.compile(r"^Missing[A-Z]"),
        Entry(
            Category.REQUEST_PROBLEM,
            _("A required request parameter is missing."),
            TELL_DASHBOARD,
            NEXT_DEVELOPER,
        ),
    ),
    (
        re.compile(r"^Invalid[A-Z]"),
        Entry(
            Category.REQUEST_PROBLEM,
            _("A request parameter has an invalid value."),
            TELL_DASHBOARD,
            NEXT_DEVELOPER,
        ),
    ),
    (
        re.compile(r"^Throttling\."),
        Entry(Category.RATE_LIMITED, _THROTTLED, TELL_DASHBOARD, NEXT_REFRESH_LATER),
    ),
]
