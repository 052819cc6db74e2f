"""Tables of the delivery-rates page; the daily table is also the CSV/Excel export."""

from __future__ import annotations

from datetime import date

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from access.spreadsheets import SpreadsheetSafeTable
from rates.models import DailyStatistics, is_settling

EXPORT_FORMATS = ("csv", "xlsx")
SETTLING = gettext_noop("Settling")
FINAL = gettext_noop("Final")
NO_CODE = gettext_noop("(no code)")
UNKNOWN_TEMPLATE = gettext_noop("Unknown (no stored record matched)")


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def fraction(value: float | None) -> float | str:
    return "" if value is None else round(value, 4)


class DailyStatisticsTable(SpreadsheetSafeTable, tables.Table):
    # Headers are lazy: the page and the export files name the columns in the reader's language.
    day = tables.Column(verbose_name=_("Day"))
    total_count = tables.Column(verbose_name=pgettext_lazy("message count", "Sent"))
    responded_success_count = tables.Column(verbose_name=_("Delivered"))
    responded_fail_count = tables.Column(verbose_name=_("Failed"))
    no_responded_count = tables.Column(verbose_name=_("No receipt"))
    delivery_rate = tables.Column(verbose_name=_("Delivery rate"), empty_values=())
    receipted_rate = tables.Column(verbose_name=_("Rate (receipts only)"), empty_values=())
    state = tables.Column(verbose_name=_("State"), empty_values=())

    class Meta:
        model = DailyStatistics
        fields = ()
        orderable = False
        empty_text = _("No statistics stored for this period.")
        attrs = {"class": "table rates-daily"}
        row_attrs = {
            "id": lambda record: f"day-{record.day.isoformat()}",
            "class": lambda record, table: table.row_class(record),
        }

    def __init__(self, data, *, today: date, day_url, selected: date | None = None, **kwargs):
        self.today = today
        self.day_url = day_url
        self.selected = selected
        super().__init__(data, **kwargs)

    def row_class(self, record: DailyStatistics) -> str:
        classes = ["settling"] if is_settling(record.day, self.today) else []
        if record.day == self.selected:
            classes.append("selected")
        return " ".join(classes)

    def render_day(self, record: DailyStatistics) -> str:
        iso = record.day.isoformat()
        return format_html('<a href="{}">{}</a>', self.day_url(record.day), iso)

    def value_day(self, record: DailyStatistics) -> str:
        return record.day.isoformat()

    def render_delivery_rate(self, record: DailyStatistics) -> str:
        return percent(record.delivery_rate)

    def render_receipted_rate(self, record: DailyStatistics) -> str:
        return percent(record.receipted_rate)

    # Exports carry the rates as fractions, so spreadsheets can compute with them.
    def value_delivery_rate(self, record: DailyStatistics) -> float | str:
        return fraction(record.delivery_rate)

    def value_receipted_rate(self, record: DailyStatistics) -> float | str:
        return fraction(record.receipted_rate)

    def render_state(self, record: DailyStatistics) -> str:
        return gettext(SETTLING if is_settling(record.day, self.today) else FINAL)


class TemplateBreakdownTable(SpreadsheetSafeTable, tables.Table):
    template_code = tables.Column(verbose_name=_("Template code"), empty_values=())
    receipts = tables.Column(verbose_name=_("Receipts"))
    delivered = tables.Column(verbose_name=_("Delivered"))
    failed = tables.Column(verbose_name=_("Failed"))
    delivery_rate = tables.Column(verbose_name=_("Delivery rate"), empty_values=())
    top_failures = tables.Column(verbose_name=_("Top failure codes"), empty_values=())

    class Meta:
        orderable = False
        empty_text = _("No delivery receipts were pushed for messages sent in this period.")
        attrs = {"class": "table rates-templates"}

    def render_template_code(self, value: str) -> str:
        return value or gettext(UNKNOWN_TEMPLATE)

    def render_delivery_rate(self, value: float | None) -> str:
        return percent(value)

    def render_top_failures(self, value: tuple[tuple[str, int], ...]) -> str:
        no_code = gettext(NO_CODE)
        return ", ".join(f"{code or no_code} ({count})" for code, count in value) or "—"
