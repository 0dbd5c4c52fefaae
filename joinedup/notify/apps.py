from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "joinedup.notify"
    label = "notify"
    verbose_name = "Email notices"
