from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "joinedup.chronology"
    label = "chronology"

    def ready(self) -> None:
        """Refuse to start with an event type declared wrongly."""
        from django.core.exceptions import ImproperlyConfigured

        from joinedup.chronology.registry import check_registry

        problems = check_registry()
        if problems:
            raise ImproperlyConfigured("; ".join(problems))
