from django.apps import AppConfig


class RatesConfig(AppConfig):
    name = "rates"
    verbose_name = "Delivery rates"

    def ready(self) -> None:
        from .redaction import install_token_redaction

        install_token_redaction()
