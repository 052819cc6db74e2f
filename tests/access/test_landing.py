"""After logging in, each role lands on its own first page; a ``next`` page still wins."""

from __future__ import annotations

import pytest
from support.users import user_with_role

from access.roles import AUDITOR, MANAGER, SUPPORT

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-9"


def logged_in(client, django_user_model, *roles: str, next_page: str = ""):
    user = user_with_role(django_user_model, "someone", *roles)
    user.set_password(PASSWORD)
    user.save()
    login = "/accounts/login/" + (f"?next={next_page}" if next_page else "")
    return client.post(login, {"username": "someone", "password": PASSWORD}, follow=True)


@pytest.mark.parametrize(
    ("roles", "landing", "heading"),
    [
        ((SUPPORT,), "/", "Messages sent to a number"),
        ((MANAGER,), "/stats/", "Delivery rates"),
        ((SUPPORT, MANAGER), "/", "Messages sent to a number"),
        ((AUDITOR,), "/audit/", "Audit trail"),
    ],
)
def test_each_role_lands_on_its_first_page(client, django_user_model, roles, landing, heading):
    response = logged_in(client, django_user_model, *roles)

    assert response.redirect_chain[-1][0] == landing
    assert f"<h1>{heading}</h1>" in response.content.decode()


def test_a_manager_following_a_link_lands_where_it_pointed(client, django_user_model):
    response = logged_in(client, django_user_model, MANAGER, next_page="/?phone=13800138000")

    assert response.redirect_chain[-1][0] == "/?phone=13800138000"


def test_a_managers_header_links_to_the_search_and_the_rates(client, django_user_model):
    page = logged_in(client, django_user_model, MANAGER).content.decode()

    assert 'href="/stats/"' in page and '<a href="/">' in page
