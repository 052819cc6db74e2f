"""Fixtures of the JSON API tests: a token per role, and a client that sends it."""

from __future__ import annotations

import pytest
from django.test import Client
from support.users import user_with_role

from access.roles import MANAGER, SUPPORT
from api.tokens import token_create


def bearer(django_user_model, username: str, *roles: str) -> Client:
    """A client with no session that sends a new token of a user in ``roles`` on every call."""
    user = user_with_role(django_user_model, username, *roles)
    _, secret = token_create(user=user, name="tests")
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    client.secret = secret
    return client


@pytest.fixture
def agent_api(db, django_user_model) -> Client:
    """A Support agent's token: full numbers, codes masked (Reveal is a page's button)."""
    return bearer(django_user_model, "agent", SUPPORT)


@pytest.fixture
def manager_api(db, django_user_model) -> Client:
    """A Manager's token: masked numbers, the delivery rates."""
    return bearer(django_user_model, "manager", MANAGER)


@pytest.fixture
def no_role_api(db, django_user_model) -> Client:
    """A token of a user without any role."""
    return bearer(django_user_model, "newcomer")
