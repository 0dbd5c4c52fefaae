from pathlib import Path

from django.conf import settings

from joinedup.chronology.docs import events_markdown
from joinedup.chronology.registry import EVENT_TYPES, check_registry


def test_it_keeps_docs_events_md_generated_from_the_registry():
    written = (Path(settings.REPO_DIR) / "docs" / "events.md").read_text()
    assert written == events_markdown(), "run `joinedup docs-events` and commit docs/events.md"


def test_it_lists_every_event_type_in_the_docs():
    text = events_markdown()
    assert all(f"`{code}`" in text for code in EVENT_TYPES)


def test_it_finds_the_registry_sound():
    assert check_registry() == []
