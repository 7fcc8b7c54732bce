from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "corridor.exchange"
    verbose_name = _("Exchange lists")
    default_auto_field = "django.db.models.BigAutoField"
