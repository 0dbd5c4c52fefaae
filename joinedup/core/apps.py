from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "joinedup.core"
    label = "core"
    verbose_name = "Organisations"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from joinedup.core.lookups import lookups_register
        from joinedup.core.timestamps import loader_install

        lookups_register()
        connection_created.connect(loader_install, dispatch_uid="joinedup.core.timestamps")
