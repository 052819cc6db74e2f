"""The GET form of the delivery-rates page: period, globe, template type, sign name, account.

Every message is the form's own, in the page's language (the client's validation speaks
English, for the logs). A valid form yields a ``StatisticsFilter``.
"""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from core.accounts import configured_accounts
from rates.models import Globe, TemplateType
from rates.services import StatisticsFilter

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y%m%d"]
GLOBE_CHOICES = [
    ("domestic", _("Domestic (mainland China)")),
    ("international", _("International")),
]
GLOBE_VALUES = {"domestic": Globe.DOMESTIC, "international": Globe.INTERNATIONAL}
TEMPLATE_TYPE_CHOICES = [("", _("All types"))] + [
    (str(value), label) for value, label in TemplateType.choices if value != TemplateType.ALL
]
QUICK_PERIODS = (7, 30)
# How a period that ends today is compared with the one before: today is not over, so by
# default only its complete days are (a partial day against whole ones reads as a drop).
COMPLETE_DAYS, WITH_TODAY = "complete", "with-today"
COMPARE_CHOICES = [
    (COMPLETE_DAYS, _("Complete days only")),
    (WITH_TODAY, _("Including today so far")),
]

# Constants stay in English for the tests; the form shows them in the active language.
FUTURE_DAY = gettext_noop("A future date cannot be chosen.")
TOO_OLD = gettext_noop("Pick a day within the last {days} days.")
END_BEFORE_START = gettext_noop("The last day cannot be before the first day.")
SIGN_NAME_INVALID = gettext_noop("Type the signature name as plain text (at most 100 characters).")
DATE_INVALID = gettext_noop("Enter the date as YYYY-MM-DD (or yyyyMMdd).")
GLOBE_INVALID = gettext_noop("Choose a region from the list.")
TEMPLATE_TYPE_INVALID = gettext_noop("Choose a template type from the list.")
ACCOUNT_INVALID = gettext_noop("Choose an account from the list.")
COMPARE_INVALID = gettext_noop("Choose how to compare from the list.")


def default_period(today: date, days: int = 7) -> tuple[date, date]:
    return today - timedelta(days=days - 1), today


_DATE_ERRORS = {"invalid": _(DATE_INVALID), "required": _(DATE_INVALID)}


class StatsForm(forms.Form):
    date = forms.DateField(
        label=_("First day"), input_formats=DATE_INPUT_FORMATS, error_messages=_DATE_ERRORS
    )
    date_to = forms.DateField(
        label=_("Last day"), input_formats=DATE_INPUT_FORMATS, error_messages=_DATE_ERRORS
    )
    globe = forms.ChoiceField(
        label=_("Region"),
        choices=GLOBE_CHOICES,
        error_messages={"invalid_choice": _(GLOBE_INVALID), "required": _(GLOBE_INVALID)},
    )
    template_type = forms.ChoiceField(
        label=_("Template type"),
        choices=TEMPLATE_TYPE_CHOICES,
        required=False,
        error_messages={"invalid_choice": _(TEMPLATE_TYPE_INVALID)},
    )
    sign_name = forms.CharField(
        label=_("Sign name"),
        max_length=100,
        required=False,
        error_messages={"max_length": _(SIGN_NAME_INVALID)},
    )
    # Which Alibaba Cloud account: all of them unless one is chosen (core.accounts). With one
    # account there is no such field (``account=`` is ignored, as before accounts).
    account = forms.ChoiceField(
        label=_("Account"),
        required=False,
        error_messages={"invalid_choice": _(ACCOUNT_INVALID)},
    )
    compare = forms.ChoiceField(
        label=_("Compare"),
        choices=COMPARE_CHOICES,
        required=False,
        error_messages={"invalid_choice": _(COMPARE_INVALID)},
    )
    # The day whose numbers are shown (a click in the chart or table); a bad value is ignored.
    day = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data, *, today: date):
        self.today = today
        start, end = default_period(today)
        filled = {"date": start.isoformat(), "date_to": end.isoformat(), "globe": "domestic"}
        filled.update({key: value for key, value in data.items() if value != ""})
        super().__init__(filled)
        accounts = configured_accounts()
        self.account_names = tuple(account.name for account in accounts)
        self.fields["account"].choices = [
            ("", _("All accounts")),
            *((account.name, account.label) for account in accounts),
        ]
        self.several_accounts = len(accounts) > 1
        if not self.several_accounts:
            del self.fields["account"]  # the page of one account is as it always was

    @property
    def earliest(self) -> date:
        return self.today - timedelta(days=settings.STATS_MAX_DAYS - 1)

    def _clean_day(self, name: str) -> date:
        value = self.cleaned_data[name]
        if value > self.today:
            raise forms.ValidationError(gettext(FUTURE_DAY))
        if value < self.earliest:
            raise forms.ValidationError(gettext(TOO_OLD).format(days=settings.STATS_MAX_DAYS))
        return value

    def clean_date(self) -> date:
        return self._clean_day("date")

    def clean_date_to(self) -> date:
        return self._clean_day("date_to")

    def clean_day(self) -> date | None:
        try:
            return forms.DateField(input_formats=DATE_INPUT_FORMATS).clean(self.cleaned_data["day"])
        except forms.ValidationError:
            return None

    def clean_sign_name(self) -> str:
        value = self.cleaned_data["sign_name"].strip()
        if not value.isprintable():
            raise forms.ValidationError(gettext(SIGN_NAME_INVALID))
        return value

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", gettext(END_BEFORE_START))
        day = cleaned.get("day")
        if day and start and end and not start <= day <= end:
            cleaned["day"] = None
        return cleaned

    @property
    def globe_value(self) -> Globe:
        return GLOBE_VALUES[self.cleaned_data["globe"]]

    @property
    def template_type_value(self) -> TemplateType:
        raw = self.cleaned_data.get("template_type")
        return TemplateType(int(raw)) if raw else TemplateType.ALL

    @property
    def statistics_filter(self) -> StatisticsFilter:
        """The statistics asked for (after ``is_valid``)."""
        return StatisticsFilter(
            start=self.cleaned_data["date"],
            end=self.cleaned_data["date_to"],
            globe=self.globe_value,
            template_type=self.template_type_value,
            sign_name=self.cleaned_data["sign_name"],
            accounts=self.accounts,
        )

    @property
    def complete_days_only(self) -> bool:
        """Compare only complete days (the default; after ``is_valid``)."""
        return self.cleaned_data.get("compare") != WITH_TODAY

    @property
    def accounts(self) -> tuple[str, ...]:
        """The accounts asked for: the one chosen, or all of them (after ``is_valid``)."""
        chosen = self.cleaned_data.get("account")
        return (chosen,) if chosen else self.account_names
