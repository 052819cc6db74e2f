from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatesConfig(AppConfig):
    name = "rates"
    verbose_name = _("Delivery rates")

    def ready(self) -> None:
        from core.redaction import install_token_redaction

        install_token_redaction()
