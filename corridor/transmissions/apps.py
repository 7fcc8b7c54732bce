from django.apps import AppConfig


class TransmissionsConfig(AppConfig):
    name = "corridor.transmissions"
    label = "transmissions"
    default_auto_field = "django.db.models.BigAutoField"
