"""Each account's template and signature lists: fetched by the search page, stored, asked again
after an hour, kept when Alibaba Cloud cannot give them (``deliveries.catalogue_refresh``)."""

from __future__ import annotations

import csv
import io
import json
import threading

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from requests import Response
from support.sandbox import CATALOGUE_ACTIONS, CountingAdapter, sandbox_accounts, sandbox_client

from core import clients
from core.accounts import Account
from deliveries import catalogue_refresh
from deliveries.models import AccountSign, AccountTemplate, CatalogueFetch, Fetch, SmsRecord
from dysms.values import Credentials
from dysms_sandbox import GLOBAL_CREDENTIALS, SHOP_CREDENTIALS, reserved
from dysms_sandbox.accounts import NO_PERMISSION_ACCESS_KEY_ID, NO_PERMISSION_ACCESS_KEY_SECRET

pytestmark = pytest.mark.django_db

LISTS = ["QuerySmsTemplateList", "QuerySmsSignList"]
NAMED = '<span class="template-name">'


class ListsUnavailable(CountingAdapter):
    """The sandbox, but the template and signature lists answer 503 (an outage of theirs)."""

    def send(self, request, **kwargs) -> Response:
        action = request.headers.get("x-acs-action")
        if action not in CATALOGUE_ACTIONS:
            return super().send(request, **kwargs)
        self.catalogue_calls.append({"action": action, "page": 1})
        response = Response()
        response.status_code = 503
        body = {"Code": "ServiceUnavailable", "Message": "down", "RequestId": "lists-down"}
        response._content = json.dumps(body).encode()
        response.headers["Content-Type"] = "application/json"
        response.request, response.url = request, request.url
        return response


def page(client, django_user_model, **params):
    """The search page, logged in again (the clock moves past the session's idle limit)."""
    client.force_login(django_user_model.objects.get(username="agent"))
    response = client.get("/", params)
    assert response.status_code == 200
    return response.content.decode()


def actions(adapter) -> list[str]:
    return [call["action"] for call in adapter.catalogue_calls]


def test_the_lists_are_stored_and_not_asked_again_within_the_hour(
    agent, upstream, pinned_clock, django_user_model
):
    page(agent, django_user_model)
    assert actions(upstream) == LISTS
    assert AccountTemplate.objects.filter(account="default").count() == 9
    assert AccountSign.objects.filter(account="default").count() == 7

    pinned_clock.shift(3599)
    page(agent, django_user_model)
    assert actions(upstream) == LISTS

    pinned_clock.shift(1)
    page(agent, django_user_model)
    assert actions(upstream) == LISTS * 2
    assert AccountTemplate.objects.filter(account="default").count() == 9  # replaced, not added


def test_every_page_of_both_lists_is_read(agent, upstream, monkeypatch):
    monkeypatch.setattr(catalogue_refresh, "LIST_PAGE_SIZE", 4)

    agent.get("/")

    pages = [(call["action"], call["page"]) for call in upstream.catalogue_calls]
    assert pages == [
        *(("QuerySmsTemplateList", n) for n in (1, 2, 3)),
        *(("QuerySmsSignList", n) for n in (1, 2)),
    ]
    assert AccountTemplate.objects.count() == 9 and AccountSign.objects.count() == 7


def test_when_the_lists_fail_the_search_works_with_codes_only(agent, install_client, past_day):
    guarded, adapter = sandbox_client(adapter_factory=ListsUnavailable)
    install_client(guarded)

    response = agent.get("/", {"phone": reserved.EVERY_STATUS, "date": past_day.isoformat()})

    html = response.content.decode()
    assert response.status_code == 200
    assert adapter.calls and actions(adapter)  # the records were fetched; the lists were tried
    codes = set(SmsRecord.objects.values_list("template_code", flat=True)) - {""}
    assert codes and all(f'data-label="Template">{code}</td>' in html for code in codes)
    assert NAMED not in html
    assert '<datalist id="template-options"></datalist>' in html
    state = CatalogueFetch.objects.get(account="default")
    assert (state.fetched_at, state.problem, state.request_id) == (
        None,
        "ServiceUnavailable",
        "lists-down",
    )


def test_a_failed_refresh_keeps_the_stored_lists_and_is_tried_again_five_minutes_later(
    agent, upstream, install_client, pinned_clock, past_day, django_user_model
):
    search = {"phone": reserved.EVERY_STATUS, "date": past_day.isoformat()}
    assert NAMED in page(agent, django_user_model, **search)
    guarded, down = sandbox_client(adapter_factory=ListsUnavailable)
    install_client(guarded)
    pinned_clock.shift(3600)

    html = page(agent, django_user_model, **search)
    assert set(actions(down)) == {"QuerySmsTemplateList"}  # its failure ends the walk
    tried = len(down.catalogue_calls)  # one try: the client's attempts of one call
    assert NAMED in html and '<option value="登录验证码 (SMS_271935402)">' in html

    pinned_clock.shift(299)
    page(agent, django_user_model, **search)
    assert len(down.catalogue_calls) == tried
    pinned_clock.shift(1)
    page(agent, django_user_model, **search)
    assert len(down.catalogue_calls) == 2 * tried
    assert AccountTemplate.objects.count() == 9


