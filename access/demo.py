"""The sandbox's demo login, and the login page that names it while the sandbox is in use.

``manage.py demo_user`` (``make run``) creates the login in sandbox mode and takes its password
away with a real endpoint; the login page says it only while both hold (sandbox mode, and the
demo user can log in), so a real installation never advertises a public password.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views

from access.roles import home_url
from core.clients import is_sandbox

DEMO_USERNAME = "demo"
# Public on purpose (it is printed and documented): it only ever opens invented sandbox data.
DEMO_PASSWORD = "sandbox-demo"


def demo_login_open() -> bool:
    """Sandbox mode, and the demo user exists with its password: the login page may say it."""
    if not is_sandbox():
        return False
    user = get_user_model().objects.filter(username=DEMO_USERNAME, is_active=True).first()
    return user is not None and user.has_usable_password()


class LoginView(auth_views.LoginView):
    """Django's login page; in sandbox mode it names the demo login (``demo_user``). Without a
    ``next`` page, each role lands on its own first page (``access.roles.home_url``)."""

    def get_default_redirect_url(self) -> str:
        return home_url(self.request.user)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        if demo_login_open():
            context["demo_login"] = {"username": DEMO_USERNAME, "password": DEMO_PASSWORD}
        return context
