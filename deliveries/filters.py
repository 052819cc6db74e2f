"""The search form: validation only; what it yields is a ``RecordSearch`` and ``RecordFilters``.

It checks what the agent typed (phone normalised through ``phones``, the dates inside the
service's 30-day window, a BizId a BizId can be) so that a bad search shows a form error and
costs no call upstream. Its messages are its own, in the page's language: the client's
validation (dysms/validation.py) knows no Django and speaks English, for the logs; the form
keeps the client's rules (the window, the BizId's shape) and says them itself.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from core.accounts import configured_accounts
from deliveries.catalogue import EMPTY_CATALOGUE
from deliveries.phone_lists import MAX_PHONES, InvalidPhones, normalise_phones
from deliveries.phones import PHONE_REQUIRED, InvalidPhone
from deliveries.record_search import RecordFilters, RecordSearch
from dysms.errors import InvalidQuery
from dysms.validation import MAX_BIZ_ID_LENGTH, SEND_DATE_WINDOW_DAYS, validate_biz_id
from dysms.values import SendStatus

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y%m%d"]
DATE_INVALID = gettext_noop("Enter the date as YYYY-MM-DD (or yyyyMMdd).")
DATE_IN_FUTURE = gettext_noop("The send date cannot be in the future.")
DATE_TOO_OLD = gettext_noop(
    "Records are kept for {days} days only: choose a date from {oldest} to {today}."
)
DATE_TO_BEFORE_DATE = gettext_noop("The last day comes before the first day.")
BIZ_ID_INVALID = gettext_noop("A BizId holds digits and ^ only, like 900619746936498440^0.")
BIZ_ID_TOO_LONG = gettext_noop("The BizId is at most 64 characters long.")
BIZ_ID_ONE_NUMBER = gettext_noop("A BizId names one message: search one number with it.")
PHONES_HELP = gettext_noop("Several? Separate them with commas (up to {limit}).")
STATUS_INVALID = gettext_noop("Choose a status from the list.")
ACCOUNT_INVALID = gettext_noop("Choose an account from the list.")
TIME_INVALID = gettext_noop("Enter a time of day such as 14:05.")
TIME_TO_BEFORE_TIME_FROM = gettext_noop("The end time is before the start time.")
STATUS_CHOICES = (
    ("delivered", _("Delivered")),
    ("failed", _("Failed")),
    ("waiting", _("Waiting")),
)
PER_PAGE_CHOICES = (10, 20, 50)
DEFAULT_PER_PAGE = 50
_COMPACT_DATE = re.compile(r"\d{8}")


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": _(DATE_INVALID)},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _time_field(label) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        input_formats=["%H:%M", "%H:%M:%S", "%H%M"],
        error_messages={"invalid": _(TIME_INVALID)},
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )


def _code_field(label, *, options: str = "", max_length: int | None = None) -> forms.CharField:
    """A code typed as it is; with ``options``, the id of the ``<datalist>`` it picks from."""
    attrs = {"autocomplete": "off", "spellcheck": "false", **({"list": options} if options else {})}
    widget = forms.TextInput(attrs=attrs)
    return forms.CharField(label=label, required=False, max_length=max_length, widget=widget)


class SearchForm(forms.Form):
    # One number, or several (deliveries.phone_lists says how the text is cut).
    phone = forms.CharField(
        label=_("Phone number"),
        help_text=format_lazy(_(PHONES_HELP), limit=MAX_PHONES),
        error_messages={"required": _(PHONE_REQUIRED)},
        widget=forms.TextInput(
            attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off", "autofocus": True}
        ),
    )
    date = _date_field(_("Date"))
    date_to = _date_field(_("To (optional)"))
    biz_id = _code_field(_("BizId (optional)"))
    # Narrow the whole result (every day, before paging and the summary), not one page.
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any")), *STATUS_CHOICES],
        error_messages={"invalid_choice": _(STATUS_INVALID)},
    )
    # Picked from the account's templates ("name (SMS_code)") or typed in part (catalogue).
    template = _code_field(_("Template"), options="template-options", max_length=200)
    sign = _code_field(_("Sign"), options="sign-options", max_length=100)
    # A time of day (China time) on every day of the search: "the code I asked for at 14:05".
    time_from = _time_field(_("From (time of day)"))
    time_to = _time_field(_("Until (time of day)"))
    # Which Alibaba Cloud account: all of them unless one is chosen (core.accounts).
    account = forms.ChoiceField(
        label=_("Account"),
        required=False,
        error_messages={"invalid_choice": _(ACCOUNT_INVALID)},
    )
    q = forms.CharField(
        label=_("Text in the content"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    # Not a filter: how many rows a page of the table shows. Anything else means the default.
    per_page = forms.CharField(
        label=_("Rows per page"),
        required=False,
        widget=forms.Select(choices=[(str(n), str(n)) for n in PER_PAGE_CHOICES]),
    )

    def __init__(self, data=None, *, today: date | None = None, catalogue=EMPTY_CATALOGUE):
        self.today = today or timezone.localdate()
        self.catalogue = catalogue  # the pickers' options (the stored lists)
        super().__init__(None if data is None else self._filled(data))
        accounts = configured_accounts()
        self.fields["account"].choices = [
            ("", _("All accounts")),
            *((account.name, account.label) for account in accounts),
        ]
        self.several_accounts = len(accounts) > 1
        if self.is_bound:
            # A page of results (or of errors) starts at its top, not in the phone field: the
            # skip link is the first Tab, and a screen reader reads the summary first.
            self.fields["phone"].widget.attrs.pop("autofocus", None)

    def _filled(self, data):
        """The date defaults to today; compact dates are shown as the date picker writes them."""
        data = data.copy()
        day = (data.get("date") or "").strip()
        data["date"] = _dashed(day) if day else self.today.isoformat()
        if not data.get("per_page"):
            data["per_page"] = str(DEFAULT_PER_PAGE)  # the page-size menu shows what is used
        if data.get("date_to"):
            data["date_to"] = _dashed(data["date_to"].strip())
        return data

    def clean_phone(self) -> tuple[str, ...]:
        """The numbers, normalised; every bad one named in its own message."""
        try:
            return normalise_phones(self.cleaned_data["phone"])
        except InvalidPhone as error:
            raise forms.ValidationError(gettext(error.message)) from None
        except InvalidPhones as error:
            raise forms.ValidationError(
                [
                    gettext(one.message).format(limit=MAX_PHONES, **vars(one))
                    for one in error.problems
                ]
            ) from None

    def clean_date(self) -> date:
        return self._in_window(self.cleaned_data["date"] or self.today)

    def clean_date_to(self) -> date | None:
        day = self.cleaned_data.get("date_to")
        return None if day is None else self._in_window(day)

    def _in_window(self, day: date) -> date:
        """The service's window (dysms.validation): today (China time) and the 29 days before."""
        oldest = self.today - timedelta(days=SEND_DATE_WINDOW_DAYS - 1)
        if day > self.today:
            raise forms.ValidationError(gettext(DATE_IN_FUTURE))
        if day < oldest:
            too_old = gettext(DATE_TOO_OLD)
            raise forms.ValidationError(
                too_old.format(days=SEND_DATE_WINDOW_DAYS, oldest=oldest, today=self.today)
            )
        return day

    def clean_biz_id(self) -> str:
        value = self.cleaned_data["biz_id"].strip()
        if not value:
            return ""
        if len(value) > MAX_BIZ_ID_LENGTH:
            raise forms.ValidationError(gettext(BIZ_ID_TOO_LONG))
        if len(self.cleaned_data.get("phone") or ()) > 1:
            raise forms.ValidationError(gettext(BIZ_ID_ONE_NUMBER))
        try:
            return validate_biz_id(value)
        except InvalidQuery:
            raise forms.ValidationError(gettext(BIZ_ID_INVALID)) from None

    def clean_per_page(self) -> int:
        value = self.cleaned_data["per_page"].strip()
        return int(value) if value in {str(n) for n in PER_PAGE_CHOICES} else DEFAULT_PER_PAGE

    def clean(self) -> dict:
        cleaned = super().clean()
        first, last = cleaned.get("date"), cleaned.get("date_to")
        if first is not None and last is not None and last < first:
            self.add_error("date_to", gettext(DATE_TO_BEFORE_DATE))
        since, until = cleaned.get("time_from"), cleaned.get("time_to")
        if since is not None and until is not None and until < since:
            self.add_error("time_to", gettext(TIME_TO_BEFORE_TIME_FROM))
        return cleaned

    @property
    def search(self) -> RecordSearch:
        """The validated search (after ``is_valid``)."""
        cleaned = self.cleaned_data
        first = cleaned["date"]
        last = cleaned.get("date_to") or first
        chosen = cleaned.get("account")
        accounts = (chosen,) if chosen else tuple(one.name for one in configured_accounts())
        return RecordSearch(
            phone=cleaned["phone"][0],
            phones=cleaned["phone"],
            first=first,
            last=last,
            biz_id=cleaned["biz_id"],
            accounts=accounts,
        )

    @property
    def filters(self) -> RecordFilters:
        """The validated filters (after ``is_valid``)."""
        cleaned = self.cleaned_data
        status = cleaned.get("status")
        return RecordFilters(
            status=SendStatus[status.upper()] if status else None,
            template=cleaned.get("template") or "",
            sign=cleaned.get("sign") or "",
            text=cleaned.get("q") or "",
            time_from=cleaned.get("time_from"),
            time_to=cleaned.get("time_to"),
        )

    @property
    def rows_per_page(self) -> int:
        """The page size (after ``is_valid``); the field of that name is ``per_page``."""
        return self.cleaned_data.get("per_page") or DEFAULT_PER_PAGE


def _dashed(day: str) -> str:
    return f"{day[:4]}-{day[4:6]}-{day[6:]}" if _COMPACT_DATE.fullmatch(day) else day


def quick_ranges(today: date) -> list[tuple[str, date, date]]:
    """The ranges offered as one-click links: (label, first day, last day)."""
    return [
        (_("Today"), today, today),
        (_("Yesterday"), today - timedelta(days=1), today - timedelta(days=1)),
        (_("Last 7 days"), today - timedelta(days=6), today),
        (_("Last 30 days"), today - timedelta(days=29), today),
    ]
