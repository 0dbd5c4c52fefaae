from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "joinedup.core"
    label = "core"
    verbose_name = "Organisations"

    def ready(self) -> None:
        from django.core.exceptions import ImproperlyConfigured

        from joinedup.access.roles import check_roles
        from joinedup.chronology.registry import check_registry
        from joinedup.core.lookups import lookups_register

        lookups_register()

        problems = check_registry() + check_roles()
        if problems:
            raise ImproperlyConfigured("; ".join(problems))
