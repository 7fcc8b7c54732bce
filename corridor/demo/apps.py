from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "corridor.demo"
    label = "demo"
