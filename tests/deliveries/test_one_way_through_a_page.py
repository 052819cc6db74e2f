"""One way through a page: the form yields frozen values, the services return data (a failure as
a value, words only at the edge), the selector's rows are counted once (the paginator and the
audit are handed that count), the stats presenter asks nothing, and one enum says the status."""

from __future__ import annotations

import ast

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from support import ROOT
from support.sandbox import sandbox_client
from support.statistics import install_statistics
from support.users import user_with_role

from access.models import Action, AuditEntry
from access.roles import MANAGER
from core import failures
from core.failures import Failure, Kind
from deliveries.models import Status
from deliveries.services import RecordSearch, records_refresh_range
from dysms.values import SendStatus
from dysms_sandbox import reserved
from rates.forms import StatsForm
from rates.page import stats_context

pytestmark = pytest.mark.django_db


def counts(queries) -> list[str]:
    return [query["sql"] for query in queries if "COUNT(" in query["sql"].upper()]


def test_a_stored_search_page_counts_its_rows_once(agent, upstream, past_day):
    search = {"phone": reserved.HUNDREDS, "date": past_day.isoformat(), "per_page": "20"}
    agent.get("/", search)  # stored: a past day, final

    with CaptureQueriesContext(connection) as queries:
        response = agent.get("/", {**search, "page": "3"})

    assert len(counts(queries)) == 1  # the summary's; the paginator and the audit reuse it
    assert response.context["table"].paginator.count == 420
    assert len(response.context["table"].page.object_list) == 20
    assert AuditEntry.objects.filter(action=Action.SEARCH).last().result_count == 420


def test_a_filtered_export_is_audited_with_the_count_the_page_has(
    client, django_user_model, upstream, past_day
):
    client.force_login(user_with_role(django_user_model, "boss", MANAGER))
    search = {"phone": reserved.ONE_PAGE, "date": past_day.isoformat(), "status": "failed"}

    response = client.get("/", {**search, "_export": "csv"})

    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert entry.result_count == 4  # the day's failed sends
    assert entry.filters == {"status": "failed", "format": "csv"}


def test_the_audit_is_handed_the_search_and_parses_nothing_of_the_records_app():
    tree = ast.parse((ROOT / "access" / "audit.py").read_text())
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }

    assert not {name for name in imported if name and name.split(".")[0] in {"deliveries", "rates"}}


def test_a_failure_is_a_value_put_into_words_only_at_the_edge(install_client, past_day):
    install_client(sandbox_client(accounts={"LTAI5tSomebodyElse0000000": "x" * 30})[0])
    search = RecordSearch(phone=reserved.ONE_PAGE, first=past_day, last=past_day)

    with translation.override("zh-hans"):
        result = records_refresh_range(search=search)

    assert result.failure.kind is Kind.ACCESS_KEY_INVALID
    assert result.failure.request_id
    with translation.override("en"):
        assert failures.words(result.failure) == failures.ACCESS_KEY_INVALID
    with translation.override("zh-hans"):
        assert (
            failures.words(result.failure) == "AccessKey 无效：阿里云不接受它。需要管理员检查配置。"
        )


def test_the_stats_presenter_only_formats(monkeypatch, today, django_assert_num_queries):
    statistics = install_statistics(monkeypatch)
    form = StatsForm({}, today=today)
    assert form.is_valid()

    with django_assert_num_queries(0):
        context = stats_context(
            {}, form, rows=[], failure=Failure(Kind.THROTTLED), comparison=None, breakdown=[]
        )

    assert statistics.calls == []
    assert context["failure"].kind is Kind.THROTTLED
    assert context["totals"].sent == 0


def test_one_send_status_the_store_and_the_client_share():
    assert [(s.name, s.value) for s in Status] == [(s.name, s.value) for s in SendStatus]
    assert all(Status[s.name] == s for s in SendStatus)
    with translation.override("en"):
        assert [str(label) for _, label in Status.choices] == ["Waiting", "Failed", "Delivered"]
