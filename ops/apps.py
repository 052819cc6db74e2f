from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operator entry points: the management commands. Nothing imports ops."""

    name = "ops"
    verbose_name = "Operations"
