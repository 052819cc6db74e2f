from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    """Who may see what (roles), and who saw what (the audit trail)."""

    name = "access"
    verbose_name = _("Access and audit")

    def ready(self) -> None:
        from access import signals  # noqa: F401  (connects the login signals)
