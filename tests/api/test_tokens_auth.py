"""Who may call the API: a valid token (401 otherwise), a role (403), within the rate (429)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import timezone
from support.stored import PHONE, stored_day

from access.roles import NO_ROLE, NOT_YOUR_ROLE
from api.auth import rate_limit
from api.errors import TOKEN_REFUSED
from api.models import ApiToken
from api.tokens import token_digest
from deliveries.models import SmsRecord

pytestmark = pytest.mark.django_db


def search(client):
    """A search of a stored final day (no call upstream when allowed)."""
    record = SmsRecord.objects.first() or stored_day()[0]
    return client.get("/api/v1/records", {"phone": PHONE, "date": record.send_day.isoformat()})


@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer smsadmin_not-a-token", "Basic dXNlcjpwYXNz", "Token smsadmin_x"],
)
def test_a_call_without_a_valid_token_is_401(header, upstream):
    client = Client(headers={"Authorization": header} if header else {})

    response = search(client)

    assert response.status_code == 401
    assert response.json() == {"detail": TOKEN_REFUSED}
    assert response["WWW-Authenticate"] == "Bearer"
    assert upstream.calls == []


@pytest.mark.parametrize(
    "change", [{"revoked": "now"}, {"expires": "now"}, {"expires": "an hour ago"}]
)
def test_a_revoked_or_expired_token_is_401(change, agent_api, upstream):
    when = {"now": timezone.now(), "an hour ago": timezone.now() - timedelta(hours=1)}
    ApiToken.objects.update(**{field: when[value] for field, value in change.items()})

    assert search(agent_api).status_code == 401


def test_a_token_that_expires_later_works_until_then(agent_api, upstream, pinned_clock):
    ApiToken.objects.update(expires=timezone.now() + timedelta(days=1))
    assert search(agent_api).status_code == 200

    pinned_clock.shift(timedelta(days=1))
    assert search(agent_api).status_code == 401


def test_the_token_of_a_deactivated_user_is_401(agent_api, upstream, django_user_model):
    django_user_model.objects.update(is_active=False)

    assert search(agent_api).status_code == 401


def test_a_user_without_a_role_gets_403_with_the_pages_words(no_role_api, upstream):
    response = search(no_role_api)

    assert response.status_code == 403
    assert response.json() == {"detail": NO_ROLE}
    assert no_role_api.get("/api/v1/stats").status_code == 403
    assert upstream.calls == []


def test_a_role_without_the_rates_gets_403_on_the_stats(agent_api, steady_statistics):
    response = agent_api.get("/api/v1/stats")

    assert response.status_code == 403
    assert response.json() == {"detail": NOT_YOUR_ROLE}
    assert steady_statistics.calls == []


def test_a_call_notes_when_the_token_was_used_and_sets_no_cookie(agent_api, upstream):
    response = search(agent_api)

    assert ApiToken.objects.get().last_used is not None
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert "sessionid" not in agent_api.cookies


def test_only_the_digest_of_the_secret_is_stored(agent_api):
    token = ApiToken.objects.get()

    assert agent_api.secret.startswith("smsadmin_")
    assert token.digest == token_digest(agent_api.secret)
    assert agent_api.secret not in str(ApiToken.objects.values().get())


def test_calls_past_the_rate_get_429_with_retry_after(agent_api, manager_api, upstream, settings):
    settings.API_RATE_LIMIT = "3/min"

    answers = [search(agent_api).status_code for _ in range(4)]
    refused = search(agent_api)

    assert answers == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Per token: another token is not slowed down by this one.
    assert search(manager_api).status_code == 200


def test_the_limit_lifts_in_the_next_window(agent_api, upstream, settings, pinned_clock):
    settings.API_RATE_LIMIT = "1/min"
    assert search(agent_api).status_code == 200
    refused = search(agent_api)
    assert refused.status_code == 429

    pinned_clock.shift(int(refused["Retry-After"]))

    assert search(agent_api).status_code == 200


@pytest.mark.parametrize(
    "rate, parsed", [("60/min", (60, 60)), ("5/s", (5, 1)), ("1000 / hour", (1000, 3600))]
)
def test_the_rate_setting_reads_like_ninjas(rate, parsed, settings):
    settings.API_RATE_LIMIT = rate

    assert rate_limit() == parsed


@pytest.mark.parametrize("rate", ["lots", "0/min", "60/fortnight", ""])
def test_a_rate_setting_that_does_not_parse_is_refused_naming_the_variable(rate, settings):
    settings.API_RATE_LIMIT = rate

    with pytest.raises(ImproperlyConfigured, match="API_RATE_LIMIT"):
        rate_limit()
