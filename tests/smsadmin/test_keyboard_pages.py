"""Keyboard use as the server renders it: every page opens with a skip link to its content, a
page of results does not pull the focus into the phone field, and the selects that change the
page (rows per page, language) sit in forms with their own button (they work without JavaScript
and never act on an arrow key; the browser tests press the keys)."""

from __future__ import annotations

import re

import pytest
from support.stored import stored_day
from support.users import user_with_role

from access.roles import AUDITOR, MANAGER, SUPPORT
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(client, django_user_model):
    client.force_login(user_with_role(django_user_model, "lead", SUPPORT, MANAGER, AUDITOR))
    return client


def first_link(html: str) -> tuple[str, str]:
    body = html.split("<body>", 1)[1]
    found = re.search(r'<a class="skip-link" href="#([^"]+)" id="skip-link">([^<]+)</a>', body)
    assert found and body.lstrip().startswith('<a class="skip-link"'), body[:200]
    return found.group(1), found.group(2)


def test_every_page_opens_with_a_skip_link_to_an_element_it_has(
    lead, upstream, steady_statistics, yesterday
):
    record = stored_day()[0]
    pages = {
        "/": ("main", "Skip to the main content"),
        f"/?phone={reserved.ONE_PAGE}&date={yesterday}": ("record-rows", "Skip to the records"),
        f"/records/{record.pk}/": ("main", "Skip to the main content"),
        "/stats/": ("main", "Skip to the main content"),
        "/audit/": ("trail", "Skip to the entries"),
    }
    for path, expected in pages.items():
        html = lead.get(path).content.decode()
        target, label = first_link(html)
        assert (target, label) == expected, path
        assert f'id="{target}"' in html, path


def test_the_login_page_opens_with_a_skip_link(client):
    html = client.get("/accounts/login/").content.decode()

    assert first_link(html) == ("main", "Skip to the main content")
    assert '<main id="main" tabindex="-1">' in html


@pytest.mark.chinese
def test_the_skip_link_speaks_chinese(lead, upstream, yesterday):
    html = lead.get("/", {"phone": reserved.ONE_PAGE, "date": yesterday}).content.decode()

    assert first_link(html) == ("record-rows", "跳到发送记录")


def test_the_empty_form_starts_in_the_phone_field_a_page_of_results_at_its_top(
    lead, upstream, yesterday
):
    empty = lead.get("/").content.decode()
    results = lead.get("/", {"phone": reserved.ONE_PAGE, "date": yesterday}).content.decode()

    assert re.search(r'<input[^>]*name="phone"[^>]*autofocus', empty)
    assert not re.search(r"autofocus", results)


def test_the_page_size_and_the_language_change_with_a_button(lead, upstream, yesterday):
    html = lead.get("/", {"phone": reserved.ONE_PAGE, "date": yesterday}).content.decode()

    search_form = re.search(r'<form method="get"[^>]*id="search-form".*?</form>', html, re.S)
    assert 'name="per_page"' in search_form.group(0)
    assert '<button type="submit"' in search_form.group(0)
    language_form = re.search(r'<form class="language".*?</form>', html, re.S).group(0)
    assert '<button type="submit" class="link">Switch</button>' in language_form
    assert "onchange" not in html


def test_a_changed_page_size_applies_from_the_form_alone(lead, upstream, yesterday):
    query = {"phone": reserved.ONE_PAGE, "date": yesterday, "per_page": "10"}

    html = lead.get("/", query).content.decode()

    rows = re.search(r'<tbody id="record-rows".*?</tbody>', html, re.S).group(0)
    assert len(re.findall(r"<tr[ >]", rows)) == 10
