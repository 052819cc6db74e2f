"""A long search says how far it has come: counts under the page's token, for its script."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from support.users import user_with_role

from deliveries import progress
from deliveries.progress import SearchProgress, search_progress
from deliveries.services import RecordSearch, records_refresh_range
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db

TOKEN = "0123456789abcdef0123"


def test_a_range_search_reports_each_batch_of_days_as_it_is_stored(upstream, yesterday):
    seen = []

    class Watched(SearchProgress):
        def _write(self):
            seen.append((self.done, self.total))
            super()._write()

    search = RecordSearch(
        phone=reserved.ONE_PAGE, first=yesterday - timedelta(days=6), last=yesterday
    )
    records_refresh_range(search=search, progress=Watched(TOKEN))

    assert seen[0] == (0, 7) and seen[-1] == (7, 7)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert search_progress(TOKEN).done == 7


def test_the_page_asks_for_the_figures_of_its_token(agent, upstream, yesterday):
    first = yesterday - timedelta(days=4)
    agent.get(
        "/",
        {
            "phone": reserved.ONE_PAGE,
            "date": first.isoformat(),
            "date_to": yesterday.isoformat(),
            "progress": TOKEN,
        },
    )

    answer = agent.get(f"/search-progress/{TOKEN}/")

    assert answer.json() == {"done": 5, "total": 5}


def test_a_token_never_used_or_malformed_has_no_figures(agent):
    cache.clear()
    assert agent.get(f"/search-progress/{TOKEN}/").json() == {}
    assert agent.get("/search-progress/short/").json() == {}


def test_a_search_without_a_token_keeps_nothing(agent, upstream, yesterday, monkeypatch):
    written = []

    class Recording:
        def set(self, key, *args, **kwargs):
            written.append(key)
            return cache.set(key, *args, **kwargs)

    monkeypatch.setattr(progress, "cache", Recording())
    agent.get("/", {"phone": reserved.ONE_PAGE, "date": yesterday.isoformat()})

    assert written == []


def test_the_figures_are_for_people_who_may_search(client, django_user_model):
    client.force_login(user_with_role(django_user_model, "nobody"))

    assert client.get(f"/search-progress/{TOKEN}/").status_code == 403


def test_the_form_tells_its_script_where_to_ask_and_in_which_words(agent):
    page = agent.get("/").content.decode()

    assert 'data-progress-url="/search-progress/TOKEN/"' in page
    assert 'data-progress="Fetched {done} of {total} days from Alibaba Cloud…"' in page
