"""Roles: each role against each page and export, checked on the server."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from support.stored import stored_day
from support.users import user_with_role

from access.roles import AUDITOR, MANAGER, NO_ROLE, NOT_YOUR_ROLE, ROLE_PERMISSIONS, SUPPORT

pytestmark = pytest.mark.django_db

PAGES = {
    "search form": "/",
    "search": "/?phone=13800000999&date={day}",
    "search csv export": "/?phone=13800000999&date={day}&_export=csv",
    "search xlsx export": "/?phone=13800000999&date={day}&_export=xlsx",
    "record detail": "/records/{record}/",
    "stats": "/stats/",
    "stats csv export": "/stats/?_export=csv",
    "stats xlsx export": "/stats/?_export=xlsx",
    "audit trail": "/admin/access/auditentry/",
    "audit trail page": "/audit/",
    "audit trail csv export": "/audit/?_export=csv",
}
ALLOWED = {
    SUPPORT: {"search form", "search", "record detail"},
    MANAGER: {
        "search form",
        "search",
        "record detail",
        "search csv export",
        "search xlsx export",
        "stats",
        "stats csv export",
        "stats xlsx export",
    },
    AUDITOR: {"audit trail", "audit trail page", "audit trail csv export"},
    "superuser": set(PAGES),
    None: set(),
}


def log_in(client, django_user_model, role):
    # Everyone is staff here, so the admin answers with its permission check, not its login.
    if role == "superuser":
        user = user_with_role(django_user_model, "root", is_staff=True, is_superuser=True)
    else:
        user = user_with_role(
            django_user_model, "someone", *([role] if role else []), is_staff=True
        )
    client.force_login(user)


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("role", [SUPPORT, MANAGER, AUDITOR, "superuser", None])
def test_each_role_reaches_exactly_its_pages(
    client, django_user_model, upstream, steady_statistics, role, page, past_day
):
    log_in(client, django_user_model, role)
    record = stored_day()[0]

    response = client.get(PAGES[page].format(record=record.pk, day=past_day))

    if page in ALLOWED[role]:
        assert response.status_code == 200
    elif role == AUDITOR and page.startswith("search"):
        assert response.status_code == 302 and response["Location"] == "/audit/"
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", [SUPPORT, MANAGER, AUDITOR, "superuser", None])
def test_only_support_and_superusers_may_reveal(client, django_user_model, role):
    log_in(client, django_user_model, role)
    record = stored_day()[0]

    response = client.post(f"/records/{record.pk}/reveal/")

    assert response.status_code == (200 if role in (SUPPORT, "superuser") else 403)


def test_the_roles_are_groups_made_by_the_migration():
    for name, codenames in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        assert sorted(group.permissions.values_list("codename", flat=True)) == sorted(codenames)


def test_no_role_gets_a_polite_page_not_an_error(client, django_user_model):
    client.force_login(user_with_role(django_user_model, "new"))

    response = client.get("/")

    assert response.status_code == 403
    assert NO_ROLE in response.content.decode()
    assert "<h1>Ask your administrator</h1>" in response.content.decode()


def test_a_role_without_the_page_is_told_so(client, django_user_model):
    client.force_login(user_with_role(django_user_model, "support", SUPPORT))

    response = client.get("/stats/")

    assert response.status_code == 403
    assert NOT_YOUR_ROLE in response.content.decode()


def test_stats_exports_are_refused_to_support_even_by_url(client, django_user_model):
    client.force_login(user_with_role(django_user_model, "support", SUPPORT))

    response = client.get("/stats/", {"_export": "csv"})

    assert response.status_code == 403
    assert "attachment" not in response.get("Content-Disposition", "")


def test_the_demo_user_is_support_and_manager(settings):
    from django.core.management import call_command

    settings.DYSMS_ENDPOINT = "sandbox"
    call_command("demo_user", stdout=open("/dev/null", "w"))

    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="demo")
    assert set(user.groups.values_list("name", flat=True)) == {SUPPORT, MANAGER}


def test_joining_the_auditors_lets_a_user_into_the_admin(client, django_user_model):
    user = django_user_model.objects.create(username="auditor")
    assert not user.is_staff

    user.groups.add(Group.objects.get(name=AUDITOR))

    user.refresh_from_db()
    assert user.is_staff
    client.force_login(user)
    assert client.get("/admin/access/auditentry/").status_code == 200
    assert client.get("/admin/auth/user/").status_code == 403


def test_other_roles_do_not_become_staff(django_user_model):
    user = django_user_model.objects.create(username="support")

    user.groups.add(Group.objects.get(name=SUPPORT))

    user.refresh_from_db()
    assert not user.is_staff
