"""Templates by name, signs beside them: the search's pickers, its filters, and every place a
record is shown (table, phone cards, record page, exports), from the account's stored lists.

The records are stored by hand for a number the sandbox never sent to, on a day that is over
(nothing is asked again), with the templates of the sandbox's demo account, whose lists the
page fetches on its first view (``deliveries.catalogue_refresh``).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from deliveries.models import Fetch, SmsRecord, Status

pytestmark = pytest.mark.django_db

PHONE = "13912345670"
# (template code, content, OutId): the sign of the first and third is their content's; the
# second's content has none (its template's list entry says 鹿鸣快递); the last is no template
# of the account's.
SENDS = [
    ("SMS_271935402", "【云雀科技】验证码******，您正在登录云雀账号。", "login"),
    ("SMS_285016239", "", "parcel"),
    ("SMS_279553168", "【橙子优选】您的订单A-1已发货。", "shipped"),
    ("SMS_999000111", "no sign at all", "stranger"),
]


@pytest.fixture
def stored(past_day):
    """The four sends, stored as a final day of the default account."""
    day_end = datetime.combine(
        past_day + timedelta(days=1), time(1), tzinfo=timezone.get_current_timezone()
    )
    fetch = Fetch.objects.create(
        phone=PHONE, day=past_day, fetched_at=day_end, total_count=4, stored_count=4
    )
    for position, (code, content, out_id) in enumerate(SENDS):
        SmsRecord.objects.create(
            fetch=fetch,
            phone=PHONE,
            send_day=past_day,
            position=position,
            status=Status.DELIVERED,
            err_code="DELIVERED",
            template_code=code,
            content=content,
            out_id=out_id,
            send_time=datetime.combine(past_day, time(10, 0, position), tzinfo=day_end.tzinfo),
        )
    return past_day


def search(client, day, **filters):
    return client.get("/", {"phone": PHONE, "date": day.isoformat(), **filters})


def out_ids(response) -> list[str]:
    """The OutIds of the rows shown, in the page's order."""
    assert response.status_code == 200
    return re.findall(
        r'<td class="out-id" data-label="OutId">([^<]*)</td>', response.content.decode()
    )


def test_the_template_picker_lists_the_accounts_templates_by_name_and_code(agent, upstream):
    html = agent.get("/").content.decode()

    assert 'name="template"' in html and 'list="template-options"' in html
    options = re.search(r'<datalist id="template-options">(.*?)</datalist>', html, re.S).group(1)
    assert '<option value="登录验证码 (SMS_271935402)">' in options
    assert '<option value="包裹到站取件通知 (SMS_285016239)">' in options
    assert options.count("<option") == 9  # the demo account's templates, in review ones too
    signs = re.search(r'<datalist id="sign-options">(.*?)</datalist>', html, re.S).group(1)
    assert '<option value="云雀科技">' in signs and '<option value="鹿鸣快递">' in signs
    assert upstream.calls == []  # no record was asked for


def test_a_picked_template_filters_its_code_and_stays_in_the_field(agent, upstream, stored):
    response = search(agent, stored, template="登录验证码 (SMS_271935402)")

    assert out_ids(response) == ["login"]
    assert 'value="登录验证码 (SMS_271935402)"' in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("验证码", ["login"]),  # part of a name
        ("发货", ["shipped"]),
        ("sms_28", ["parcel"]),  # part of a code, any case
        ("SMS_999", ["stranger"]),  # part of a code no template list holds
        ("SMS_2", ["shipped", "parcel", "login"]),
        ("促销", []),  # a template of the account this number never got
    ],
)
def test_a_typed_part_of_a_name_or_code_filters_the_templates_it_matches(
    agent, upstream, stored, typed, shown
):
    assert out_ids(search(agent, stored, template=typed)) == shown


@pytest.mark.parametrize(
    ("sign", "shown"),
    [
        ("云雀", ["login"]),  # the content's sign
        ("鹿鸣快递", ["parcel"]),  # no sign in the content: its template's
        ("橙子优选", ["shipped"]),
        ("银行", []),
    ],
)
def test_the_sign_filter_matches_the_sign_shown(agent, upstream, stored, sign, shown):
    assert out_ids(search(agent, stored, sign=sign)) == shown


def test_the_sign_filter_does_not_match_the_text_after_the_sign(agent, upstream, stored):
    assert out_ids(search(agent, stored, sign="验证码")) == []
    assert out_ids(search(agent, stored, q="验证码")) == ["login"]


def test_a_filter_longer_than_a_template_can_be_is_a_form_error(agent, upstream, stored):
    response = search(agent, stored, template="x" * 201)

    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()
    assert upstream.calls == []


def test_the_table_and_the_phone_cards_name_the_template_and_show_the_sign(agent, upstream, stored):
    html = search(agent, stored).content.decode()

    assert re.search(r"<th\s*>\s*Sign\s*</th>", html)
    # Each cell carries its column's name: below 700 px it is the card's label (app.css).
    assert (
        '<td class="sign" data-label="Sign">云雀科技</td><td class="code" data-label="Template">'
        'SMS_271935402<span class="template-name">登录验证码</span></td>'
    ) in html
    assert '<td class="sign" data-label="Sign">鹿鸣快递</td>' in html
    assert (
        '<td class="sign" data-label="Sign">—</td>'
        '<td class="code" data-label="Template">SMS_999000111</td>'
    ) in html


def test_the_record_page_names_the_template_and_shows_the_sign(agent, upstream, stored):
    agent.get("/")  # the lists are fetched by the search page
    parcel = SmsRecord.objects.get(out_id="parcel")

    html = agent.get(f"/records/{parcel.pk}/").content.decode()

    assert '<dd id="record-sign">鹿鸣快递</dd>' in html
    assert 'SMS_285016239 <span class="template-name">包裹到站取件通知</span>' in html


def test_the_export_has_the_template_name_and_the_sign(staff, upstream, stored):
    response = search(staff, stored, _export="csv", template="SMS_2")

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    named = [(row["OutId"], row["Sign"], row["Template"], row["Template name"]) for row in rows]
    assert named == [
        ("shipped", "橙子优选", "SMS_279553168", "订单发货通知"),
        ("parcel", "鹿鸣快递", "SMS_285016239", "包裹到站取件通知"),
        ("login", "云雀科技", "SMS_271935402", "登录验证码"),
    ]


def test_the_names_cost_no_query_per_row(agent, upstream, stored):
    agent.get("/")  # the lists are stored: the page views below read them

    counts = []
    for per_page in ("10", "50"):
        with CaptureQueriesContext(connection) as queries:
            assert len(out_ids(search(agent, stored, per_page=per_page, page="1"))) == 4
        counts.append(len(queries.captured_queries))
    one_row = SmsRecord.objects.exclude(out_id="login")
    one_row.delete()
    with CaptureQueriesContext(connection) as queries:
        assert out_ids(search(agent, stored)) == ["login"]
    assert counts == [len(queries.captured_queries)] * 2


def test_a_sign_that_matches_nothing_is_named_and_cleared_with_the_other_filters(
    agent, upstream, stored
):
    html = search(agent, stored, sign="星河银行", template="SMS_2").content.decode()

    said = re.search(r'<p id="filtered-out">(.*?)</p>', html).group(1)
    assert "template SMS_2, sign 星河银行" in said
    link = re.search(r'<a id="clear-filters" href="([^"]*)"', html).group(1)
    assert "sign=" not in link and "template=" not in link and f"phone={PHONE}" in link
