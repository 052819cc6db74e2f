"""The All sends page's form (``/sends/``): validation only; it yields a ``SendsQuery``.

The window is two ``datetime-local`` inputs in China time, to the minute. Left empty, it is the
last 24 hours: Support opens this page for "what failed since yesterday evening" as often as
for "what failed in the last hour" (one click, a quick choice), and a day covers the night a
customer complains about the next morning without reaching into last week. A window is at most
``MAX_WINDOW_DAYS`` long, so a page's count and its template or sign filters (one indexed
lookup of the stored records per receipt) stay cheap; receipts are kept as long as the records
(``RECORDS_RETENTION_DAYS``, 30 days by default), so 31 days holds all there is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from core.accounts import configured_accounts
from rates.places import carrier_choices, region_choices

MAX_WINDOW_DAYS = 31
DEFAULT_WINDOW = timedelta(hours=24)
INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
WHEN_INVALID = gettext_noop("Enter a date and time such as 2026-12-01 14:05.")
SINCE_IN_FUTURE = gettext_noop("The start of the window cannot be in the future.")
UNTIL_BEFORE_SINCE = gettext_noop("The end of the window comes before its start.")
WINDOW_TOO_LONG = gettext_noop("A window is at most {days} days long: choose a shorter one.")
CHOICE_INVALID = gettext_noop("Choose from the list.")
CODE_TOO_LONG = gettext_noop("At most {length} characters.")
STATUS_CHOICES = (("failed", _("Failed")), ("delivered", _("Delivered")))
PER_PAGE = 50


@dataclass(frozen=True)
class SendsQuery:
    """What the page lists: sends from ``since`` to ``until`` (both aware, ``until`` the end of
    its minute), narrowed by outcome, error code, accounts, template and sign."""

    since: datetime
    until: datetime
    accounts: tuple[str, ...]
    success: bool | None = None
    error_code: str = ""
    template: str = ""
    sign: str = ""
    # rates.places keys, as the receipts keep them: a carrier, a province or an ISO region.
    carrier: str = ""
    region: str = ""

    def audited(self) -> dict[str, str]:
        """The filters as the audit trail keeps them (times in China time, to the minute)."""
        local = timezone.get_current_timezone()
        status = {None: "", True: "Delivered", False: "Failed"}[self.success]
        return {
            "since": f"{self.since.astimezone(local):%Y-%m-%d %H:%M}",
            "until": f"{self.until.astimezone(local):%Y-%m-%d %H:%M}",
            "status": status,
            "error_code": self.error_code,
            "template": self.template,
            "sign": self.sign,
            "carrier": self.carrier,
            "region": self.region,
        }


def _when_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        input_formats=INPUT_FORMATS,
        error_messages={"invalid": _(WHEN_INVALID)},
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def _code_field(label, max_length: int) -> forms.CharField:
    widget = forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})
    too_long = format_lazy(_(CODE_TOO_LONG), length=max_length)
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=widget,
        error_messages={"max_length": too_long},
    )


def _choice_field(label) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, required=False, error_messages={"invalid_choice": _(CHOICE_INVALID)}
    )


class SendsForm(forms.Form):
    since = _when_field(_("From (date and time)"))
    until = _when_field(_("Until (date and time)"))
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any")), *STATUS_CHOICES],
        error_messages={"invalid_choice": _(CHOICE_INVALID)},
    )
    error_code = _code_field(_("Error code"), 64)
    account = _choice_field(_("Account"))
    template = _code_field(_("Template"), 100)
    sign = _code_field(_("Sign"), 100)
    carrier = _choice_field(_("Carrier"))
    region = _choice_field(_("Province or country"))

    def __init__(self, data=None, *, now: datetime | None = None):
        self.now = now or timezone.now()
        super().__init__(data if data is not None else {})
        accounts = configured_accounts()
        self.fields["account"].choices = [
            ("", _("All accounts")),
            *((account.name, account.label) for account in accounts),
        ]
        self.several_accounts = len(accounts) > 1
        self.fields["carrier"].choices = [
            ("", _("Any")),
            *carrier_choices(self.data.get("carrier")),
        ]
        self.fields["region"].choices = [("", _("Any")), *region_choices()]

    def clean_since(self) -> datetime:
        since = self.cleaned_data["since"] or _minute(self.now - DEFAULT_WINDOW)
        if since > self.now:
            raise forms.ValidationError(gettext(SINCE_IN_FUTURE))
        return since

    def clean_until(self) -> datetime:
        until = self.cleaned_data["until"]
        # "Until 14:05" includes 14:05:59, as the search page's time of day does.
        return until.replace(second=59, microsecond=999999) if until else self.now

    def clean(self) -> dict:
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since is None or until is None:
            return cleaned
        if until < since:
            self.add_error("until", gettext(UNTIL_BEFORE_SINCE))
        elif until - since > timedelta(days=MAX_WINDOW_DAYS):
            # Next to the field typed: a start long ago without an end is the start's error.
            typed = "until" if self.data.get("until") else "since"
            self.add_error(typed, gettext(WINDOW_TOO_LONG).format(days=MAX_WINDOW_DAYS))
        return cleaned

    @property
    def query(self) -> SendsQuery:
        """The validated query (after ``is_valid``)."""
        cleaned = self.cleaned_data
        chosen = cleaned.get("account")
        accounts = (chosen,) if chosen else tuple(one.name for one in configured_accounts())
        status = cleaned.get("status")
        return SendsQuery(
            since=cleaned["since"],
            until=cleaned["until"],
            accounts=accounts,
            success=None if not status else status == "delivered",
            error_code=cleaned.get("error_code", "").strip(),
            template=cleaned.get("template", "").strip(),
            sign=cleaned.get("sign", "").strip().strip("【】"),
            carrier=cleaned.get("carrier", ""),
            region=cleaned.get("region", ""),
        )


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)
