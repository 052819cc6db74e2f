from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatesConfig(AppConfig):
    name = "rates"
    verbose_name = _("Delivery rates")

    def ready(self) -> None:
        from core.metrics import add_scrape_collector
        from core.redaction import install_token_redaction
        from rates.metrics import DeliveryRateCollector

        install_token_redaction()
        # /metrics (core) asks it at every scrape: the delivery rates from the database.
        add_scrape_collector(DeliveryRateCollector())
