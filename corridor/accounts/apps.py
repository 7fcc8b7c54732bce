from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "corridor.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from corridor.accounts import signals  # noqa: F401  (connects session tracking)
