from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "joinedup.access"
    label = "access"

    def ready(self) -> None:
        """Refuse to start with a role declared wrongly."""
        from django.core.exceptions import ImproperlyConfigured

        from joinedup.access.roles import check_roles

        problems = check_roles()
        if problems:
            raise ImproperlyConfigured("; ".join(problems))
