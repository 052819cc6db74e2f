"""The API's query parameters, read off the pages' forms: one set of rules, one set of words.

``/api/v1/records`` takes the search page's parameters because it is validated by the search
page's form (``deliveries.filters.SearchForm``), and ``/api/v1/stats`` by the stats page's
(``rates.forms.StatsForm``). The schemas here only describe those parameters in the OpenAPI
document, each as an optional string named and labelled as the form's field: a field the form
gains (such as ``account`` from the several-accounts work) is a parameter of the API without a
change here, and a bad value gets the form's own message in the 422 answer. Nothing is
validated twice or differently: ninja accepts any string, the form decides.
"""

from __future__ import annotations

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import Schema
from pydantic import Field, create_model

from deliveries.filters import SearchForm
from rates.forms import StatsForm


class PageForm(forms.Form):
    """Which page of the records: the search page's ``page`` (django-tables2's, not a field of
    ``SearchForm``). A page past the last one is empty, as the count says."""

    page = forms.IntegerField(
        label=_("Page"),
        min_value=1,
        required=False,
        error_messages={"invalid": _("Enter a page number: 1, 2, 3 ...")},
    )


def form_parameters(name: str, *form_classes: type[forms.Form]) -> type[Schema]:
    """A query schema of every field of the forms, each an optional string with its label."""
    fields = {}
    with translation.override("en"):  # the OpenAPI document speaks English
        for form_class in form_classes:
            for field_name, field in form_class.base_fields.items():
                description = str(field.label or field_name)
                if field.help_text:
                    description += f". {field.help_text}"
                fields[field_name] = (str | None, Field(None, description=description))
    return create_model(name, __base__=Schema, **fields)


def form_errors(form: forms.Form) -> dict[str, list[str]]:
    """The form's messages per field, in the active language, as the page shows them."""
    return {name: [str(message) for message in messages] for name, messages in form.errors.items()}


RecordsParameters = form_parameters("RecordsParameters", SearchForm, PageForm)
StatsParameters = form_parameters("StatsParameters", StatsForm)
