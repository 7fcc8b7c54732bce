from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "corridor.imports"
    verbose_name = _("List imports")
    default_auto_field = "django.db.models.BigAutoField"