class SlowLists(CountingAdapter):
    """The sandbox, but the lists answer only once the test lets them."""

    def __init__(self, sandbox):
        super().__init__(sandbox)
        self.release = threading.Event()

    def send(self, request, **kwargs) -> Response:
        if request.headers.get("x-acs-action") in CATALOGUE_ACTIONS:
            self.release.wait(timeout=10)
        return super().send(request, **kwargs)


def test_slow_lists_hold_the_page_no_longer_than_its_wait(agent, install_client, settings):
    settings.TEMPLATE_LIST_WAIT_SECONDS = 0.2
    guarded, slow = sandbox_client(adapter_factory=SlowLists)
    install_client(guarded)
    try:
        response = agent.get("/")
    finally:
        slow.release.set()

    assert response.status_code == 200
    assert '<datalist id="template-options"></datalist>' in response.content.decode()
    assert CatalogueFetch.objects.get().problem == "Late"
    assert AccountTemplate.objects.count() == 0  # the late walk's answer is not stored


def test_a_page_view_while_another_walks_the_lists_reads_what_is_stored(agent, upstream):
    cache.add(catalogue_refresh.LOCK_KEY.format(account="default"), 1, 60)

    response = agent.get("/")

    assert response.status_code == 200 and upstream.catalogue_calls == []


@pytest.fixture
def two_accounts(settings):
    """商城 (shop) and Global on the sandbox, each with its own templates."""
    settings.DYSMS_ACCOUNTS = (
        Account(name="shop", label="商城", endpoint="sandbox"),
        Account(name="global", label="Global", endpoint="sandbox"),
    )
    cache.clear()
    yield sandbox_accounts({"shop": SHOP_CREDENTIALS, "global": GLOBAL_CREDENTIALS})
    clients.set_client(None)
    cache.clear()


def test_each_row_is_named_from_its_own_accounts_templates(staff, two_accounts, yesterday):
    search = {"phone": reserved.EVERY_STATUS, "date": yesterday.isoformat()}
    staff.get("/", search)
    assert [actions(adapter) for adapter in two_accounts.values()] == [LISTS, LISTS]
    # A shop code in a Global row (codes belong to one account): Global has no such template.
    shop_code = AccountTemplate.objects.filter(account="shop").values_list("code", flat=True)[0]
    stray = SmsRecord.objects.filter(account="global").first()
    SmsRecord.objects.filter(pk=stray.pk).update(template_code=shop_code, out_id="stray")

    response = staff.get("/", {**search, "_export": "csv"})

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = {(row.account, row.code): row.name for row in AccountTemplate.objects.all()}
    accounts = {"商城": "shop", "Global": "global"}
    for row in rows:
        expected = names.get((accounts[row["Account"]], row["Template"]), "")
        assert row["Template name"] == expected
    assert {row["Account"] for row in rows if row["Template name"]} == {"商城", "Global"}
    assert [row["Template name"] for row in rows if row["OutId"] == "stray"] == [""]
    assert set(Fetch.objects.values_list("account", flat=True)) == {"shop", "global"}


def test_an_account_whose_lists_are_denied_leaves_the_others_named(agent, settings, yesterday):
    settings.DYSMS_ACCOUNTS = (
        Account(name="shop", label="商城", endpoint="sandbox"),
        Account(name="global", label="Global", endpoint="sandbox"),
    )
    cache.clear()
    denied = Credentials(NO_PERMISSION_ACCESS_KEY_ID, NO_PERMISSION_ACCESS_KEY_SECRET)
    sandbox_accounts({"shop": SHOP_CREDENTIALS, "global": denied})
    try:
        response = agent.get("/", {"phone": reserved.EVERY_STATUS, "date": yesterday.isoformat()})
    finally:
        clients.set_client(None)

    assert response.status_code == 200
    assert NAMED in response.content.decode()
    assert set(AccountTemplate.objects.values_list("account", flat=True)) == {"shop"}
    assert CatalogueFetch.objects.get(account="global").problem != ""


def test_the_command_fetches_the_lists_now_whatever_their_age(upstream):
    out = io.StringIO()
    call_command("refresh_templates", stdout=out)
    call_command("refresh_templates", stdout=out)

    assert out.getvalue().splitlines() == ["default: 9 templates, 7 signatures stored."] * 2
    assert actions(upstream) == LISTS * 2


def test_the_command_says_which_account_failed_and_keeps_its_lists(install_client):
    guarded, _ = sandbox_client(adapter_factory=ListsUnavailable)
    install_client(guarded)
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("refresh_templates", stderr=err)

    assert "default: not fetched (ServiceUnavailable)" in err.getvalue()
    with pytest.raises(CommandError, match="No account 'payments'"):
        call_command("refresh_templates", account="payments")


def template_reads(client) -> int:
    """How many times a search page read the stored templates."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return sum(
        query["sql"].startswith("SELECT") and 'FROM "deliveries_accounttemplate"' in query["sql"]
        for query in queries
    )


def test_the_page_reads_the_lists_again_only_once_they_changed(agent, upstream):
    assert template_reads(agent) == 1  # fetched, stored, read
    assert template_reads(agent) == 0  # unchanged: the process's last read
    call_command("refresh_templates", stdout=io.StringIO())  # another process, say

    assert template_reads(agent) == 1
    assert '<option value="登录验证码 (SMS_271935402)">' in agent.get("/").content.decode()
