"""Tables of the delivery-rates page; the daily table is also the CSV/Excel export."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from html import escape

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from access.spreadsheets import SpreadsheetSafeTable
from rates.models import DailyStatistics, is_settling

EXPORT_FORMATS = ("csv", "xlsx")
SETTLING = gettext_noop("Settling")
FINAL = gettext_noop("Final")
NO_CODE = gettext_noop("(no code)")
UNKNOWN_TEMPLATE = gettext_noop("Unknown (no stored record matched)")


def template_label(name: str, code: str, unknown: str) -> str:
    """A template as the breakdowns name it: its name and code (in Chinese with full-width
    brackets, 登录验证码（SMS_…）), its code alone without a name, ``unknown`` without either."""
    if not name:
        return code or unknown
    return gettext("%(name)s (%(code)s)") % {"name": name, "code": code}


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def grouped(value: int | None) -> str:
    """8792 -> "8,792", in both languages: Django's Chinese number format groups by ten
    thousand with no separator at all, which reads 87920 and 8792 alike at a glance. Exports keep
    plain numbers, for spreadsheets to compute with."""
    return "—" if value is None else f"{value:,}"


def fraction(value: float | None) -> float | str:
    return "" if value is None else round(value, 4)


class PreparedRows:
    """Mixin for a ``django_tables2.Table``: its body rows as HTML, one ``format_html`` each.

    django-tables2 renders every cell through its bound row and column, ``inspect.signature``
    of the ``render_*`` method and the table template's cell loop: ~50 ms for the 90 rows of
    the daily table, a third of the page. The ``Table`` stays the definition (columns,
    headers, attributes, the export); ``cells`` gives a record's cells in column order, from
    the same ``render_*`` methods, and ``rates/_table.html`` renders the rows in one loop.
    Cells are escaped unless marked safe, as ``{{ cell }}`` would be.
    """

    def cells(self, record) -> Sequence[object]:
        raise NotImplementedError

    def row_attrs_of(self, record) -> dict[str, str]:
        return {}

    def html_rows(self) -> list[SafeString]:
        rows = []
        records: Iterable = self.data  # type: ignore[attr-defined]  # the Table's
        for index, record in enumerate(records):
            attrs = self.row_attrs_of(record)
            parity = "odd" if index % 2 else "even"
            attrs["class"] = f"{attrs['class']} {parity}" if attrs.get("class") else parity
            tr = " ".join(f'{name}="{escape(value)}"' for name, value in attrs.items())
            tds = "".join(f"<td>{_cell(cell)}</td>" for cell in self.cells(record))
            rows.append(mark_safe(f"<tr {tr}>{tds}</tr>"))  # noqa: S308 (every part escaped)
        return rows


def _cell(value: object) -> str:
    """A cell as ``{{ cell }}`` shows it: escaped unless marked safe (Django's ``escape``)."""
    if isinstance(value, SafeString):
        return value
    return str(value) if isinstance(value, int) else escape(str(value))


class CountColumn(tables.Column):
    """A count: grouped by thousands on the page (``grouped``), a plain number in exports."""

    def render(self, value) -> str:
        return grouped(value)

    def value(self, value):
        return value


class DailyStatisticsTable(PreparedRows, SpreadsheetSafeTable, tables.Table):
    # Headers are lazy: the page and the export files name the columns in the reader's language.
    day = tables.Column(verbose_name=_("Day"))
    total_count = CountColumn(verbose_name=pgettext_lazy("message count", "Sent"))
    responded_success_count = CountColumn(verbose_name=_("Delivered"))
    responded_fail_count = CountColumn(verbose_name=_("Failed"))
    no_responded_count = CountColumn(verbose_name=_("Waiting"))
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

    def row_attrs_of(self, record: DailyStatistics) -> dict[str, str]:
        return {"id": f"day-{record.day.isoformat()}", "class": self.row_class(record)}

    def cells(self, record: DailyStatistics) -> Sequence[object]:
        return (
            self.render_day(record),
            grouped(record.total_count),
            grouped(record.responded_success_count),
            grouped(record.responded_fail_count),
            grouped(record.no_responded_count),
            self.render_delivery_rate(record),
            self.render_receipted_rate(record),
            self.render_state(record),
        )

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


class TemplateBreakdownTable(PreparedRows, SpreadsheetSafeTable, tables.Table):
    template_code = tables.Column(verbose_name=_("Template code"), empty_values=())
    receipts = CountColumn(verbose_name=_("Receipts"))
    delivered = CountColumn(verbose_name=_("Delivered"))
    failed = CountColumn(verbose_name=_("Failed"))
    delivery_rate = tables.Column(verbose_name=_("Delivery rate"), empty_values=())
    top_failures = tables.Column(verbose_name=_("Top failure codes"), empty_values=())

    class Meta:
        orderable = False
        empty_text = _("No delivery receipts were pushed for messages sent in this period.")
        attrs = {"class": "table rates-templates"}

    def cells(self, record) -> Sequence[object]:
        return (
            self.render_template_code(record.template_code),
            grouped(record.receipts),
            grouped(record.delivered),
            grouped(record.failed),
            self.render_delivery_rate(record.delivery_rate),
            self.render_top_failures(record.top_failures),
        )

    def render_template_code(self, value: str) -> str:
        return value or gettext(UNKNOWN_TEMPLATE)

    def render_delivery_rate(self, value: float | None) -> str:
        return percent(value)

    def render_top_failures(self, value: tuple[tuple[str, int], ...]) -> str:
        no_code = gettext(NO_CODE)
        return ", ".join(f"{code or no_code} ({count:,})" for code, count in value) or "—"
