"""Fixtures of the access tests: fast password hashing, an agent with a password to log in with."""

from __future__ import annotations

import pytest
from support.users import AGENT_PASSWORD, user_with_role

from access.roles import SUPPORT


@pytest.fixture
def quick_hashing(settings):
    """MD5 instead of the real hasher, which takes a noticeable fraction of a second on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def agent_user(django_user_model, quick_hashing):
    """A Support agent "agent" (with an e-mail address) whose password is ``AGENT_PASSWORD``."""
    user = user_with_role(django_user_model, "agent", SUPPORT, email="agent@example.com")
    user.set_password(AGENT_PASSWORD)
    user.save()
    return user
