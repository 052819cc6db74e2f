from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveriesConfig(AppConfig):
    name = "deliveries"
    # Translated (the header's "SMS deliveries" in the project catalogue): a superuser's admin
    # lists every app by this name.
    verbose_name = _("SMS deliveries")
