"""The tokens page's form: a name to tell tokens apart, and an optional lifetime in days."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_DAYS = 3650


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        error_messages={"required": _("Give the token a name, such as “ticket system”.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    days = forms.IntegerField(
        label=_("Valid for (days, optional)"),
        min_value=1,
        max_value=MAX_DAYS,
        required=False,
        error_messages={
            "invalid": _("Enter a number of days, or leave it empty for a token until revoked."),
            "min_value": _("Enter at least 1 day."),
            "max_value": _("Enter at most %(limit_value)s days."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()
