"""``manage.py api_token``: a token for automation, printed once; and its end."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from support.users import user_with_role

from access.roles import SUPPORT
from api.models import ApiToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def robot(django_user_model):
    return user_with_role(django_user_model, "robot", SUPPORT)


def create(*options) -> str:
    out, err = StringIO(), StringIO()
    call_command("api_token", "create", *options, stdout=out, stderr=err)
    return out.getvalue().strip()


def test_create_prints_a_working_token_once(robot, upstream):
    secret = create("--user", "robot", "--name", "runbook", "--days", "7")

    token = ApiToken.objects.get()
    assert (token.user, token.name) == (robot, "runbook")
    assert (token.expires - token.created).days == 7
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    assert api.get("/api/v1/records", {"phone": "13800000999"}).status_code == 200


def test_create_without_days_never_expires_and_refuses_an_unknown_user(robot):
    create("--user", "robot", "--name", "ever")

    assert ApiToken.objects.get().expires is None
    with pytest.raises(CommandError, match="nobody"):
        create("--user", "nobody", "--name", "x")


@pytest.mark.parametrize("how", ["id", "name"])
def test_revoke_by_id_or_by_user_and_name(how, robot, upstream):
    secret = create("--user", "robot", "--name", "runbook")
    token = ApiToken.objects.get()
    which = ["--id", str(token.pk)] if how == "id" else ["--user", "robot", "--name", "runbook"]

    call_command("api_token", "revoke", *which, stdout=StringIO())

    token.refresh_from_db()
    assert token.revoked is not None
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    assert api.get("/api/v1/records", {"phone": "13800000999"}).status_code == 401


def test_revoke_of_an_unknown_token_says_so(robot):
    with pytest.raises(CommandError, match="No such token"):
        call_command("api_token", "revoke", "--id", "12345", stdout=StringIO())
