"""A database outage gives a plain 503 page, never a traceback, and is logged once in a while."""

import logging

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.test import Client, RequestFactory
from support.outage import break_database
from support.statistics import receipt

from core import middleware
from core.middleware import (
    DATABASE_DOWN,
    OUTAGE,
    OUTAGE_REPEATED,
    DatabaseUnavailableMiddleware,
    OutageLog,
)

TOKEN = "push-t0ken-in-the-path"


@pytest.fixture(autouse=True)
def outage_clock(monkeypatch, monotonic_clock):
    """A fresh outage log per test, on a clock the test moves; returns that clock."""
    monkeypatch.setattr(middleware, "outage_log", OutageLog(clock=monotonic_clock))
    return monotonic_clock


def assert_plain_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert DATABASE_DOWN in page
    assert "Traceback" not in page
    assert "OperationalError" not in page


@pytest.mark.parametrize("path", ["/?phone=13800138000", "/stats/"])
@pytest.mark.django_db(transaction=True)
def test_page_behind_login_answers_503_when_the_database_is_gone(
    agent_no_raise, database_down, path
):
    # The session and the user are loaded before any view: the failure happens in middleware.
    assert_plain_503(agent_no_raise.get(path))


@pytest.mark.django_db(transaction=True)
def test_the_site_works_again_when_the_database_is_back(agent_no_raise, monkeypatch):
    broken = break_database(monkeypatch)
    next(broken)
    assert agent_no_raise.get("/stats/", {"period": "x"}).status_code == 503
    next(broken, None)
    monkeypatch.undo()

    response = agent_no_raise.get("/healthz")

    assert response.status_code == 200


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_view_failing_to_reach_the_database_gives_the_503_page(error, caplog):
    middleware = DatabaseUnavailableMiddleware(lambda request: HttpResponse("unused"))
    request = RequestFactory().get("/?phone=13800138000")

    response = middleware.process_exception(request, error("connection refused"))

    assert_plain_503(response)
    assert [r.getMessage() for r in caplog.records] == [
        f"Database unavailable during GET /: {error.__name__}"
    ]


def test_other_errors_are_left_to_django():
    middleware = DatabaseUnavailableMiddleware(lambda request: HttpResponse("unused"))
    request = RequestFactory().get("/")

    assert middleware.process_exception(request, ValueError("bug")) is None


def logged(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.levelno >= logging.WARNING]


@pytest.mark.django_db(transaction=True)
def test_an_outage_is_logged_once_per_interval_without_tracebacks(
    agent_no_raise, database_down, settings, caplog, outage_clock
):
    settings.SMS_REPORT_TOKEN = TOKEN
    caplog.set_level(logging.INFO)
    alibaba = Client(raise_request_exception=False)
    anonymous = Client(raise_request_exception=False)

    def requests_of_an_outage():
        return [
            agent_no_raise.get("/", {"phone": "13800138000"}),
            agent_no_raise.get("/stats/"),
            agent_no_raise.get("/records/1/"),
            agent_no_raise.get("/healthz"),
            anonymous.get("/healthz"),
            alibaba.post(f"/receipts/{TOKEN}/", [receipt()], content_type="application/json"),
        ]

    first = requests_of_an_outage() + requests_of_an_outage()
    outage_clock.now += 9.9
    more = requests_of_an_outage()
    within_interval = logged(caplog)
    outage_clock.now += 0.1
    after_interval = requests_of_an_outage()

    for response in first[:3] + more[:3] + after_interval[:3]:
        assert_plain_503(response)
    assert {response.status_code for response in first + more + after_interval} == {503}
    assert [record.getMessage() for record in within_interval] == [
        OUTAGE % ("GET", "/", "OperationalError")
    ]
    assert [record.getMessage() for record in logged(caplog)] == [
        OUTAGE % ("GET", "/", "OperationalError"),
        OUTAGE_REPEATED % ("GET", "/", "OperationalError", 17, 10),
    ]
    assert not [record for record in caplog.records if record.exc_info]
    assert TOKEN not in caplog.text


@pytest.mark.django_db(transaction=True)
def test_the_database_going_away_while_the_session_is_saved_gives_the_503_page(
    agent_no_raise, transactional_db, monkeypatch, caplog
):
    # The session and the user load, the view answers, then saving the session fails: Django
    # calls that "the session was deleted" (SessionInterrupted, a 400) unless told otherwise.
    broken = break_database(monkeypatch)
    loaded = SessionStore.create_model_instance

    def database_gone_now(self, data):
        next(broken, None)
        return loaded(self, data)

    monkeypatch.setattr(SessionStore, "create_model_instance", database_gone_now)

    response = agent_no_raise.get("/stats/", {"period": "x"})

    next(broken, None)
    assert_plain_503(response)
    assert [record.getMessage() for record in logged(caplog)] == [
        OUTAGE % ("GET", "/stats/", "OperationalError")
    ]


@pytest.mark.django_db
def test_a_session_really_deleted_meanwhile_is_still_djangos_400(agent_no_raise, monkeypatch):
    from django.contrib.sessions.models import Session

    loaded = SessionStore.create_model_instance

    def logged_out_elsewhere(self, data):
        Session.objects.all().delete()
        return loaded(self, data)

    monkeypatch.setattr(SessionStore, "create_model_instance", logged_out_elsewhere)

    response = agent_no_raise.get("/stats/", {"period": "x"})

    assert response.status_code == 400
    assert DATABASE_DOWN not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_with_debug_on_the_outage_is_the_503_page_too(
    agent_no_raise, database_down, settings, caplog
):
    # No handler500 with DEBUG on: the outermost middleware replaces Django's technical page.
    settings.DEBUG = True

    response = agent_no_raise.get("/stats/")

    assert_plain_503(response)
    assert OUTAGE % ("GET", "/stats/", "OperationalError") in caplog.messages
