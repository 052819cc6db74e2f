"""The search form: a django-filter ``FilterSet`` over the stored records.

It validates what the agent typed (phone normalised through ``phones``, the
date inside the service's 30-day window, a BizId a BizId can be) so that a bad
search shows a form error and costs no call upstream, and it narrows the stored
records to the search: one phone, one send day, one BizId ("" for none).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import django_filters
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from deliveries.models import SmsRecord, Status
from deliveries.phones import PHONE_REQUIRED, InvalidPhone, normalise_phone
from dysms.errors import InvalidQuery
from dysms.validation import (
    BIZ_ID_INVALID,
    BIZ_ID_TOO_LONG,
    validate_biz_id,
    validate_send_date,
)

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y%m%d"]
DATE_INVALID = gettext_noop("Enter the date as YYYY-MM-DD (or yyyyMMdd).")
DATE_TO_BEFORE_DATE = gettext_noop("The last day comes before the first day.")
STATUS_CHOICES = (
    ("delivered", _("Delivered")),
    ("failed", _("Failed")),
    ("waiting", _("Waiting")),
)
_STATUS_BY_NAME = {
    "delivered": Status.DELIVERED,
    "failed": Status.FAILED,
    "waiting": Status.WAITING,
}
PER_PAGE_CHOICES = (10, 20, 50)
DEFAULT_PER_PAGE = 50
_COMPACT_DATE = re.compile(r"\d{8}")
# The client's BizId messages (it knows no Django), marked here so the page can translate them.
_BIZ_ID_ERRORS = {
    BIZ_ID_INVALID: gettext_noop("A BizId holds digits and ^ only, like 900619746936498440^0."),
    BIZ_ID_TOO_LONG: gettext_noop("The BizId is at most 64 characters long."),
}


class SearchForm(forms.Form):
    # Not a filter: how many rows a page of the table shows. Anything else means the default.
    per_page = forms.CharField(
        label=_("Rows per page"),
        required=False,
        widget=forms.Select(choices=[(str(n), str(n)) for n in PER_PAGE_CHOICES]),
    )

    def clean_per_page(self) -> int:
        value = self.cleaned_data["per_page"].strip()
        return int(value) if value in {str(n) for n in PER_PAGE_CHOICES} else DEFAULT_PER_PAGE

    def clean_phone(self) -> str:
        try:
            return normalise_phone(self.cleaned_data["phone"])
        except InvalidPhone as error:
            raise forms.ValidationError(gettext(error.message)) from None

    def clean_date(self) -> date:
        try:
            return validate_send_date(self.cleaned_data["date"], today=timezone.localdate())
        except InvalidQuery as error:
            raise forms.ValidationError(gettext(error.message)) from None

    def clean_date_to(self) -> date | None:
        if self.cleaned_data.get("date_to") is None:
            return None
        try:
            return validate_send_date(self.cleaned_data["date_to"], today=timezone.localdate())
        except InvalidQuery as error:
            raise forms.ValidationError(gettext(error.message)) from None

    def clean(self) -> dict:
        cleaned = super().clean()
        first, last = cleaned.get("date"), cleaned.get("date_to")
        if first is not None and last is not None and last < first:
            self.add_error("date_to", gettext(DATE_TO_BEFORE_DATE))
        return cleaned

    def clean_biz_id(self) -> str:
        value = self.cleaned_data["biz_id"].strip()
        try:
            return validate_biz_id(value) if value else ""
        except InvalidQuery as error:
            message = _BIZ_ID_ERRORS.get(error.message, error.message)
            raise forms.ValidationError(gettext(message)) from None


class RecordFilter(django_filters.FilterSet):
    phone = django_filters.CharFilter(
        label=_("Phone number"),
        required=True,
        error_messages={"required": _(PHONE_REQUIRED)},
        widget=forms.TextInput(
            attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off", "autofocus": True}
        ),
    )
    date = django_filters.DateFilter(
        field_name="send_day",
        label=_("Date"),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": _(DATE_INVALID)},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = django_filters.DateFilter(
        field_name="send_day",
        label=_("To (optional)"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": _(DATE_INVALID)},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    biz_id = django_filters.CharFilter(
        field_name="fetch__biz_id",
        label=_("BizId (optional)"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    # Narrow the whole result (every day, before paging and the summary), not one page.
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, empty_label=_("Any"), method="filter_status"
    )
    template = django_filters.CharFilter(
        field_name="template_code",
        lookup_expr="iexact",
        label=_("Template"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    q = django_filters.CharFilter(
        method="filter_text",
        label=_("Text in the content"),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    class Meta:
        model = SmsRecord
        fields: list[str] = []
        form = SearchForm

    def __init__(self, data=None, *args, today: date | None = None, **kwargs):
        if data is not None:
            data = data.copy()
            day = (data.get("date") or "").strip()
            if not day:
                day = (today or timezone.localdate()).isoformat()
            elif _COMPACT_DATE.fullmatch(day):
                day = f"{day[:4]}-{day[4:6]}-{day[6:]}"  # shown in the date picker
            data["date"] = day
            if not data.get("per_page"):
                data["per_page"] = str(DEFAULT_PER_PAGE)  # the page-size menu shows what is used
            day_to = (data.get("date_to") or "").strip()
            if _COMPACT_DATE.fullmatch(day_to):
                data["date_to"] = f"{day_to[:4]}-{day_to[4:6]}-{day_to[6:]}"
        super().__init__(data, *args, **kwargs)

    def filter_queryset(self, queryset):
        # Explicit rather than per filter: an empty BizId must still select the
        # search without one, which django-filter would skip as "no filter".
        cleaned = self.form.cleaned_data
        queryset = queryset.filter(
            phone=cleaned["phone"],
            send_day__range=(cleaned["date"], self.last_day),
            fetch__biz_id=cleaned["biz_id"],
        )
        for name in ("status", "template", "q"):
            value = cleaned.get(name)
            if value not in (None, ""):
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_status(self, queryset, name: str, value: str):
        return queryset.filter(status=_STATUS_BY_NAME[value])

    def filter_text(self, queryset, name: str, value: str):
        """Text in the content as the page shows it: with masking on, codes are stars here too.

        Matching the unmasked text would make the match count an oracle (``验证码为2``,
        ``验证码为27`` ... recovers a code in some 50 searches) for roles that may not reveal,
        and a way around the audited Reveal for those who may.
        """
        masked = getattr(settings, "MASK_VERIFICATION_CODES", True)
        column = "content_masked" if masked else "content"
        return queryset.filter(**{f"{column}__icontains": value})

    @property
    def last_day(self) -> date:
        cleaned = self.form.cleaned_data
        return cleaned.get("date_to") or cleaned["date"]

    @property
    def days(self) -> dict:
        """The validated range for ``records_refresh_range``."""
        cleaned = self.form.cleaned_data
        return {
            "phone": cleaned["phone"],
            "first": cleaned["date"],
            "last": self.last_day,
            "biz_id": cleaned["biz_id"],
        }

    @property
    def search(self) -> dict:
        """The validated search key for ``records_refresh``."""
        cleaned = self.form.cleaned_data
        return {"phone": cleaned["phone"], "day": cleaned["date"], "biz_id": cleaned["biz_id"]}

    @property
    def is_range(self) -> bool:
        return self.last_day != self.form.cleaned_data["date"]

    @property
    def per_page(self) -> int:
        return self.form.cleaned_data.get("per_page") or DEFAULT_PER_PAGE


def quick_ranges(today: date) -> list[tuple[str, date, date]]:
    """The ranges offered as one-click links: (label, first day, last day)."""
    return [
        (_("Today"), today, today),
        (_("Yesterday"), today - timedelta(days=1), today - timedelta(days=1)),
        (_("Last 7 days"), today - timedelta(days=6), today),
        (_("Last 30 days"), today - timedelta(days=29), today),
    ]
