from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorridorsConfig(AppConfig):
    name = "corridor.corridors"
    verbose_name = _("Humanitarian corridors")
    default_auto_field = "django.db.models.BigAutoField"
