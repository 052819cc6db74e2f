from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """Alert rules over the stored receipts and statistics, their state and their channels."""

    name = "alerts"
    verbose_name = _("Delivery alerts")
