"""The All sends page (/sends/): every send of the accounts in a window, from pushed receipts,
filtered without a phone number, paginated, masked for Managers, audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from support.sends import FAILED_CODE, FAILED_MEANING, receipt_row, record_for

from access.models import Action, AuditEntry
from core.accounts import Account
from dysms.values import CHINA_TZ

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_accounts(settings):
    """商城 (shop, the default account) and Global, each with its report token."""
    settings.DYSMS_ACCOUNTS = (
        Account(name="shop", label="商城", endpoint="sandbox", report_token="shop-token"),
        Account(name="global", label="Global", endpoint="sandbox", report_token="global-token"),
    )


@pytest.fixture(autouse=True)
def report_token(settings):
    settings.SMS_REPORT_TOKEN = "push-token-1"


SUPPORT_PHONE = "13800138000"


def local(moment) -> str:
    return moment.astimezone(CHINA_TZ).strftime("%Y-%m-%dT%H:%M")


def test_the_page_lists_the_last_24_hours_newest_first(agent):
    now = timezone.now()
    receipt_row(phone="13800000001", sent=now - timedelta(minutes=5))
    receipt_row(phone="13800000002", sent=now - timedelta(hours=3))
    receipt_row(phone="13800000003", sent=now - timedelta(hours=25))  # outside the default day

    page = agent.get("/sends/").content.decode()

    assert page.index("13800000001") < page.index("13800000002")
    assert "13800000003" not in page
    assert 'id="count-sent">2<' in page


def test_since_and_until_narrow_the_window_to_the_minute(agent):
    now = timezone.now().replace(second=30, microsecond=0)
    receipt_row(phone="13800000001", sent=now - timedelta(minutes=10))
    receipt_row(phone="13800000002", sent=now - timedelta(minutes=30))
    receipt_row(phone="13800000003", sent=now - timedelta(minutes=50))

    since, until = local(now - timedelta(minutes=40)), local(now - timedelta(minutes=30))
    page = agent.get("/sends/", {"since": since, "until": until}).content.decode()

    # "Until 14:05" includes 14:05:30, as the search page's times do.
    assert "13800000002" in page
    assert "13800000001" not in page and "13800000003" not in page


def test_status_and_error_code_filter_the_failures(agent):
    now = timezone.now()
    receipt_row(phone="13800000001", sent=now, success=False, err_code=FAILED_CODE)
    receipt_row(phone="13800000002", sent=now, success=False, err_code="MK:0001")
    receipt_row(phone="13800000003", sent=now, success=True, err_code="DELIVRD")

    failed = agent.get("/sends/", {"status": "failed"}).content.decode()
    by_code = agent.get("/sends/", {"error_code": FAILED_CODE.lower()}).content.decode()

    assert "13800000001" in failed and "13800000002" in failed
    assert "13800000003" not in failed
    assert "13800000001" in by_code and "13800000002" not in by_code


def test_a_row_shows_the_status_word_and_what_the_code_means(agent):
    receipt_row(phone="13800000001", sent=timezone.now(), success=False, err_code=FAILED_CODE)

    page = agent.get("/sends/").content.decode()

    assert '<span class="badge status-failed">Failed</span>' in page
    assert FAILED_CODE in page
    assert FAILED_MEANING in page


def test_template_and_sign_come_from_the_matched_record_and_filter(agent):
    now = timezone.now()
    known = receipt_row(phone="13800000001", sent=now)
    record_for(known, template_code="SMS_271935402", content="【云雀科技】您的验证码123456")
    receipt_row(phone="13800000002", sent=now)  # nobody searched it: template unknown

    page = agent.get("/sends/").content.decode()
    by_template = agent.get("/sends/", {"template": "sms_271935402"}).content.decode()
    by_sign = agent.get("/sends/", {"sign": "【云雀科技】"}).content.decode()

    assert "SMS_271935402" in page and "云雀科技" in page
    assert "13800000001" in by_template and "13800000002" not in by_template
    assert "13800000001" in by_sign and "13800000002" not in by_sign


def test_carrier_and_province_filter_by_where_the_number_belongs(agent):
    now = timezone.now()
    receipt_row(phone="13800000001", sent=now)  # China Mobile, Beijing
    receipt_row(phone="18912345678", sent=now)  # China Telecom, Jiangsu
    receipt_row(phone="17012345678", sent=now)  # a virtual operator's range

    telecom = agent.get("/sends/", {"carrier": "China Telecom"}).content.decode()
    beijing = agent.get("/sends/", {"region": "Beijing"}).content.decode()
    virtual = agent.get("/sends/", {"carrier": "virtual"}).content.decode()

    assert "18912345678" in telecom and 'id="count-sent">1<' in telecom
    assert "13800000001" in beijing and 'id="count-sent">1<' in beijing
    assert "17012345678" in virtual and 'id="count-sent">1<' in virtual
    assert '<option value="China Telecom" selected>China Telecom</option>' in telecom


def test_a_carrier_abroad_filters_by_its_name(agent):
    now = timezone.now()
    receipt_row(phone="447400123456", sent=now)  # Three, in the United Kingdom
    receipt_row(phone="13800000001", sent=now)

    three = agent.get("/sends/", {"carrier": "Three"}).content.decode()
    uk = agent.get("/sends/", {"region": "GB"}).content.decode()

    assert 'id="count-sent">1<' in three and "447400123456" in three
    assert 'id="count-sent">1<' in uk and "447400123456" in uk


def test_the_account_filter_keeps_one_accounts_sends(agent, two_accounts):
    now = timezone.now()
    receipt_row(phone="13800000001", sent=now, account="shop")
    receipt_row(phone="13800000002", sent=now, account="global")

    page = agent.get("/sends/", {"account": "global"}).content.decode()
    everything = agent.get("/sends/").content.decode()

    assert "13800000002" in page and "13800000001" not in page
    assert "商城" in everything  # the Account column, by label


def test_each_number_links_to_its_search_on_the_send_day(agent, two_accounts):
    sent = timezone.now() - timedelta(hours=2)
    receipt_row(phone=SUPPORT_PHONE, sent=sent, account="global")

    page = agent.get("/sends/").content.decode()

    day = sent.astimezone(CHINA_TZ).date().isoformat()
    assert f'href="/?phone={SUPPORT_PHONE}&amp;date={day}&amp;account=global"' in page


def test_managers_see_masked_numbers_and_no_search_link(manager):
    receipt_row(phone=SUPPORT_PHONE, sent=timezone.now())

    page = manager.get("/sends/").content.decode()

    assert "138****8000" in page
    assert SUPPORT_PHONE not in page
    assert "/?phone=" not in page


def test_pages_of_fifty_newest_first(agent):
    now = timezone.now()
    for minute in range(60):
        receipt_row(phone=f"138000{minute:05d}", sent=now - timedelta(minutes=minute))

    first = agent.get("/sends/").content.decode()
    second = agent.get("/sends/", {"page": 2}).content.decode()

    assert "13800000000" in first and "13800000049" in first and "13800000050" not in first
    assert "13800000050" in second and "13800000059" in second
    assert "Page 1 of 2" in first


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"since": "yesterday"}, "since", "Enter a date and time such as"),
        ({"since": "2099-01-01T00:00"}, "since", "cannot be in the future"),
        ({"since": "{hour}", "until": "{day_before}"}, "until", "comes before its start"),
        ({"since": "{long_ago}"}, "since", "at most 31 days long"),
        ({"since": "{long_ago}", "until": "{day_before}"}, "until", "at most 31 days long"),
        ({"status": "waiting"}, "status", "Choose from the list."),
        ({"account": "nobody"}, "account", "Choose from the list."),
        ({"error_code": "x" * 65}, "error_code", "At most 64 characters."),
    ],
)
def test_bad_input_is_a_form_error_not_a_500(agent, params, field, message):
    now = timezone.now()
    times = {
        "{hour}": local(now - timedelta(hours=1)),
        "{day_before}": local(now - timedelta(days=1)),
        "{long_ago}": local(now - timedelta(days=40)),
    }
    params = {name: times.get(value, value) for name, value in params.items()}

    response = agent.get("/sends/", params)

    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}-error"' in page
    assert message in page
    assert not AuditEntry.objects.exists()


def test_the_page_is_audited_with_its_window_and_filters(agent):
    receipt_row(phone="13800000001", sent=timezone.now(), success=False)
    since = local(timezone.now() - timedelta(hours=1))

    agent.get("/sends/", {"since": since, "status": "failed", "error_code": FAILED_CODE})

    entry = AuditEntry.objects.get()
    assert entry.action == Action.SEARCH
    assert entry.phone == ""
    assert entry.result_count == 1
    assert entry.filters["page"] == "/sends/"
    assert entry.filters["since"] == since.replace("T", " ")
    assert entry.filters["status"] == "Failed"
    assert entry.filters["error_code"] == FAILED_CODE
    assert entry.accounts == "default"


def test_the_page_takes_a_bounded_number_of_queries(agent, django_assert_max_num_queries):
    now = timezone.now()
    for minute in range(30):
        receipt = receipt_row(phone=f"138000{minute:05d}", sent=now - timedelta(minutes=minute))
        record_for(receipt, template_code="SMS_1", content="【云雀科技】您好")

    # Session, user and permissions (4), the count, the audit entry, the page's rows with their
    # templates and signs (one query, however many rows), the session saved (3).
    with django_assert_max_num_queries(10):
        response = agent.get("/sends/", {"template": "SMS_1"})

    assert response.content.decode().count("SMS_1") >= 30


def test_auditors_may_not_open_the_page(client, django_user_model):
    from support.users import user_with_role

    from access.roles import AUDITOR

    client.force_login(user_with_role(django_user_model, "auditor", AUDITOR))

    response = client.get("/sends/")

    assert response.status_code == 403


def test_the_header_links_to_the_page_for_those_who_may_use_it(agent, client, django_user_model):
    assert 'id="nav-sends"' in agent.get("/sends/").content.decode()


def test_the_audit_trail_says_what_the_page_was_asked(agent, client, django_user_model):
    from support.users import user_with_role

    from access.roles import AUDITOR

    since = local(timezone.now() - timedelta(hours=1))
    agent.get("/sends/", {"since": since, "status": "failed", "sign": "云雀科技"})
    client.force_login(user_with_role(django_user_model, "auditor", AUDITOR))

    trail = client.get("/audit/").content.decode()

    assert "Page: /sends/" in trail
    assert f"From (date and time): {since.replace('T', ' ')}" in trail
    assert "Status: Failed" in trail and "Sign: 云雀科技" in trail


def test_the_window_is_read_newest_first_through_its_index():
    from django.db import connection

    from rates.sends import sends_list
    from rates.sends_form import SendsQuery

    if connection.vendor != "sqlite":
        pytest.skip("the plan of a near-empty table is the planner's choice on PostgreSQL")
    now = timezone.now()
    query = SendsQuery(since=now - timedelta(days=31), until=now, accounts=("default",))

    plan = sends_list(query=query)[:50].explain()

    # SQLite's plan lines: id, parent, -, detail; the outer query's steps have parent 0.
    outer = [line.split(" ", 3)[3] for line in plan.splitlines() if line.split(" ")[1] == "0"]
    assert "USING INDEX receipt_account_time" in outer[0]
    assert not any("ORDER BY" in step for step in outer)  # no sort: the index is the order


@pytest.mark.parametrize("page", ["abc", "999", "0"])
def test_a_page_number_out_of_range_still_shows_a_page(agent, page):
    receipt_row(phone="13800000001", sent=timezone.now())

    response = agent.get("/sends/", {"page": page})

    assert response.status_code == 200
    assert "13800000001" in response.content.decode()


def test_the_page_is_not_kept_by_the_browser_and_answers_get_only(agent):
    assert "no-store" in agent.get("/sends/")["Cache-Control"]
    assert agent.head("/sends/").status_code == 405
