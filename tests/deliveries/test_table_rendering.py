"""The records table renders exactly as pinned: rows built in Python must say what the cells did.

A fixed day of stored records (every status, a known and an unknown error code, a waiting
send, a verification code, HTML-special and formula-looking text, two templates of the
sandbox's list: one named with its content's sign, one whose content has no sign, so its
template's is shown) on a fixed clock, rendered
for a role that may reveal codes and for one that may not. The table is compared with the
fixtures ``table_rendering_*.html`` next to this file, up to what legitimately changes per
request: the CSRF token's value and whitespace between tags.
``UPDATE_TABLE_FIXTURES=1 .venv/bin/pytest tests/deliveries/test_table_rendering.py`` rewrites
them (only when a change of the page's HTML is meant).
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from support.stored import CODE_TEXT
from support.users import user_with_role

from access.roles import MANAGER, SUPPORT
from deliveries.models import Fetch, SmsRecord, Status
from dysms.values import CHINA_TZ

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent
PHONE = "13912345678"
DAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 12, 12, 0, tzinfo=CHINA_TZ)  # the day is over, its receipts are in
OUT_OF_SERVICE = "MOBILE_NOT_ON_SERVICE"  # in the catalogue
D, F, W = Status.DELIVERED, Status.FAILED, Status.WAITING
# (status, err_code, template, content, out_id, sent "H:M:S", received "H:M:S" or None)
RECORDS = [
    (D, "DELIVERED", "SMS_100", "<b>\"T\" & 'J'</b> 您好", "o-1", "09:00:01", "09:00:04"),
    (F, OUT_OF_SERVICE, "SMS_200", "已发货", "=cmd|' /C calc'!A0", "10:15:30", "10:16:00"),
    (F, "XX:9999", "SMS_200", "=HYPERLINK(\"http://e.x\")", "+1", "11:00:00", "11:00:09"),
    (W, "", "SMS_285016239", "@SUM(1+1)", "", "23:59:59", None),
    (D, "DELIVERED", "SMS_271935402", CODE_TEXT, "<script>", "00:00:00", "00:00:02"),
    (D, "", "", "", "", "08:30:00", "08:30:01"),
    (F, "isv.UNKNOWN_THING", "SMS_500", "-2+3", "o-7", None, None),
]  # fmt: skip


def store_day() -> list[int]:
    fetch = Fetch.objects.create(
        phone=PHONE, day=DAY, biz_id="", fetched_at=NOW, total_count=5, stored_count=5
    )
    return [
        SmsRecord.objects.create(
            fetch=fetch,
            phone=PHONE,
            send_day=DAY,
            position=position,
            status=status,
            err_code=err,
            template_code=template,
            content=content,
            out_id=out_id,
            send_time=at(sent) if sent else None,
            receive_time=at(received) if received else None,
        ).pk
        for position, (status, err, template, content, out_id, sent, received) in enumerate(RECORDS)
    ]


def at(clock: str) -> datetime:
    return datetime.combine(DAY, datetime.strptime(clock, "%H:%M:%S").time(), tzinfo=CHINA_TZ)


def records_table(html: str, pks: list[int]) -> str:
    """The ``<table id="records">`` element, normalised: no CSRF value, no space between tags
    or at the start and end of a cell, record ids as their position (a database's sequence
    does not start again with each test)."""
    found = re.search(r'<table [^>]*id="records".*?</table>', html, re.DOTALL)
    assert found, "no records table on the page"
    table = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]*"', r'\1CSRF"', found.group(0))
    table = re.sub(r">\s+<", "><", table)
    table = re.sub(r"(<t[dhr]\b[^>]*>)\s+", r"\1", table)
    table = re.sub(r"\s+(</t[dhr]>)", r"\1", table)
    table = re.sub(r"<(\w+) >", r"<\1>", table)
    for position, pk in enumerate(pks):
        table = table.replace(f"/records/{pk}/", f"/records/#{position}/")
    return table.strip() + "\n"


@pytest.mark.parametrize(
    ("role", "query"),
    [(SUPPORT, ""), (MANAGER, ""), (SUPPORT, "&sort=-status")],
    ids=["support", "manager", "support-sorted"],
)
def test_the_records_table_renders_as_pinned(
    pinned_clock, django_user_model, upstream, role, query
):
    pinned_clock.move_to(NOW)
    pks = store_day()
    client = Client()
    client.force_login(user_with_role(django_user_model, "user", role))
    response = client.get(f"/?phone={PHONE}&date={DAY.isoformat()}{query}")
    assert response.status_code == 200
    assert upstream.calls == []  # answered from the store
    table = records_table(response.content.decode(), pks)
    name = f"table_rendering_{role.lower()}{'_sorted' if query else ''}.html"
    fixture = FIXTURES / name
    if os.environ.get("UPDATE_TABLE_FIXTURES"):
        fixture.write_text(table, encoding="utf-8")
    assert table == fixture.read_text(encoding="utf-8")


def test_a_stored_page_counts_its_rows_once_and_reads_them_once(
    pinned_clock, django_user_model, upstream
):
    """The summary's COUNT serves the paginator and the audit entry (``CountedPaginator``)."""
    pinned_clock.move_to(NOW)
    store_day()
    client = Client()
    client.force_login(user_with_role(django_user_model, "user", SUPPORT))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/?phone={PHONE}&date={DAY.isoformat()}&per_page=50")
    assert response.status_code == 200
    sql = [query["sql"] for query in queries.captured_queries]
    assert len([q for q in sql if "COUNT(" in q]) == 1, sql
    assert len([q for q in sql if q.startswith('SELECT "deliveries_smsrecord"."id"')]) == 1, sql
    assert upstream.calls == []
