from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "corridor.dashboard"
    label = "dashboard"
