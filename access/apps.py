from django.apps import AppConfig


class AccessConfig(AppConfig):
    """Who may see what (roles), and who saw what (the audit trail)."""

    name = "access"
    verbose_name = "Access and audit"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the login signals)
