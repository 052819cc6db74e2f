"""The records table's rows, built in Python: one string per row, one loop in the template.

django-tables2 keeps the table's definition, its sorting, paging and exports; only the page's
rows are built here. Its per-cell path (a bound row per record, ``inspect.signature`` on every
``render_*`` call, ``attrs`` computed again for every cell, the cell loop in the template) was
most of the cached search page's time, for cells whose text is known without it. What a cell
says is the same as before (``tests/deliveries/test_table_rendering.py`` pins it): the time in
the active time zone, the record link, the status badge, ``—`` for an empty value, the masked
content with Reveal for those who may reveal, the explanation.

What is the same for every row is worked out once per page: the column attributes, the badges,
the URLs (one ``reverse`` per URL name, the id put in), the CSRF token of the Reveal forms (the
page's own), the explanation of each error code, each template's cell (its code and name, from
the stored template list: ``deliveries.catalogue``) and each sign's, the time of "now".

A failed row says what kind of failure it is and links to its code's entry in the page's legend
(``RowBuilder.legend``), which says the meaning and what to tell the customer once per code: a
failing day repeated the same two sentences on every row, squeezing the content beside them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, time

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from access.display import REVEAL_LABEL, phone_display, phone_text, record_content
from access.roles import REVEAL
from core.time_cells import time_cell_html
from deliveries.catalogue import EMPTY_CATALOGUE, Catalogue
from deliveries.explanations import Explanation, explain, explain_waiting
from deliveries.models import SmsRecord, Status

EMPTY = "—"  # django-tables2's default for an empty cell
_ID = 4_000_000_000  # a record id no store reaches, replaced in a reversed URL


def record_url(name: str) -> Callable[[int], str]:
    """``pk -> URL`` for a URL of one record, from one ``reverse``: the same URL, cheaper."""
    before, after = reverse(name, args=[_ID]).split(str(_ID))
    return lambda pk: f"{before}{pk}{after}"


class RowBuilder:
    """The cells of one page of records, with what every row shares worked out once."""

    def __init__(
        self,
        *,
        user,
        csrf_token: str,
        badge: Callable[[int], str],
        accounts: dict[str, str] | None = None,
        catalogue: Catalogue = EMPTY_CATALOGUE,
    ):
        self.accounts = accounts or {}
        self.user = user
        self.phones: dict[str, str] = {}
        self.catalogue = catalogue
        self.may_reveal = user is not None and user.has_perm(REVEAL)
        self.csrf_token = csrf_token
        self.tz = timezone.get_current_timezone()
        self.now = timezone.now()
        self.badges = {status: badge(status) for status in Status.values}
        self.failures: dict[str, str] = {}
        self.legend: dict[str, LegendEntry] = {}
        self.signs: dict[str, str] = {}
        self.templates: dict[tuple[str, str], str] = {}

    @cached_property
    def urls(self) -> dict[str, Callable[[int], str]]:
        names = ("deliveries:record", "deliveries:record-status", "reveal")
        return {name: record_url(name) for name in names}

    def time(self, value: datetime | None) -> str:
        return time_cell_html(value, self.tz) if value else EMPTY

    def send_time(self, record: SmsRecord) -> str:
        if record.send_time is None:
            return EMPTY
        url = self.urls["deliveries:record"](record.pk)
        return format_html('<a href="{}">{}</a>', url, self.time(record.send_time))

    def receive_time(self, record: SmsRecord) -> str:
        return self.time(record.receive_time)

    def account(self, record: SmsRecord) -> str:
        return conditional_escape(self.accounts.get(record.account, record.account))

    def phone(self, record: SmsRecord) -> str:
        """The number as this user may see it (``138****8000`` for Managers), as people read it."""
        if record.phone not in self.phones:
            shown = phone_display(phone_text(self.user, record.phone))
            self.phones[record.phone] = conditional_escape(shown)
        return self.phones[record.phone]

    def status(self, record: SmsRecord) -> str:
        return self.badges[record.status]

    def sign(self, record: SmsRecord) -> str:
        sign = self.catalogue.sign(record.account, record.template_code, record.content)
        if sign not in self.signs:
            self.signs[sign] = conditional_escape(sign or EMPTY)
        return self.signs[sign]

    def template_code(self, record: SmsRecord) -> str:
        """The code and its name, worked out once per template on the page."""
        key = (record.account, record.template_code)
        if key not in self.templates:
            name = self.catalogue.template_name(*key)
            self.templates[key] = template_cell(record.template_code, name)
        return self.templates[key]

    def content(self, record: SmsRecord) -> str:
        if not record.content:
            return EMPTY
        shown = record_content(record)
        if shown == record.content or not self.may_reveal:
            return conditional_escape(shown)
        return format_html(
            '{} <form method="post" action="{}" class="reveal">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit" class="link">{}</button></form>',
            shown,
            self.urls["reveal"](record.pk),
            self.csrf_token,
            gettext(REVEAL_LABEL),
        )

    def explanation(self, record: SmsRecord) -> str:
        if record.status == Status.WAITING:
            if record.send_time is None:
                return ""
            return format_html(
                '<p class="waited" data-poll="{}">{}</p>',
                self.urls["deliveries:record-status"](record.pk),
                explain_waiting(record.send_time, self.now),
            )
        return self.failure(record.err_code) if record.status == Status.FAILED else ""

    def failure(self, err_code: str) -> str:
        """A failed record's cell: what kind of failure, linking to its code's entry in the
        page's legend, where the meaning and what to tell the customer are said once."""
        if err_code not in self.failures:
            explanation = explain(err_code)
            if explanation is None:
                self.failures[err_code] = ""
                return ""
            anchor = f"meaning-{len(self.legend) + 1}"
            entry = LegendEntry(anchor=anchor, code=err_code, explanation=explanation)
            self.legend[err_code] = entry
            self.failures[err_code] = format_html(
                '<a class="meaning-link" href="#{}">{}</a>', anchor, explanation.category_label
            )
        if err_code in self.legend:
            self.legend[err_code].rows += 1
        return self.failures[err_code]

    def cell(self, name: str) -> Callable[[SmsRecord], str]:
        """The cell of column ``name``; a plain text field's is escaped, ``—`` when empty."""
        if name in BUILT_CELLS:
            return getattr(self, name)
        return lambda record: conditional_escape(getattr(record, name) or EMPTY)


