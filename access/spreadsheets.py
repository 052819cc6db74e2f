"""Export cells that a spreadsheet shows as text: nothing from upstream becomes a formula.

Contents, OutIds, error and template codes come from Alibaba Cloud, and error codes also from
pushed receipts: all untrusted. A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is read by Excel, LibreOffice and Numbers as a formula (``=HYPERLINK(...)``
leaks data, DDE payloads run commands), and openpyxl writes such a string as a live formula.
Following OWASP's CSV-injection rule, such a text cell gets a leading single quote: the
spreadsheet shows the text, one ``'`` longer, and never evaluates it. In XLSX the quoted text
no longer starts with ``=``, so openpyxl stores it as a string cell.

``spreadsheet_cell`` is the one rule; ``SpreadsheetSafeTable`` applies it to every cell a
django-tables2 export writes (``as_values`` feeds ``TableExport`` in every format), so each
exported table gets it by inheriting, whoever builds the export. Numbers, dates and empty cells
stay as they are: a spreadsheet should still compute with the rates.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def spreadsheet_cell(value):
    """``value`` for an export cell: text that a spreadsheet would evaluate gets a ``'`` first."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return QUOTE + value
    return value


class SpreadsheetSafeTable:
    """Mixin for a ``django_tables2.Table``: every exported cell (headers too) passes the rule."""

    def as_values(self, exclude_columns=None):
        for row in super().as_values(exclude_columns=exclude_columns):
            yield [spreadsheet_cell(cell) for cell in row]
