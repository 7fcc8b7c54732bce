from django.apps import AppConfig


class IdempotencyConfig(AppConfig):
    name = "corridor.idempotency"
    label = "idempotency"
    default_auto_field = "django.db.models.BigAutoField"
