"""Fixtures of the dashboard tests: the upstream they talk to and a logged-in agent."""

from __future__ import annotations

import pytest
from deliveries_fakes import sandbox_client
from django.core.cache import cache
from role_users import user_with_role

from access.roles import SUPPORT
from deliveries import backend


@pytest.fixture(autouse=True)
def english(request, settings):
    """Tests read English unless marked ``@pytest.mark.chinese`` (a new install speaks Chinese)."""
    from django.utils import translation

    language = "zh-hans" if request.node.get_closest_marker("chinese") else "en"
    settings.LANGUAGE_CODE = language
    with translation.override(language):
        yield language


@pytest.fixture
def install_client():
    """Make a client the process-wide one for this test; the cache (locks, circuit) starts empty."""
    cache.clear()

    def install(guarded):
        backend.set_client(guarded)
        return guarded

    yield install
    backend.set_client(None)
    cache.clear()


@pytest.fixture
def upstream(install_client):
    """The sandbox behind a counting transport; ``upstream.calls`` lists every call."""
    guarded, adapter = sandbox_client()
    install_client(guarded)
    return adapter


@pytest.fixture
def agent(client, django_user_model):
    """A logged-in Support agent: searches records and reads their contents."""
    client.force_login(user_with_role(django_user_model, "agent", SUPPORT))
    return client
