"""The account pages under /accounts/: Django's, with three changes.

The login page names the sandbox's demo login while the sandbox is in use (``demo``).

The password change counts wrong old passwords as failed logins (``passwords``). The
password-reset pages exist only when mail is configured (``EMAIL_HOST``,
``PASSWORD_RESET_BY_MAIL``): without it they would offer anonymous visitors a form that
cannot send its mail, so they are left out (404).
"""

from django.conf import settings
from django.contrib.auth import urls as auth_urls
from django.urls import path

from access.demo import LoginView
from access.passwords import PasswordChangeView

RESET_PAGES = {
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}

urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("password_change/", PasswordChangeView.as_view(), name="password_change"),
    *(
        pattern
        for pattern in auth_urls.urlpatterns
        if pattern.name not in ("login", "password_change")
        and (settings.PASSWORD_RESET_BY_MAIL or pattern.name not in RESET_PAGES)
    ),
]
