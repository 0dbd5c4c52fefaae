from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "joinedup.signals"
    label = "signals"
