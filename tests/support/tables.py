"""An HTML table of a page read as its users read it: one visible text per row."""

from __future__ import annotations

import re

from support.translations import visible_text


def table_rows(html: str, table_id: str) -> list[str]:
    """The visible text of each body row of the table ``id="table_id"`` (its header left out)."""
    table = re.search(rf'<table[^>]* id="{table_id}".*?</table>', html, re.S).group(0)
    return [visible_text(row) for row in re.findall(r"<tr[^>]*>.*?</tr>", table, re.S)[1:]]
