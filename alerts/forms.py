"""The Alerts page's forms: validation only. Bad input is a form error, never a 500."""

from __future__ import annotations

import re

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from alerts.channels import url_problem
from alerts.models import Channel, DailyReport, Kind, Rule
from core.accounts import configured_accounts

PLACE = re.compile(r"\d{3,8}|[A-Z]{2}|[A-Z][A-Za-z ]{2,31}")
RATE_RANGE = _("A delivery rate threshold is a percentage above 0 and at most 100.")
MULTIPLE_RANGE = _("A multiple of the baseline is at least 1 (for example 3).")
PLACE_NEEDED = _(
    "Enter a number prefix (3 to 8 digits, e.g. 1700), a country or region code (e.g. HK) or "
    "a province in English (e.g. Guangdong)."
)
SILENCE_CHOICES = (
    (30, _("30 minutes")),
    (60, _("1 hour")),
    (240, _("4 hours")),
    (1440, _("1 day")),
    (10080, _("1 week")),
    (0, _("Lift the silence")),
)


class RuleForm(forms.ModelForm):
    class Meta:
        model = Rule
        fields = [
            *("name", "kind", "enabled", "account", "threshold", "window_minutes"),
            *("minimum", "template_code", "place", "for_minutes", "channels"),
        ]
        labels = {
            "name": _("Rule name"),
            "kind": _("Rule kind"),
            "enabled": _("Rule enabled"),
            "account": _("Account (empty: every account)"),
            "threshold": _(
                "Threshold (percent for a delivery rate, multiple of the baseline otherwise)"
            ),
            "window_minutes": _("Window in minutes"),
            "minimum": _("Minimum number of messages"),
            "template_code": _("Template code (empty: every template)"),
            "place": _("Number prefix or region"),
            "for_minutes": _("Broken for at least (minutes) before firing"),
            "channels": _("Channels to notify"),
        }
        widgets = {"channels": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        accounts = [(one.name, one.label) for one in configured_accounts()]
        self.fields["account"] = forms.ChoiceField(
            label=self.fields["account"].label,
            required=False,
            choices=[("", _("Every account")), *accounts],
        )
        self.fields["window_minutes"].validators.append(MinValueValidator(1))
        self.fields["window_minutes"].validators.append(MaxValueValidator(7 * 24 * 60))
        self.fields["for_minutes"].validators.append(MaxValueValidator(7 * 24 * 60))
        self.fields["channels"].queryset = Channel.objects.all()

    def clean(self):
        cleaned = super().clean()
        kind, threshold = cleaned.get("kind"), cleaned.get("threshold")
        if kind == Kind.DELIVERY_RATE and threshold is not None and not 0 < threshold <= 100:
            self.add_error("threshold", RATE_RANGE)
        multiple = (Kind.TEMPLATE_FAILURES, Kind.PUMPING)
        if kind in multiple and threshold is not None and threshold < 1:
            self.add_error("threshold", MULTIPLE_RANGE)
        place = (cleaned.get("place") or "").strip()
        if kind == Kind.PUMPING and not PLACE.fullmatch(place):
            self.add_error("place", PLACE_NEEDED)
        cleaned["place"] = place
        return cleaned


class SilenceForm(forms.Form):
    minutes = forms.TypedChoiceField(label=_("Silence for"), choices=SILENCE_CHOICES, coerce=int)


class ChannelForm(forms.ModelForm):
    class Meta:
        model = Channel
        fields = ["name", "url"]
        labels = {"name": _("Channel name"), "url": _("apprise URL")}
        help_texts = {
            "url": _(
                "dingtalk://token/, wecombot://key, feishu://token, lark://token, "
                "mailtos://alerts:secret@mail.example.com?to=team@example.com or "
                "jsons://host/path. Kept secret: never shown again in full."
            )
        }
        widgets = {"url": forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"})}

    def __init__(self, *args, **kwargs):
        # Beside the rule form on one page: its own ids (both have a "name").
        kwargs.setdefault("auto_id", "channel-%s")
        super().__init__(*args, **kwargs)

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        problem = url_problem(url)
        if problem:
            raise forms.ValidationError(problem)
        return url


class ReportForm(forms.ModelForm):
    class Meta:
        model = DailyReport
        fields = ["channel", "hour", "account"]
        labels = {
            "channel": _("Report to channel"),
            "hour": _("Report at (hour, China time)"),
            "account": _("Account (empty: every account)"),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "report-%s")
        super().__init__(*args, **kwargs)
        self.fields["hour"].validators.append(MaxValueValidator(23))
        accounts = [(one.name, one.label) for one in configured_accounts()]
        self.fields["account"] = forms.ChoiceField(
            label=self.fields["account"].label,
            required=False,
            choices=[("", _("Every account")), *accounts],
        )
