"""``manage.py demo_user``: the login for trying the dashboard on the sandbox (``make run``).

In sandbox mode it creates the demo user, or resets its password, and prints
the login. With a real endpoint it creates nothing, and an existing demo user
loses its password: a publicly known login must never open real records.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from access.demo import DEMO_PASSWORD, DEMO_USERNAME
from access.roles import MANAGER, SUPPORT, ensure_roles
from core.clients import is_sandbox

READY = "Sandbox mode: log in at http://127.0.0.1:{port}/accounts/login/ as {username} / {password}"
NOT_SANDBOX = "Not in sandbox mode (DYSMS_ENDPOINT is set): no demo user is created."
DISABLED = "The demo user's password was removed: it must not open real records."


class Command(BaseCommand):
    help = "In sandbox mode, create or reset the demo user and print its login."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000", help="Port shown in the login URL.")

    def handle(self, *args, port: str, **options) -> None:
        users = get_user_model()
        if not is_sandbox():
            self.stdout.write(NOT_SANDBOX)
            user = users.objects.filter(username=DEMO_USERNAME).first()
            if user is not None and user.has_usable_password():
                user.set_unusable_password()
                user.save(update_fields=["password"])
                self.stdout.write(DISABLED)
            return
        user, _ = users.objects.get_or_create(username=DEMO_USERNAME)
        user.set_password(DEMO_PASSWORD)
        user.is_active = True
        user.save()
        ensure_roles()
        user.groups.add(*Group.objects.filter(name__in=[SUPPORT, MANAGER]))
        self.stdout.write(
            self.style.SUCCESS(
                READY.format(port=port, username=DEMO_USERNAME, password=DEMO_PASSWORD)
            )
        )
