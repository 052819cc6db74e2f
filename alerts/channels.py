"""The channels, through apprise: DingTalk, WeCom and Feishu / Lark group robots, e-mail and a
generic JSON webhook, each stored as its apprise URL.

The URL holds the robot's token, the mailbox's password or the webhook's secret path, so it is
shown only ``masked`` (the kind and, for mail and webhooks, the host), and never logged: apprise
writes URLs and tokens into its messages (even a warning names a malformed token in full), so
its logger is switched off; a failed send is logged here by the channel's name only, and is a
``False``, not an exception carrying the URL.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import apprise
from django.utils.translation import gettext_lazy as _

# apprise schemes offered, and what the page calls them.
SCHEMES = {
    "dingtalk": _("DingTalk robot"),
    "wecombot": _("WeCom robot"),
    "feishu": _("Feishu robot"),
    "lark": _("Lark robot"),
    "mailto": _("E-mail"),
    "mailtos": _("E-mail"),
    "json": _("JSON webhook"),
    "jsons": _("JSON webhook"),
}
# Where the host is no secret (the robots' URLs are nothing but the token).
HOST_SHOWN = {"mailto", "mailtos", "json", "jsons"}
UNKNOWN_SCHEME = _(
    "Use a DingTalk (dingtalk://), WeCom (wecombot://), Feishu (feishu://), Lark (lark://), "
    "e-mail (mailto://, mailtos://) or JSON webhook (json://, jsons://) URL."
)
UNUSABLE = _("apprise cannot use this URL: check its parts against apprise's documentation.")

logging.getLogger("apprise").disabled = True
logger = logging.getLogger("alerts")


def scheme_of(url: str) -> str:
    return url.split("://", 1)[0].lower() if "://" in url else ""


def kind_label(url: str) -> str:
    return str(SCHEMES.get(scheme_of(url), scheme_of(url)))


def masked(url: str) -> str:
    """``json://hooks.example.com/…`` or ``dingtalk://…``: never a token, password or path."""
    scheme = scheme_of(url)
    if scheme in HOST_SHOWN:
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            host = ""
        return f"{scheme}://{host}/…" if host else f"{scheme}://…"
    return f"{scheme}://…"


def url_problem(url: str):
    """Why the URL cannot be a channel (a sentence), or None."""
    if scheme_of(url) not in SCHEMES:
        return UNKNOWN_SCHEME
    if apprise.Apprise.instantiate(url) is None:
        return UNUSABLE
    return None


def message_send(*, url: str, title: str, body: str, name: str = "") -> bool:
    """Send one message; True when apprise says it went."""
    notifier = apprise.Apprise()
    went = False
    if notifier.add(url):
        try:
            went = bool(notifier.notify(title=title, body=body))
        except Exception:  # a plugin's error may carry the URL: it goes nowhere
            went = False
    if not went:
        logger.warning("A notification to the %s channel %r failed", scheme_of(url), name)
    return went
