"""The text of a notification: the rule, the figures that broke it (or show it mended), the
period and an absolute link to the page that shows it. Built from a ``Reading``, whose figures
are counts and rates only: never a phone number, never a message's content."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from alerts.readings import Reading


@dataclass(frozen=True)
class Message:
    title: str
    body: str


def alert_message(*, rule_name: str, event: str, reading: Reading) -> Message:
    local = timezone.get_current_timezone()
    since = f"{reading.since.astimezone(local):%Y-%m-%d %H:%M}"
    period = f"{since} – {reading.until.astimezone(local):%H:%M}"
    titles = {
        "firing": _("[%(site)s] Alert firing: %(rule)s"),
        "reminder": _("[%(site)s] Still firing: %(rule)s"),
        "resolved": _("[%(site)s] Recovered: %(rule)s"),
    }
    title = titles[event] % {"site": _("SMS deliveries"), "rule": rule_name}
    lines = [
        _("Rule: %(rule)s") % {"rule": rule_name},
        _("Figures: %(summary)s") % {"summary": reading.summary},
        _("Period (China time): %(period)s") % {"period": period},
        _("Details: %(link)s") % {"link": settings.ALERTS_SITE_ADDRESS + reading.link},
    ]
    return Message(title=title, body="\n".join(lines))


def turned_off_message(*, rule_name: str, deleted: bool, summary: str) -> Message:
    """A firing rule turned off (or deleted) by a manager: its channels were told it fired and
    would otherwise wait for a recovery that never comes."""
    title = _("[%(site)s] Turned off while firing: %(rule)s")
    said = (
        _("A manager deleted the rule while it was firing: it will not say whether it recovers.")
        if deleted
        else _(
            "A manager turned the rule off while it was firing: it will not say whether it "
            "recovers until it is turned on again."
        )
    )
    lines = [
        _("Rule: %(rule)s") % {"rule": rule_name},
        said,
        _("Figures: %(summary)s") % {"summary": summary},
        _("Details: %(link)s") % {"link": settings.ALERTS_SITE_ADDRESS + "/alerts/"},
    ]
    return Message(
        title=title % {"site": _("SMS deliveries"), "rule": rule_name}, body="\n".join(lines)
    )


def channel_test_message() -> Message:
    return Message(
        title=_("[%(site)s] Test message") % {"site": _("SMS deliveries")},
        body=_("This channel receives the alerts of %(link)s")
        % {"link": settings.ALERTS_SITE_ADDRESS + "/alerts/"},
    )
