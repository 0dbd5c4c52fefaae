from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "joinedup.core"
    label = "core"
    verbose_name = "Organisations"

    def ready(self) -> None:
        from django.core.exceptions import ImproperlyConfigured
        from django.db.backends.signals import connection_created

        from joinedup.access.roles import check_roles
        from joinedup.chronology.registry import check_registry
        from joinedup.core.lookups import lookups_register
        from joinedup.core.timestamps import loader_install

        lookups_register()
        connection_created.connect(loader_install, dispatch_uid="joinedup.core.timestamps")

        problems = check_registry() + check_roles()
        if problems:
            raise ImproperlyConfigured("; ".join(problems))
