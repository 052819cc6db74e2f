"""A database outage gives a plain 503 page, never a traceback."""

import pytest
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.test import Client, RequestFactory
from outage import break_database
from role_users import user_with_role

from access.roles import SUPPORT
from deliveries.middleware import DATABASE_DOWN, DatabaseUnavailableMiddleware


@pytest.fixture
def agent(django_user_model):
    client = Client(raise_request_exception=False)
    client.force_login(user_with_role(django_user_model, "agent", SUPPORT))
    return client


@pytest.fixture
def database_down(transactional_db, monkeypatch):
    yield from break_database(monkeypatch)


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
def test_page_behind_login_answers_503_when_the_database_is_gone(agent, database_down, path):
    # The session and the user are loaded before any view: the failure happens in middleware.
    assert_plain_503(agent.get(path))


@pytest.mark.django_db(transaction=True)
def test_the_site_works_again_when_the_database_is_back(agent, monkeypatch):
    broken = break_database(monkeypatch)
    next(broken)
    assert agent.get("/stats/", {"period": "x"}).status_code == 503
    next(broken, None)
    monkeypatch.undo()

    response = agent.get("/healthz")

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
