from pathlib import Path

from django.conf import settings

from joinedup.signals.docs import signals_markdown
from joinedup.signals.rules import RULES, check_rules


def test_it_keeps_docs_signals_md_generated_from_the_registry():
    written = (Path(settings.REPO_DIR) / "docs" / "signals.md").read_text()
    assert written == signals_markdown(), "run `joinedup docs-signals` and commit docs/signals.md"


def test_it_lists_every_rule_and_the_how_to_in_the_docs():
    text = signals_markdown()
    assert all(f"`{code}`" in text for code in RULES)
    assert "## Adding a rule" in text


def test_it_declares_exactly_the_ten_rules_of_the_spec():
    spec = Path(settings.REPO_DIR).parent / "shared" / "spec" / "signals-v1.md"
    codes = {
        "cp_plan_unscheduled_care",
        "non_mobile_infant_injury",
        "repeat_injury",
        "risky_adult_linked",
        "unknown_adult_in_household",
        "was_not_brought",
        "child_not_seen",
        "multi_agency_concern",
        "domestic_abuse_school_notice",
        "re_referral",
    }
    assert set(RULES) == codes
    if spec.exists():
        assert all(f"`{code}`" in spec.read_text() for code in codes)


def test_it_finds_the_registry_sound():
    assert check_rules() == []