BUILT_CELLS = frozenset(
    {"send_time", "receive_time", "account", "phone", "status", "sign", "template_code"}
    | {"content", "explanation"}
)


@dataclass
class LegendEntry:
    """One failure code of the page, explained once above the table; ``rows``: how many of
    the page's rows failed with it (counted while they are built)."""

    anchor: str
    code: str
    explanation: Explanation
    rows: int = 0


def template_cell(code: str, name: str) -> str:
    """The code, and the template's name under it when the stored list knows it."""
    if not code:
        return EMPTY
    if not name:
        return conditional_escape(code)
    return format_html('{}<span class="template-name">{}</span>', code, name)


def failure_html(explanation: Explanation | None) -> str:
    if explanation is None:
        return ""
    return format_html(
        '<p class="meaning">{}</p><p class="tell"><strong>{}</strong> {}</p>',
        explanation.meaning,
        gettext("Tell the customer:"),
        explanation.tell_customer,
    )


def row_html(
    records: Iterable[SmsRecord],
    columns: list[tuple[str, str]],
    builder: RowBuilder,
    *,
    nearest_to: time | None = None,
) -> list[SafeString]:
    """``<tr>`` per record, ``even``/``odd`` as django-tables2 has them; ``columns`` is
    ``(name, td attributes as HTML)`` in the table's order. With ``nearest_to`` (a time of day
    the agent asked for), the send of the page closest to it is ``id="nearest"``, which the
    page scrolls to (app.js)."""
    records = list(records)
    nearest = nearest_send(records, nearest_to, builder.tz) if nearest_to else None
    cells = [(f"<td {attrs}>" if attrs else "<td>", builder.cell(name)) for name, attrs in columns]
    rows = []
    for counter, record in enumerate(records):
        tds = "".join(f"{td}{cell(record)}</td>" for td, cell in cells)
        parity = "odd" if counter % 2 else "even"
        mark = ' id="nearest"' if record is nearest else ""
        css = f"{parity} nearest" if record is nearest else parity
        rows.append(mark_safe(f'<tr class="{css}"{mark}>{tds}</tr>'))
    return rows


def nearest_send(records: list[SmsRecord], wanted: time, zone) -> SmsRecord | None:
    """The record sent closest to the time of day ``wanted`` (China time), on any day."""

    def distance(record: SmsRecord) -> float:
        sent = record.send_time.astimezone(zone)
        moment = datetime.combine(sent.date(), wanted, tzinfo=sent.tzinfo)
        return abs((sent - moment).total_seconds())

    timed = [record for record in records if record.send_time is not None]
    return min(timed, key=distance, default=None)
