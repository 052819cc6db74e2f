"""The API tokens page: a user makes a token (shown once), sees their tokens, revokes one."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from support.translations import english_phrases, untranslated

from api.models import ApiToken
from api.tokens import token_create

pytestmark = pytest.mark.django_db


def secret_on(response) -> str:
    found = re.search(r'id="token-secret"[^>]* value="([^"]+)"', response.content.decode())
    return found.group(1) if found else ""


def test_a_new_token_is_shown_once_and_works(agent, upstream):
    made = agent.post("/api-tokens/", {"name": "ticket system", "days": "30"})
    secret = secret_on(made)
    again = agent.get("/api-tokens/")

    assert made.status_code == 200 and secret.startswith("smsadmin_")
    assert "no-store" in made["Cache-Control"]
    assert secret not in again.content.decode() and "ticket system" in again.content.decode()
    token = ApiToken.objects.get()
    assert (token.name, token.user.username) == ("ticket system", "agent")
    assert (token.expires - token.created).days == 30
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    assert api.get("/api/v1/records", {"phone": "13800000999"}).status_code == 200


def test_a_token_needs_a_name(agent):
    response = agent.post("/api-tokens/", {"name": " ", "days": "0"})

    assert response.status_code == 400
    assert not secret_on(response) and not ApiToken.objects.exists()
    assert 'id="id_name-error"' in response.content.decode()
    assert 'id="id_days-error"' in response.content.decode()


def test_revoking_ends_the_token(agent, upstream):
    secret = secret_on(agent.post("/api-tokens/", {"name": "script"}))
    token = ApiToken.objects.get()

    response = agent.post(f"/api-tokens/{token.pk}/revoke/", follow=True)

    token.refresh_from_db()
    assert token.revoked is not None
    assert "Revoked" in response.content.decode()
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    assert api.get("/api/v1/records", {"phone": "13800000999"}).status_code == 401


def test_nobody_sees_or_revokes_anothers_tokens(agent, django_user_model):
    other = django_user_model.objects.create(username="someone-else")
    theirs, _ = token_create(user=other, name="their token")

    page = agent.get("/api-tokens/").content.decode()
    response = agent.post(f"/api-tokens/{theirs.pk}/revoke/")

    assert "their token" not in page
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked is None


def test_the_header_links_the_tokens_page(agent):
    assert 'href="/api-tokens/"' in agent.get("/").content.decode()


@pytest.mark.chinese
def test_the_page_speaks_chinese(agent):
    agent.post("/api-tokens/", {"name": "工单系统", "days": "7"})

    html = agent.get("/api-tokens/").content.decode()

    assert "API 令牌" in html and "撤销" in html
    assert untranslated(html) == []
    assert english_phrases(html) == []


def test_a_superuser_revokes_any_token_in_the_admin_and_sees_no_digest(client, django_user_model):
    owner = django_user_model.objects.create(username="owner")
    token, secret = token_create(user=owner, name="runbook")
    client.force_login(
        django_user_model.objects.create(username="root", is_superuser=True, is_staff=True)
    )

    listing = client.get("/admin/api/apitoken/").content.decode()
    client.post(
        "/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )

    assert "runbook" in listing and token.digest not in listing and secret not in listing
    token.refresh_from_db()
    assert token.revoked is not None
    assert client.get("/admin/api/apitoken/add/").status_code == 403


@pytest.mark.chinese
def test_the_tokens_admin_is_in_chinese(client, django_user_model):
    token_create(user=django_user_model.objects.create(username="owner"), name="runbook")
    client.force_login(
        django_user_model.objects.create(username="root", is_superuser=True, is_staff=True)
    )

    html = client.get("/admin/api/apitoken/").content.decode()

    assert "API 令牌" in html and "撤销所选令牌" in html
    assert untranslated(html) == []
