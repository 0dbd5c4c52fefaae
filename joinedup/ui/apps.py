from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "joinedup.ui"
    label = "ui"
