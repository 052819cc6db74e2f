"""The search form: a django-filter ``FilterSet`` over the stored records.

It validates what the agent typed (phone normalised through ``phones``, the
date inside the service's 30-day window, a BizId a BizId can be) so that a bad
search shows a form error and costs no call upstream, and it narrows the stored
records to the search: one phone, one send day, one BizId ("" for none).
"""

from __future__ import annotations

import re
from datetime import date

import django_filters
from django import forms
from django.utils import timezone

from .dysms.errors import InvalidQuery
from .dysms.validation import validate_biz_id, validate_send_date
from .models import SmsRecord
from .phones import PHONE_REQUIRED, InvalidPhone, normalise_phone

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y%m%d"]
DATE_INVALID = "Enter the date as YYYY-MM-DD (or yyyyMMdd)."
PER_PAGE_CHOICES = (10, 20, 50)
DEFAULT_PER_PAGE = 50
_COMPACT_DATE = re.compile(r"\d{8}")


class SearchForm(forms.Form):
    # Not a filter: how many rows a page of the table shows. Anything else means the default.
    per_page = forms.CharField(
        label="Rows per page",
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
            raise forms.ValidationError(error.message) from None

    def clean_date(self) -> date:
        try:
            return validate_send_date(self.cleaned_data["date"], today=timezone.localdate())
        except InvalidQuery as error:
            raise forms.ValidationError(error.message) from None

    def clean_biz_id(self) -> str:
        value = self.cleaned_data["biz_id"].strip()
        try:
            return validate_biz_id(value) if value else ""
        except InvalidQuery as error:
            raise forms.ValidationError(error.message) from None


class RecordFilter(django_filters.FilterSet):
    phone = django_filters.CharFilter(
        label="Phone number",
        required=True,
        error_messages={"required": PHONE_REQUIRED},
        widget=forms.TextInput(
            attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off", "autofocus": True}
        ),
    )
    date = django_filters.DateFilter(
        field_name="send_day",
        label="Date",
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": DATE_INVALID},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    biz_id = django_filters.CharFilter(
        field_name="fetch__biz_id",
        label="BizId (optional)",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
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
        super().__init__(data, *args, **kwargs)

    def filter_queryset(self, queryset):
        # Explicit rather than per filter: an empty BizId must still select the
        # search without one, which django-filter would skip as "no filter".
        cleaned = self.form.cleaned_data
        return queryset.filter(
            phone=cleaned["phone"], send_day=cleaned["date"], fetch__biz_id=cleaned["biz_id"]
        )

    @property
    def search(self) -> dict:
        """The validated search key for ``records_refresh``."""
        cleaned = self.form.cleaned_data
        return {"phone": cleaned["phone"], "day": cleaned["date"], "biz_id": cleaned["biz_id"]}

    @property
    def per_page(self) -> int:
        return self.form.cleaned_data.get("per_page") or DEFAULT_PER_PAGE
