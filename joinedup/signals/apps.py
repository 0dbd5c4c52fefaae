from django.apps import AppConfig
from django.conf import settings
from django.core.checks import Error, register


class SignalsConfig(AppConfig):
    name = "joinedup.signals"
    label = "signals"
    verbose_name = "Risk signals"

    def ready(self) -> None:
        from joinedup.chronology.hooks import on_events_recorded
        from joinedup.people.hooks import on_person_shared, on_persons_merged, on_review_decided
        from joinedup.signals.evaluation import (
            on_merge_recorded,
            on_versions_recorded,
        )
        from joinedup.signals.evaluation import (
            on_review_decided as on_review_decided_listener,
        )
        from joinedup.signals.notices import on_share_recorded
        from joinedup.signals.rules import check_rules

        on_person_shared(on_share_recorded)  # told at once, whatever the evaluation mode
        if settings.SIGNALS_EVALUATION == "inline":
            on_events_recorded(on_versions_recorded)
            on_persons_merged(on_merge_recorded)
            on_review_decided(on_review_decided_listener)

        @register()
        def rules_sound(app_configs, **kwargs):  # type: ignore[no-untyped-def]
            return [Error(problem, id="signals.E001") for problem in check_rules()]
